"""``model.Project`` (and optionally its ``Schedule``) → Microsoft Project XML (MSPDI).

Element order and enumerations follow Microsoft's Project 2007 schema, mspdi_pj12.xsd, as
published in MicrosoftDocs/office-developer-msproject-xml-docs:
``project-xml-data-interchange/xml-schema-for-the-project-element.md`` (Project's children:
SaveVersion, Name, Title, …, ScheduleFromStart, StartDate, …, CriticalSlackLimit, …,
CurrencyCode, …, CalendarUID, DefaultStartTime, DefaultFinishTime, MinutesPerDay,
MinutesPerWeek, DaysPerMonth, …, HonorConstraints, …, MultipleCriticalPaths, …, StatusDate, …,
Calendars, Tasks), ``…-calendars-element.md`` (Calendar: UID, Name, IsBaseCalendar,
BaseCalendarUID, WeekDays, Exceptions, WorkWeeks; Exception: EnteredByOccurrences,
TimePeriod, Occurrences, Name, Type, Period, …, DayWorking, WorkingTimes) and
``…-tasks-element.md`` (Task: UID, ID, Name, Type, IsNull, …, Contact, WBS, OutlineNumber,
OutlineLevel, …, Start, Finish, Duration, DurationFormat, …, Milestone, Summary, Critical, …,
EarlyStart, EarlyFinish, LateStart, LateFinish, …, FreeSlack, TotalSlack, …, PercentComplete,
…, Cost, …, ActualStart, ActualFinish, …, ActualCost, …, ConstraintType, CalendarUID,
ConstraintDate, Deadline, …, Notes, …, PredecessorLink (PredecessorUID, Type, CrossProject,
LinkLag, LagFormat), …, Baseline (Number, Start, Finish, Duration, DurationFormat)). Two
departures, both as Microsoft Project 2010 and later write them: ``Active`` and ``Manual``
right after the task's ``Name``, ``ManualStart``/``ManualFinish`` after ``Duration`` (the
Project 2010 schema's elements; written only for an inactive or a manually scheduled task), and
a work week's days inside ``WeekDays`` with their ``WorkingTimes`` (the pj12 page's own note
says that part of its schema is saved wrongly).

Ids: MSPDI UIDs are whole numbers. When every task id (every calendar id) is a positive whole
number it is kept; otherwise tasks (calendars) are numbered 1, 2, … in order and the names keep
what the user sees. Costs are written in hundredths, as the reader expects; a derived calendar
writes only what it overrides (``calendar_parts.own_part``), so reading the file again folds it
back unchanged. With a ``Schedule``, the computed dates, slack (tenths of a minute) and the
critical flag are written too, so the file opens with the dates already in place.
"""

from __future__ import annotations

from datetime import date, datetime
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from civicshift.core.schedule.model import (
    ConstraintType,
    Duration,
    Project,
    Schedule,
    ScheduleError,
    Task,
    WorkingPeriod,
)
from civicshift.formats.plan.calendar_parts import own_part
from civicshift.formats.plan.mspdi_common import (
    CONSTRAINT_CODES,
    LINK_CODES,
    NAMESPACE,
    UNIT_FORMATS,
    format_datetime,
    format_duration,
)

__all__ = ["outline_numbers", "uid_map", "write_mspdi"]


def uid_map(ids: list[str]) -> dict[str, int]:
    """Each id's UID: the id itself when all are distinct positive whole numbers, else 1, 2, …"""
    if all(i.isdigit() and int(i) > 0 for i in ids) and len({int(i) for i in ids}) == len(ids):
        return {i: int(i) for i in ids}
    return {i: n for n, i in enumerate(ids, start=1)}


def _add(parent: Element, tag: str, value: object) -> Element:
    child = SubElement(parent, tag)
    if isinstance(value, bool):
        child.text = "1" if value else "0"
    elif isinstance(value, datetime):
        child.text = format_datetime(value)
    elif isinstance(value, float):
        child.text = str(int(value)) if value.is_integer() else repr(value)
    else:
        child.text = str(value)
    return child


def _format_code(unit: str, elapsed: bool) -> int:
    if unit in UNIT_FORMATS and unit.startswith("e") == elapsed:
        return UNIT_FORMATS[unit]
    return UNIT_FORMATS["ed" if elapsed else "d"]


def _time(minutes: int) -> str:
    minutes %= 1440  # 24:00 is written 00:00:00, the end of the day
    return f"{minutes // 60:02d}:{minutes % 60:02d}:00"


def _working_times(parent: Element, periods: tuple[WorkingPeriod, ...]) -> None:
    if not periods:
        return
    times = SubElement(parent, "WorkingTimes")
    for period in periods:
        working = SubElement(times, "WorkingTime")
        _add(working, "FromTime", _time(period.start))
        _add(working, "ToTime", _time(period.end))


