"""Business cases over the API: cases, options and lines through the services, validation errors
naming the field, the analysis (the same figures as the screens for the same seed) and saved
analyses that can be reproduced from their inputs, seed and version."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

import civicshift
from civicshift.audit.models import Action, AuditEvent
from civicshift.cases import services
from civicshift.cases.models import BusinessCase, CaseLine, CaseRun, Option
from civicshift.cases.results import analysis_dict
from civicshift.cases.selectors import option_figures
from civicshift.initiatives.services import initiative_create
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member

pytestmark = pytest.mark.django_db

#: The issue's example case (issue #3, item 9) as API lines.
ISSUE_LINES = [
    {
        "name": "Implementation services",
        "kind": "cost",
        "category": "implementation",
        "likely": "250000",
        "first_period": 0,
        "last_period": 0,
    },
    {
        "name": "Subscription",
        "kind": "cost",
        "category": "subscription",
        "distribution": "triangular",
        "low": "90000",
        "likely": "100000",
        "high": "130000",
        "first_period": 1,
        "last_period": 10,
        "escalation": "0.03",
    },
    {
        "name": "Staff time released",
        "kind": "benefit",
        "category": "staff_time",
        "distribution": "pert",
        "low": "120000",
        "likely": "180000",
        "high": "220000",
        "first_period": 1,
        "last_period": 10,
        "ramp": "0.5",
    },
]


def url(name: str, org, **kwargs) -> str:
    return reverse(f"api:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture
def editor(users):
    return users[Role.EDITOR]


@pytest.fixture
def initiative(org, editor):
    return initiative_create(actor=editor, organization=org, title="Online permitting")


@pytest.fixture
def case(org, editor, initiative):
    """The issue's example in the case's first option, and a second, smaller option."""
    case = services.business_case_create(
        actor=editor, initiative=initiative, start_year=2027, horizon_years=10
    )
    saas = case.options.get()
    services.option_update(actor=editor, option=saas, name="SaaS product")
    for line in ISSUE_LINES:
        services.line_create(actor=editor, option=saas, **line)
    on_prem = services.option_create(actor=editor, case=case, name="On-premises product")
    services.line_create(
        actor=editor,
        option=on_prem,
        name="Servers",
        kind="cost",
        category="hardware",
        distribution="triangular",
        low=Decimal("60000"),
        likely=Decimal("80000"),
        high=Decimal("120000"),
    )
    services.line_create(
        actor=editor,
        option=on_prem,
        name="Legacy maintenance retired",
        kind="benefit",
        category="cashable_savings",
        likely=Decimal("30000"),
        first_period=1,
        last_period=10,
    )
    return BusinessCase.objects.get(pk=case.pk)


def _audit(org, obj, action=Action.CREATE):
    return AuditEvent.objects.for_org(org).filter(action=action, object_pk=str(obj.pk))


# Business cases ------------------------------------------------------------------------------


def test_start_a_case_with_the_organizations_defaults(org, editor_api, initiative):
    response = editor_api.post(
        url("business-case-list", org), {"initiative": initiative.pk}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["initiative"] == initiative.pk
    assert body["initiative_title"] == "Online permitting"
    assert Decimal(body["discount_rate"]) == org.discount_rate
    assert body["horizon_years"] == 10 and body["iterations"] == 10_000
    assert [o["name"] for o in body["options"]] == ["Proposed solution"]
    assert body["recommended_option"] is None
    case = BusinessCase.objects.for_org(org).get(pk=body["id"])
    assert _audit(org, case).exists()


def test_start_a_case_with_settings_and_narrative(org, editor_api, initiative):
    response = editor_api.post(
        url("business-case-list", org),
        {
            "initiative": initiative.pk,
            "start_year": 2028,
            "horizon_years": 7,
            "discount_rate": "0.025",
            "seed": 99,
            "strategic_case": "Permits take 23 days.",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    case = BusinessCase.objects.for_org(org).get()
    assert (case.start_year, case.horizon_years, case.seed) == (2028, 7, 99)
    assert case.discount_rate == Decimal("0.025")
    assert case.strategic_case == "Permits take 23 days."


def test_one_case_per_initiative_and_only_this_organizations_initiatives(
    org, other_org, editor_api, case, initiative
):
    response = editor_api.post(
        url("business-case-list", org), {"initiative": initiative.pk}, format="json"
    )
    assert response.status_code == 400
    assert "already has a business case" in response.json()["initiative"][0]

    theirs = initiative_create(actor=None, organization=other_org, title="Their project")
    response = editor_api.post(
        url("business-case-list", org), {"initiative": theirs.pk}, format="json"
    )
    assert response.status_code == 400
    assert "no initiative with the id" in response.json()["initiative"][0]
    assert not BusinessCase.objects.filter(initiative=theirs).exists()


def test_settings_errors_name_the_field_and_save_nothing(org, editor_api, case):
    detail = url("business-case-detail", org, pk=case.pk)
    for data, field in [
        ({"horizon_years": 5}, "horizon_years"),  # lines run to year 10
        ({"payback_target_years": 12}, "payback_target_years"),  # longer than the horizon
        ({"discount_rate": "-1"}, "discount_rate"),
        ({"iterations": 50}, "iterations"),
        ({"start_year": 1800}, "start_year"),
    ]:
        response = editor_api.patch(detail, data, format="json")
        assert response.status_code == 400, (data, response.content)
        assert field in response.json(), (data, response.json())
    case.refresh_from_db()
    assert (case.horizon_years, case.payback_target_years, case.iterations) == (10, 5, 10_000)


def test_list_read_change_and_recommend(org, editor_api, viewer_api, case):
    listing = viewer_api.get(url("business-case-list", org)).json()
    assert listing["count"] == 1
    assert listing["results"][0]["id"] == case.pk
    only = viewer_api.get(url("business-case-list", org), {"initiative": case.initiative_id})
    assert only.json()["count"] == 1
    none = viewer_api.get(url("business-case-list", org), {"initiative": case.initiative_id + 99})
    assert none.json()["count"] == 0
    assert viewer_api.get(url("business-case-list", org), {"initiative": "x"}).status_code == 400

    saas = case.options.get(name="SaaS product")
    response = editor_api.patch(
        url("business-case-detail", org, pk=case.pk),
        {
            "recommended_option": saas.pk,
            "economic_case": "The SaaS option needs no server room.",
            # SaaS does not have the best expected NPV, so the reason is required (issue 7).
            "recommendation_reason": "No server room to build.",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["recommended_option"] == saas.pk
    case.refresh_from_db()
    assert case.recommended_option == saas
    assert case.economic_case == "The SaaS option needs no server room."
    assert _audit(org, case, Action.UPDATE).exists()

    body = viewer_api.get(url("business-case-detail", org, pk=case.pk)).json()
    assert [o["name"] for o in body["options"]] == ["SaaS product", "On-premises product"]


def test_recommended_option_must_be_one_of_the_cases_options(org, editor, editor_api, case):
    other_initiative = initiative_create(actor=editor, organization=org, title="311")
    other_case = services.business_case_create(actor=editor, initiative=other_initiative)
    foreign = other_case.options.get()
    response = editor_api.patch(
        url("business-case-detail", org, pk=case.pk),
        {"recommended_option": foreign.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "recommended_option" in response.json()
    case.refresh_from_db()
    assert case.recommended_option is None


def test_the_initiative_of_a_case_does_not_change(org, editor, editor_api, case):
    other = initiative_create(actor=editor, organization=org, title="GIS")
    response = editor_api.patch(
        url("business-case-detail", org, pk=case.pk), {"initiative": other.pk}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["initiative"] == case.initiative_id


def test_delete_a_case(org, editor_api, viewer_api, case):
    detail = url("business-case-detail", org, pk=case.pk)
    assert viewer_api.delete(detail).status_code == 403
    assert editor_api.delete(detail).status_code == 204
    assert not BusinessCase.objects.filter(pk=case.pk).exists()
    assert not Option.objects.filter(case_id=case.pk).exists()
    assert AuditEvent.objects.for_org(org).filter(action=Action.DELETE).exists()


def test_another_organizations_case_is_404(org, other_org, editor_api):
    stranger = make_member(other_org, Role.ADMIN)
    theirs = initiative_create(actor=stranger, organization=other_org, title="Theirs")
    their_case = services.business_case_create(actor=stranger, initiative=theirs)
    their_option = their_case.options.get()
    for address in [
        url("business-case-detail", org, pk=their_case.pk),
        url("business-case-runs", org, pk=their_case.pk),
        url("case-option-list", org, case_pk=their_case.pk),
        url("case-option-detail", org, case_pk=their_case.pk, pk=their_option.pk),
        url("case-line-list", org, case_pk=their_case.pk, option_pk=their_option.pk),
    ]:
        assert editor_api.get(address).status_code == 404, address
    analyze = url("business-case-analyze", org, pk=their_case.pk)
    assert editor_api.post(analyze, {}, format="json").status_code == 404


# Options -------------------------------------------------------------------------------------


def test_options_crud(org, editor_api, viewer_api, case):
    options = url("case-option-list", org, case_pk=case.pk)
    listing = viewer_api.get(options).json()
    assert [o["name"] for o in listing["results"]] == ["SaaS product", "On-premises product"]
    assert listing["results"][0]["line_count"] == 3

    response = editor_api.post(
        options, {"name": "Phased rollout", "description": "Building first."}, format="json"
    )
    assert response.status_code == 201, response.content
    phased = Option.objects.for_org(org).get(pk=response.json()["id"])
    assert phased.case == case and phased.position == 3
    assert _audit(org, phased).exists()

    detail = url("case-option-detail", org, case_pk=case.pk, pk=phased.pk)
    response = editor_api.put(detail, {"name": "Phased rollout (2 years)"}, format="json")
    assert response.status_code == 200, response.content
    response = editor_api.patch(detail, {"description": "Building, then planning."}, format="json")
    assert response.json()["name"] == "Phased rollout (2 years)"
    assert response.json()["description"] == "Building, then planning."

    response = editor_api.post(options, {"name": "saas PRODUCT"}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()
    assert editor_api.post(options, {}, format="json").json().keys() == {"name"}

    assert viewer_api.delete(detail).status_code == 403
    assert editor_api.delete(detail).status_code == 204
    assert not Option.objects.filter(pk=phased.pk).exists()


def test_option_of_another_case_is_404(org, editor, editor_api, case):
    other_initiative = initiative_create(actor=editor, organization=org, title="311")
    other_case = services.business_case_create(actor=editor, initiative=other_initiative)
    foreign = other_case.options.get()
    address = url("case-option-detail", org, case_pk=case.pk, pk=foreign.pk)
    assert editor_api.get(address).status_code == 404
    assert editor_api.patch(address, {"name": "Hijack"}, format="json").status_code == 404
    lines = url("case-line-list", org, case_pk=case.pk, option_pk=foreign.pk)
    assert editor_api.post(lines, ISSUE_LINES[0], format="json").status_code == 404
    assert not CaseLine.objects.filter(option=foreign).exists()


# Lines ---------------------------------------------------------------------------------------


def test_lines_crud(org, editor_api, viewer_api, case):
    option = case.options.get(name="On-premises product")
    lines = url("case-line-list", org, case_pk=case.pk, option_pk=option.pk)
    response = editor_api.post(
        lines,
        {
            "name": "Staff time released",
            "kind": "benefit",
            "category": "staff_time",
            "distribution": "pert",
            "low": "900",
            "likely": "1200",
            "high": "1500",
            "multiplier": "52.50",
            "first_period": 1,
            "last_period": 10,
            "ramp": "0.5, 0.8",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["option"] == option.pk
    assert body["multiplier"] == "52.5000" and body["ramp"] == "0.5, 0.8"
    line = CaseLine.objects.for_org(org).get(pk=body["id"])
    assert _audit(org, line).exists()

    listing = viewer_api.get(lines).json()
    assert [x["name"] for x in listing["results"]] == [
        "Servers",
        "Legacy maintenance retired",
        "Staff time released",
    ]

    detail = url("case-line-detail", org, case_pk=case.pk, option_pk=option.pk, pk=line.pk)
    response = editor_api.patch(detail, {"high": "1600"}, format="json")
    assert response.status_code == 200, response.content
    line.refresh_from_db()
    assert line.high == Decimal("1600")
    assert _audit(org, line, Action.UPDATE).exists()

    # A single figure with the range still filled in is refused (the range is never dropped
    # silently); clearing low and high makes it a single figure.
    response = editor_api.patch(detail, {"distribution": "point"}, format="json")
    assert response.status_code == 400
    assert "single figure cannot have a low" in response.json()["low"][0]
    line.refresh_from_db()
    assert line.distribution == "pert" and line.low == Decimal("900")
    response = editor_api.patch(
        detail, {"distribution": "point", "low": None, "high": None}, format="json"
    )
    assert response.json()["low"] is None and response.json()["high"] is None

    assert viewer_api.patch(detail, {"high": "1"}, format="json").status_code == 403
    assert editor_api.delete(detail).status_code == 204
    assert not CaseLine.objects.filter(pk=line.pk).exists()


BAD_LINES = [
    ({"distribution": "triangular", "low": "130", "likely": "100", "high": "150"}, "low"),
    ({"distribution": "pert", "low": "50", "likely": "100", "high": "90"}, "high"),
    ({"distribution": "triangular", "low": "50", "likely": "100"}, "high"),
    # No distribution with low and high: a triangular range, so low > likely is refused.
    ({"low": "130", "likely": "100", "high": "150"}, "low"),
    # "Single figure" with a range filled in: refused rather than dropped silently.
    ({"distribution": "point", "low": "90", "likely": "100", "high": "150"}, "low"),
    ({"first_period": 0, "last_period": 2, "per_year": ["10", "x", "3"]}, "per_year"),
    ({"first_period": 0, "last_period": 1, "per_year": ["10", "-3"]}, "per_year"),
    ({"first_period": 0, "last_period": 1, "per_year": ["10", "3", "4"]}, "per_year"),
    ({"first_period": 0, "last_period": 1, "per_year": ["10", "NaN"]}, "per_year"),
    # Hostile shapes: nested lists, an object, a list far longer than the horizon.
    ({"first_period": 0, "last_period": 1, "per_year": [[["1"]], "2"]}, "per_year"),
    ({"first_period": 0, "last_period": 1, "per_year": {"a": 1}}, "per_year"),
    ({"first_period": 0, "last_period": 1, "per_year": ["1"] * 100_000}, "per_year"),
    ({"likely": "-5"}, "likely"),
    ({"first_period": 3, "last_period": 1}, "last_period"),
    ({"first_period": 0, "last_period": 11}, "last_period"),  # the horizon is 10
    ({"category": "staff_time"}, "category"),  # a benefit category on a cost
    ({"escalation": "-1"}, "escalation"),
    ({"ramp": "half"}, "ramp"),
    ({"kind": "benefit", "category": "avoided_cost", "multiplier": "1.5"}, "multiplier"),
    ({"kind": "gift"}, "kind"),
    ({"name": "servers"}, "name"),  # the option already has "Servers"
]


@pytest.mark.parametrize(("change", "field"), BAD_LINES)
def test_line_errors_name_the_field_and_save_nothing(org, editor_api, case, change, field):
    option = case.options.get(name="On-premises product")
    lines = url("case-line-list", org, case_pk=case.pk, option_pk=option.pk)
    before = (CaseLine.objects.count(), AuditEvent.objects.count())
    data = {"name": "Support", "kind": "cost", "category": "support", "likely": "100", **change}
    response = editor_api.post(lines, data, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert (CaseLine.objects.count(), AuditEvent.objects.count()) == before


def test_a_range_without_a_distribution_is_triangular_and_per_year_amounts_are_kept(
    org, editor_api, case
):
    option = case.options.get(name="On-premises product")
    lines = url("case-line-list", org, case_pk=case.pk, option_pk=option.pk)
    data = {"name": "Support", "kind": "cost", "category": "support"}
    response = editor_api.post(
        lines, {**data, "low": "90", "likely": "100", "high": "150"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["distribution"] == "triangular"
    response = editor_api.post(
        lines,
        {
            **data,
            "name": "Consulting",
            "likely": "0",
            "first_period": 0,
            "last_period": 3,
            "per_year": ["10000", "25000", "0", "40000"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["per_year"] == ["10000.00", "25000.00", "0.00", "40000.00"]
    assert body["likely"] == "75000.00"  # the total, shown in lists


def test_a_change_that_breaks_a_line_is_refused(org, editor_api, case):
    option = case.options.get(name="SaaS product")
    line = option.lines.get(name="Subscription")
    detail = url("case-line-detail", org, case_pk=case.pk, option_pk=option.pk, pk=line.pk)
    response = editor_api.patch(detail, {"low": "110000"}, format="json")  # above likely
    assert response.status_code == 400
    assert "low" in response.json()
    line.refresh_from_db()
    assert line.low == Decimal("90000")


def test_line_of_another_option_is_404(org, editor_api, case):
    saas = case.options.get(name="SaaS product")
    on_prem = case.options.get(name="On-premises product")
    line = saas.lines.first()
    address = url("case-line-detail", org, case_pk=case.pk, option_pk=on_prem.pk, pk=line.pk)
    assert editor_api.get(address).status_code == 404
    assert editor_api.delete(address).status_code == 404
    assert CaseLine.objects.filter(pk=line.pk).exists()


# The analysis --------------------------------------------------------------------------------


def _expected(case, option) -> dict:
    """The screens' figures (selectors.option_figures) as JSON: floats survive exactly."""
    return json.loads(json.dumps(analysis_dict(option_figures(case, option, simulate=True))))


