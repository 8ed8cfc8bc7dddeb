"""What a plan is, for the scheduling engine: plain frozen dataclasses, no Django.

One contract shared by the engine (``cpm``), the schedule-risk simulation (``simulation``), the
health check (``health``) and every reader and writer of plan files (``formats/plan``): a reader
returns a :class:`Project`, the engine returns a :class:`Schedule`.

Units, said once
    * Times are naive local date-times (``datetime`` without ``tzinfo``), as Microsoft Project
      keeps them: a plan is drawn in the town's own wall-clock time.
    * Durations and lags are integer **minutes**. A working duration counts working minutes of
      the task's calendar; an elapsed one (``ed``, ``eh``…) counts wall-clock minutes, 24 × 7.
      Microsoft Project keeps tenths of a minute; plans here are compared to the minute
      (``../shared/notes/msproject-scheduling.md``, section 1), so minutes are exact enough and
      integer arithmetic keeps every pass exact.
    * ``unit`` is only how a duration is shown (and written back); the minutes are the value.
      Conversions use the project's ``minutes_per_day`` (480), ``minutes_per_week`` (2400) and
      ``days_per_month`` (20), as Project does, not the calendar.
    * Weekdays are Python's: Monday = 0 … Sunday = 6. Working periods are minutes from midnight,
      ``end`` up to 1440 (24:00).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

__all__ = [
    "Calendar",
    "CalendarException",
    "ConstraintType",
    "DURATION_UNITS",
    "Duration",
    "Lag",
    "Link",
    "LinkType",
    "PertResult",
    "Project",
    "STANDARD_WEEK",
    "Schedule",
    "ScheduleError",
    "SimulationResult",
    "Task",
    "TaskSchedule",
    "ThreePoint",
    "WorkWeek",
    "WorkingPeriod",
]


class ScheduleError(ValueError):
    """A plan that cannot be scheduled; names the task (its id and name) or the element."""

    def __init__(
        self,
        detail: str,
        *,
        task_id: str | None = None,
        task_name: str | None = None,
        element: str | None = None,
        task_ids: tuple[str, ...] = (),
    ) -> None:
        self.detail = detail
        self.task_id = task_id
        self.task_name = task_name
        self.element = element  # e.g. "Calendar 'Night Shift'", "line 14", "Tasks/Task[3]"
        self.task_ids = task_ids  # several tasks, e.g. the ones that form a cycle
        super().__init__(f"{self.where}: {detail}" if self.where else detail)

    @property
    def where(self) -> str:
        parts = []
        if self.element:
            parts.append(self.element)
        if self.task_id is not None:
            name = f" ({self.task_name!r})" if self.task_name else ""
            parts.append(f"task {self.task_id}{name}")
        return ", ".join(parts)


class LinkType(StrEnum):
    FS = "FS"  # finish-to-start
    SS = "SS"  # start-to-start
    FF = "FF"  # finish-to-finish
    SF = "SF"  # start-to-finish


class ConstraintType(StrEnum):
    """Microsoft Project's eight constraint types (MSPDI ``ConstraintType`` 0–7 in this order)."""

    ASAP = "ASAP"  # as soon as possible
    ALAP = "ALAP"  # as late as possible
    MSO = "MSO"  # must start on
    MFO = "MFO"  # must finish on
    SNET = "SNET"  # start no earlier than
    SNLT = "SNLT"  # start no later than
    FNET = "FNET"  # finish no earlier than
    FNLT = "FNLT"  # finish no later than


DURATION_UNITS = ("m", "h", "d", "w", "mo", "em", "eh", "ed", "ew", "emo")


@dataclass(frozen=True)
class Duration:
    """An amount of time: ``minutes`` of working time, or of wall-clock time when ``elapsed``."""

    minutes: int
    elapsed: bool = False
    unit: str = "d"  # how it is shown: one of DURATION_UNITS ("e…" when elapsed)

    @classmethod
    def zero(cls) -> Duration:
        return cls(0)


@dataclass(frozen=True)
class ThreePoint:
    """A three-point estimate of a task's duration, for schedule risk (item 6 of issue 9).

    The plan is scheduled deterministically on ``likely``; the simulation draws from PERT
    (beta, the default) or a triangular distribution between ``optimistic`` and ``pessimistic``.
    """

    optimistic: Duration
    likely: Duration
    pessimistic: Duration
    distribution: str = "pert"  # "pert" | "triangular"


@dataclass(frozen=True)
class Lag:
    """A link's lag (negative: a lead). ``percent`` set: that share of the predecessor's
    duration (MSPDI ``LagFormat`` 19/20), and ``minutes`` is ignored."""

    minutes: int = 0
    elapsed: bool = False
    percent: float | None = None
    unit: str = "d"


@dataclass(frozen=True)
class Link:
    predecessor: str  # task id
    successor: str  # task id
    type: LinkType = LinkType.FS
    lag: Lag = field(default_factory=Lag)


@dataclass(frozen=True)
class WorkingPeriod:
    start: int  # minutes from midnight, 0–1439
    end: int  # minutes from midnight, start < end ≤ 1440


@dataclass(frozen=True)
class CalendarException:
    """Days (``start`` to ``finish`` inclusive) worked differently: no ``periods`` = not worked
    (a holiday); periods = worked in those hours only."""

    start: date
    finish: date
    periods: tuple[WorkingPeriod, ...] = ()
    name: str = ""


