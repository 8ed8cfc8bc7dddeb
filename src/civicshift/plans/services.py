"""Write paths for plans: calendars, plans, tasks, links, baselines, risks, mitigation actions
and issues. Each checks the role, runs in one transaction and leaves its audit record; a
change that would make the plan impossible to schedule (a cycle of links) is refused and
nothing is written."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from civicshift.audit.services import audited_create, audited_delete, audited_update
from civicshift.core.schedule.model import ScheduleError
from civicshift.orgs.permissions import require_role
from civicshift.orgs.roles import Role

from . import selectors
from .models import (
    Baseline,
    Plan,
    PlanLink,
    PlanTask,
    RiskAction,
)


def _same_org(organization, **objects) -> None:
    for name, obj in objects.items():
        if obj is not None and obj.organization_id != organization.pk:
            raise ValidationError({name: _("Choose one of this organization's records.")})


def _same_plan(plan: Plan, **tasks) -> None:
    for name, task in tasks.items():
        if task is not None and task.plan_id != plan.pk:
            raise ValidationError({name: _("Choose a task of this plan.")})


# --- plans -----------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, actor, initiative, start, calendar=None, **fields) -> Plan:
    organization = initiative.organization
    require_role(actor, organization, Role.EDITOR)
    _same_org(organization, calendar=calendar)
    if selectors.plan_of(initiative) is not None:
        raise ValidationError(_("This initiative already has a plan."))
    from .services_calendars import ensure_default_calendar  # calendars import this module

    ensure_default_calendar(actor=actor, organization=organization)
    return audited_create(
        actor=actor,
        model=Plan,
        organization=organization,
        initiative=initiative,
        start=start,
        calendar=calendar,
        **fields,
    )


@transaction.atomic
def plan_update(*, actor, plan: Plan, expected_version=None, **fields) -> Plan:
    require_role(actor, plan.organization, Role.EDITOR)
    initiative = fields.pop("initiative", None)
    if initiative is not None and initiative.pk != plan.initiative_id:
        raise ValidationError({"initiative": _("A plan stays with its initiative.")})
    _same_org(plan.organization, calendar=fields.get("calendar"))
    plan = audited_update(actor=actor, obj=plan, expected_version=expected_version, **fields)
    check_schedulable(plan)
    return plan


@transaction.atomic
def plan_delete(*, actor, plan: Plan) -> None:
    """Delete a plan and, each with its own audit record, its links, tasks and baselines."""
    require_role(actor, plan.organization, Role.EDITOR)
    reason = _("Its plan was deleted.")
    for link in list(plan.links.all()):
        audited_delete(actor=actor, obj=link, reason=reason)
    for action in list(RiskAction.objects.for_org(plan.organization).filter(task__plan=plan)):
        audited_update(actor=actor, obj=action, task=None, reason=reason)
    for task in reversed(list(selectors.tasks_of(plan))):  # tasks before their phases
        audited_delete(actor=actor, obj=task, reason=reason)
    for baseline in list(plan.baselines.all()):
        audited_delete(actor=actor, obj=baseline, reason=reason)
    audited_delete(actor=actor, obj=plan)


def check_schedulable(plan: Plan) -> None:
    """Refuse (inside the caller's transaction, so nothing is kept) a plan the engine cannot
    schedule: a cycle of links, a calendar without working time, a duration out of range."""
    from civicshift.core.schedule.cpm import schedule

    try:
        schedule(selectors.project_of(plan))
    except ScheduleError as exc:
        raise ValidationError(
            exc.detail if not exc.where else f"{exc.where}: {exc.detail}"
        ) from exc


# --- tasks -----------------------------------------------------------------------------------


def _next_key(plan: Plan) -> str:
    numbers = [
        int(k)
        for k in PlanTask.objects.for_org(plan.organization)
        .filter(plan=plan)
        .values_list("key", flat=True)
        if k.isdigit()
    ]
    return str(max(numbers, default=0) + 1)


def _check_key(plan: Plan, key: str, exclude_pk=None) -> None:
    same = PlanTask.objects.for_org(plan.organization).filter(plan=plan, key=key)
    if exclude_pk:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise ValidationError({"key": _("Another task of this plan has this id.")})


def _place(plan: Plan, parent: PlanTask | None) -> int:
    """The position at the end of ``parent``'s tasks (or of the plan): after its last
    descendant. Later tasks move down by one."""
    tasks = list(selectors.tasks_of(plan).only("pk", "parent_id", "position"))
    if parent is None:
        return (tasks[-1].position + 1) if tasks else 0
    inside = {parent.pk}
    position = parent.position
    for t in tasks:
        if t.position > parent.position and t.parent_id in inside:
            inside.add(t.pk)
            position = t.position
    PlanTask.objects.for_org(plan.organization).filter(plan=plan, position__gt=position).update(
        position=F("position") + 1
    )
    return position + 1


@transaction.atomic
def task_create(*, actor, plan: Plan, key: str = "", parent: PlanTask | None = None, **fields):
    require_role(actor, plan.organization, Role.EDITOR)
    _same_plan(plan, parent=parent)
    _same_org(
        plan.organization, calendar=fields.get("calendar"), department=fields.get("department")
    )
    key = (key or "").strip() or _next_key(plan)
    _check_key(plan, key)
    task = audited_create(
        actor=actor,
        model=PlanTask,
        organization=plan.organization,
        plan=plan,
        key=key,
        parent=parent,
        position=fields.pop("position", None) or _place(plan, parent),
        **fields,
    )
    check_schedulable(plan)
    return task


@transaction.atomic
def task_update(*, actor, task: PlanTask, expected_version=None, **fields) -> PlanTask:
    plan = task.plan
    require_role(actor, plan.organization, Role.EDITOR)
    _same_plan(plan, parent=fields.get("parent"))
    _same_org(
        plan.organization, calendar=fields.get("calendar"), department=fields.get("department")
    )
    if "key" in fields:
        fields["key"] = (fields["key"] or "").strip() or task.key
        _check_key(plan, fields["key"], exclude_pk=task.pk)
    parent = fields.get("parent")
    while parent is not None:
        if parent.pk == task.pk:
            raise ValidationError({"parent": _("A task cannot be inside itself.")})
        parent = parent.parent
    task = audited_update(actor=actor, obj=task, expected_version=expected_version, **fields)
    check_schedulable(plan)
    return task


@transaction.atomic
def task_delete(*, actor, task: PlanTask) -> None:
    """Delete a task, the tasks inside it, and their links, each with its own audit record."""
    plan = task.plan
    require_role(actor, plan.organization, Role.EDITOR)
    reason = _("Its task was deleted.")
    doomed = [task]
    for t in selectors.tasks_of(plan):
        if t.parent_id in {d.pk for d in doomed}:
            doomed.append(t)
    pks = [d.pk for d in doomed]
    for link in list(
        PlanLink.objects.for_org(plan.organization).filter(plan=plan, predecessor__in=pks)
        | PlanLink.objects.for_org(plan.organization).filter(plan=plan, successor__in=pks)
    ):
        audited_delete(actor=actor, obj=link, reason=reason)
    for action in list(RiskAction.objects.for_org(plan.organization).filter(task__in=pks)):
        audited_update(actor=actor, obj=action, task=None, reason=reason)
    for t in reversed(doomed):
        audited_delete(actor=actor, obj=t, reason=reason if t is not task else "")


# --- links -----------------------------------------------------------------------------------


@transaction.atomic
def link_create(*, actor, plan: Plan, predecessor: PlanTask, successor: PlanTask, **fields):
    require_role(actor, plan.organization, Role.EDITOR)
    _same_plan(plan, predecessor=predecessor, successor=successor)
    link = audited_create(
        actor=actor,
        model=PlanLink,
        organization=plan.organization,
        plan=plan,
        predecessor=predecessor,
        successor=successor,
        **fields,
    )
    check_schedulable(plan)
    return link


@transaction.atomic
def link_update(*, actor, link: PlanLink, expected_version=None, **fields) -> PlanLink:
    require_role(actor, link.organization, Role.EDITOR)
    _same_plan(link.plan, predecessor=fields.get("predecessor"), successor=fields.get("successor"))
    link = audited_update(actor=actor, obj=link, expected_version=expected_version, **fields)
    check_schedulable(link.plan)
    return link


@transaction.atomic
def link_delete(*, actor, link: PlanLink) -> None:
    require_role(actor, link.organization, Role.EDITOR)
    audited_delete(actor=actor, obj=link)


@transaction.atomic
def task_set_predecessors(*, actor, task: PlanTask, links) -> None:
    """Make ``links`` — (predecessor, type, lag minutes, lag unit, lag percent) — the task's
    incoming links: new ones created, changed ones updated, missing ones removed, each
    audited; refused whole if the result cannot be scheduled."""
    plan = task.plan
    require_role(actor, plan.organization, Role.EDITOR)
    current = {
        link.predecessor_id: link
        for link in PlanLink.objects.for_org(plan.organization).filter(successor=task)
    }
    wanted = set()
    for predecessor, kind, minutes, unit, percent in links:
        _same_plan(plan, predecessor=predecessor)
        if predecessor.pk == task.pk:
            raise ValidationError({"after": _("A task cannot wait for itself.")})
        wanted.add(predecessor.pk)
        fields = {"type": kind, "lag_minutes": minutes, "lag_unit": unit, "lag_percent": percent}
        link = current.get(predecessor.pk)
        if link is None:
            audited_create(
                actor=actor,
                model=PlanLink,
                organization=plan.organization,
                plan=plan,
                predecessor=predecessor,
                successor=task,
                **fields,
            )
        else:
            audited_update(actor=actor, obj=link, **fields)
    for predecessor_pk, link in current.items():
        if predecessor_pk not in wanted:
            audited_delete(actor=actor, obj=link)
    check_schedulable(plan)


# --- baselines -------------------------------------------------------------------------------


@transaction.atomic
def baseline_save(*, actor, plan: Plan, name: str = "") -> Baseline:
    """Keep today's schedule to measure variance against: every task's start, finish,
    duration and cost."""
    from civicshift.core.schedule.cpm import schedule

    require_role(actor, plan.organization, Role.EDITOR)
    tasks = list(selectors.tasks_of(plan))
    project = selectors.project_of(plan, tasks=tasks)
    result = schedule(project)
    snapshot = {}
    for t in tasks:
        dates = result.tasks.get(t.key)
        if dates is None:
            continue
        snapshot[t.key] = {
            "start": dates.start.isoformat(),
            "finish": dates.finish.isoformat(),
            "duration_minutes": t.duration_minutes,
            "cost": str(t.cost),
        }
    count = Baseline.objects.for_org(plan.organization).filter(plan=plan).count()
    return audited_create(
        actor=actor,
        model=Baseline,
        organization=plan.organization,
        plan=plan,
        name=(name or "").strip() or _("Baseline %(n)s") % {"n": count + 1},
        saved_by=actor,
        tasks=snapshot,
        project_finish=result.project_finish,
    )


@transaction.atomic
def baseline_delete(*, actor, baseline: Baseline) -> None:
    require_role(actor, baseline.organization, Role.EDITOR)
    audited_delete(actor=actor, obj=baseline)
