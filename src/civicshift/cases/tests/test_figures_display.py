"""Issue 7's figures on the screens, in the API, the saved runs and the documents: expected
beside likely, every IRR and its warning, optimism bias before and after, real and nominal,
NPV at other rates, scenarios, the NPV profile and the per-line, per-year schedule.

Reference values come from outside the project: numpy-financial 1.0.0's ``npv`` on cash flows
written out by hand from the lines (triangular mean (a + b + c) / 3 and PERT mean
(a + 4b + c) / 6, Vose, *Risk Analysis*, 2008), ``numpy.roots`` for the IRRs, and the Fisher
equation written out.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from html import unescape

import numpy as np
import numpy_financial as npf
import pytest
from django.urls import reverse
from docx import Document
from rest_framework.test import APIClient

from civicshift.cases import services
from civicshift.cases.models import CaseRun
from civicshift.cases.results import run_payload
from civicshift.cases.selectors import case_figures, option_figures
from civicshift.core import formatting
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member

pytestmark = pytest.mark.django_db

RATE = 0.03  # the organization's rate in conftest
ONE_TIME, RECURRING, DURATION = 0.30, 0.10, 0.50


@pytest.fixture
def viewer(org):
    return make_member(org, Role.VIEWER, "viewer@example.org")


@pytest.fixture
def api_client_for():
    def make(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


def url(case, name, **kwargs):
    return reverse(
        f"cases:{name}",
        kwargs={"org_slug": case.organization.slug, "pk": case.initiative_id, **kwargs},
    )


def reference_flows(*, bias: bool, at: str) -> list[float]:
    """The conftest example's net cash flow, written out from its lines (periods 0..10)."""
    implementation = 250_000.0
    subscription = (90_000 + 100_000 + 130_000) / 3 if at == "expected" else 100_000.0
    staff = (120_000 + 4 * 180_000 + 220_000) / 6 if at == "expected" else 180_000.0
    delay = 0
    if bias:
        implementation *= 1 + ONE_TIME
        subscription *= 1 + RECURRING
        delay = 1  # round(1 (first benefit period) × 50 %), half up
    flows = [0.0] * 11
    flows[0] -= implementation
    for t in range(1, 11):
        flows[t] -= subscription * 1.03 ** (t - 1)
    for k, t in enumerate(range(1 + delay, 11 + delay)):
        if t <= 10:
            flows[t] += staff * (0.5 if k == 0 else 1.0)
    return flows


def add_bias(case, editor):
    return services.business_case_update(
        actor=editor,
        case=case,
        optimism_category="equipment_development",
        optimism_one_time=Decimal(str(ONE_TIME)),
        optimism_recurring=Decimal(str(RECURRING)),
        optimism_duration=Decimal(str(DURATION)),
        optimism_reason="Fixed-price contract; integration risk remains.",
        inflation=Decimal("0.02"),
        alternative_rate=Decimal("0.07"),
        alternative_rate_label="OMB A-94 real rate",
    )


def page(client, user, address) -> str:
    client.force_login(user)
    response = client.get(address)
    assert response.status_code == 200, response.content[:300]
    return response.content.decode()


