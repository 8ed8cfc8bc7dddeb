"""MSPDI ``Calendars`` → fully resolved ``model.Calendar`` objects.

Method (schema: mspdi_pj12.xsd, "XML Schema for the Calendars element", MicrosoftDocs/
office-developer-msproject-xml-docs; behaviour: ``../shared/notes/msproject-scheduling.md``
section 7, after MPXJ's ``MSPDIReader.readCalendar`` and ``ProjectCalendar.getRanges``):

* ``WeekDay`` with ``DayType`` 1–7 (Sunday–Saturday) gives the default week; ``DayWorking`` 0
  is a day off, 1 works the ``WorkingTimes`` (``ToTime`` 00:00 is the end of the day, 24:00).
* Exceptions: Project 2007+ ``Exceptions/Exception`` (recurrence ``Type`` 1–9 expanded into
  plain date ranges); without that element, the legacy ``WeekDay`` entries with ``DayType`` 0
  and a ``TimePeriod``. When both are present the legacy ones are ignored (MPXJ does the same).
* ``WorkWeeks/WorkWeek``: a date range with its own week, days it does not list keep the
  default. Project writes the days inside a ``WeekDays`` element; the pj12 schema page shows
  them directly under ``WorkWeek`` (its own note says that part is saved wrongly): both read.
* A derived calendar (``BaseCalendarUID`` ≥ 0) lists only what it overrides. It is folded into
  a complete ``Calendar``: days it does not define come from its base, its exceptions come
  before its base's (looked up first), then its work weeks before its base's. ``base_id`` keeps
  the link so that the writer can write only the overrides back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from xml.etree.ElementTree import Element

from civicshift.core.schedule.model import (
    STANDARD_WEEK,
    Calendar,
    CalendarException,
    WorkingPeriod,
    WorkWeek,
)
from civicshift.formats.plan.errors import PlanFileError
from civicshift.formats.plan.mspdi_common import parse_datetime

#: A recurring exception is expanded day by day over at most this span.
MAX_EXCEPTION_DAYS = 100 * 366

Week = dict[int, tuple[WorkingPeriod, ...]]  # Monday = 0 → periods (only the days defined)


@dataclass
class RawCalendar:
    uid: str
    name: str
    base_uid: str | None
    where: str
    week: Week = field(default_factory=dict)
    exceptions: list[CalendarException] = field(default_factory=list)
    work_weeks: list[WorkWeek] = field(default_factory=list)


def _text(element: Element, tag: str) -> str | None:
    child = element.find(tag)
    if child is None or child.text is None:
        return None
    return child.text.strip()


def _weekday(day_type: int) -> int:
    """MSPDI DayType 1 (Sunday) … 7 (Saturday) → Python's Monday = 0 … Sunday = 6."""
    return (day_type - 2) % 7


def _minutes(text: str | None, *, end: bool, file: str, where: str) -> int:
    if text is None:
        raise PlanFileError(file, "a working time has no FromTime or ToTime", element=where)
    parts = text.split(":")
    try:
        hours, minutes = int(parts[0]), int(parts[1])
        seconds = float(parts[2]) if len(parts) > 2 else 0.0
    except (ValueError, IndexError):
        raise PlanFileError(file, f"the time {text!r} is not HH:MM:SS", element=where) from None
    if not (0 <= hours <= 24 and 0 <= minutes < 60 and 0 <= seconds < 60):
        raise PlanFileError(file, f"the time {text!r} is not a time of day", element=where)
    value = hours * 60 + minutes + round(seconds / 60)
    if end and value == 0:
        return 1440  # ToTime 00:00:00 is midnight at the end of the day
    return value


def _periods(element: Element, *, file: str, where: str) -> tuple[WorkingPeriod, ...]:
    periods = []
    for n, working in enumerate(element.iterfind("WorkingTimes/WorkingTime"), start=1):
        here = f"{where}/WorkingTimes/WorkingTime[{n}]"
        start = _minutes(_text(working, "FromTime"), end=False, file=file, where=here)
        end = _minutes(_text(working, "ToTime"), end=True, file=file, where=here)
        if not start < end:
            raise PlanFileError(
                file,
                f"the working time ends ({_text(working, 'ToTime')}) before it starts "
                f"({_text(working, 'FromTime')})",
                element=here,
            )
        periods.append(WorkingPeriod(start, end))
    periods.sort(key=lambda p: p.start)
    for before, after in zip(periods, periods[1:], strict=False):
        if after.start < before.end:
            raise PlanFileError(file, "two working times overlap", element=where)
    return tuple(periods)


def _day_periods(element: Element, *, file: str, where: str) -> tuple[WorkingPeriod, ...]:
    """A day's periods: none when ``DayWorking`` is 0."""
    working = _text(element, "DayWorking")
    if working in {"0", "false"}:
        return ()
    return _periods(element, file=file, where=where)


