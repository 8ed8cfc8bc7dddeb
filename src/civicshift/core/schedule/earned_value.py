"""Earned value at a status date: planned value, earned value, actual cost and what follows.

Method (PMBOK Guide 6th ed., PMI 2017, §7.4.2.2 and Table 7-1, "Earned Value Calculations
Summary Table"):

    PV   planned value: the budget of the work the baseline says is done by the status date
    EV   earned value = Σ task budget × % complete (BAC × % complete, task by task)
    AC   actual cost = Σ the tasks' actual costs
    SV = EV − PV          SPI = EV / PV
    CV = EV − AC          CPI = EV / AC
    EAC = BAC / CPI (the "typical" forecast: today's cost efficiency continues)
    ETC = EAC − AC        VAC = BAC − EAC       TCPI = (BAC − EV) / (BAC − AC)

**PV's rule.** Each task's budget (``Task.cost``) is spread linearly over its *baseline*
working time (``baseline_start`` → ``baseline_finish`` on the task's calendar): PV = cost ×
working minutes of the baseline elapsed at the status date ÷ the baseline's working minutes.
A milestone, or a task whose baseline holds no working time, is all-or-nothing at its
baseline finish. Tasks without baseline dates fall back on the schedule's start and finish
when a schedule is given (said in ``fallback``), otherwise they add nothing to PV and are
listed in ``unplanned``. This is Microsoft Project's reading of BCWS for a task with a flat
cost over its duration.

Summary tasks are left out (their children carry the budget), as are inactive tasks. Ratios
are None when their denominator is zero (no PV yet, no cost spent), never infinity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from civicshift.core.schedule.model import Calendar, Project, Schedule, Task, WorkingPeriod

__all__ = ["EarnedValue", "TaskEarnedValue", "earned_value", "working_minutes"]


def _periods(calendar: Calendar, day: date) -> tuple[WorkingPeriod, ...]:
    for exc in calendar.exceptions:
        if exc.start <= day <= exc.finish:
            return exc.periods
    for ww in calendar.work_weeks:
        if ww.start <= day <= ww.finish and ww.week[day.weekday()] is not None:
            return ww.week[day.weekday()]  # type: ignore[return-value]
    return calendar.week[day.weekday()]


def working_minutes(calendar: Calendar, start: datetime, end: datetime) -> int:
    """Working minutes of ``calendar`` between two date-times (negative when ``end`` is
    before ``start``). Walks the days between them: bounded by the span, not the plan."""
    if end < start:
        return -working_minutes(calendar, end, start)
    total = 0
    day = start.date()
    while day <= end.date():
        midnight = datetime.combine(day, datetime.min.time())
        lo = (start - midnight).total_seconds() // 60 if day == start.date() else 0
        hi = (end - midnight).total_seconds() // 60 if day == end.date() else 1440
        for p in _periods(calendar, day):
            total += max(0, min(p.end, hi) - max(p.start, lo))
        day += timedelta(days=1)
    return int(total)


@dataclass(frozen=True)
class TaskEarnedValue:
    task_id: str
    budget: float
    planned_percent: float  # 0–100, by the linear rule
    pv: float
    ev: float
    ac: float


@dataclass(frozen=True)
class EarnedValue:
    status_date: datetime
    bac: float
    pv: float
    ev: float
    ac: float
    sv: float
    cv: float
    spi: float | None
    cpi: float | None
    eac: float | None
    etc: float | None
    vac: float | None
    tcpi: float | None
    tasks: tuple[TaskEarnedValue, ...]
    unplanned: tuple[str, ...] = ()  # budgeted tasks with no baseline (and no schedule) dates
    fallback: tuple[str, ...] = ()  # tasks planned from the schedule, not a baseline


def _ratio(a: float, b: float) -> float | None:
    return a / b if b else None


def _planned_fraction(calendar: Calendar, start: datetime, finish: datetime, at: datetime) -> float:
    if at >= finish:
        return 1.0
    if at <= start:
        return 0.0
    span = working_minutes(calendar, start, finish)
    if span <= 0:
        return 0.0  # no working time in the baseline: all at its finish, not reached
    return min(1.0, working_minutes(calendar, start, at) / span)


def _leaves(project: Project) -> list[Task]:
    return [t for t in project.tasks if t.active and not t.summary]


def earned_value(
    project: Project, *, status_date: datetime | None = None, schedule: Schedule | None = None
) -> EarnedValue:
    """Earned value of ``project`` at ``status_date`` (default: the project's status date)."""
    at = status_date or project.status_date
    if at is None:
        raise ValueError("earned value needs a status date (none given, none on the project)")
    rows: list[TaskEarnedValue] = []
    unplanned: list[str] = []
    fallback: list[str] = []
    for task in _leaves(project):
        if not 0 <= task.percent_complete <= 100:
            raise ValueError(
                f"task {task.id} ({task.name!r}): percent complete must be 0–100 "
                f"(got {task.percent_complete:g})"
            )
        start, finish = task.baseline_start, task.baseline_finish
        if (start is None or finish is None) and schedule is not None and task.id in schedule.tasks:
            ts = schedule.tasks[task.id]
            start, finish = ts.start, ts.finish
            fallback.append(task.id)
        if start is None or finish is None:
            fraction = 0.0
            if task.cost:
                unplanned.append(task.id)
        else:
            fraction = _planned_fraction(project.calendar(task.calendar_id), start, finish, at)
        ac = task.actual_cost or 0.0
        rows.append(
            TaskEarnedValue(
                task.id,
                task.cost,
                fraction * 100,
                task.cost * fraction,
                task.cost * task.percent_complete / 100,
                ac,
            )
        )
    bac = sum(r.budget for r in rows)
    pv = sum(r.pv for r in rows)
    ev = sum(r.ev for r in rows)
    ac = sum(r.ac for r in rows)
    cpi = _ratio(ev, ac)
    eac = _ratio(bac, cpi) if cpi else None
    return EarnedValue(
        status_date=at,
        bac=bac,
        pv=pv,
        ev=ev,
        ac=ac,
        sv=ev - pv,
        cv=ev - ac,
        spi=_ratio(ev, pv),
        cpi=cpi,
        eac=eac,
        etc=None if eac is None else eac - ac,
        vac=None if eac is None else bac - eac,
        tcpi=_ratio(bac - ev, bac - ac),
        tasks=tuple(rows),
        unplanned=tuple(unplanned),
        fallback=tuple(fallback),
    )
