"""A change activity as a task of the initiative's plan (issue 11, item 4: each activity "able
to become a task in the initiative's plan with its date").

The task is one working day long and starts no earlier than the activity's date (a *start no
earlier than* constraint at the plan's start time of day), so it sits on its date in the Gantt
chart without being tied to the delivery tasks' links. It is not a milestone: the risks'
schedule buffer goes before the plan's final milestone, and a town hall must not become it.
The task's name says the kind and the activity; its owner is the activity's owner; its notes
say where it came from (audience, channel, message).

``activity_task_proposal`` says what sending would do — add a task, bring the task already
there up to date (naming each change), or nothing because it is already there — and
``activity_send_to_plan`` does it through ``plans.services.task_create``/``task_update``, so
the plan's own checks and audit records apply. Sending twice never adds a second task.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civicshift.audit.services import audited_update
from civicshift.orgs.permissions import require_role
from civicshift.orgs.roles import Role
from civicshift.plans import selectors as plan_selectors
from civicshift.plans import services as plan_services
from civicshift.plans.models import Plan, PlanTask
from civicshift.plans.models.choices import Constraint, DurationUnit

from .models import ActivityStatus, CommsActivity

ADD, UPDATE, SAME = "add", "update", "same"


@dataclass(frozen=True)
class TaskProposal:
    plan: Plan | None
    existing: PlanTask | None
    fields: dict  # the task's fields as sending would set them
    action: str  # add, update, same, or "" with a problem
    changes: list = field(default_factory=list)  # (label, now, after) for an update
    problem: str = ""


def _task_fields(activity: CommsActivity, plan: Plan) -> dict:
    notes = [
        _("From the change and communications plan: %(kind)s for %(audience)s.")
        % {
            "kind": activity.get_kind_display().lower(),
            "audience": activity.audience,
        }
    ]
    if activity.channel:
        notes.append(_("Channel: %(channel)s.") % {"channel": activity.channel})
    if activity.message:
        notes.append(_("Message: %(message)s") % {"message": activity.message})
    return {
        "name": f"{activity.get_kind_display()}: {activity.title}"[:255],
        "duration_minutes": plan.minutes_per_day,
        "duration_unit": DurationUnit.DAYS,
        "milestone": False,
        "constraint": Constraint.SNET,
        "constraint_date": datetime.combine(activity.date, plan.start.time()),
        "owner": activity.owner[:150],
        "notes": "\n".join(notes),
    }


LABELS = {
    "name": lambda: _("name"),
    "duration_minutes": lambda: _("duration"),
    "duration_unit": lambda: _("unit"),
    "milestone": lambda: _("milestone"),
    "constraint": lambda: _("date constraint"),
    "constraint_date": lambda: _("date"),
    "owner": lambda: _("owner"),
    "notes": lambda: _("notes"),
}


def task_of(activity: CommsActivity) -> PlanTask | None:
    """The activity's task, if it is still in the plan of the activity's initiative."""
    if activity.task_id is None:
        return None
    return (
        PlanTask.objects.for_org(activity.organization)
        .filter(pk=activity.task_id, plan__initiative_id=activity.initiative_id)
        .select_related("plan")
        .first()
    )


def tasks_of(activities: list[CommsActivity]) -> dict[int, PlanTask]:
    """The task of each activity still in its initiative's plan, by activity id (one query)."""
    wanted = {a.task_id: a for a in activities if a.task_id}
    if not wanted:
        return {}
    first = next(iter(wanted.values()))
    found = PlanTask.objects.for_org(first.organization).filter(pk__in=wanted)
    return {
        wanted[t.pk].pk: t
        for t in found.select_related("plan")
        if t.plan.initiative_id == wanted[t.pk].initiative_id
    }


def activity_task_proposal(activity: CommsActivity) -> TaskProposal:
    plan = plan_selectors.plan_of(activity.initiative)
    if plan is None:
        return TaskProposal(
            None,
            None,
            {},
            "",
            problem=_(
                "This initiative has no plan yet, so there is nowhere to add the task. Start "
                "the plan on the Plan tab, then send the activity."
            ),
        )
    wanted = _task_fields(activity, plan)
    if activity.status == ActivityStatus.CANCELLED:
        return TaskProposal(
            plan,
            task_of(activity),
            wanted,
            "",
            problem=_("This activity is cancelled: a cancelled activity is not sent to the plan."),
        )
    existing = task_of(activity)
    if existing is None:
        return TaskProposal(plan, None, wanted, ADD)
    changes = [
        (LABELS[name](), getattr(existing, name), value)
        for name, value in wanted.items()
        if getattr(existing, name) != value
    ]
    return TaskProposal(plan, existing, wanted, UPDATE if changes else SAME, changes)


@transaction.atomic
def activity_send_to_plan(*, actor, activity: CommsActivity) -> tuple[PlanTask, str]:
    """Add the activity's task to the plan, or update the one already there. Returns the task
    and what was done: ``add``, ``update`` or ``same`` (already there, nothing written)."""
    require_role(actor, activity.organization, Role.EDITOR)
    # One task, even if the button is pressed twice at once: the second waits, then finds it.
    activity = (
        CommsActivity.objects.for_org(activity.organization)
        .select_for_update()
        .select_related("initiative", "initiative__organization")
        .get(pk=activity.pk)
    )
    proposal = activity_task_proposal(activity)
    if proposal.problem:
        raise ValidationError(proposal.problem)
    if proposal.action == SAME:
        return proposal.existing, SAME
    if proposal.action == UPDATE:
        task = plan_services.task_update(actor=actor, task=proposal.existing, **proposal.fields)
        return task, UPDATE
    task = plan_services.task_create(actor=actor, plan=proposal.plan, **proposal.fields)
    audited_update(actor=actor, obj=activity, task=task, reason=_("Sent to the initiative's plan."))
    return task, ADD