def _date_range(element: Element, *, file: str, where: str) -> tuple[date, date]:
    start_text = _text(element, "TimePeriod/FromDate")
    finish_text = _text(element, "TimePeriod/ToDate")
    start = parse_datetime(start_text) if start_text else None
    finish = parse_datetime(finish_text) if finish_text else None
    if start is None or finish is None:
        raise PlanFileError(
            file, "needs a TimePeriod with a FromDate and a ToDate date-time", element=where
        )
    # Project writes ToDate as the last minute of the last day (…T23:59:00).
    if finish < start:
        raise PlanFileError(file, "its ToDate is before its FromDate", element=where)
    return start.date(), finish.date()


def _int(element: Element, tag: str, default: int, *, file: str, where: str) -> int:
    text = _text(element, tag)
    if text is None or text == "":
        return default
    try:
        return int(text)
    except ValueError:
        raise PlanFileError(file, f"{tag} {text!r} is not a whole number", element=where) from None


def _matches_position(day: date, item: int, position: int) -> bool:
    """MonthItem (0 day, 1 weekday, 2 weekend day, 3–9 Sunday–Saturday) at MonthPosition
    (0 first … 3 fourth, 4 last) of ``day``'s month."""

    def fits(d: date) -> bool:
        if item == 0:
            return True
        if item == 1:
            return d.weekday() < 5
        if item == 2:
            return d.weekday() >= 5
        return d.weekday() == _weekday(item - 2)

    if not fits(day):
        return False
    first = day.replace(day=1)
    same = [
        first + timedelta(days=n)
        for n in range(31)
        if (first + timedelta(days=n)).month == day.month and fits(first + timedelta(days=n))
    ]
    if position == 4:
        return day == same[-1]
    return position < len(same) and same[position] == day