def _time_period(parent: Element, start: date, finish: date) -> None:
    period = SubElement(parent, "TimePeriod")
    _add(period, "FromDate", f"{start.isoformat()}T00:00:00")
    _add(period, "ToDate", f"{finish.isoformat()}T23:59:00")


def _day_type(weekday: int) -> int:
    """Python's Monday = 0 … Sunday = 6 → MSPDI DayType 2 … 1 (Sunday = 1)."""
    return (weekday + 1) % 7 + 1


def _calendars(root: Element, project: Project, uids: dict[str, int]) -> None:
    calendars = SubElement(root, "Calendars")
    for calendar in project.calendars:
        part = own_part(calendar, project.calendars)
        el = SubElement(calendars, "Calendar")
        _add(el, "UID", uids[calendar.id])
        _add(el, "Name", calendar.name)
        _add(el, "IsBaseCalendar", part.base is None)
        _add(el, "BaseCalendarUID", uids[part.base.id] if part.base is not None else -1)
        if part.week:
            weekdays = SubElement(el, "WeekDays")
            for weekday in sorted(part.week, key=_day_type):
                day = SubElement(weekdays, "WeekDay")
                _add(day, "DayType", _day_type(weekday))
                _add(day, "DayWorking", bool(part.week[weekday]))
                _working_times(day, part.week[weekday])
        if part.exceptions:
            exceptions = SubElement(el, "Exceptions")
            for exc in part.exceptions:
                item = SubElement(exceptions, "Exception")
                _add(item, "EnteredByOccurrences", False)
                _time_period(item, exc.start, exc.finish)
                _add(item, "Occurrences", 1)
                _add(item, "Name", exc.name)
                _add(item, "Type", 1)  # daily, every day of the range
                _add(item, "Period", 1)
                _add(item, "DayWorking", bool(exc.periods))
                _working_times(item, exc.periods)
        if part.work_weeks:
            weeks = SubElement(el, "WorkWeeks")
            for ww in part.work_weeks:
                item = SubElement(weeks, "WorkWeek")
                _time_period(item, ww.start, ww.finish)
                _add(item, "Name", ww.name)
                days = SubElement(item, "WeekDays")
                for weekday in sorted(range(7), key=_day_type):
                    if ww.week[weekday] is None:
                        continue
                    day = SubElement(days, "WeekDay")
                    _add(day, "DayType", _day_type(weekday))
                    _add(day, "DayWorking", bool(ww.week[weekday]))
                    _working_times(day, ww.week[weekday])


def outline_numbers(tasks: tuple[Task, ...]) -> list[str]:
    numbers: list[str] = []
    counters: list[int] = []
    for task in tasks:
        level = task.outline_level
        counters = counters[:level]
        while len(counters) < level:
            counters.append(0)
        counters[level - 1] += 1
        numbers.append(".".join(map(str, counters)))
    return numbers


def _duration(parent: Element, duration: Duration, tag: str = "Duration") -> None:
    _add(parent, tag, format_duration(duration.minutes))


def _check(project: Project, task_uids: dict[str, int], cal_uids: dict[str, int]) -> None:
    """A plan whose references do not resolve is refused before anything is written."""
    if project.calendar_id not in cal_uids:
        raise ScheduleError(f"no calendar with id {project.calendar_id!r}", element="calendars")
    for task in project.tasks:
        if task.calendar_id is not None and task.calendar_id not in cal_uids:
            raise ScheduleError(
                f"no calendar with id {task.calendar_id!r}", task_id=task.id, task_name=task.name
            )
    for link in project.links:
        for end in (link.predecessor, link.successor):
            if end not in task_uids:
                raise ScheduleError(f"a link names task {end!r}, which is not in the plan")


