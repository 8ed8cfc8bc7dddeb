"""The risks' schedule buffer added to the plan as a task before the final milestone (issue 9,
item 7): links rewired, idempotent, sized from the register or the latest simulation."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from civicshift.audit.models import AuditEvent
from civicshift.core.schedule.calendar import working_minutes_between
from civicshift.core.schedule.cpm import schedule
from civicshift.plans import selectors, services, services_risks
from civicshift.plans.models import PlanLink, PlanTask
from civicshift.plans.services_buffer import schedule_buffer_apply, schedule_buffer_proposal

from .factories import make_plan, make_task

pytestmark = pytest.mark.django_db
DAY = 480


def _plan_with_go_live(org, editor):
    """A (5 days) and B (3 days, 1 day of lag) both before the milestone M: the usual end of
    a plan. Monday 4 January 2027, 08:00, on the default Monday–Friday calendar."""
    plan = make_plan(org, editor, start=datetime(2027, 1, 4, 8))
    a = make_task(org, editor, plan, key="A", name="Configure", duration_minutes=5 * DAY)
    b = make_task(org, editor, plan, key="B", name="Train", duration_minutes=3 * DAY)
    m = make_task(org, editor, plan, key="M", name="Go-live", duration_minutes=0)
    services.link_create(actor=editor, plan=plan, predecessor=a, successor=m)
    services.link_create(actor=editor, plan=plan, predecessor=b, successor=m, lag_minutes=DAY)
    return plan, a, b, m


def _delay_risk(org, editor, plan, *, probability, low, likely, high, tasks=()):
    return services_risks.risk_create(
        actor=editor,
        organization=org,
        initiative=plan.initiative,
        title=f"Vendor late {low}-{high}",
        category="vendor",
        likelihood=3,
        impact=3,
        probability=Decimal(probability),
        delay_low_days=low,
        delay_likely_days=likely,
        delay_high_days=high,
        tasks=list(tasks),
    )


def test_the_buffer_goes_between_the_milestone_and_its_predecessors(org, editor):
    plan, a, b, m = _plan_with_go_live(org, editor)
    # Expected delay = probability × mean delay (PMBOK Guide 6th ed. §11.4.2.5, EMV applied to
    # time): 0.5 × mean(4, 6, 8) = 0.5 × 6 = 3 working days (the range is symmetric, so its
    # PERT and triangular means agree).
    _delay_risk(org, editor, plan, probability="0.5", low=4, likely=6, high=8)
    before = schedule(selectors.project_of(plan))

    proposal = schedule_buffer_proposal(plan)
    assert (proposal.basis, proposal.days, proposal.milestone, proposal.problem) == (
        "register",
        3,
        m,
        "",
    )
    assert proposal.before == [a, b]
    events = AuditEvent.objects.count()
    buffer = schedule_buffer_apply(actor=editor, plan=plan)

    assert buffer.name == "Schedule contingency buffer" and buffer.schedule_buffer
    assert buffer.duration_minutes == 3 * DAY
    # In the outline just before the milestone.
    keys = list(selectors.tasks_of(plan).values_list("key", flat=True))
    assert keys == ["A", "B", buffer.key, "M"]
    # M waits only for the buffer (finish-to-start, no lag); the buffer for A and B, with the
    # links' own type and lag kept.
    into_m = PlanLink.objects.filter(successor=m)
    assert [(link.predecessor_id, link.type, link.lag_minutes) for link in into_m] == [
        (buffer.pk, "FS", 0)
    ]
    into_buffer = {
        link.predecessor.key: link.lag_minutes for link in buffer.predecessor_links.all()
    }
    assert into_buffer == {"A": 0, "B": DAY}
    assert AuditEvent.objects.count() > events  # the task, the moved links and the new one
    # By the definition of a finish-to-start link (CPM), M now starts when the buffer
    # finishes: the finish moves by the buffer's 3 working days.
    after = schedule(selectors.project_of(plan))
    assert after.tasks["M"].early_start == after.tasks[buffer.key].early_finish
    calendar = selectors.project_of(plan).calendar()
    assert working_minutes_between(calendar, before.project_finish, after.project_finish) == 3 * DAY


def test_a_second_click_updates_the_buffer_instead_of_adding_one(org, editor):
    plan, a, b, m = _plan_with_go_live(org, editor)
    risk = _delay_risk(org, editor, plan, probability="0.5", low=4, likely=6, high=8)
    first = schedule_buffer_apply(actor=editor, plan=plan)
    links = PlanLink.objects.filter(plan=plan).count()

    assert schedule_buffer_apply(actor=editor, plan=plan).pk == first.pk
    assert PlanTask.objects.filter(plan=plan, schedule_buffer=True).count() == 1
    assert PlanLink.objects.filter(plan=plan).count() == links

    # The risk gets likelier (0.9 × 6 = 5.4, rounded up to 6 whole days) and a task is added
    # before go-live meanwhile: the same buffer grows and the new task moves in front of it.
    services_risks.risk_update(actor=editor, risk=risk, probability=Decimal("0.9"))
    c = make_task(org, editor, plan, key="C", name="Cut over", duration_minutes=DAY)
    services.link_create(actor=editor, plan=plan, predecessor=c, successor=m)
    again = schedule_buffer_apply(actor=editor, plan=plan)
    assert again.pk == first.pk
    assert again.duration_minutes == 6 * DAY
    assert PlanTask.objects.filter(plan=plan, schedule_buffer=True).count() == 1
    assert list(PlanLink.objects.filter(successor=m).values_list("predecessor", flat=True)) == [
        first.pk
    ]
    assert set(first.predecessor_links.values_list("predecessor__key", flat=True)) == {
        "A",
        "B",
        "C",
    }


def test_a_plan_without_a_final_milestone_is_told_so_and_nothing_changes(org, editor):
    plan = make_plan(org, editor, start=datetime(2027, 1, 4, 8))
    a = make_task(org, editor, plan, key="A", duration_minutes=5 * DAY)
    _delay_risk(org, editor, plan, probability="0.5", low=4, likely=6, high=8)
    proposal = schedule_buffer_proposal(plan)
    assert proposal.milestone is None and "no milestone" in proposal.problem
    tasks, events = PlanTask.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="no milestone"):
        schedule_buffer_apply(actor=editor, plan=plan)
    assert (PlanTask.objects.count(), AuditEvent.objects.count()) == (tasks, events)
    assert a.predecessor_links.count() == 0


def test_no_delay_means_no_buffer(org, editor):
    plan, *_ = _plan_with_go_live(org, editor)
    proposal = schedule_buffer_proposal(plan)
    assert proposal.days == 0 and "0 working days" in proposal.problem
    with pytest.raises(ValidationError):
        schedule_buffer_apply(actor=editor, plan=plan)
    assert not PlanTask.objects.filter(plan=plan, schedule_buffer=True).exists()


def test_a_viewer_cannot_add_the_buffer(org, editor, viewer):
    plan, *_ = _plan_with_go_live(org, editor)
    _delay_risk(org, editor, plan, probability="0.5", low=4, likely=6, high=8)
    with pytest.raises(PermissionDenied):
        schedule_buffer_apply(actor=viewer, plan=plan)
    assert not PlanTask.objects.filter(plan=plan, schedule_buffer=True).exists()


def test_sized_from_the_latest_simulation(org, editor):
    plan, a, b, m = _plan_with_go_live(org, editor)
    # A certain risk (probability 1) of exactly 5 working days on the critical task A: every
    # simulated future finishes 5 working days after the plan's date, so P80 − the
    # deterministic finish is 5 days in closed form (the durations have no spread).
    _delay_risk(org, editor, plan, probability="1", low=5, likely=5, high=5, tasks=[a])
    assert schedule_buffer_proposal(plan).figures["simulation"] is None
    client = Client()
    client.force_login(editor)
    url = reverse("plans:simulate", kwargs={"org_slug": org.slug, "pk": plan.initiative_id})
    assert client.post(url, {"iterations": "500", "seed": "1"}, follow=True).status_code == 200
    proposal = schedule_buffer_proposal(plan)
    assert proposal.basis == "simulation"
    assert proposal.figures["simulation"] == pytest.approx(5.0)
    assert proposal.days == 5
    buffer = schedule_buffer_apply(actor=editor, plan=plan, basis="simulation")
    assert buffer.duration_minutes == 5 * DAY
    assert "P80" in buffer.notes


def test_the_page_shows_the_buffer_then_adds_it(org, editor):
    plan, a, b, m = _plan_with_go_live(org, editor)
    _delay_risk(org, editor, plan, probability="0.5", low=4, likely=6, high=8)
    client = Client()
    client.force_login(editor)
    url = reverse("plans:schedule_buffer", kwargs={"org_slug": org.slug, "pk": plan.initiative_id})
    shown = client.get(url).content.decode()
    assert "3 working days" in shown and "Go-live" in shown and "Configure, Train" in shown
    assert "<html" in shown
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and 'id="buffer-form"' in partial
    assert not PlanTask.objects.filter(schedule_buffer=True).exists()  # shown, not added
    response = client.post(url, {"basis": "register", "add": ""})
    assert response.status_code == 302
    buffer = PlanTask.objects.get(plan=plan, schedule_buffer=True)
    assert response["Location"].endswith(f"/plan/#task-{buffer.pk}")
    again = client.get(url).content.decode()
    assert "Update the buffer to 3 working days" in again


def test_the_api_previews_and_adds_the_buffer(org, editor):
    from rest_framework.test import APIClient

    plan, a, b, m = _plan_with_go_live(org, editor)
    _delay_risk(org, editor, plan, probability="0.5", low=4, likely=6, high=8)
    client = APIClient()
    client.force_authenticate(editor)
    url = reverse("api:plans-plan-buffer", kwargs={"org_slug": org.slug, "pk": plan.pk})
    preview = client.get(url).json()
    assert preview == {
        "basis": "register",
        "simulation_days": None,
        "register_days": 3.0,
        "days": 3,
        "milestone": m.pk,
        "before": [a.pk, b.pk],
        "buffer_task": None,
        "problem": "",
    }
    assert client.get(url, {"basis": "simulation"}).json()["problem"].startswith("There is no")
    assert client.post(url, {"basis": "simulation"}, format="json").status_code == 400
    added = client.post(url, {"basis": "register"}, format="json")
    assert added.status_code == 200
    buffer = PlanTask.objects.get(plan=plan, schedule_buffer=True)
    assert added.json()["buffer_task"] == buffer.pk and added.json()["before"] == [a.pk, b.pk]
