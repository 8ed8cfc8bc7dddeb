"""The business-case module's part of the demo (``civicshift.cases.demo``): its data file is
checked before anything is written, and the cases it loads have plausible, reproducible figures."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.urls import reverse

from civicshift.audit.models import AuditEvent
from civicshift.cases.demo import DEMO_MODULE
from civicshift.cases.models import BusinessCase, CaseLine, CaseRun, Option
from civicshift.cases.results import reproduce_run, run_payload
from civicshift.cases.selectors import case_figures, option_figures
from civicshift.core.cases import basis_warnings, summarize
from civicshift.demo.loader import load_demo
from civicshift.demo.schema import DemoDataError, read_demo_data
from civicshift.initiatives.models import Initiative
from civicshift.orgs.models import Organization

DATA = read_demo_data()


def _raw() -> dict:
    return yaml.safe_load(DEMO_MODULE.data_path.read_text(encoding="utf-8"))


def _line(raw: dict, case: int, line: int, option: int = 0) -> dict:
    return raw["business_cases"][case]["options"][option]["lines"][line]


def _case(demo):
    """The demo business case attached to a demo initiative, or None."""
    return demo.sections.get("business_case")


def _write(tmp_path: Path, raw: dict) -> Path:
    path = tmp_path / "business-cases.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return path


def _counts() -> dict[str, int]:
    return {
        "initiatives": Initiative.objects.count(),
        "business_cases": BusinessCase.objects.count(),
        "options": Option.objects.count(),
        "case_lines": CaseLine.objects.count(),
        "case_runs": CaseRun.objects.count(),
        "audit_events": AuditEvent.objects.count(),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "named"),
    [
        (
            lambda raw: _line(raw, 0, 0)["amount"].update(low=200000),  # above likely
            "business_cases[0].options[0].lines[0].amount.low",
        ),
        (
            lambda raw: _line(raw, 0, 0).update(to=3, **{"from": 1}),  # and year: 0
            "business_cases[0].options[0].lines[0].year",
        ),
        (
            lambda raw: _line(raw, 1, 7).update(to=13),  # horizon is 12
            "business_cases[1].options[0].lines[7].to",
        ),
        (
            lambda raw: _line(raw, 0, 0).update(category="staff_time"),  # a benefit category
            "business_cases[0].options[0].lines[0].category",
        ),
        (
            lambda raw: _line(raw, 0, 12).update(multiplier=1.5),  # a chance above 1
            "business_cases[0].options[0].lines[12].multiplier",
        ),
        (
            lambda raw: _line(raw, 0, 10).update(ramp=[0.5, 2]),
            "business_cases[0].options[0].lines[10].ramp[1]",
        ),
        (
            lambda raw: _line(raw, 0, 0).update(escalaton=0.03),  # misspelt
            "business_cases[0].options[0].lines[0].escalaton",
        ),
        (
            lambda raw: raw["business_cases"][0].update(recommended="Nope"),
            "business_cases[0].recommended",
        ),
        (
            lambda raw: raw["business_cases"][0].update(payback_target_years=11),
            "business_cases[0].payback_target_years",
        ),
        (
            lambda raw: raw["business_cases"][0]["options"][1].update(name="saas product"),
            "business_cases[0].options",
        ),
        (
            lambda raw: raw["business_cases"][0].update(initiative="Not in the demo"),
            "business_cases[0].initiative",
        ),
        (lambda raw: raw.pop("version"), "version"),
    ],
)
def test_malformed_case_file_names_the_file_and_key_and_writes_nothing(tmp_path, change, named):
    raw = _raw()
    change(raw)
    before = _counts()

    pattern = re.escape("business-cases.yaml: ") + ".*" + re.escape(f"'{named}'")
    with pytest.raises(DemoDataError, match=pattern):
        load_demo(module_paths={"business_case": _write(tmp_path, raw)})

    assert _counts() == before


#: Statuses past "idea" that have had a business case made for them.
PAST_IDEA = {"proposed", "approved", "funded", "in_progress", "live", "closed", "on_hold"}


def test_every_initiative_past_idea_has_a_business_case_in_the_file():
    past_idea = [i for i in DATA.main.initiatives if i.final_status in PAST_IDEA]
    assert len(past_idea) >= 6
    for demo in past_idea:
        case = _case(demo)
        assert case is not None, demo.title
        assert 2 <= len(case.options) <= 3, demo.title
        assert case.recommended in {o.name for o in case.options}, demo.title
        # The city's 3% real rate; a nominal case states it at 2.5% inflation (Fisher's
        # equation, 1 + n = (1 + r)(1 + i): 1.03 × 1.025 − 1 = 0.05575, stored as 0.0558).
        rate, inflation = case.settings["discount_rate"], case.settings["inflation"]
        if case.settings["basis"] == "nominal":
            assert abs((1 + rate) / (1 + inflation) - 1 - Decimal("0.03")) < Decimal("0.0001")
        else:
            assert rate == Decimal("0.03"), demo.title
        # Every case chooses an optimism bias and says why (issue 7).
        assert case.settings["optimism_category"] and case.settings["optimism_reason"]
        assert case.narrative.get("strategic_case") and case.narrative.get("economic_case")
        for option in case.options:
            assert any(line.is_uncertain for line in option.lines), (demo.title, option.name)
    lines = [
        line
        for demo in past_idea
        for option in demo.sections.get("business_case").options
        for line in option.lines
    ]
    categories = Counter(line.category for line in lines)
    for category in (
        "implementation",
        "data_migration",
        "training",
        "subscription",
        "cashable_savings",
        "staff_time",
        "avoided_cost",
        "resident_time",
    ):
        assert categories[category] > 0, category
    assert {line.distribution for line in lines} >= {"point", "triangular", "pert"}
    staff_time = [line for line in lines if line.category == "staff_time"]
    assert all(line.multiplier and 30 <= line.multiplier <= 100 for line in staff_time)
    avoided = [line for line in lines if line.category == "avoided_cost"]
    assert all(line.multiplier and 0 < line.multiplier < 1 for line in avoided)
    assert all(not line.in_npv for line in lines if line.category == "resident_time")
    assert any(line.ramp for line in lines if line.kind == "benefit")
    assert any(line.escalation > 0 for line in lines if line.category == "subscription")


@pytest.mark.django_db
def test_business_cases_load_with_plausible_figures():
    load_demo()
    maple = Organization.objects.get(slug="maple-falls")
    positive = 0
    for demo in DATA.main.initiatives:
        initiative = Initiative.objects.for_org(maple).get(title=demo.title)
        case = BusinessCase.objects.for_org(maple).filter(initiative=initiative).first()
        if demo.final_status not in PAST_IDEA:
            assert case is None, demo.title
            continue
        assert case is not None, demo.title
        assert case.inflation == Decimal("0.025") and case.has_optimism_bias, demo.title
        assert case.options.count() >= 2
        assert (
            CaseLine.objects.for_org(maple)
            .filter(option__case=case)
            .exclude(distribution="point")
            .exists()
        )
        for figures in case_figures(case):
            assert figures.ok, (demo.title, figures.option.name, figures.problem)
            # A consistent basis: no escalation that reads as nominal beside a real rate, and
            # ranges, so the expected figures differ from the likely ones.
            assert not basis_warnings(figures.case), (demo.title, basis_warnings(figures.case))
            summary = summarize(figures.case)
            assert summary.expected.npv != summary.likely.npv, demo.title
            analysis = figures.analysis
            assert analysis.pv_costs > 0 and analysis.pv_benefits > 0
            # Not absurd: no IRR above 100% a year, and the tornado has uncertain lines.
            assert analysis.irr is None or -0.5 < analysis.irr < 1, (demo.title, analysis.irr)
            assert figures.tornado, (demo.title, figures.option.name)
            if figures.option == case.recommended_option:
                positive += analysis.npv > 0
                assert analysis.payback_years is not None, demo.title
        assert case.recommended_option is not None, demo.title
        simulated = option_figures(case, case.recommended_option, simulate=True)
        assert 0 < simulated.simulation.prob_npv_positive <= 1, demo.title
    assert positive >= 5
    # Cedar County's initiatives have no business case.
    cedar = Organization.objects.get(slug="cedar-county")
    assert not BusinessCase.objects.for_org(cedar).exists()


@pytest.mark.django_db
def test_saved_analyses_reproduce_from_their_inputs_and_seed():
    load_demo()
    runs = CaseRun.objects.select_related("case__initiative", "created_by")
    labels = {
        demo.sections.get("business_case").saved_analysis
        for demo in DATA.main.initiatives
        if demo.sections.get("business_case") is not None
        and demo.sections.get("business_case").saved_analysis
    }
    assert labels and {run.label for run in runs} == labels
    for run in runs:
        case = run.case
        assert (run.seed, run.iterations) == (case.seed, case.iterations)
        assert run.created_by.email.endswith("@maplefalls.example")
        # Run again from its own saved inputs and seed: the same figures exactly.
        assert reproduce_run(run) == run.results
        # And nothing the saved analysis used has changed since. Later modules may have added
        # lines after it was saved (the training plan's costs, on the ERP case: the run page
        # then shows what changed since), so today's lines include the saved ones.
        figures = [option_figures(case, f.option, simulate=True) for f in case_figures(case)]
        inputs, _results = run_payload(case, figures)
        assert {k: v for k, v in inputs.items() if k != "options"} == {
            k: v for k, v in run.inputs.items() if k != "options"
        }
        today = {o["name"]: o for o in inputs["options"]}
        for saved in run.inputs["options"]:
            now = today[saved["name"]]
            assert {k: v for k, v in now.items() if k != "lines"} == {
                k: v for k, v in saved.items() if k != "lines"
            }
            assert all(line in now["lines"] for line in saved["lines"]), saved["name"]


@pytest.mark.django_db
def test_business_case_pages_open_for_a_viewer(client):
    load_demo()
    maple = Organization.objects.get(slug="maple-falls")
    client.force_login(get_user_model().objects.get(email="viewer@maplefalls.example"))
    for case in BusinessCase.objects.for_org(maple):
        kwargs = {"org_slug": maple.slug, "pk": case.initiative_id}
        pages = [
            reverse("cases:detail", kwargs=kwargs),
            reverse("cases:narrative", kwargs=kwargs),
            reverse("cases:runs", kwargs=kwargs),
        ] + [
            reverse("cases:option", kwargs={**kwargs, "option": option.pk})
            for option in case.options.all()
        ]
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
