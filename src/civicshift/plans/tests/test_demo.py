"""The plan module's part of the demo: every demo initiative past "approved" has a plan from a
template, with the template's risks (issue 9, "Done when"); the demo file is checked before
anything is written, naming the key."""

from __future__ import annotations

import pytest

from civicshift.core.schedule.cpm import schedule
from civicshift.demo.loader import load_demo
from civicshift.demo.schema import DemoDataError
from civicshift.initiatives.models import Initiative
from civicshift.plans import selectors
from civicshift.plans.demo import DEMO_MODULE
from civicshift.plans.demo.loader import read_plan_entry
from civicshift.plans.models import Baseline, Plan, Risk

pytestmark = pytest.mark.django_db

PAST_APPROVED = {"funded", "in_progress", "live", "on_hold"}


def test_every_initiative_past_approved_has_a_scheduled_plan_with_risks():
    load_demo()
    for initiative in Initiative.objects.filter(status__in=PAST_APPROVED):
        plan = Plan.objects.for_org(initiative.organization).get(initiative=initiative)
        result = schedule(selectors.project_of(plan))
        assert len(result.tasks) >= 20, initiative.title
        if initiative.status == "live":  # done: complete tasks are never critical
            leaves = plan.tasks.filter(children__isnull=True)
            assert not leaves.exclude(percent_complete=100).exists(), initiative.title
        else:
            assert result.critical_path, initiative.title
        risks = Risk.objects.for_org(plan.organization).filter(initiative=initiative)
        assert risks.count() >= 3, initiative.title
        assert all(r.library_id for r in risks)
        assert any(r.tasks.exists() for r in risks)  # linked to the tasks they would delay
    permitting = Initiative.objects.get(title="Online permitting and inspections")
    plan = permitting.plan
    assert Baseline.objects.for_org(plan.organization).filter(plan=plan).count() == 1
    done = plan.tasks.filter(percent_complete=100)
    assert done.exists() and all(t.actual_finish for t in done)
    assert plan.status_date is not None


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"template": "moon-landing"}, "template 'moon-landing'"),
        ({"start": "next spring"}, "start"),
        ({"budget": "lots"}, "budget"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_a_bad_demo_entry_is_named(change, named):
    raw = {
        "initiative": "X",
        "template": "erp-replacement",
        "start": "2027-01-04T08:00",
        "budget": 1000,
        **change,
    }
    with pytest.raises(DemoDataError) as caught:
        read_plan_entry(raw, "plans[0]")
    assert "plans[0]" in str(caught.value) and named in str(caught.value)


def test_the_demo_file_is_the_one_the_module_reads():
    assert DEMO_MODULE.data_path.is_file()