def _recurring_days(
    exc: Element, start: date, finish: date, *, file: str, where: str
) -> list[date]:
    kind = _int(exc, "Type", 1, file=file, where=where)
    period = max(1, _int(exc, "Period", 1, file=file, where=where))
    if kind not in range(1, 10):
        raise PlanFileError(file, f"exception Type {kind} is not one of 1–9", element=where)
    if (finish - start).days > MAX_EXCEPTION_DAYS:
        raise PlanFileError(file, "the exception spans more than a hundred years", element=where)
    mask = _int(exc, "DaysOfWeek", 0, file=file, where=where)
    month = _int(exc, "Month", 0, file=file, where=where) + 1
    month_day = _int(exc, "MonthDay", 1, file=file, where=where)
    item = _int(exc, "MonthItem", 0, file=file, where=where)
    position = _int(exc, "MonthPosition", 0, file=file, where=where)
    days = []
    day = start
    week0 = start - timedelta(days=(start.weekday() + 1) % 7)  # Project's weeks start Sunday
    while day <= finish:
        months = (day.year - start.year) * 12 + day.month - start.month
        if kind in {1, 7, 8, 9}:  # daily every `period` days; 7–9: a plain range
            keep = kind != 1 or (day - start).days % period == 0
        elif kind == 6:  # weekly on DaysOfWeek (1 Sunday, 2 Monday … 64 Saturday)
            bit = 1 << ((day.weekday() + 1) % 7)
            keep = bool(mask & bit) and ((day - week0).days // 7) % period == 0
        elif kind == 4:  # monthly on day MonthDay
            keep = day.day == month_day and months % period == 0
        elif kind == 5:  # monthly by position
            keep = months % period == 0 and _matches_position(day, item, position)
        elif kind == 2:  # yearly on Month/MonthDay
            keep = day.month == month and day.day == month_day
        else:  # 3: yearly by position
            keep = day.month == month and _matches_position(day, item, position)
        if keep:
            days.append(day)
        day += timedelta(days=1)
    return days


def _as_ranges(days: list[date]) -> list[tuple[date, date]]:
    ranges: list[tuple[date, date]] = []
    for day in days:
        if ranges and ranges[-1][1] + timedelta(days=1) == day:
            ranges[-1] = (ranges[-1][0], day)
        else:
            ranges.append((day, day))
    return ranges


def read_raw_calendar(element: Element, index: int, *, file: str) -> RawCalendar:
    where = f"Calendars/Calendar[{index}]"
    uid = _text(element, "UID")
    if uid is None or not uid.lstrip("-").isdigit():
        raise PlanFileError(file, "the calendar has no whole-number UID", element=where)
    name = _text(element, "Name") or ""
    where = f"Calendar {name!r} (UID {uid})" if name else f"Calendar UID {uid}"
    base = _text(element, "BaseCalendarUID")
    is_base = _text(element, "IsBaseCalendar") in {"1", "true"}
    base_uid = None if is_base or base is None or base.startswith("-") else base
    raw = RawCalendar(uid=uid, name=name, base_uid=base_uid, where=where)
    legacy: list[CalendarException] = []
    for n, day in enumerate(element.iterfind("WeekDays/WeekDay"), start=1):
        here = f"{where}/WeekDays/WeekDay[{n}]"
        day_type = _int(day, "DayType", -1, file=file, where=here)
        if day_type == 0:
            start, finish = _date_range(day, file=file, where=here)
            periods = _day_periods(day, file=file, where=here)
            legacy.append(CalendarException(start, finish, periods))
        elif 1 <= day_type <= 7:
            raw.week[_weekday(day_type)] = _day_periods(day, file=file, where=here)
        else:
            raise PlanFileError(
                file,
                f"DayType {day_type} is not 0 (exception) or 1–7 (Sunday–Saturday)",
                element=here,
            )
    exceptions = element.find("Exceptions")
    if exceptions is not None:
        for n, exc in enumerate(exceptions.iterfind("Exception"), start=1):
            here = f"{where}/Exceptions/Exception[{n}]"
            start, finish = _date_range(exc, file=file, where=here)
            periods = _day_periods(exc, file=file, where=here)
            exc_name = _text(exc, "Name") or ""
            for first, last in _as_ranges(
                _recurring_days(exc, start, finish, file=file, where=here)
            ):
                raw.exceptions.append(CalendarException(first, last, periods, exc_name))
    else:
        raw.exceptions = legacy
    for n, week in enumerate(element.iterfind("WorkWeeks/WorkWeek"), start=1):
        here = f"{where}/WorkWeeks/WorkWeek[{n}]"
        start, finish = _date_range(week, file=file, where=here)
        days: list[tuple[WorkingPeriod, ...] | None] = [None] * 7
        for m, day in enumerate(
            [*week.iterfind("WeekDays/WeekDay"), *week.iterfind("WeekDay")], start=1
        ):
            day_here = f"{here}/WeekDay[{m}]"
            day_type = _int(day, "DayType", -1, file=file, where=day_here)
            if not 1 <= day_type <= 7:
                raise PlanFileError(
                    file, f"DayType {day_type} is not 1–7 (Sunday–Saturday)", element=day_here
                )
            days[_weekday(day_type)] = _day_periods(day, file=file, where=day_here)
        raw.work_weeks.append(WorkWeek(start, finish, tuple(days), _text(week, "Name") or ""))
    return raw


def resolve_calendars(raws: list[RawCalendar], *, file: str) -> tuple[Calendar, ...]:
    """Fold each derived calendar's base chain in; refuse unknown bases and cycles."""
    by_uid: dict[str, RawCalendar] = {}
    for raw in raws:
        if raw.uid in by_uid:
            raise PlanFileError(file, f"two calendars have UID {raw.uid}", element=raw.where)
        by_uid[raw.uid] = raw
    resolved: dict[str, Calendar] = {}

    def resolve(raw: RawCalendar, chain: tuple[str, ...]) -> Calendar:
        if raw.uid in resolved:
            return resolved[raw.uid]
        if raw.uid in chain:
            raise PlanFileError(
                file,
                "calendars are based on each other in a loop: UIDs " + " → ".join(chain),
                element=raw.where,
            )
        if raw.base_uid is None:
            week = tuple(raw.week.get(d, STANDARD_WEEK[d]) for d in range(7))
            calendar = Calendar(
                raw.uid, raw.name, week, tuple(raw.exceptions), tuple(raw.work_weeks)
            )
        else:
            if raw.base_uid not in by_uid:
                raise PlanFileError(
                    file,
                    f"BaseCalendarUID {raw.base_uid} is not a calendar in the file",
                    element=raw.where,
                )
            base = resolve(by_uid[raw.base_uid], (*chain, raw.uid))
            week = tuple(raw.week.get(d, base.week[d]) for d in range(7))
            calendar = Calendar(
                raw.uid,
                raw.name,
                week,
                (*raw.exceptions, *base.exceptions),
                (*raw.work_weeks, *base.work_weeks),
                base_id=raw.base_uid,
            )
        resolved[raw.uid] = calendar
        return calendar

    return tuple(resolve(raw, ()) for raw in raws)


def has_working_time(calendar: Calendar) -> bool:
    if any(calendar.week):
        return True
    if any(exc.periods for exc in calendar.exceptions):
        return True
    return any(any(day for day in ww.week if day) for ww in calendar.work_weeks)


def day_start(value: date) -> datetime:
    return datetime(value.year, value.month, value.day)