@dataclass(frozen=True)
class WorkWeek:
    """A stretch of dates with its own week (Project 2007+ ``WorkWeeks``), e.g. summer hours.
    ``week[d]`` is None where the day keeps the calendar's default."""

    start: date
    finish: date
    week: tuple[tuple[WorkingPeriod, ...] | None, ...]  # 7 entries, Monday first
    name: str = ""


STANDARD_WEEK: tuple[tuple[WorkingPeriod, ...], ...] = (
    *((WorkingPeriod(480, 720), WorkingPeriod(780, 1020)),) * 5,
    (),
    (),
)


@dataclass(frozen=True)
class Calendar:
    """A working calendar, fully resolved: a reader of derived calendars (a resource calendar
    built on "Standard") folds the base's days and exceptions in, and keeps ``base_id`` only to
    write the file back. Lookup for a day: exceptions, then work weeks, then ``week``."""

    id: str
    name: str
    week: tuple[tuple[WorkingPeriod, ...], ...] = STANDARD_WEEK  # 7 entries, Monday first
    exceptions: tuple[CalendarException, ...] = ()
    work_weeks: tuple[WorkWeek, ...] = ()
    base_id: str | None = None


@dataclass(frozen=True)
class Task:
    id: str
    name: str
    duration: Duration = field(default_factory=Duration.zero)
    # Outline: a summary task's children follow it with outline_level + 1 (MSPDI order).
    outline_level: int = 1
    wbs: str = ""
    summary: bool = False
    milestone: bool | None = None  # None: a milestone when the duration is zero
    constraint: ConstraintType = ConstraintType.ASAP
    constraint_date: datetime | None = None
    deadline: datetime | None = None  # moves only the late dates
    calendar_id: str | None = None  # None: the project calendar
    percent_complete: float = 0.0  # 0–100
    actual_start: datetime | None = None
    actual_finish: datetime | None = None
    estimate: ThreePoint | None = None
    owner: str = ""  # a person or department, as typed
    cost: float = 0.0  # budgeted cost at completion, for earned value
    actual_cost: float | None = None
    baseline_start: datetime | None = None
    baseline_finish: datetime | None = None
    baseline_duration: Duration | None = None
    active: bool = True  # inactive tasks (MSPDI Active=0) are not scheduled
    manual: bool = False  # manually scheduled: keeps start/finish below
    manual_start: datetime | None = None
    manual_finish: datetime | None = None
    notes: str = ""

    @property
    def is_milestone(self) -> bool:
        return self.duration.minutes == 0 if self.milestone is None else self.milestone


@dataclass(frozen=True)
class Project:
    title: str
    start: datetime
    tasks: tuple[Task, ...]
    links: tuple[Link, ...] = ()
    calendars: tuple[Calendar, ...] = (Calendar("1", "Standard"),)
    calendar_id: str = "1"  # the project calendar, one of ``calendars``
    minutes_per_day: int = 480
    minutes_per_week: int = 2400
    days_per_month: int = 20
    critical_slack_limit_days: int = 0  # critical when total float ≤ this many days
    honor_constraints: bool = True  # constraints win over links (Project's default)
    multiple_critical_paths: bool = False
    status_date: datetime | None = None
    finish: datetime | None = None  # a promised finish date, shown against the forecast
    currency: str = "USD"

    def calendar(self, calendar_id: str | None = None) -> Calendar:
        wanted = self.calendar_id if calendar_id is None else calendar_id
        for cal in self.calendars:
            if cal.id == wanted:
                return cal
        raise ScheduleError(f"no calendar with id {wanted!r}", element="calendars")


@dataclass(frozen=True)
class TaskSchedule:
    """One task's computed dates and float. Floats are working minutes on the task's calendar
    and may be negative (a constraint the logic cannot meet)."""

    task_id: str
    early_start: datetime
    early_finish: datetime
    late_start: datetime
    late_finish: datetime
    start: datetime  # what Project shows as Start: early, late for ALAP, actual once started
    finish: datetime
    total_float_minutes: int
    free_float_minutes: int
    start_float_minutes: int
    finish_float_minutes: int
    critical: bool


@dataclass(frozen=True)
class Schedule:
    project_start: datetime
    project_finish: datetime
    tasks: dict[str, TaskSchedule]  # in the plan's task order
    critical_path: tuple[str, ...]  # critical leaf tasks in early-start order
    warnings: tuple[str, ...] = ()  # e.g. "task 7 (…) cannot meet its Must Finish On date"


@dataclass(frozen=True)
class PertResult:
    """Classical PERT (Malcolm et al. 1959): te = (a + 4m + b) / 6, σ² = ((b − a) / 6)²,
    summed along the critical path of expected durations, in working days."""

    mean_days: float
    sd_days: float
    critical_path: tuple[str, ...]


@dataclass(frozen=True)
class SimulationResult:
    iterations: int
    seed: int
    p50: datetime
    p80: datetime
    p90: datetime
    criticality: dict[str, float]  # task id → share of iterations in which it was critical
    pert: PertResult
    finish_minutes: tuple[int, ...] = ()  # sorted simulated finishes, working minutes from start
    deterministic_finish: datetime | None = None