def test_analysis_equals_the_screens_figures_for_the_same_seed(org, viewer_api, case):
    case.iterations, case.seed = 2000, 7
    case.save()
    response = viewer_api.post(url("business-case-analyze", org, pk=case.pk), {}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == civicshift.__version__
    assert (body["case"], body["iterations"], body["seed"], body["run"]) == (case.pk, 2000, 7, None)
    assert [o["name"] for o in body["options"]] == ["SaaS product", "On-premises product"]
    for got, option in zip(body["options"], case.options.all(), strict=True):
        expected = _expected(case, option)
        assert got["id"] == option.pk and got["recommended"] is False
        assert {k: v for k, v in got.items() if k not in {"id", "name", "recommended"}} == expected
    saas = body["options"][0]
    for key in [
        "npv",
        "irr",
        "mirr",
        "bcr",
        "payback_years",
        "discounted_payback_years",
        "pv_costs",
        "pv_benefits",
        "tco",
        "cash_flows",
        "tornado",
        "switching_values",
        "monte_carlo",
    ]:
        assert key in saas, key
    assert len(saas["cash_flows"]) == 11
    assert saas["monte_carlo"]["iterations"] == 2000 and saas["monte_carlo"]["seed"] == 7
    assert set(saas["monte_carlo"]["npv"]) == {"mean", "p5", "p10", "p50", "p90", "p95"}
    assert 0 <= saas["monte_carlo"]["prob_npv_positive"] <= 1
    assert [bar["line"] for bar in saas["tornado"]] == ["Staff time released", "Subscription"]


def test_a_seed_and_iterations_override_apply_to_this_analysis_only(org, viewer_api, case):
    response = viewer_api.post(
        url("business-case-analyze", org, pk=case.pk),
        {"iterations": 500, "seed": 42},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["iterations"], body["seed"]) == (500, 42)
    case.refresh_from_db()
    assert (case.iterations, case.seed) == (10_000, 2027)  # unchanged
    case.iterations, case.seed = 500, 42
    option = case.options.get(name="SaaS product")
    expected = _expected(case, option)["monte_carlo"]
    assert body["options"][0]["monte_carlo"] == expected


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"iterations": 99}, "iterations"),
        ({"iterations": 1_000_001}, "iterations"),
        ({"seed": -1}, "seed"),
        ({"save": "maybe"}, "save"),
    ],
)
def test_analysis_parameters_out_of_range_are_refused(org, editor_api, case, data, field):
    response = editor_api.post(url("business-case-analyze", org, pk=case.pk), data, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not CaseRun.objects.exists()


def test_an_option_without_lines_says_so(org, editor, viewer_api, case):
    services.option_create(actor=editor, case=case, name="Phased rollout")
    response = viewer_api.post(
        url("business-case-analyze", org, pk=case.pk), {"iterations": 100}, format="json"
    )
    assert response.json()["options"][2] == {
        "id": case.options.get(name="Phased rollout").pk,
        "name": "Phased rollout",
        "recommended": False,
        "problem": "empty",
    }


def test_save_keeps_inputs_seed_and_version_and_the_figures_reproduce(
    org, editor, editor_api, viewer_api, case
):
    saas = case.options.get(name="SaaS product")
    services.business_case_update(
        actor=editor, case=case, recommended_option=saas, recommendation_reason="No server room."
    )
    before = AuditEvent.objects.for_org(org).count()
    response = editor_api.post(
        url("business-case-analyze", org, pk=case.pk),
        {"save": True, "label": "Council packet, 12 March", "iterations": 1000, "seed": 5},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    run = CaseRun.objects.for_org(org).get(pk=body["run"])
    assert run.case == case and run.created_by == editor
    assert run.label == "Council packet, 12 March"
    assert (run.seed, run.iterations, run.version) == (5, 1000, civicshift.__version__)
    assert run.inputs["seed"] == 5 and run.inputs["iterations"] == 1000
    assert [o["name"] for o in run.inputs["options"]] == ["SaaS product", "On-premises product"]
    assert run.inputs["options"][0]["lines"][1]["low"] == "90000.00"
    assert body["options"][0]["recommended"] is True
    # The answer and the record hold the same figures.
    for option in body["options"]:
        saved = run.results["options"][option["name"]]
        assert saved["npv"] == option["npv"]
        assert saved["monte_carlo"]["npv"] == option["monte_carlo"]["npv"]
    assert AuditEvent.objects.for_org(org).count() == before + 1

    # Later: the same inputs, seed and version give the same figures.
    again = editor_api.post(
        url("business-case-analyze", org, pk=case.pk),
        {"iterations": run.iterations, "seed": run.seed},
        format="json",
    ).json()
    assert (
        again["options"][0]["monte_carlo"] == run.results["options"]["SaaS product"]["monte_carlo"]
    )

    runs = viewer_api.get(url("business-case-runs", org, pk=case.pk))
    assert runs.status_code == 200
    listed = runs.json()
    assert listed["count"] == 1
    first = listed["results"][0]
    assert first["id"] == run.pk and first["seed"] == 5 and first["version"] == run.version
    assert first["created_by"] == editor.pk and first["inputs"] == run.inputs
    assert first["results"] == run.results


def test_viewers_analyze_but_cannot_save(org, users, viewer_api, case):
    before = AuditEvent.objects.count()
    analyze = url("business-case-analyze", org, pk=case.pk)
    assert viewer_api.post(analyze, {"iterations": 100}, format="json").status_code == 200
    response = viewer_api.post(analyze, {"iterations": 100, "save": True}, format="json")
    assert response.status_code == 403
    assert "Editor" in response.json()["detail"]
    assert not CaseRun.objects.exists()
    assert AuditEvent.objects.count() == before


def test_runs_are_read_only(org, editor_api, case):
    runs = url("business-case-runs", org, pk=case.pk)
    assert editor_api.post(runs, {}, format="json").status_code == 405
