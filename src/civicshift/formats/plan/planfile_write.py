"""``model.Project`` → the project's own plan file (YAML), the inverse of ``planfile``.

Reading what this writes gives the same ``Project`` (tests check it): the project calendar is
written as ``calendar:``, the others as ``calendars:``; a derived calendar keeps ``based_on``
and writes only what it overrides (``calendar_parts.own_part``); every exception is written
under ``exceptions:`` (in lookup order); the outline as ``parent:``; defaults are left out.
Durations are written in their own unit (``unit``), falling back to minutes when that unit
cannot show the exact number of minutes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import yaml

from civicshift.core.schedule.model import (
    STANDARD_WEEK,
    Calendar,
    ConstraintType,
    LinkType,
    Project,
    Task,
    WorkingPeriod,
)
from civicshift.formats.plan.calendar_parts import own_part
from civicshift.formats.plan.planfile import DAYS, DEFAULT_CALENDAR_ID
from civicshift.formats.plan.units import format_duration_text, format_lag_text

__all__ = ["plan_to_data", "write_plan_file"]


def _when(value: datetime) -> str:
    return value.isoformat(timespec="minutes")


def _amount(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _hours(periods: tuple[WorkingPeriod, ...]) -> list[str]:
    def hhmm(m: int) -> str:
        return f"{m // 60:02d}:{m % 60:02d}"

    return [f"{hhmm(p.start)}-{hhmm(p.end)}" for p in periods]


def _calendar(calendar: Calendar, project: Project) -> dict[str, Any]:
    part = own_part(calendar, project.calendars)
    out: dict[str, Any] = {"id": calendar.id, "name": calendar.name}
    if part.base is not None:
        out["based_on"] = part.base.id
        week = part.week
    else:
        week = {d: p for d, p in part.week.items() if p != STANDARD_WEEK[d]}
    if week:
        out["week"] = {DAYS[d]: _hours(p) for d, p in sorted(week.items())}
    if part.exceptions:
        items = []
        for exc in part.exceptions:
            item: dict[str, Any] = {"from": exc.start.isoformat()}
            if exc.finish != exc.start:
                item["to"] = exc.finish.isoformat()
            if exc.name:
                item["name"] = exc.name
            if exc.periods:
                item["hours"] = _hours(exc.periods)
            items.append(item)
        out["exceptions"] = items
    if part.work_weeks:
        out["work_weeks"] = [
            {
                "from": ww.start.isoformat(),
                "to": ww.finish.isoformat(),
                **({"name": ww.name} if ww.name else {}),
                "week": {DAYS[d]: _hours(p) for d, p in enumerate(ww.week) if p is not None},
            }
            for ww in part.work_weeks
        ]
    return out


def _task(task: Task, parent: str | None, project: Project, after: list) -> dict[str, Any]:
    units = {
        "minutes_per_day": project.minutes_per_day,
        "minutes_per_week": project.minutes_per_week,
        "days_per_month": project.days_per_month,
    }
    out: dict[str, Any] = {"id": task.id, "name": task.name}
    if parent is not None:
        out["parent"] = parent
    if task.wbs:
        out["wbs"] = task.wbs
    if task.estimate is not None:
        est = task.estimate
        out["duration"] = {
            "optimistic": format_duration_text(est.optimistic, **units),
            "likely": format_duration_text(est.likely, **units),
            "pessimistic": format_duration_text(est.pessimistic, **units),
        }
        if est.distribution != "pert":
            out["duration"]["distribution"] = est.distribution
    elif not (task.summary and task.duration.minutes == 0):
        out["duration"] = format_duration_text(task.duration, **units)
    if after:
        out["after"] = after
    if task.milestone is not None:
        out["milestone"] = task.milestone
    if task.constraint is not ConstraintType.ASAP:
        out["constraint"] = {"type": task.constraint.value}
        if task.constraint_date is not None:
            out["constraint"]["date"] = _when(task.constraint_date)
    if task.deadline is not None:
        out["deadline"] = _when(task.deadline)
    if task.calendar_id is not None:
        out["calendar"] = task.calendar_id
    if task.percent_complete:
        out["percent_complete"] = _amount(task.percent_complete)
    for field in ("actual_start", "actual_finish"):
        if getattr(task, field) is not None:
            out[field] = _when(getattr(task, field))
    if task.owner:
        out["owner"] = task.owner
    if task.cost:
        out["cost"] = _amount(task.cost)
    if task.actual_cost is not None:
        out["actual_cost"] = _amount(task.actual_cost)
    baseline: dict[str, Any] = {}
    if task.baseline_start is not None:
        baseline["start"] = _when(task.baseline_start)
    if task.baseline_finish is not None:
        baseline["finish"] = _when(task.baseline_finish)
    if task.baseline_duration is not None:
        baseline["duration"] = format_duration_text(task.baseline_duration, **units)
    if baseline:
        out["baseline"] = baseline
    if not task.active:
        out["active"] = False
    if task.manual:
        dates = {}
        if task.manual_start is not None:
            dates["start"] = _when(task.manual_start)
        if task.manual_finish is not None:
            dates["finish"] = _when(task.manual_finish)
        out["manual"] = dates or True
    if task.notes:
        out["notes"] = task.notes
    return out


def plan_to_data(project: Project) -> dict[str, Any]:
    """The plan file's data for ``project`` (dicts, lists and text)."""
    units = {
        "minutes_per_day": project.minutes_per_day,
        "minutes_per_week": project.minutes_per_week,
        "days_per_month": project.days_per_month,
    }
    data: dict[str, Any] = {"title": project.title, "start": _when(project.start)}
    if project.finish is not None:
        data["finish"] = _when(project.finish)
    if project.status_date is not None:
        data["status_date"] = _when(project.status_date)
    if project.currency != "USD":
        data["currency"] = project.currency
    settings: dict[str, Any] = {}
    for key, default in (
        ("minutes_per_day", 480),
        ("minutes_per_week", 2400),
        ("days_per_month", 20),
    ):
        if units[key] != default:
            settings[key] = units[key]
    if project.critical_slack_limit_days:
        settings["critical_slack_days"] = project.critical_slack_limit_days
    if not project.honor_constraints:
        settings["honor_constraints"] = False
    if project.multiple_critical_paths:
        settings["multiple_critical_paths"] = True
    if settings:
        data["settings"] = settings
    main = project.calendar()
    main_data = _calendar(main, project)
    if main_data != {"id": DEFAULT_CALENDAR_ID, "name": "Standard"}:
        data["calendar"] = main_data
    others = [_calendar(c, project) for c in project.calendars if c.id != main.id]
    if others:
        data["calendars"] = others
    after: dict[str, list] = {}
    for link in project.links:
        if link.type is LinkType.FS and link.lag.minutes == 0 and link.lag.percent is None:
            item: Any = link.predecessor
        else:
            item = {"task": link.predecessor, "type": link.type.value}
            if link.lag.minutes or link.lag.percent is not None:
                item["lag"] = format_lag_text(link.lag, **units)
        after.setdefault(link.successor, []).append(item)
    parents: list[tuple[int, str]] = []  # the open phases: (outline level, id)
    tasks = []
    for task in project.tasks:
        while parents and parents[-1][0] >= task.outline_level:
            parents.pop()
        parent = parents[-1][1] if parents else None
        tasks.append(_task(task, parent, project, after.get(task.id, [])))
        parents.append((task.outline_level, task.id))
    data["tasks"] = tasks
    return data


def write_plan_file(project: Project) -> str:
    """The plan as YAML text."""
    return yaml.safe_dump(
        plan_to_data(project),
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=None,
        width=100,
    )