def write_mspdi(project: Project, schedule: Schedule | None = None) -> bytes:
    """The plan as MSPDI XML (UTF-8 bytes)."""
    task_uids = uid_map([t.id for t in project.tasks])
    cal_uids = uid_map([c.id for c in project.calendars])
    _check(project, task_uids, cal_uids)
    root = Element("Project", xmlns=NAMESPACE)
    _add(root, "SaveVersion", 12)
    _add(root, "Name", project.title)
    _add(root, "Title", project.title)
    _add(root, "ScheduleFromStart", True)
    _add(root, "StartDate", project.start)
    if schedule is not None:
        _add(root, "FinishDate", schedule.project_finish)
    _add(root, "CriticalSlackLimit", project.critical_slack_limit_days)
    _add(root, "CurrencyCode", project.currency)
    _add(root, "CalendarUID", cal_uids[project.calendar_id])
    _add(root, "MinutesPerDay", project.minutes_per_day)
    _add(root, "MinutesPerWeek", project.minutes_per_week)
    _add(root, "DaysPerMonth", project.days_per_month)
    _add(root, "HonorConstraints", project.honor_constraints)
    _add(root, "MultipleCriticalPaths", project.multiple_critical_paths)
    if project.status_date is not None:
        _add(root, "StatusDate", project.status_date)
    _calendars(root, project, cal_uids)
    tasks = SubElement(root, "Tasks")
    summary = SubElement(tasks, "Task")  # the project summary task, UID 0, as Project writes
    for tag, value in (("UID", 0), ("ID", 0), ("Name", project.title), ("IsNull", False)):
        _add(summary, tag, value)
    for tag, value in (("OutlineNumber", 0), ("OutlineLevel", 0), ("Summary", True)):
        _add(summary, tag, value)
    predecessors: dict[str, list] = {}
    for link in project.links:
        predecessors.setdefault(link.successor, []).append(link)
    outline = outline_numbers(project.tasks)
    for position, task in enumerate(project.tasks, start=1):
        computed = schedule.tasks.get(task.id) if schedule is not None else None
        el = SubElement(tasks, "Task")
        _add(el, "UID", task_uids[task.id])
        _add(el, "ID", position)
        _add(el, "Name", task.name)
        if not task.active:
            _add(el, "Active", False)
        if task.manual:
            _add(el, "Manual", True)
        _add(el, "Type", 1)  # fixed duration: no resources, the duration is the plan's
        _add(el, "IsNull", False)
        if task.owner:
            _add(el, "Contact", task.owner)
        if task.wbs:
            _add(el, "WBS", task.wbs)
        _add(el, "OutlineNumber", outline[position - 1])
        _add(el, "OutlineLevel", task.outline_level)
        start = computed.start if computed else task.manual_start
        finish = computed.finish if computed else task.manual_finish
        if start is not None:
            _add(el, "Start", start)
        if finish is not None:
            _add(el, "Finish", finish)
        _duration(el, task.duration)
        if task.manual and task.manual_start is not None:
            _add(el, "ManualStart", task.manual_start)
        if task.manual and task.manual_finish is not None:
            _add(el, "ManualFinish", task.manual_finish)
        _add(el, "DurationFormat", _format_code(task.duration.unit, task.duration.elapsed))
        _add(el, "Milestone", task.is_milestone)
        _add(el, "Summary", task.summary)
        if computed is not None:
            _add(el, "Critical", computed.critical)
            _add(el, "EarlyStart", computed.early_start)
            _add(el, "EarlyFinish", computed.early_finish)
            _add(el, "LateStart", computed.late_start)
            _add(el, "LateFinish", computed.late_finish)
            _add(el, "FreeSlack", computed.free_float_minutes * 10)
            _add(el, "TotalSlack", computed.total_float_minutes * 10)
        _add(el, "PercentComplete", round(task.percent_complete))
        _add(el, "Cost", round(task.cost * 100))
        if task.actual_start is not None:
            _add(el, "ActualStart", task.actual_start)
        if task.actual_finish is not None:
            _add(el, "ActualFinish", task.actual_finish)
        if task.actual_cost is not None:
            _add(el, "ActualCost", round(task.actual_cost * 100))
        _add(el, "ConstraintType", CONSTRAINT_CODES[task.constraint])
        calendar_uid = -1 if task.calendar_id is None else cal_uids[task.calendar_id]
        _add(el, "CalendarUID", calendar_uid)
        if task.constraint_date is not None and task.constraint not in {
            ConstraintType.ASAP,
            ConstraintType.ALAP,
        }:
            _add(el, "ConstraintDate", task.constraint_date)
        if task.deadline is not None:
            _add(el, "Deadline", task.deadline)
        if task.notes:
            _add(el, "Notes", task.notes)
        for link in predecessors.get(task.id, []):
            pl = SubElement(el, "PredecessorLink")
            _add(pl, "PredecessorUID", task_uids[link.predecessor])
            _add(pl, "Type", LINK_CODES[link.type])
            _add(pl, "CrossProject", False)
            lag = link.lag
            if lag.percent is not None:
                raw = round(lag.percent)
                code = UNIT_FORMATS["e%" if lag.elapsed else "%"]
            else:
                raw = lag.minutes * 10
                code = _format_code(lag.unit, lag.elapsed)
            _add(pl, "LinkLag", raw)
            _add(pl, "LagFormat", code)
        if task.baseline_start or task.baseline_finish or task.baseline_duration:
            baseline = SubElement(el, "Baseline")
            _add(baseline, "Number", 0)
            if task.baseline_start is not None:
                _add(baseline, "Start", task.baseline_start)
            if task.baseline_finish is not None:
                _add(baseline, "Finish", task.baseline_finish)
            if task.baseline_duration is not None:
                _duration(baseline, task.baseline_duration)
                bd = task.baseline_duration
                _add(baseline, "DurationFormat", _format_code(bd.unit, bd.elapsed))
    indent(root, space="\t")
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + tostring(
        root, encoding="utf-8", xml_declaration=False
    )
