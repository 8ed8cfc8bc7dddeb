"""The plan's write paths: each leaves an audit record, and a change the engine cannot
schedule (a cycle) is refused with nothing written."""

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError

from civicshift.audit.models import AuditEvent
from civicshift.plans import selectors, services
from civicshift.plans.models import PlanLink, PlanTask, WorkCalendar

from .factories import make_link, make_plan, make_task

pytestmark = pytest.mark.django_db


def test_the_first_plan_makes_the_standard_calendar(org, editor):
    make_plan(org, editor)
    calendar = WorkCalendar.objects.for_org(org).get()
    # Microsoft Project's Standard calendar: Mon–Fri 08:00–12:00 and 13:00–17:00
    # (../shared/data/README.md, mpxj_mspdirelations.xml).
    assert calendar.is_default
    assert calendar.week[:5] == [[[480, 720], [780, 1020]]] * 5
    assert calendar.week[5:] == [[], []]


def test_a_link_that_closes_a_cycle_is_refused_and_nothing_is_written(org, editor):
    link = make_link(org, editor)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.link_create(
            actor=editor, plan=link.plan, predecessor=link.successor, successor=link.predecessor
        )
    assert "cycle" in " ".join(caught.value.messages).lower()
    assert PlanLink.objects.for_org(org).count() == 1
    assert AuditEvent.objects.count() == before


def test_deleting_a_phase_removes_its_tasks_and_links_each_audited(org, editor):
    plan = make_plan(org, editor)
    phase = make_task(org, editor, plan, name="Procurement", duration_minutes=0)
    rfp = make_task(org, editor, plan, name="Write the RFP", parent=phase)
    award = make_task(org, editor, plan, name="Award", parent=phase)
    after = make_task(org, editor, plan, name="Configure")
    services.link_create(actor=editor, plan=plan, predecessor=rfp, successor=award)
    services.link_create(actor=editor, plan=plan, predecessor=award, successor=after)
    services.task_delete(actor=editor, task=phase)
    assert list(selectors.tasks_of(plan)) == [after]
    assert not PlanLink.objects.for_org(org).exists()
    deleted = AuditEvent.objects.filter(action="delete").values_list("object_repr", flat=True)
    assert {"Procurement", "Write the RFP", "Award"} <= set(deleted)


def test_a_task_added_to_a_phase_goes_after_the_phase_tasks(org, editor):
    plan = make_plan(org, editor)
    phase = make_task(org, editor, plan, name="Discovery")
    later = make_task(org, editor, plan, name="Procurement")
    inside = make_task(org, editor, plan, name="Interview departments", parent=phase)
    order = [t.name for t in selectors.tasks_of(plan)]
    assert order == ["Discovery", "Interview departments", "Procurement"]
    assert PlanTask.objects.get(pk=later.pk).position > inside.position


def test_a_phase_cannot_go_inside_its_own_task(org, editor):
    plan = make_plan(org, editor)
    phase = make_task(org, editor, plan, name="Discovery")
    inside = make_task(org, editor, plan, name="Interviews", parent=phase)
    with pytest.raises(ValidationError):
        services.task_update(actor=editor, task=phase, parent=inside)


def test_a_viewer_cannot_change_the_plan(org, editor, viewer):
    from django.core.exceptions import PermissionDenied

    plan = make_plan(org, editor)
    with pytest.raises(PermissionDenied):
        services.task_create(actor=viewer, plan=plan, name="Sneaky", duration_minutes=480)


def test_the_project_handed_to_the_engine(org, editor):
    plan = make_plan(org, editor, start=datetime(2027, 1, 4, 8))
    a = make_task(org, editor, plan, key="A", name="Requirements", duration_minutes=3 * 480)
    b = make_task(
        org,
        editor,
        plan,
        key="B",
        name="Configure",
        duration_minutes=6 * 480,
        optimistic_minutes=4 * 480,
        pessimistic_minutes=12 * 480,
    )
    services.link_create(
        actor=editor, plan=plan, predecessor=a, successor=b, type="SS", lag_minutes=2 * 480
    )
    project = selectors.project_of(plan)
    assert [t.id for t in project.tasks] == ["A", "B"]
    assert project.tasks[1].estimate.pessimistic.minutes == 12 * 480
    (link,) = project.links
    assert (link.predecessor, link.successor, link.type.value, link.lag.minutes) == (
        "A",
        "B",
        "SS",
        960,
    )
    assert project.calendars[0].name == "Standard"
