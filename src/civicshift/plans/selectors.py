"""Reads for the plan module: organization-scoped querysets, and a plan as the scheduling
engine's ``Project`` (``project_of``)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from civicshift.core.schedule import model as sm

from .models import STANDARD_WEEK, Plan, PlanLink, PlanTask, Risk, WorkCalendar

ELAPSED_UNITS = {"em", "eh", "ed", "ew", "emo"}


def calendars_for(organization) -> QuerySet[WorkCalendar]:
    return WorkCalendar.objects.for_org(organization).prefetch_related("exceptions")


def default_calendar(organization) -> WorkCalendar | None:
    return calendars_for(organization).filter(is_default=True).first()


def plan_of(initiative) -> Plan | None:
    return Plan.objects.for_org(initiative.organization).filter(initiative=initiative).first()


def tasks_of(plan: Plan) -> QuerySet[PlanTask]:
    return PlanTask.objects.for_org(plan.organization).filter(plan=plan).order_by("position", "id")


def links_of(plan: Plan) -> QuerySet[PlanLink]:
    return (
        PlanLink.objects.for_org(plan.organization)
        .filter(plan=plan)
        .select_related("predecessor", "successor")
    )


def risks_for(organization, initiative=None) -> QuerySet[Risk]:
    risks = Risk.objects.for_org(organization).select_related("owner", "initiative")
    if initiative is not None:
        risks = risks.filter(initiative=initiative)
    return risks.prefetch_related("tasks", Prefetch("actions"), "issues")


def _periods(raw) -> tuple[sm.WorkingPeriod, ...]:
    return tuple(sm.WorkingPeriod(int(a), int(b)) for a, b in raw)


def calendar_model(calendar: WorkCalendar | None) -> sm.Calendar:
    """A stored calendar as the engine's (no calendar at all: Project's Standard)."""
    if calendar is None:
        return sm.Calendar("standard", "Standard", week=tuple(_periods(d) for d in STANDARD_WEEK))
    return sm.Calendar(
        id=str(calendar.pk),
        name=calendar.name,
        week=tuple(_periods(day) for day in calendar.week),
        exceptions=tuple(
            sm.CalendarException(e.start, e.finish, _periods(e.periods), e.name)
            for e in calendar.exceptions.all()
        ),
    )


def _duration(minutes: int, unit: str) -> sm.Duration:
    return sm.Duration(int(minutes), elapsed=unit in ELAPSED_UNITS, unit=unit)


def project_of(plan: Plan, *, tasks=None, links=None, baseline=None) -> sm.Project:
    """The plan as the engine's ``Project``: task ids are the tasks' keys, calendars the
    plan's, the task calendars' and the default; with ``baseline``, each task's baseline
    start, finish and duration from it (for the health check and earned value)."""
    from datetime import datetime

    saved = baseline.tasks if baseline is not None else {}
    tasks = list(tasks_of(plan).select_related("calendar") if tasks is None else tasks)
    links = list(links_of(plan) if links is None else links)
    plan_calendar = plan.calendar or default_calendar(plan.organization)
    calendars = {"": calendar_model(plan_calendar)}
    wanted = {t.calendar_id for t in tasks if t.calendar_id} - {getattr(plan_calendar, "pk", None)}
    if wanted:
        for cal in calendars_for(plan.organization).filter(pk__in=wanted):
            calendars[str(cal.pk)] = calendar_model(cal)
    parents = {t.parent_id for t in tasks if t.parent_id}
    depth: dict[int, int] = {}
    by_pk = {t.pk: t for t in tasks}
    for t in tasks:  # outline order: a phase comes before its tasks
        depth[t.pk] = depth.get(t.parent_id, 0) + 1 if t.parent_id in by_pk else 1
    model_tasks = []
    for t in tasks:
        estimate = None
        if t.optimistic_minutes is not None and t.pessimistic_minutes is not None:
            estimate = sm.ThreePoint(
                _duration(t.optimistic_minutes, t.duration_unit),
                _duration(t.duration_minutes, t.duration_unit),
                _duration(t.pessimistic_minutes, t.duration_unit),
                distribution=t.distribution,
            )
        model_tasks.append(
            sm.Task(
                id=t.key,
                name=t.name,
                duration=_duration(t.duration_minutes, t.duration_unit),
                outline_level=depth[t.pk],
                wbs=t.wbs,
                summary=t.pk in parents,
                milestone=t.milestone,
                constraint=sm.ConstraintType(t.constraint),
                constraint_date=t.constraint_date,
                deadline=t.deadline,
                calendar_id=str(t.calendar_id) if t.calendar_id else None,
                percent_complete=float(t.percent_complete),
                actual_start=t.actual_start,
                actual_finish=t.actual_finish,
                estimate=estimate,
                owner=t.owner,
                cost=float(t.cost),
                actual_cost=None if t.actual_cost is None else float(t.actual_cost),
                active=t.active,
                notes=t.notes,
                **(
                    {
                        "baseline_start": datetime.fromisoformat(saved[t.key]["start"]),
                        "baseline_finish": datetime.fromisoformat(saved[t.key]["finish"]),
                        "baseline_duration": sm.Duration(saved[t.key]["duration_minutes"]),
                    }
                    if t.key in saved
                    else {}
                ),
            )
        )
    model_links = tuple(
        sm.Link(
            predecessor=link.predecessor.key,
            successor=link.successor.key,
            type=sm.LinkType(link.type),
            lag=sm.Lag(
                minutes=link.lag_minutes,
                elapsed=link.lag_unit in ELAPSED_UNITS,
                percent=None if link.lag_percent is None else float(link.lag_percent),
                unit=link.lag_unit,
            ),
        )
        for link in links
    )
    project_cal = calendars.pop("")
    return sm.Project(
        title=plan.initiative.title,
        start=plan.start,
        tasks=tuple(model_tasks),
        links=model_links,
        calendars=(project_cal, *calendars.values()),
        calendar_id=project_cal.id,
        minutes_per_day=plan.minutes_per_day,
        minutes_per_week=plan.minutes_per_week,
        days_per_month=plan.days_per_month,
        critical_slack_limit_days=plan.critical_slack_limit_days,
        honor_constraints=plan.honor_constraints,
        status_date=plan.status_date,
    )
