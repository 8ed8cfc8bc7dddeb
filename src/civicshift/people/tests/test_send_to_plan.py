"""Sending a change activity to the initiative's plan: the confirm step says what will be
added, the task lands on the activity's date through plans.services.task_create, a second send
changes nothing, a changed activity updates its task, and there is never a second task."""

import datetime as dt

import pytest
from django.urls import reverse

from civicshift.audit.models import AuditEvent
from civicshift.plans.models import PlanTask

from ..services import activity_update
from ..services_plan import ADD, SAME, UPDATE, activity_send_to_plan, activity_task_proposal
from .factories import make_activity, make_plan

pytestmark = pytest.mark.django_db


def _send_url(org, activity):
    return reverse(
        "people:activity_send",
        kwargs={"org_slug": org.slug, "pk": activity.initiative_id, "item": activity.pk},
    )


def test_without_a_plan_it_says_where_to_start(org, editor):
    activity = make_activity(org, editor)
    proposal = activity_task_proposal(activity)
    assert proposal.action == "" and "no plan yet" in proposal.problem


def test_send_adds_one_task_on_the_date_then_is_idempotent(org, editor):
    activity = make_activity(org, editor)
    plan = make_plan(editor, activity.initiative)
    assert activity_task_proposal(activity).action == ADD

    task, done = activity_send_to_plan(actor=editor, activity=activity)
    assert done == ADD
    assert task.plan_id == plan.pk
    assert task.name == "Town hall or all-staff meeting: Town hall on the new ERP"
    assert task.constraint == "SNET"
    assert task.constraint_date == dt.datetime(2027, 2, 3, 8, 0)  # the plan's start time
    assert task.duration_minutes == plan.minutes_per_day and task.milestone is False
    assert task.owner == "Finance Director"
    activity.refresh_from_db()
    assert activity.task_id == task.pk
    assert AuditEvent.objects.filter(
        content_type__model="plantask", object_pk=str(task.pk), action="create"
    ).exists()

    events = AuditEvent.objects.count()
    again, done = activity_send_to_plan(actor=editor, activity=activity)
    assert done == SAME and again.pk == task.pk
    assert AuditEvent.objects.count() == events  # nothing written
    assert PlanTask.objects.filter(plan=plan).count() == 1


def test_a_changed_activity_updates_its_task(org, editor):
    activity = make_activity(org, editor)
    make_plan(editor, activity.initiative)
    task, _ = activity_send_to_plan(actor=editor, activity=activity)
    activity.refresh_from_db()
    activity = activity_update(actor=editor, activity=activity, date=dt.date(2027, 2, 17))
    proposal = activity_task_proposal(activity)
    assert proposal.action == UPDATE
    assert [c[0] for c in proposal.changes] == ["date"]
    updated, done = activity_send_to_plan(actor=editor, activity=activity)
    assert done == UPDATE and updated.pk == task.pk
    assert updated.constraint_date == dt.datetime(2027, 2, 17, 8, 0)
    assert PlanTask.objects.filter(plan__initiative=activity.initiative).count() == 1


def test_a_task_deleted_from_the_plan_is_added_again(org, editor):
    from civicshift.plans.services import task_delete

    activity = make_activity(org, editor)
    make_plan(editor, activity.initiative)
    task, _ = activity_send_to_plan(actor=editor, activity=activity)
    task_delete(actor=editor, task=task)
    activity.refresh_from_db()
    assert activity_task_proposal(activity).action == ADD


def test_a_cancelled_activity_is_not_sent(org, editor):
    activity = make_activity(org, editor, status="cancelled")
    make_plan(editor, activity.initiative)
    assert "cancelled" in activity_task_proposal(activity).problem


def test_the_confirm_step_and_the_post_through_the_pages(client, org, editor):
    activity = make_activity(org, editor)
    make_plan(editor, activity.initiative)
    client.force_login(editor)
    url = _send_url(org, activity)

    page = client.get(url)
    assert b'data-proposal="add"' in page.content
    assert "starting no earlier than" in page.content.decode()
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert b"<html" not in fragment.content and b'data-proposal="add"' in fragment.content

    response = client.post(url, {"send": "1"})
    assert response.status_code == 302
    task = PlanTask.objects.get(plan__initiative=activity.initiative)
    comms = client.get(reverse("people:comms", args=[org.slug, activity.initiative_id]))
    assert f"Task {task.key}" in comms.content.decode()
    assert b"Update in the plan" in comms.content

    assert b'data-proposal="same"' in client.get(url).content
    client.post(url, {"send": "1"})
    assert PlanTask.objects.filter(plan__initiative=activity.initiative).count() == 1


def test_a_viewer_cannot_send(client, org, editor, viewer):
    activity = make_activity(org, editor)
    make_plan(editor, activity.initiative)
    client.force_login(viewer)
    assert client.post(_send_url(org, activity), {"send": "1"}).status_code == 403
    assert not PlanTask.objects.filter(plan__initiative=activity.initiative).exists()
