"""The skills module's part of the demo (issue 11, "Done when": a skills gap, and a training
plan that added costs to the business case and tasks to the plan); bad entries named."""

from __future__ import annotations

from decimal import Decimal

import pytest

from civicshift.cases.models import CaseLine
from civicshift.demo.loader import load_demo
from civicshift.demo.schema_checks import DemoDataError
from civicshift.initiatives.models import Initiative
from civicshift.skills import selectors
from civicshift.skills.demo.schema import read_entry
from civicshift.skills.models import Enrolment, StaffPerson, TrainingCaseLine

pytestmark = pytest.mark.django_db

ERP = "Replace the 1994 AS/400 financial system with a modern ERP"


def test_the_erp_initiative_has_gaps_a_training_plan_its_lines_and_tasks():
    load_demo()
    erp = Initiative.objects.get(title=ERP)
    org = erp.organization
    assert StaffPerson.objects.for_org(org).count() == 20
    hm = selectors.heat_map(erp)
    assert len(hm.skills) == 8
    # Finance is weakest: its mean gap per required cell is above everyone else's.
    by_department: dict = {}
    for person, cells in hm.rows:
        gaps = [cell.gap for _s, cell, _r in cells if cell.required]
        by_department.setdefault(person.department.code, []).extend(gaps)
    mean = {code: sum(g) / len(g) for code, g in by_department.items()}
    assert max(mean, key=mean.get) == "FIN", mean
    # The lines the training plan added are on the recommended option, and only once.
    option = erp.business_case.recommended_option
    added = TrainingCaseLine.objects.for_org(org).filter(initiative=erp)
    assert added.count() >= 2
    assert {r.line.option_id for r in added} == {option.pk}
    categories = {r.line.category for r in added}
    assert categories == {"training", "staff_backfill"}
    assert all(r.hourly_rate == Decimal("52") for r in added)
    assert CaseLine.objects.filter(option=option, name__startswith="Training plan:").count() == (
        added.count()
    )
    # Every session is a task of the plan, under the "Staff training" phase.
    sessions = list(selectors.sessions_of(erp))
    assert sessions and all(s.task and s.task.plan_id == erp.plan.pk for s in sessions)
    assert {s.task.parent.name for s in sessions} == {"Staff training"}
    # Some sessions are completed, not all.
    enrolments = Enrolment.objects.for_org(org).filter(session__course__initiative=erp)
    assert enrolments.filter(completed=True).exists()
    assert enrolments.filter(completed=False).exists()


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"requirements": [{"role": "Clerk", "skill": "juggling", "level": 3}]}, "juggling"),
        ({"requirements": [{"role": "Clerk", "skill": "erp-payroll", "level": 7}]}, "level"),
        ({"hourly_rate": "a lot"}, "hourly_rate"),
        ({"courses": [{"name": "X", "kind": "lecture"}]}, "kind"),
    ],
)
def test_a_bad_demo_entry_is_named(change, named):
    raw = {
        "requirements": [],
        "assessments": [],
        "assessed_on": "2026-10-15",
        "courses": [],
        "hourly_rate": 50,
        **change,
    }
    with pytest.raises(DemoDataError, match=named):
        read_entry(raw, "initiatives[0]")
