from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from civicshift.audit.models import AuditEvent
from civicshift.cases import services
from civicshift.cases.models import CaseLine, CaseRun
from civicshift.cases.selectors import case_figures, option_figures
from civicshift.core.cases import analyze
from civicshift.core.montecarlo import monte_carlo
from civicshift.initiatives.services import initiative_create

pytestmark = pytest.mark.django_db

#: The issue's example file (issue #3, item 9), verbatim.
ISSUE_YAML = """
title: Online permitting
start_year: 2027
horizon_years: 10
discount_rate: 0.03
lines:
  - name: Implementation services
    kind: cost
    amount: 250000
    years: [0]
  - name: Subscription
    kind: cost
    amount: {low: 90000, likely: 100000, high: 130000}
    from: 1
    to: 10
    escalation: 0.03
  - name: Staff time released
    kind: benefit
    amount: {low: 120000, likely: 180000, high: 220000, dist: pert}
    from: 1
    to: 10
    ramp: [0.5]
"""


def test_a_new_case_starts_from_the_organizations_policy(org, editor):
    initiative = initiative_create(actor=editor, organization=org, title="GIS")
    case = services.business_case_create(actor=editor, initiative=initiative)
    assert case.discount_rate == Decimal("0.0300")
    assert case.options.count() == 1
    assert AuditEvent.objects.filter(content_type__model="businesscase").count() == 1
    with pytest.raises(ValidationError):
        services.business_case_create(actor=editor, initiative=initiative)


def test_page_figures_equal_the_case_file_figures(case, tmp_path):
    """Issue #3: the browser shows the same figures as the CLI for the same case file."""
    from civicshift.formats.cases.file import read_case

    path = tmp_path / "permitting.yaml"
    path.write_text(ISSUE_YAML)
    from_file = analyze(read_case(path))
    figures = case_figures(case)[0]
    page = figures.analysis
    for name in (
        "npv",
        "irr",
        "mirr",
        "bcr",
        "payback_years",
        "discounted_payback_years",
        "pv_costs",
        "pv_benefits",
        "tco",
    ):
        assert getattr(page, name) == pytest.approx(getattr(from_file, name), rel=1e-12), name
    assert list(page.net) == pytest.approx(list(from_file.net), rel=1e-12)


def test_the_simulation_on_the_page_is_the_seeded_core_simulation(case, tmp_path):
    from civicshift.formats.cases.file import read_case

    path = tmp_path / "permitting.yaml"
    path.write_text(ISSUE_YAML)
    figures = option_figures(case, case.options.get(), simulate=True)
    core = monte_carlo(read_case(path), iterations=case.iterations, seed=case.seed)
    assert figures.simulation.percentiles == core.percentiles
    assert figures.simulation.prob_npv_positive == core.prob_npv_positive


def test_option_page_shows_the_figures_and_explains_them(client, case, editor):
    client.force_login(editor)
    option = case.options.get()
    url = reverse("cases:option", args=[case.organization.slug, case.initiative_id, option.pk])
    html = client.get(url).content.decode()
    npv = case_figures(case)[0].analysis.npv
    assert f"${npv:,.0f}" in html
    assert "Savings minus costs, later years counted for less" in html
    assert "FY2027" in html and "FY2037" in html
    sim = client.get(
        reverse("cases:simulate", args=[case.organization.slug, case.initiative_id, option.pk])
    )
    assert "Chance the NPV is above zero" in sim.content.decode()


