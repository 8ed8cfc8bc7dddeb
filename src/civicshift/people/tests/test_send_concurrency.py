"""Two editors sending the same activity to the plan at the same moment make one task: the
activity row is locked while its proposal is worked out and the task written, so the second
waits, then finds the task already there (on SQLite's file locking and on PostgreSQL)."""

from __future__ import annotations

import pytest

from civicshift.orgs.roles import Role
from civicshift.plans.models import PlanTask
from civicshift.testing.concurrency import rendezvous, run_together
from civicshift.testing.factories import make_member, make_org

from .. import services_plan
from .factories import make_activity, make_plan

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_sends_at_once_make_one_task(concurrent_database, monkeypatch):
    org = make_org()
    ana, bo = make_member(org, Role.EDITOR), make_member(org, Role.EDITOR)
    activity = make_activity(org, ana)
    make_plan(ana, activity.initiative)

    # Both threads pause after working out what to do, so without the lock both would see
    # "add" and both add a task.
    meet = rendezvous(2)
    real = services_plan.activity_task_proposal

    def proposal_then_wait(a):
        found = real(a)
        meet()
        return found

    monkeypatch.setattr(services_plan, "activity_task_proposal", proposal_then_wait)
    outcomes = run_together(
        lambda: services_plan.activity_send_to_plan(actor=ana, activity=activity),
        lambda: services_plan.activity_send_to_plan(actor=bo, activity=activity),
    )
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sorted(done for _task, done in outcomes) == ["add", "same"]
    assert PlanTask.objects.filter(plan__initiative=activity.initiative).count() == 1
    activity.refresh_from_db()
    assert activity.task_id == outcomes[0][0].pk == outcomes[1][0].pk
