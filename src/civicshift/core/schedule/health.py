"""Schedule health: the DCMA 14-point assessment of a plan and its computed schedule.

Source: Defense Contract Management Agency, *Earned Value Management System (EVMS) Program
Analysis Pamphlet (PAP)*, DCMA-EA PAM 200.1, October 2012, section 4.2 "14 Point Schedule
Metrics". Its thresholds, as applied here:

====  =======================  ======================================================  ========
 #    check                    measure                                                 pass
====  =======================  ======================================================  ========
 1    Logic                    incomplete tasks missing a predecessor or successor     ≤ 5 %
 2    Leads                    relationships with a negative lag                       0 %
 3    Lags                     relationships with a positive lag                       ≤ 5 %
 4    Relationship types       finish-to-start relationships                           ≥ 90 %
 5    Hard constraints         incomplete tasks with MSO, MFO, SNLT or FNLT            ≤ 5 %
 6    High float               incomplete tasks with total float > 44 working days     ≤ 5 %
 7    Negative float           incomplete tasks with total float < 0                   0 %
 8    High duration            incomplete tasks, baseline duration > 44 working days   ≤ 5 %
 9    Invalid dates            forecast before, or actual after, the status date       0 %
10    Resources                tasks of ≥ 1 day with no cost or owner                  (info)
11    Missed tasks             baselined to finish by the status date, finished late   ≤ 5 %
                               or not at all
12    Critical path test       600 working days added to a critical task move the      yes
                               project finish by as much
13    CPLI                     (critical path length + total float) / CPL              ≥ 0.95
14    BEI                      tasks completed / tasks baselined to be complete         ≥ 0.95
====  =======================  ======================================================  ========

Populations, said once. "Tasks" are active, non-summary tasks; "incomplete" ones have neither an
actual finish nor 100 % complete. In check 1 the plan's single start milestone (no predecessor)
and single finish milestone (no successor) are not missing logic: they are the network's two
ends, which schedulers exclude (the pamphlet's count would fail every plan of fewer than 40
tasks for having a start and a finish). Relationships (2–4) are the links into an incomplete
task. Working days convert with the project's ``minutes_per_day``, as floats and durations are
stored in working minutes. The pamphlet gives check 10 no threshold; here it passes when no task
lacks both a cost and an owner, and is not assessed when no task has either. Check 13's total
float is the working time between the forecast finish and the baseline finish (the project's
promised ``finish``, else the latest baseline finish); its length runs from the status date (the
project start when there is none). Checks needing a status date (9, 11, 13, 14), a baseline (8
falls back on the current duration; 11, 13, 14 need baseline dates) or the scheduling engine
(12) are reported as not assessed (``passed`` None) with the reason, never as passed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from civicshift.core.schedule.earned_value import working_minutes
from civicshift.core.schedule.model import (
    ConstraintType,
    Duration,
    LinkType,
    Project,
    Schedule,
    ScheduleError,
    Task,
)

__all__ = ["HARD_CONSTRAINTS", "HealthCheck", "HealthReport", "health_check"]

HARD_CONSTRAINTS = frozenset(
    {ConstraintType.MSO, ConstraintType.MFO, ConstraintType.SNLT, ConstraintType.FNLT}
)
HIGH_DAYS = 44
CRITICAL_PATH_TEST_DAYS = 600
Scheduler = Callable[[Project], Schedule]


@dataclass(frozen=True)
class HealthCheck:
    number: int
    key: str
    name: str
    threshold: str  # as the pamphlet states it, e.g. "≤ 5 %"
    value: float | None  # a percentage (unit "%") or an index; None when not assessed
    unit: str
    passed: bool | None  # None: not assessed (see ``detail``)
    task_ids: tuple[str, ...]  # the tasks that fail it
    count: int = 0  # how many fail
    population: int = 0  # out of how many
    detail: str = ""


@dataclass(frozen=True)
class HealthReport:
    status_date: datetime | None
    checks: tuple[HealthCheck, ...]

    def get(self, key: str) -> HealthCheck:
        return next(c for c in self.checks if c.key == key)

    @property
    def failed(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.checks if c.passed is False)


def _done(task: Task) -> bool:
    return task.actual_finish is not None or task.percent_complete >= 100


def _share(
    number: int,
    key: str,
    name: str,
    failing: list[str],
    population: int,
    limit: float,
    *,
    at_least: bool = False,
    detail: str = "",
) -> HealthCheck:
    """A percentage check: failing / population against ``limit`` percent."""
    if population == 0:
        return HealthCheck(
            number,
            key,
            name,
            _limit_text(limit, at_least),
            None,
            "%",
            None,
            (),
            0,
            0,
            detail or "nothing to count",
        )
    count = population - len(failing) if at_least else len(failing)
    value = 100 * count / population
    passed = value >= limit if at_least else value <= limit
    return HealthCheck(
        number,
        key,
        name,
        _limit_text(limit, at_least),
        value,
        "%",
        passed,
        tuple(failing),
        len(failing),
        population,
        detail,
    )


def _limit_text(limit: float, at_least: bool) -> str:
    if at_least:
        return f"≥ {limit:g} %"
    return "0 %" if limit == 0 else f"≤ {limit:g} %"


def _not_assessed(number: int, key: str, name: str, threshold: str, why: str, unit: str = "%"):
    return HealthCheck(number, key, name, threshold, None, unit, None, (), detail=why)


def _default_scheduler() -> Scheduler | None:
    try:
        from civicshift.core.schedule.cpm import schedule  # the engine, when installed
    except ImportError:
        return None
    return schedule


def health_check(
    project: Project,
    schedule: Schedule,
    *,
    status_date: datetime | None = None,
    scheduler: Scheduler | None = None,
    critical_path_test: bool = True,
) -> HealthReport:
    """The fourteen checks of ``project`` as scheduled in ``schedule``. ``scheduler`` (default:
    ``civicshift.core.schedule.cpm.schedule``) reschedules the plan for the critical path test;
    ``critical_path_test=False`` leaves that check out (not assessed), e.g. on every keystroke."""
    at = status_date or project.status_date
    mpd = project.minutes_per_day
    high = HIGH_DAYS * mpd
    tasks = [t for t in project.tasks if t.active and not t.summary]
    open_tasks = [t for t in tasks if not _done(t)]
    open_ids = {t.id for t in open_tasks}
    preds: dict[str, int] = {}
    succs: dict[str, int] = {}
    for link in project.links:
        succs[link.predecessor] = succs.get(link.predecessor, 0) + 1
        preds[link.successor] = preds.get(link.successor, 0) + 1
    rels = [lk for lk in project.links if lk.successor in open_ids]
    # The plan's one start milestone (no predecessor) and one finish milestone (no
    # successor) are its ends, not missing logic.
    starts = [t.id for t in tasks if t.is_milestone and not preds.get(t.id) and succs.get(t.id)]
    ends = [t.id for t in tasks if t.is_milestone and preds.get(t.id) and not succs.get(t.id)]
    ends_ok = set(starts if len(starts) == 1 else ()) | set(ends if len(ends) == 1 else ())

    def lag_sign(lk) -> int:
        value = lk.lag.percent if lk.lag.percent is not None else lk.lag.minutes
        return (value > 0) - (value < 0)

    def ts(tid: str):
        return schedule.tasks.get(tid)

    checks = [
        _share(
            1,
            "logic",
            "Missing logic",
            [
                t.id
                for t in open_tasks
                if t.id not in ends_ok and (not preds.get(t.id) or not succs.get(t.id))
            ],
            len(open_tasks),
            5,
        ),
        _share(
            2, "leads", "Leads", [lk.successor for lk in rels if lag_sign(lk) < 0], len(rels), 0
        ),
        _share(3, "lags", "Lags", [lk.successor for lk in rels if lag_sign(lk) > 0], len(rels), 5),
        _share(
            4,
            "relationship_types",
            "Relationship types (finish-to-start)",
            [lk.successor for lk in rels if lk.type != LinkType.FS],
            len(rels),
            90,
            at_least=True,
        ),
        _share(
            5,
            "hard_constraints",
            "Hard constraints",
            [t.id for t in open_tasks if t.constraint in HARD_CONSTRAINTS],
            len(open_tasks),
            5,
        ),
        _share(
            6,
            "high_float",
            "High float (over 44 working days)",
            [t.id for t in open_tasks if ts(t.id) and ts(t.id).total_float_minutes > high],
            len(open_tasks),
            5,
        ),
        _share(
            7,
            "negative_float",
            "Negative float",
            [t.id for t in open_tasks if ts(t.id) and ts(t.id).total_float_minutes < 0],
            len(open_tasks),
            0,
        ),
        _share(
            8,
            "high_duration",
            "High duration (over 44 working days)",
            [
                t.id
                for t in open_tasks
                if not (t.baseline_duration or t.duration).elapsed
                and (t.baseline_duration or t.duration).minutes > high
            ],
            len(open_tasks),
            5,
        ),
    ]
    checks.append(_invalid_dates(tasks, schedule, at))
    checks.append(_resources(tasks, mpd))
    checks.append(_missed(tasks, at))
    if critical_path_test:
        checks.append(_critical_path_test(project, schedule, scheduler or _default_scheduler()))
    else:
        checks.append(
            _not_assessed(
                12,
                "critical_path_test",
                "Critical path test",
                "finish moves as much",
                "not requested",
                unit="",
            )
        )
    checks.append(_cpli(project, schedule, at))
    checks.append(_bei(tasks, at))
    return HealthReport(at, tuple(checks))


def _invalid_dates(tasks: list[Task], schedule: Schedule, at: datetime | None) -> HealthCheck:
    name = "Invalid dates"
    if at is None:
        return _not_assessed(9, "invalid_dates", name, "0 %", "needs a status date")
    failing = []
    for t in tasks:
        s = schedule.tasks.get(t.id)
        bad_actual = (t.actual_start and t.actual_start > at) or (
            t.actual_finish and t.actual_finish > at
        )
        bad_forecast = s is not None and (
            (t.actual_start is None and not _done(t) and s.start < at)
            or (t.actual_finish is None and not _done(t) and s.finish < at)
        )
        if bad_actual or bad_forecast:
            failing.append(t.id)
    return _share(9, "invalid_dates", name, failing, len(tasks), 0)


def _resources(tasks: list[Task], mpd: int) -> HealthCheck:
    name = "Resources (cost or owner)"
    if not any(t.cost or t.owner for t in tasks):
        return _not_assessed(
            10,
            "resources",
            name,
            "0 % (no threshold in the pamphlet)",
            "no task has a cost or an owner",
        )
    long = [t for t in tasks if t.duration.minutes >= mpd]
    failing = [t.id for t in long if not (t.cost or t.owner)]
    check = _share(10, "resources", name, failing, len(long), 0)
    return replace(check, threshold="0 % (no threshold in the pamphlet)")


def _missed(tasks: list[Task], at: datetime | None) -> HealthCheck:
    name = "Missed tasks"
    if at is None:
        return _not_assessed(11, "missed_tasks", name, "≤ 5 %", "needs a status date")
    due = [t for t in tasks if t.baseline_finish is not None and t.baseline_finish <= at]
    if not any(t.baseline_finish for t in tasks):
        return _not_assessed(11, "missed_tasks", name, "≤ 5 %", "needs baseline finish dates")
    failing = [
        t.id
        for t in due
        if t.actual_finish is None or t.actual_finish > t.baseline_finish  # type: ignore[operator]
    ]
    return _share(11, "missed_tasks", name, failing, len(due), 5)


def _critical_path_test(
    project: Project, schedule: Schedule, scheduler: Scheduler | None
) -> HealthCheck:
    name, key, threshold = "Critical path test", "critical_path_test", "finish moves as much"
    if scheduler is None:
        return _not_assessed(12, key, name, threshold, "needs the scheduling engine", unit="")
    by_id = {t.id: t for t in project.tasks}
    candidates = [
        tid
        for tid in schedule.critical_path
        if tid in by_id
        and not _done(by_id[tid])
        and not by_id[tid].duration.elapsed
        and not by_id[tid].is_milestone
    ]
    if not candidates:
        return _not_assessed(12, key, name, threshold, "no incomplete critical task", unit="")
    tid = candidates[0]
    task = by_id[tid]
    added = CRITICAL_PATH_TEST_DAYS * project.minutes_per_day
    delayed = replace(
        project,
        tasks=tuple(
            replace(
                t,
                duration=Duration(t.duration.minutes + added, False, t.duration.unit),
                estimate=None,
            )
            if t.id == tid
            else t
            for t in project.tasks
        ),
    )
    try:
        after = scheduler(delayed)
    except ScheduleError as exc:
        return _not_assessed(
            12, key, name, threshold, f"the delayed plan cannot be scheduled: {exc}", unit=""
        )
    cal = project.calendar()
    task_slip = working_minutes(
        project.calendar(task.calendar_id), schedule.tasks[tid].finish, after.tasks[tid].finish
    )
    finish_slip = working_minutes(cal, schedule.project_finish, after.project_finish)
    passed = finish_slip == task_slip and finish_slip > 0
    detail = (
        f"{CRITICAL_PATH_TEST_DAYS} working days added to task {tid} ({task.name!r}) moved it "
        f"{task_slip / project.minutes_per_day:g} days and the project finish "
        f"{finish_slip / project.minutes_per_day:g} days"
    )
    return HealthCheck(
        12,
        key,
        name,
        threshold,
        finish_slip / project.minutes_per_day,
        "days",
        passed,
        () if passed else (tid,),
        0 if passed else 1,
        1,
        detail,
    )


def _cpli(project: Project, schedule: Schedule, at: datetime | None) -> HealthCheck:
    name, key = "Critical path length index (CPLI)", "cpli"
    target = project.finish or max(
        (t.baseline_finish for t in project.tasks if t.baseline_finish), default=None
    )
    if target is None:
        return _not_assessed(13, key, name, "≥ 0.95", "needs a baseline or promised finish", "")
    cal = project.calendar()
    origin = at or schedule.project_start
    length = working_minutes(cal, origin, schedule.project_finish)
    if length <= 0:
        return _not_assessed(13, key, name, "≥ 0.95", "no remaining critical path", "")
    total_float = working_minutes(cal, schedule.project_finish, target)
    value = (length + total_float) / length
    return HealthCheck(
        13,
        key,
        name,
        "≥ 0.95",
        value,
        "",
        value >= 0.95,
        (),
        0,
        0,
        f"critical path {length / project.minutes_per_day:g} working days, "
        f"float to the baseline finish {total_float / project.minutes_per_day:g}",
    )


def _bei(tasks: list[Task], at: datetime | None) -> HealthCheck:
    name, key = "Baseline execution index (BEI)", "bei"
    if at is None:
        return _not_assessed(14, key, name, "≥ 0.95", "needs a status date", "")
    due = [t for t in tasks if t.baseline_finish is not None and t.baseline_finish <= at]
    if not due:
        return _not_assessed(14, key, name, "≥ 0.95", "no task was baselined to finish yet", "")
    completed = sum(1 for t in tasks if _done(t))
    value = completed / len(due)
    failing = tuple(t.id for t in due if not _done(t))
    return HealthCheck(
        14,
        key,
        name,
        "≥ 0.95",
        value,
        "",
        value >= 0.95,
        failing,
        len(failing),
        len(due),
        f"{completed} tasks done of {len(due)} due",
    )