def test_line_errors_name_the_field_keep_the_input_and_save_nothing(client, case, editor):
    client.force_login(editor)
    option = case.options.get()
    url = reverse("cases:line_create", args=[case.organization.slug, case.initiative_id, option.pk])
    before = CaseLine.objects.count()
    response = client.post(
        url,
        {
            "name": "Hardware",
            "kind": "cost",
            "category": "staff_time",
            "distribution": "triangular",
            "low": "9000",
            "likely": "5000",
            "high": "4000",
            "first_period": "0",
            "last_period": "12",
            "escalation": "0",
            "ramp": "2",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Low (9,000.00) is greater than likely (5,000.00)." in errors["low"]
    assert "Likely (5,000.00) is greater than high (4,000.00)." in errors["high"]
    assert "use a year from 0 to 10" in errors["last_period"][0]
    assert "choose a cost category" in errors["category"][0]
    assert "between 0 and 1" in errors["ramp"][0]
    assert 'value="9000"' in response.content.decode()
    assert CaseLine.objects.count() == before


def test_live_preview_recalculates_without_saving(client, case, editor):
    client.force_login(editor)
    option = case.options.get()
    url = reverse(
        "cases:line_preview", args=[case.organization.slug, case.initiative_id, option.pk]
    )
    staff = option.lines.get(name="Staff time released")
    data = {
        "line_pk": staff.pk,
        "name": staff.name,
        "kind": "benefit",
        "category": "staff_time",
        "distribution": "point",
        "likely": "0",
        "first_period": "1",
        "last_period": "10",
        "escalation": "0",
        "ramp": "",
    }
    html = client.post(url, data, HTTP_HX_REQUEST="true").content.decode()
    assert "not defined" in html  # no benefits left: all costs, IRR not defined
    assert "Figures with your changes (not saved yet)" in html
    staff.refresh_from_db()
    assert staff.likely == Decimal("180000.00")


def test_horizon_cannot_cut_off_existing_lines(case, editor):
    with pytest.raises(ValidationError) as exc:
        services.business_case_update(actor=editor, case=case, horizon_years=5)
    assert "Subscription" in exc.value.message_dict["horizon_years"][0]


def test_a_saved_analysis_reproduces_from_its_inputs(client, case, editor):
    client.force_login(editor)
    client.post(
        reverse("cases:run_save", args=[case.organization.slug, case.initiative_id]),
        {"label": "Council packet"},
    )
    run = CaseRun.objects.get()
    assert (run.label, run.seed, run.iterations) == ("Council packet", case.seed, case.iterations)
    lines = run.inputs["options"][0]["lines"]
    assert [line["name"] for line in lines] == [
        "Implementation services",
        "Subscription",
        "Staff time released",
    ]
    again = option_figures(case, case.options.get(), simulate=True)
    saved = run.results["options"]["Proposed solution"]
    assert saved["npv"] == pytest.approx(again.analysis.npv)
    assert saved["monte_carlo"]["npv"]["p50"] == pytest.approx(again.simulation.percentiles[50])


def test_resident_time_is_kept_out_of_the_npv_unless_chosen(client, case, editor):
    client.force_login(editor)
    option = case.options.get()
    url = reverse("cases:line_create", args=[case.organization.slug, case.initiative_id, option.pk])
    base = {
        "kind": "benefit",
        "category": "resident_time",
        "distribution": "point",
        "likely": "30000",
        "multiplier": "25",
        "first_period": "1",
        "last_period": "10",
        "escalation": "0",
        "ramp": "",
    }
    assert (
        client.post(url, {**base, "name": "Trips to City Hall", "counting": "auto"}).status_code
        == 302
    )
    assert (
        client.post(url, {**base, "name": "Time in queues", "counting": "npv"}).status_code == 302
    )
    lines = {ln.name: ln.in_npv for ln in option.lines.all()}
    assert lines["Trips to City Hall"] is False and lines["Time in queues"] is True
    analysis = case_figures(case)[0].analysis
    # 30,000 hours × $25 a year, years 1–10 at 3%: beside the NPV, the other line inside it.
    assert analysis.wider_benefits_pv == pytest.approx(sum(750_000 / 1.03**t for t in range(1, 11)))


@pytest.mark.parametrize(
    ("text", "shares"),
    [
        ("0.5, 0.8", (0.5, 0.8)),
        ("50%, 80%", (0.5, 0.8)),
        ("1%, 50%", (0.01, 0.5)),
        ("0.5%", (0.005,)),
        ("", ()),
    ],
)
def test_ramp_accepts_shares_or_percentages(text, shares):
    from civicshift.cases.models import CaseLine

    assert CaseLine(ramp=text).ramp_shares() == pytest.approx(shares)


def test_resident_time_defaults_outside_the_npv_on_every_path(case, editor, tmp_path):
    """The web form, the services (API, upload) and the case file all apply one rule."""
    from civicshift.formats.cases.file import read_case

    option = case.options.get()
    line = services.line_create(
        actor=editor,
        option=option,
        name="Queues",
        kind="benefit",
        category="resident_time",
        likely=Decimal(1000),
        first_period=1,
        last_period=2,
    )
    assert line.in_npv is False
    path = tmp_path / "c.yaml"
    path.write_text(
        ISSUE_YAML
        + """  - name: Queues
    kind: benefit
    category: resident_time
    amount: 1000
    from: 1
    to: 2
"""
    )
    assert read_case(path).lines[-1].in_npv is False


def test_a_saved_analysis_reproduces_after_the_lines_change(client, case, editor):
    """Issue #3 item 10: the figures a council saw come back from the saved inputs, seed and
    version alone, even after someone edits the case."""
    import json

    from civicshift.cases.results import reproduce_run

    client.force_login(editor)
    client.post(
        reverse("cases:run_save", args=[case.organization.slug, case.initiative_id]),
        {"label": "Council packet"},
    )
    run = CaseRun.objects.get()
    subscription = case.options.get().lines.get(name="Subscription")
    services.line_update(actor=editor, line=subscription, likely=Decimal("125000"))
    assert case_figures(case)[0].analysis.npv != run.results["options"]["Proposed solution"]["npv"]
    again = json.loads(json.dumps(reproduce_run(run)))
    assert again == run.results


def test_deleting_the_recommended_option_or_the_case_leaves_a_trace(case, editor):
    option = case.options.get()
    services.business_case_update(actor=editor, case=case, recommended_option=option)
    extra = services.option_create(actor=editor, case=case, name="Phased")
    services.line_create(
        actor=editor,
        option=extra,
        name="Hosting",
        kind="cost",
        category="hosting",
        likely=Decimal(100),
        first_period=0,
        last_period=1,
    )
    services.business_case_update(
        actor=editor,
        case=case,
        recommended_option=extra,
        recommendation_reason="Phasing spreads the risk.",
    )
    services.option_delete(actor=editor, option=extra)
    case.refresh_from_db()
    assert case.recommended_option is None
    cleared = AuditEvent.objects.filter(content_type__model="businesscase", action="update").latest(
        "id"
    )
    assert cleared.changes["recommended_option"] == ["Phased", None]
    before = AuditEvent.objects.filter(action="delete").count()
    services.business_case_delete(actor=editor, case=case)
    deleted = AuditEvent.objects.filter(action="delete").count() - before
    assert deleted == 1 + 1 + 3  # the case, its option, its three lines


def test_the_option_page_shows_hours_and_rate_for_staff_time(client, case, editor):
    option = case.options.get()
    services.line_create(
        actor=editor,
        option=option,
        name="Clerk hours",
        kind="benefit",
        category="staff_time",
        likely=Decimal(2200),
        multiplier=Decimal(56),
        first_period=1,
        last_period=3,
    )
    client.force_login(editor)
    html = client.get(
        reverse("cases:option", args=[case.organization.slug, case.initiative_id, option.pk])
    ).content
    assert "2,200 hours × $56 an hour" in html.decode()


def test_operating_budget_impact_counts_recurring_costs_and_cashable_savings(case, editor):
    """Per year: recurring costs − cashable savings; one-time costs and staff time excluded.
    The issue's case has only a subscription (recurring, 3% a year) besides one-time and staff
    time lines, so year 1 is 100,000 and year 2 is 103,000; a yearly 'Other' cost counts too."""
    from civicshift.cases.results import operating_budget_impact

    option = case.options.get()
    services.line_create(
        actor=editor,
        option=option,
        name="Paper saved",
        kind="benefit",
        category="cashable_savings",
        likely=Decimal(20000),
        first_period=1,
        last_period=10,
    )
    services.line_create(
        actor=editor,
        option=option,
        name="Card fees",
        kind="cost",
        category="other",
        likely=Decimal(5000),
        first_period=1,
        last_period=10,
    )
    figures = case_figures(case)[0]
    impact = operating_budget_impact(figures)
    assert impact[0] == 0  # implementation services: one-time, capital budget
    assert impact[1] == pytest.approx(100_000 + 5_000 - 20_000)
    assert impact[2] == pytest.approx(103_000 + 5_000 - 20_000)
    # It reuses the profile matrix summarize made; without a summary it makes its own, and
    # the figures are the same to the last bit.
    assert figures.summary.matrix is not None
    figures.summary = None
    assert operating_budget_impact(figures).tolist() == impact.tolist()
