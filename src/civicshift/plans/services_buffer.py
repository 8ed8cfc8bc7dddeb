"""The risks' schedule buffer as a task of the plan (issue 9, item 7: the register's exposure
"becomes a contingency reserve ... and a schedule buffer").

The buffer is one task, *Schedule contingency buffer*, placed just before the plan's final
milestone: the milestone's predecessors come before the buffer and the buffer before the
milestone (finish-to-start), so the promised end date carries the time kept in hand. Its length
comes from one of two figures the plan module already computes, never from a third:

* ``simulation`` — the latest schedule-risk simulation of the plan as it is now
  (``simulation_job.latest_simulation``): P80 minus the deterministic finish (both before the
  responses), converted to working days on the plan's calendar. This is the usual way to size a
  schedule reserve (AACE International Recommended Practice 57R-09, *Integrated Cost and
  Schedule Risk Analysis*: contingency = the chosen percentile minus the deterministic plan);
* ``register`` — the register's expected delay of the open risks, Σ probability × mean delay
  (``risk_summary.register_summary(...).buffer_days``), what the register page shows as the
  schedule buffer.

Days are rounded up to whole working days. Adding it again updates the buffer's duration (and
moves any new predecessor of the milestone in front of the buffer) instead of adding another.
``schedule_buffer_proposal`` says what would be done; ``schedule_buffer_apply`` does it in one
transaction, each task and link change audited, refused whole if the plan cannot be scheduled.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicshift.audit.services import audited_create, audited_delete, audited_update
from civicshift.orgs.permissions import require_role
from civicshift.orgs.roles import Role

from . import selectors
from .models import Plan, PlanLink, PlanTask
from .models.choices import DurationUnit, LinkType

BASES = {
    "simulation": gettext_lazy("P80 of the latest schedule-risk simulation − the planned finish"),
    "register": gettext_lazy("The register's expected delay (Σ probability × mean delay)"),
}


@dataclass(frozen=True)
class BufferProposal:
    """What adding the buffer would do. ``days`` is None when the chosen basis has no figure."""

    basis: str
    figures: dict  # basis → working days (float) or None when there is nothing to base it on
    days: int | None  # whole working days the buffer would last
    milestone: PlanTask | None  # the final milestone the buffer goes before
    before: list[PlanTask]  # the tasks that will come before the buffer
    existing: PlanTask | None  # the buffer already in the plan, if any
    problem: str  # why it cannot be added, or ""


def buffer_of(plan: Plan) -> PlanTask | None:
    return selectors.tasks_of(plan).filter(schedule_buffer=True).first()


def _simulation_days(plan: Plan, project) -> float | None:
    from datetime import datetime

    from civicshift.core.schedule.calendar import working_minutes_between

    from .simulation_job import latest_simulation

    result = latest_simulation(plan)
    if not result or not result.get("deterministic"):
        return None
    planned = datetime.fromisoformat(result["deterministic"])
    p80 = datetime.fromisoformat(result["before"]["p80"])
    if p80 <= planned:
        return 0.0
    return working_minutes_between(project.calendar(), planned, p80) / plan.minutes_per_day


def _register_days(plan: Plan) -> float:
    from .risk_summary import register_summary

    risks = list(
        selectors.risks_for(plan.organization, plan.initiative).filter(initiative=plan.initiative)
    )
    return register_summary(risks).buffer_days


def final_milestone(plan: Plan, tasks=None) -> PlanTask | None:
    """The active milestone (not a phase, not the buffer) that finishes last in the computed
    schedule; of several on the same date, the last in the outline."""
    from civicshift.core.schedule.cpm import schedule

    tasks = list(selectors.tasks_of(plan) if tasks is None else tasks)
    project = selectors.project_of(plan, tasks=tasks)
    result = schedule(project)
    model = {t.id: t for t in project.tasks}
    best = None
    for task in tasks:
        core = model[task.key]
        if task.schedule_buffer or core.summary or not core.is_milestone or not task.active:
            continue
        finish = result.tasks[task.key].finish
        if best is None or finish >= best[0]:
            best = (finish, task)
    return None if best is None else best[1]


def schedule_buffer_proposal(plan: Plan, basis: str | None = None) -> BufferProposal:
    """What the buffer would be, from ``basis`` (default: the simulation when there is a
    current one, else the register)."""
    tasks = list(selectors.tasks_of(plan).select_related("calendar"))
    project = selectors.project_of(plan, tasks=tasks)
    figures = {"simulation": _simulation_days(plan, project), "register": _register_days(plan)}
    if basis not in BASES:
        basis = "simulation" if figures["simulation"] is not None else "register"
    existing = next((t for t in tasks if t.schedule_buffer), None)
    milestone = final_milestone(plan, tasks)
    raw = figures[basis]
    days = None if raw is None else math.ceil(round(raw, 6))
    problem = ""
    before: list[PlanTask] = []
    if milestone is None:
        problem = _(
            "This plan has no milestone to end it, so there is nowhere to put the buffer. Add a "
            "milestone (a task of 0 days, such as “Go-live”) after the last task, then add the "
            "buffer."
        )
    else:
        incoming = PlanLink.objects.for_org(plan.organization).filter(successor=milestone)
        before = [link.predecessor for link in incoming.select_related("predecessor")]
        if existing is not None:
            already = PlanLink.objects.for_org(plan.organization).filter(successor=existing)
            before = [p for p in before if p.pk != existing.pk] + [
                link.predecessor for link in already.select_related("predecessor")
            ]
        before = sorted({t.pk: t for t in before}.values(), key=lambda t: t.position)
    if not problem and raw is None:
        problem = _(
            "There is no schedule-risk simulation of the plan as it is now: run the simulation "
            "first, or base the buffer on the register's expected delay."
        )
    elif not problem and not days:
        problem = _(
            "The figure is 0 working days: the risks do not delay the finish, so there is no "
            "buffer to add."
        )
    return BufferProposal(basis, figures, days, milestone, before, existing, problem)


@transaction.atomic
def schedule_buffer_apply(*, actor, plan: Plan, basis: str | None = None) -> PlanTask:
    """Add the buffer before the final milestone, or update the one already there."""
    from .services import check_schedulable

    organization = plan.organization
    require_role(actor, organization, Role.EDITOR)
    Plan.objects.select_for_update().filter(pk=plan.pk).first()  # one buffer, even if clicked twice
    proposal = schedule_buffer_proposal(plan, basis)
    if proposal.problem:
        raise ValidationError(proposal.problem)
    milestone = proposal.milestone
    minutes = proposal.days * plan.minutes_per_day
    notes = _("%(days)s working days: %(basis)s.") % {
        "days": proposal.days,
        "basis": BASES[proposal.basis],
    }
    buffer = proposal.existing
    if buffer is None:
        position = milestone.position
        selectors.tasks_of(plan).filter(position__gte=position).update(position=F("position") + 1)
        from .services import _next_key

        buffer = audited_create(
            actor=actor,
            model=PlanTask,
            organization=organization,
            plan=plan,
            key=_next_key(plan),
            parent=milestone.parent,
            position=position,
            name=_("Schedule contingency buffer"),
            duration_minutes=minutes,
            duration_unit=DurationUnit.DAYS,
            milestone=False,
            notes=notes,
            schedule_buffer=True,
        )
    elif buffer.duration_minutes != minutes or buffer.notes != notes or not buffer.active:
        buffer = audited_update(
            actor=actor, obj=buffer, duration_minutes=minutes, notes=notes, active=True
        )
    links = PlanLink.objects.for_org(organization)
    into_buffer = set(links.filter(successor=buffer).values_list("predecessor_id", flat=True))
    reason = _("Moved in front of the schedule contingency buffer.")
    for link in list(links.filter(successor=milestone).exclude(predecessor=buffer)):
        if link.predecessor_id in into_buffer:
            audited_delete(actor=actor, obj=link, reason=reason)
        else:
            audited_update(actor=actor, obj=link, successor=buffer, reason=reason)
            into_buffer.add(link.predecessor_id)
    if not links.filter(predecessor=buffer, successor=milestone).exists():
        audited_create(
            actor=actor,
            model=PlanLink,
            organization=organization,
            plan=plan,
            predecessor=buffer,
            successor=milestone,
            type=LinkType.FS,
        )
    check_schedulable(plan)
    return buffer
