"""The funding mix pages: the table per fiscal year against the business case's costs (the
portfolio roll-up's figures), adding, editing and deleting a source (editor), read-only for a
viewer, bad input refused with the field named, and the financing calculator."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from civicshift.audit.models import AuditEvent
from civicshift.cases.portfolio import organization_portfolio
from civicshift.funding.models import FundingMixLine
from civicshift.funding.services_mix import mix_line_create
from civicshift.initiatives.services import initiative_create
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org
from civicshift.testing.forms import form_values

from .mix_factories import make_costed_initiative

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def world():
    org = make_org("maple")
    editor = make_member(org, Role.EDITOR)
    viewer = make_member(org, Role.VIEWER)
    initiative = make_costed_initiative(org, editor)
    bare = initiative_create(actor=editor, organization=org, title="Radio upgrade")
    return {
        "org": org,
        "editor": editor,
        "viewer": viewer,
        "initiative": initiative,
        "bare": bare,
    }


def url(w, name="mix", initiative=None, **kw):
    initiative = initiative or w["initiative"]
    return reverse(f"funding:{name}", kwargs={"org_slug": "maple", "pk": initiative.pk, **kw})


def rows(response) -> dict[str, list]:
    return {r["key"]: r["values"] for r in response.context["table"]["rows"]}


def test_costs_per_year_are_the_portfolio_roll_ups_and_the_gap_follows_the_sources(world, client):
    w = world
    mix_line_create(
        actor=w["editor"],
        initiative=w["initiative"],
        fiscal_year=2027,
        kind="grant",
        name="State cyber grant",
        amount=D("150000"),
        status="committed",
    )
    mix_line_create(
        actor=w["editor"],
        initiative=w["initiative"],
        fiscal_year=2028,
        kind="operating_budget",
        name="IT budget",
        amount=D("60000"),
        status="planned",
    )
    client.force_login(w["viewer"])
    response = client.get(url(w))
    assert response.status_code == 200
    figures = rows(response)
    # The roll-up's own figures for this initiative, year by year (one-time + recurring).
    entry = next(
        e for e in organization_portfolio(w["org"]).rollup.entries if e.key == w["initiative"].pk
    )
    budget = entry.figures
    expected = [
        D(str(round(float(a) + float(b), 2)))
        for a, b in zip(budget.one_time_costs, budget.recurring_costs, strict=True)
    ]
    assert figures["cost"] == expected == [D("200000"), D("50000"), D("50000"), D("50000")]
    assert figures["funded"] == [D("150000"), D("60000"), 0, 0]
    assert figures["gap"] == [D("50000"), D("-10000"), D("50000"), D("50000")]
    assert figures["status-committed"] == [D("150000"), 0, 0, 0]
    assert figures["uncommitted"] == [D("50000"), D("50000"), D("50000"), D("50000")]
    assert "kind-grant" in figures and "kind-lease" not in figures
    page = response.content.decode()
    assert "data-mix-chart=" in page and 'data-row="gap"' in page
    assert "3 fiscal years are short" in page  # the chart's one-sentence summary
    # A viewer reads but gets no form and no edit links.
    assert 'name="amount"' not in page
    assert url(w, "mix_line_create") not in page


def test_an_editor_adds_a_source_without_javascript(world, client):
    w = world
    client.force_login(w["editor"])
    page = client.get(url(w)).content.decode()
    data = form_values(page, containing="amount")
    data.update(
        fiscal_year=["2028"],
        kind=["capital_budget"],
        name=["CIP 27-04"],
        amount=["20000"],
        status=["requested"],
    )
    response = client.post(url(w, "mix_line_create"), data)
    assert response.status_code == 302
    line = FundingMixLine.objects.for_org(w["org"]).get()
    assert (line.fiscal_year, line.kind, line.amount, line.status) == (
        2028,
        "capital_budget",
        D("20000.00"),
        "requested",
    )
    assert AuditEvent.objects.for_org(w["org"]).filter(action="create").exists()
    after = client.get(response["Location"])
    assert rows(after)["gap"][1] == D("30000")
    assert "Added “CIP 27-04”" in after.content.decode()


def test_with_htmx_the_answer_is_the_mix_again_with_the_new_gap(world, client):
    w = world
    client.force_login(w["editor"])
    response = client.post(
        url(w, "mix_line_create"),
        {
            "fiscal_year": "2027",
            "kind": "grant",
            "name": "Award",
            "amount": "200000",
            "status": "committed",
        },
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="funding-mix",
    )
    assert response.status_code == 200
    assert rows(response)["gap"][0] == 0
    assert 'id="funding-mix"' in response.content.decode()
    assert "Added “Award”" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("amount", "-100", "greater than or equal to 0.01"),
        ("amount", "0", "greater than or equal to 0.01"),
        ("fiscal_year", "2040", "outside the business case's years, FY2027 to FY2030"),
        ("kind", "lottery", "not one of the available choices"),
    ],
)
def test_bad_input_is_refused_beside_the_field_and_nothing_saved(
    world, client, field, value, words
):
    w = world
    client.force_login(w["editor"])
    data = {
        "fiscal_year": "2027",
        "kind": "grant",
        "name": "Award",
        "amount": "1000",
        "status": "planned",
    }
    data[field] = value
    for htmx in (False, True):
        extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = client.post(url(w, "mix_line_create"), data, **extra)
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert field in errors, errors
        assert words in " ".join(errors[field]).replace("’", "'")
    assert not FundingMixLine.objects.for_org(w["org"]).exists()


def test_edit_and_delete_a_source(world, client):
    w = world
    line = mix_line_create(
        actor=w["editor"],
        initiative=w["initiative"],
        fiscal_year=2029,
        kind="lease",
        name="Lease",
        amount=D("10000"),
    )
    client.force_login(w["editor"])
    edit = url(w, "mix_line_edit", line=line.pk)
    data = form_values(client.get(edit).content.decode(), containing="amount")
    data["amount"] = ["12500"]
    assert client.post(edit, data).status_code == 302
    line.refresh_from_db()
    assert line.amount == D("12500.00") and line.version == 2
    delete = url(w, "mix_line_delete", line=line.pk)
    assert client.get(delete).status_code == 200
    assert client.post(delete).status_code == 302
    assert not FundingMixLine.objects.for_org(w["org"]).exists()
    assert AuditEvent.objects.for_org(w["org"]).filter(action="delete").count() == 1


def test_a_viewer_cannot_add_edit_or_delete(world, client):
    w = world
    line = mix_line_create(
        actor=w["editor"],
        initiative=w["initiative"],
        fiscal_year=2029,
        kind="lease",
        name="Lease",
        amount=D("10000"),
    )
    client.force_login(w["viewer"])
    add = {"fiscal_year": "2027", "kind": "grant", "name": "x", "amount": "1", "status": "planned"}
    assert client.post(url(w, "mix_line_create"), add).status_code == 403
    assert client.get(url(w, "mix_line_edit", line=line.pk)).status_code == 403
    assert client.post(url(w, "mix_line_delete", line=line.pk)).status_code == 403
    assert FundingMixLine.objects.for_org(w["org"]).count() == 1


def test_without_a_business_case_the_page_says_so_and_links_to_it(world, client):
    w = world
    client.force_login(w["editor"])
    response = client.get(url(w, initiative=w["bare"]))
    page = response.content.decode()
    assert "This initiative has no business case yet" in page
    assert reverse("cases:detail", args=["maple", w["bare"].pk]) in page
    # Sources can still be recorded, for any plausible year.
    mix_line_create(
        actor=w["editor"],
        initiative=w["bare"],
        fiscal_year=2031,
        kind="grant",
        name="Award",
        amount=D("5"),
    )
    figures = rows(client.get(url(w, initiative=w["bare"])))
    assert figures["funded"] == [D("5")] and "gap" not in figures


def test_the_funding_tab_links_to_the_mix(world, client):
    client.force_login(world["viewer"])
    page = client.get(url(world, "initiative_funding")).content.decode()
    assert url(world) in page


CALC = {"kind": "loan", "amount": "5000", "rate_percent": "9", "years": "5"}


def test_calculator_shows_the_textbook_loan(world, client):
    # Ross, Westerfield & Jordan, Fundamentals of Corporate Finance, "Amortized loans": $5,000
    # at 9 % over 5 years, annual payments of $1,285.46 and $1,427.31 of interest in all.
    client.force_login(world["viewer"])
    response = client.get(url(world, "mix_calculator"), {**CALC, "payments_per_year": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "$1,285.46" in page and "$1,427.31" in page
    assert "Add these payments" not in page  # a viewer computes, never writes


def test_calculator_bond_with_issuance_costs(world, client):
    # Level debt service on par $1,020,000 (2 % costs on $1,000,000) at 4 % for 20 years:
    # numpy-financial's pmt(0.04, 20, 1_020_000) = -75,053.39.
    client.force_login(world["viewer"])
    response = client.get(
        url(world, "mix_calculator"),
        {
            "kind": "bond",
            "amount": "1000000",
            "rate_percent": "4",
            "years": "20",
            "payments_per_year": "12",
            "issuance_cost_percent": "2",
        },
    )
    page = response.content.decode()
    assert "$75,053.39" in page and "$1,020,000.00" in page


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"rate_percent": "150"}, "rate_percent", "at most 100 %"),
        ({"years": "400"}, "years", "at most 50 years"),
        ({"amount": "-5"}, "amount", "more than zero"),
    ],
)
def test_calculator_names_the_field_of_an_absurd_input(world, client, change, field, words):
    client.force_login(world["viewer"])
    response = client.get(
        url(world, "mix_calculator"), {**CALC, "payments_per_year": "12", **change}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert words in " ".join(errors[field])


def test_calculator_adds_the_payments_per_fiscal_year(world, client):
    w = world
    client.force_login(w["editor"])
    data = {
        "kind": "lease",
        "amount": "100000",
        "rate_percent": "5",
        "years": "3",
        "payments_per_year": "12",
        "in_advance": "on",
        "add-first_fiscal_year": "2028",
        "add-kind": "lease",
        "add-name": "Equipment lease",
        "add-status": "planned",
    }
    page = client.get(url(w, "mix_calculator"), data).content.decode()
    assert "Add these payments to the funding mix" in page
    response = client.post(url(w, "mix_calculator_add"), data)
    assert response.status_code == 302
    lines = list(FundingMixLine.objects.for_org(w["org"]).order_by("fiscal_year"))
    assert [ln.fiscal_year for ln in lines] == [2028, 2029, 2030]
    # 12 payments a year of -PMT(5%/12, 36, 100000, 0, 1) (numpy-financial:
    # pmt(0.05/12, 36, 100000, when="begin") = -2,984.6537; × 12 = 35,815.84).
    assert all(ln.amount == D("35815.84") for ln in lines)
    assert all(ln.kind == "lease" and ln.status == "planned" for ln in lines)
    # A term running past the case: refused, nothing added.
    data["add-first_fiscal_year"] = "2029"
    response = client.post(url(w, "mix_calculator_add"), data)
    assert response.status_code == 200
    assert "past the business case's last year" in " ".join(
        response.context["add_form"].errors["first_fiscal_year"]
    )
    assert FundingMixLine.objects.for_org(w["org"]).count() == 3
