"""Working-time arithmetic on a :class:`~civicshift.core.schedule.model.Calendar`.

Method
    A calendar is unrolled, once, into its working intervals over a horizon of days: numpy arrays
    of each interval's start and end in absolute minutes from an ``epoch`` (a naive local
    midnight) and the working minutes before each interval (``cum``). A date-time then maps to a
    **working-minute offset** (working minutes since the epoch) and back with one
    ``searchsorted``, vectorised over arrays. In offset space a finish at Mon 17:00 and a start at
    Tue 08:00 are the same number; converting back chooses:

    * :meth:`WorkingTime.start_at` — "as a start": the next work start (Project's
      ``getNextWorkStart``: 17:00 → next day 08:00, 12:00 → 13:00);
    * :meth:`WorkingTime.finish_at` — "as a finish": the previous work finish (Project's
      ``getEquivalentPreviousWorkFinish``: 08:00 → previous day 17:00).

    So adding D working minutes to a start S is ``finish_at(offset(S) + D)``: an exact fill ends
    at the interval's end (Mon 08:00 + 8 h = Mon 17:00), as Microsoft Project does
    (../shared/notes/msproject-scheduling.md, section 1, from MPXJ ``ProjectCalendar.getDate``).
    Elapsed arithmetic is wall-clock and needs no calendar.

    Day lookup: exceptions, then work weeks, then the calendar's week (the model's rule; a reader
    has already folded base calendars in). ``WorkingPeriod.end`` may be 1440 (24:00).

    Offsets before the first interval or after the last one raise :class:`HorizonError` (an
    internal signal: the caller unrolls a longer horizon and retries). A calendar with no working
    time in the horizon raises :class:`~civicshift.core.schedule.model.ScheduleError` naming it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np

from civicshift.core.schedule.model import Calendar, ScheduleError, WorkingPeriod

__all__ = [
    "HorizonError",
    "WorkingTime",
    "add_working_minutes",
    "next_work_start",
    "previous_work_finish",
    "subtract_working_minutes",
    "working_minutes_between",
]

MINUTES_PER_DAY = 1440


class HorizonError(Exception):
    """An offset or date-time outside the unrolled horizon (internal: unroll more and retry)."""


class WorkingTime:
    """One calendar unrolled from ``epoch`` over ``days`` days (see the module docstring)."""

    def __init__(self, calendar: Calendar, epoch: datetime, days: int) -> None:
        self.calendar = calendar
        self.epoch = datetime.combine(epoch.date(), datetime.min.time())
        self.days = days
        first = self.epoch.date()
        starts: list[int] = []
        ends: list[int] = []
        week = [_merged(p) for p in calendar.week]
        last = first + timedelta(days=days - 1)
        special: dict[date, list[tuple[int, int]]] = {}
        # work weeks first, then exceptions over them (the lookup order, reversed)
        for ww in calendar.work_weeks:
            day = max(ww.start, first)
            while day <= min(ww.finish, last):
                if ww.week[day.weekday()] is not None:
                    special[day] = _merged(ww.week[day.weekday()])  # type: ignore[arg-type]
                day += timedelta(days=1)
        for exc in reversed(calendar.exceptions):  # the first listed wins
            day = max(exc.start, first)
            while day <= min(exc.finish, last):
                special[day] = _merged(exc.periods)
                day += timedelta(days=1)
        for i in range(days):
            day = first + timedelta(days=i)
            periods = special[day] if day in special else week[day.weekday()]
            base = i * MINUTES_PER_DAY
            for s, e in periods:
                if starts and ends[-1] == base + s:  # 24:00 joins the next day's 00:00
                    ends[-1] = base + e
                else:
                    starts.append(base + s)
                    ends.append(base + e)
        if not starts:
            raise ScheduleError(
                f"the calendar has no working time in the {days} days from {first.isoformat()}",
                element=f"Calendar {calendar.name!r} (id {calendar.id})",
            )
        self.starts = np.asarray(starts, dtype=np.int64)
        self.ends = np.asarray(ends, dtype=np.int64)
        lengths = self.ends - self.starts
        self.cum_end = np.cumsum(lengths)
        self.cum = self.cum_end - lengths
        self.total = int(self.cum_end[-1])

    # -- absolute minutes <-> offsets (arrays or scalars) -------------------------------------
    def to_offset(self, minute: np.ndarray | int) -> np.ndarray:
        """Working minutes from the epoch up to absolute ``minute`` (either side of a gap: same)."""
        m = np.asarray(minute, dtype=np.int64)
        if m.size and (m.min() < self.starts[0] or m.max() > self.ends[-1]):
            raise HorizonError(self.calendar.id)
        idx = np.searchsorted(self.starts, m, side="right") - 1
        return self.cum[idx] + np.minimum(m - self.starts[idx], self.ends[idx] - self.starts[idx])

    def _check(self, off: np.ndarray) -> None:
        if off.size and (off.min() < 0 or off.max() > self.total):
            raise HorizonError(self.calendar.id)

    def start_at(self, offset: np.ndarray | int) -> np.ndarray:
        """Absolute minute of ``offset`` read as a start: the next work start."""
        off = np.asarray(offset, dtype=np.int64)
        self._check(off)
        idx = np.minimum(np.searchsorted(self.cum_end, off, side="right"), len(self.starts) - 1)
        return self.starts[idx] + (off - self.cum[idx])

    def finish_at(self, offset: np.ndarray | int) -> np.ndarray:
        """Absolute minute of ``offset`` read as a finish: the previous work finish."""
        off = np.asarray(offset, dtype=np.int64)
        self._check(off)
        idx = np.searchsorted(self.cum_end, off, side="left")
        return self.starts[idx] + (off - self.cum[idx])

    # -- date-times -----------------------------------------------------------------------------
    def minute(self, when: datetime) -> int:
        return int((when - self.epoch) // timedelta(minutes=1))

    def datetime(self, minute: int) -> datetime:
        return self.epoch + timedelta(minutes=int(minute))

    def offset(self, when: datetime) -> int:
        return int(self.to_offset(self.minute(when)))

    def as_start(self, offset: int) -> datetime:
        return self.datetime(int(self.start_at(offset)))

    def as_finish(self, offset: int) -> datetime:
        return self.datetime(int(self.finish_at(offset)))


def _merged(periods: tuple[WorkingPeriod, ...]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for p in sorted(periods, key=lambda p: p.start):
        if out and p.start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], p.end))
        else:
            out.append((p.start, p.end))
    return out


def _table(calendar: Calendar, when: datetime, minutes: int) -> WorkingTime:
    """A table around ``when`` long enough for ``minutes`` of work (doubling until it is)."""
    days = 60 + 4 * abs(minutes) // 60
    while True:
        wt = WorkingTime(calendar, when - timedelta(days=days), 2 * days + 1)
        try:
            off = wt.offset(when)
            if 0 <= off + minutes <= wt.total and 0 < off < wt.total:
                return wt
        except HorizonError:
            pass  # `when` falls outside this table's working time: the next, doubled, covers it
        if days > 366 * 200:
            raise ScheduleError(
                f"the calendar has no working time in two centuries around {when.isoformat()}",
                element=f"Calendar {calendar.name!r} (id {calendar.id})",
            )
        days *= 2


def add_working_minutes(calendar: Calendar, start: datetime, minutes: int) -> datetime:
    """``start`` plus ``minutes`` of work; an exact fill ends at the interval's end."""
    if minutes < 0:
        return subtract_working_minutes(calendar, start, -minutes)
    wt = _table(calendar, start, minutes)
    return wt.as_finish(wt.offset(start) + minutes) if minutes else next_work_start(calendar, start)


def subtract_working_minutes(calendar: Calendar, finish: datetime, minutes: int) -> datetime:
    """``finish`` minus ``minutes`` of work, walking backwards: the result is read as a start."""
    if minutes < 0:
        return add_working_minutes(calendar, finish, -minutes)
    wt = _table(calendar, finish, -minutes)
    return wt.as_start(wt.offset(finish) - minutes)


def next_work_start(calendar: Calendar, when: datetime) -> datetime:
    """The first working moment at or after ``when`` (Mon 17:00 → Tue 08:00)."""
    wt = _table(calendar, when, 0)
    return wt.as_start(wt.offset(when))


def previous_work_finish(calendar: Calendar, when: datetime) -> datetime:
    """The last working moment at or before ``when`` (Tue 08:00 → Mon 17:00)."""
    wt = _table(calendar, when, 0)
    return wt.as_finish(wt.offset(when))


def working_minutes_between(calendar: Calendar, start: datetime, finish: datetime) -> int:
    """Working minutes from ``start`` to ``finish`` (negative when ``finish`` is earlier)."""
    wt = _table(calendar, start, int((finish - start) // timedelta(minutes=1)))
    return wt.offset(finish) - wt.offset(start)