def text_of(html: str, pattern: str) -> list[str]:
    """The text inside every element matched by ``pattern`` (an opening tag's regex)."""
    found = []
    for match in re.finditer(pattern + r"(.*?)</(dd|td|div|li)>", html, flags=re.S):
        found.append(" ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split()))
    return found


def money(value: float) -> str:
    return formatting.money(value)


# --- the option page -------------------------------------------------------------------------


def test_option_page_shows_expected_beside_likely_and_the_bias_before_and_after(
    client, viewer, editor, case
):
    case = add_bias(case, editor)
    option = case.options.get()
    html = page(client, viewer, url(case, "option", option=option.pk))
    expected_npv = npf.npv(RATE, reference_flows(bias=True, at="expected"))
    likely_npv = npf.npv(RATE, reference_flows(bias=True, at="likely"))
    # The case leads with the expected figures (the default): first, and labelled.
    npv_card = html[html.index('data-figure="npv"') :]
    lead = text_of(npv_card, r'<dd data-at="expected">')[0]
    other = text_of(npv_card, r'<dd class="cs-other" data-at="likely">')[0]
    assert lead == f"{money(expected_npv)} Expected (average over the ranges)"
    assert other == f"Likely amounts: {money(likely_npv)}"
    # Before and after the optimism-bias adjustment, with its source.
    table = html[html.index('data-table="optimism"') :]
    table = table[: table.index("</table>")]
    rows = text_of(table, r"<td[^>]*>")
    before = money(npf.npv(RATE, reference_flows(bias=False, at="expected")))
    assert rows[:2] == [before, money(expected_npv)]
    assert "HM Treasury, Supplementary Green Book Guidance: Optimism Bias" in html
    assert "Fixed-price contract; integration risk remains." in html
    # Real and nominal: (1 + 3 %)(1 + 2 %) − 1 = 5.06 % (Fisher).
    assert text_of(html, r'<dd data-figure="nominal-rate">') == ["5.06%"]
    assert text_of(html, r'<dd data-figure="real-rate">') == ["3.00%"]
    # NPV at other rates: ±2 points and the second rate, at both sets of amounts.
    rates = html[html.index('data-table="rates"') :]
    rates = rates[: rates.index("</table>")]
    cells = text_of(rates, r"<td[^>]*>")
    for label_rate, row in zip((0.01, 0.03, 0.05, 0.07), range(4), strict=True):
        assert cells[row * 3 : row * 3 + 3] == [
            formatting.percent(label_rate, 2),
            money(npf.npv(label_rate, reference_flows(bias=True, at="expected"))),
            money(npf.npv(label_rate, reference_flows(bias=True, at="likely"))),
        ]
    assert "OMB A-94 real rate" in rates


def test_option_page_scenarios_profile_and_schedule(client, viewer, case):
    option = case.options.get()
    html = page(client, viewer, url(case, "option", option=option.pk))
    # Best: benefits high, costs low; worst the other way round (no bias in this case).
    best = [-250_000.0] + [0.0] * 10
    worst = [-250_000.0] + [0.0] * 10
    for t in range(1, 11):
        share = 0.5 if t == 1 else 1.0
        best[t] += 220_000 * share - 90_000 * 1.03 ** (t - 1)
        worst[t] += 120_000 * share - 130_000 * 1.03 ** (t - 1)
    assert text_of(html, r'<dd data-figure="scenario-best">') == [money(npf.npv(RATE, best))]
    assert text_of(html, r'<dd data-figure="scenario-worst">') == [money(npf.npv(RATE, worst))]
    # The NPV profile: a chart with its data, a text summary and a table.
    assert 'data-chart="profile"' in html
    assert "NPV against the discount rate (NPV profile)" in html
    assert "NPV profile data" in html
    # The schedule: each line's amount in each fiscal year, FY labels, money with its sign.
    schedule = html[html.index('data-table="schedule"') :]
    schedule = schedule[: schedule.index("</table>")]
    assert '<th scope="col">FY2027</th>' in schedule and "FY2037" in schedule
    subscription = schedule[schedule.index("Subscription") :]
    cells = text_of(subscription[: subscription.index("</tr>")], r"<td[^>]*>")
    assert cells[:3] == ["—", money(100_000), money(103_000)]
    staff = schedule[schedule.index("Staff time released") :]
    cells = text_of(staff[: staff.index("</tr>")], r"<td[^>]*>")
    assert cells[:3] == ["—", money(90_000), money(180_000)]  # ramp-up 50 % in its first year


# --- several IRRs ----------------------------------------------------------------------------


@pytest.fixture
def two_irr_case(case, editor):
    """An option whose cash flow changes sign twice (a late exit cost): −100k, +230k, −132k.
    numpy.roots of −100x² + 230x − 132 (x = 1 + r) gives x = 1.2 and 1.1: IRRs 20 % and 10 %.
    At 3 % the NPV is negative, and neither IRR is below 3 %: no single IRR."""
    option = services.option_create(actor=editor, case=case, name="Pilot with exit cost")
    for name, kind, amount, year in (
        ("Pilot", "cost", "100000", 0),
        ("Savings", "benefit", "230000", 1),
        ("Exit cost", "cost", "132000", 2),
    ):
        services.line_create(
            actor=editor,
            option=option,
            name=name,
            kind=kind,
            category="other" if kind == "cost" else "cashable_savings",
            distribution="point",
            likely=Decimal(amount),
            first_period=year,
            last_period=year,
        )
    return option


def reference_irrs() -> list[float]:
    roots = np.roots([-100_000.0, 230_000.0, -132_000.0])  # in x = 1 + r
    return sorted(float(x.real) - 1 for x in roots if abs(x.imag) < 1e-12 and x.real > 0)


def test_several_irrs_warn_on_the_page_the_comparison_and_the_api(
    client, viewer, case, two_irr_case, api_client_for
):
    irrs = reference_irrs()
    assert irrs == pytest.approx([0.10, 0.20], abs=1e-12)
    figures = option_figures(case, two_irr_case)
    assert list(figures.summary.lead.irrs) == pytest.approx(irrs, abs=1e-9)
    shown = " and ".join(formatting.percent(r) for r in irrs)
    warning = (
        f"This project has several IRRs ({shown}); NPV and MIRR are the reliable measures here."
    )
    html = page(client, viewer, url(case, "option", option=two_irr_case.pk))
    assert warning in unescape(html)
    irr_card = html[html.index('data-figure="irr"') :]
    assert text_of(irr_card, r'<dd data-at="expected">')[0].startswith("no single IRR")
    assert text_of(html, r'<ul class="usa-list" data-figure="irrs">\s*<li>') == ["10.0%"]
    comparison = page(client, viewer, url(case, "detail"))
    assert "several IRRs: 10.0%, 20.0%" in unescape(comparison)
    body = api_client_for(viewer).post(
        reverse(
            "api:business-case-analyze", kwargs={"org_slug": case.organization.slug, "pk": case.pk}
        ),
        {"iterations": 100},
        format="json",
    )
    assert body.status_code == 200, body.content
    answer = next(o for o in body.json()["options"] if o["name"] == "Pilot with exit cost")
    assert answer["irrs"] == pytest.approx(irrs, abs=1e-9)
    assert answer["irr"] is None and answer["expected"]["irr"] is None
    assert answer["irr_warning"] == warning


# --- the API and the saved runs --------------------------------------------------------------


def test_api_analysis_has_the_new_figures(case, editor, viewer, api_client_for):
    case = add_bias(case, editor)
    response = api_client_for(viewer).post(
        reverse(
            "api:business-case-analyze", kwargs={"org_slug": case.organization.slug, "pk": case.pk}
        ),
        {"iterations": 100},
        format="json",
    )
    assert response.status_code == 200, response.content
    got = response.json()["options"][0]
    expected = reference_flows(bias=True, at="expected")
    assert got["expected"]["npv"] == pytest.approx(npf.npv(RATE, expected), rel=1e-9)
    assert got["npv"] == pytest.approx(npf.npv(RATE, reference_flows(bias=True, at="likely")))
    assert got["lead"] == "expected"
    assert set(got["expected"]) == {"npv", "bcr", "payback_years", "irr"}
    before = got["optimism"]["before"]["expected"]["npv"]
    assert before == pytest.approx(npf.npv(RATE, reference_flows(bias=False, at="expected")))
    assert got["optimism"]["after"]["expected"]["npv"] == got["expected"]["npv"]
    assert got["optimism"]["benefit_delay_years"] == 1
    assert got["nominal_rate"] == pytest.approx(1.03 * 1.02 - 1, rel=1e-12)  # Fisher
    assert got["real_rate"] == pytest.approx(0.03)
    assert [r["rate"] for r in got["rates"]] == pytest.approx([0.01, 0.03, 0.05, 0.07])
    assert got["rates"][3]["label"] == "OMB A-94 real rate"
    assert set(got["scenarios"]) == {"best", "base", "worst"}
    assert got["scenarios"]["best"] > got["scenarios"]["base"] > got["scenarios"]["worst"]


def test_an_old_saved_run_without_the_new_keys_still_renders(client, viewer, editor, case):
    """Runs saved before issue 7 have no expected, irrs, optimism… keys in their results."""
    figures = case_figures(case)
    inputs, results = run_payload(case, figures)
    old_keys = {
        "npv",
        "irr",
        "mirr",
        "bcr",
        "payback_years",
        "discounted_payback_years",
        "pv_costs",
        "pv_benefits",
        "tco",
        "wider_benefits_pv",
        "cash_flows",
        "tornado",
        "switching_values",
    }
    results["options"] = {
        name: {k: v for k, v in r.items() if k in old_keys}
        for name, r in results["options"].items()
    }
    for name in ("basis", "inflation", "lead", "optimism_one_time"):
        inputs.pop(name, None)
    CaseRun.objects.create(
        organization=case.organization,
        case=case,
        created_by=editor,
        label="Before issue 7",
        inputs=inputs,
        results=results,
        seed=case.seed,
        iterations=case.iterations,
        version="0.6.0",
    )
    html = page(client, viewer, url(case, "runs"))
    assert "Before issue 7" in html
    npv = next(iter(results["options"].values()))["npv"]
    assert money(npv) in html
    assert page(client, viewer, url(case, "detail"))


# --- the documents ---------------------------------------------------------------------------


def test_word_document_has_the_new_sections(client, viewer, editor, case):
    case = add_bias(case, editor)
    client.force_login(viewer)
    response = client.get(url(case, "docx"))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for title in (
        "Expected and likely figures",
        "Every internal rate of return",
        "Optimism bias",
        "Discount rate: real and nominal",
        "NPV at other discount rates",
        "Best, base and worst cases",
        "Each line by fiscal year",
    ):
        assert title in headings, title
    text = "\n".join(p.text for p in document.paragraphs)
    assert "(1 + 3.00%) × (1 + 2.00%) − 1" in text and "5.06%" in text
    assert "Why these uplifts: Fixed-price contract; integration risk remains." in text
    assert "HM Treasury, Supplementary Green Book Guidance: Optimism Bias" in text
    tables = {t.rows[0].cells[0].text: t for t in document.tables}
    at = next(
        t
        for t in document.tables
        if [c.text for c in t.rows[0].cells]
        == ["Measure", "Expected (average over the ranges)", "Likely amounts"]
    )
    assert at.rows[1].cells[1].text == money(
        npf.npv(RATE, reference_flows(bias=True, at="expected"))
    )
    assert "Scenario" in tables and "Rate" in tables and "Figure" in tables
    schedule = [t for t in document.tables if t.rows[0].cells[0].text == "Line"]
    years = [c.text for t in schedule for c in t.rows[0].cells[1:]]
    assert "FY2027" in years and "FY2037" in years and "Total" in years
    # The NPV profile chart, with its text summary as the alternative text.
    descriptions = [s._inline.docPr.get("descr") for s in document.inline_shapes]
    assert any(
        d and d.startswith("NPV at expected values against the discount rate") and "IRR" in d
        for d in descriptions
    )


def test_word_document_warns_of_several_irrs(client, viewer, case, two_irr_case):
    client.force_login(viewer)
    document = Document(io.BytesIO(client.get(url(case, "docx")).content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert (
        "This project has several IRRs (10.0% and 20.0%); NPV and MIRR are the reliable "
        "measures here." in text
    )
    comparison = next(t for t in document.tables if t.rows[0].cells[0].text == "Option")
    row = next(r for r in comparison.rows if r.cells[0].text == "Pilot with exit cost")
    assert row.cells[3].text == "no single IRR\nseveral IRRs: 10.0%, 20.0%"
