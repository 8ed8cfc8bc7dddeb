"""Working-time arithmetic on a working calendar, vectorised.

A calendar's working time over a horizon is kept as arrays of its working intervals: each
interval's start and end in absolute minutes (minutes since ``EPOCH``, naive local time) and the
working minutes counted before it (``before``). A moment then has a **working-minute offset**,
the working minutes from the horizon's start to it; converting a moment to its offset and back
is one ``numpy.searchsorted`` over arrays of any shape.

In offset space a finish at Monday 17:00 and a start on Tuesday 08:00 are the same number:
converting back *as a start* gives the next working moment (``from_offset_start``: Tuesday
08:00) and *as a finish* the previous working finish (``from_offset_finish``: Monday 17:00).
That is Microsoft Project's normalisation of starts and late finishes, and its rule that an
exact fill ends at the interval's end: Monday 08:00 + 8 working hours = Monday 17:00
(``../shared/notes/msproject-scheduling.md``, section 1, after MPXJ's ``ProjectCalendar``).

Days are looked up as Project does: the calendar's exceptions, then its work weeks, then its
default week (a reader folds a derived calendar's base into it, see ``model.Calendar``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np

from civicshift.core.schedule.model import Calendar, ScheduleError, WorkingPeriod

EPOCH = datetime(1900, 1, 1)
_MINUTE = timedelta(minutes=1)
#: A horizon longer than this many years with no working time means the calendar has none.
MAX_YEARS = 400


def to_minutes(moment: datetime) -> int:
    """Absolute minutes of a naive date-time (seconds are dropped, as plans are to the
    minute)."""
    return (moment - EPOCH) // _MINUTE


def from_minutes(minutes: int) -> datetime:
    return EPOCH + timedelta(minutes=int(minutes))


def _day_minutes(day: date) -> int:
    return (day - EPOCH.date()).days * 1440


class WorkingTime:
    """A calendar's working intervals from ``first_day`` on, extended as far as needed."""

    def __init__(self, calendar: Calendar, first_day: date) -> None:
        self.calendar = calendar
        self.first_day = first_day
        self._exceptions = sorted(calendar.exceptions, key=lambda e: e.start)
        self._weeks = sorted(calendar.work_weeks, key=lambda w: w.start)
        if (
            not any(calendar.week)
            and not any(e.periods for e in calendar.exceptions)
            and not any(any(d for d in w.week if d) for w in calendar.work_weeks)
        ):
            raise ScheduleError(
                "the calendar has no working time on any day",
                element=f"calendar {calendar.name!r}",
            )
        self.days = 0
        self.starts = np.zeros(0, dtype=np.int64)
        self.ends = np.zeros(0, dtype=np.int64)
        self.before = np.zeros(0, dtype=np.int64)
        self.extend(730)

    # --- building ------------------------------------------------------------------------

    def periods_on(self, day: date) -> tuple[WorkingPeriod, ...]:
        for exception in self._exceptions:
            if exception.start <= day <= exception.finish:
                return exception.periods
            if exception.start > day:
                break
        for week in self._weeks:
            if week.start <= day <= week.finish:
                chosen = week.week[day.weekday()]
                if chosen is not None:
                    return chosen
        return self.calendar.week[day.weekday()]

    def extend(self, more_days: int) -> None:
        """Add ``more_days`` days of intervals at the end of the horizon."""
        starts, ends = [], []
        day = self.first_day + timedelta(days=self.days)
        for _ in range(more_days):
            base = _day_minutes(day)
            for period in self.periods_on(day):
                if ends and ends[-1] == base + period.start:  # midnight-spanning shift
                    ends[-1] = base + period.end
                elif self.ends.size and not ends and self.ends[-1] == base + period.start:
                    self.ends[-1] = base + period.end
                else:
                    starts.append(base + period.start)
                    ends.append(base + period.end)
            day += timedelta(days=1)
        self.days += more_days
        if starts:
            s = np.array(starts, dtype=np.int64)
            e = np.array(ends, dtype=np.int64)
            self.starts = np.concatenate([self.starts, s])
            self.ends = np.concatenate([self.ends, e])
        lengths = self.ends - self.starts
        self.before = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        self.after = self.before + lengths  # working minutes up to each interval's end
        self.total = int(lengths.sum())
        if self.days > MAX_YEARS * 366 and self.total == 0:
            raise ScheduleError(
                "the calendar has no working time", element=f"calendar {self.calendar.name!r}"
            )

    def _cover_offsets(self, offsets: np.ndarray) -> None:
        need = int(offsets.max(initial=0))
        while need >= self.total:
            if self.days > MAX_YEARS * 366:
                raise ScheduleError(
                    f"the plan runs past {MAX_YEARS} years of this calendar's working time",
                    element=f"calendar {self.calendar.name!r}",
                )
            self.extend(max(self.days, 366))

    def _cover_minutes(self, minutes: np.ndarray) -> None:
        last = int(minutes.max(initial=0))
        while self.ends.size == 0 or last >= int(self.ends[-1]):
            if self.days > MAX_YEARS * 366:
                raise ScheduleError(
                    f"a date lies more than {MAX_YEARS} years after the plan's start",
                    element=f"calendar {self.calendar.name!r}",
                )
            self.extend(max(self.days, 366))

    @property
    def horizon_start(self) -> int:
        return _day_minutes(self.first_day)

    # --- conversions (arrays of any shape) -----------------------------------------------

    def to_offset(self, minutes: np.ndarray) -> np.ndarray:
        """Working minutes from the horizon's start to each moment."""
        minutes = np.asarray(minutes, dtype=np.int64)
        if (minutes < self.horizon_start).any():
            raise ScheduleError(
                "a date lies before the start of the calendar's horizon",
                element=f"calendar {self.calendar.name!r}",
            )
        self._cover_minutes(minutes)
        i = np.searchsorted(self.starts, minutes, side="right") - 1
        safe = np.maximum(i, 0)
        inside = np.clip(minutes - self.starts[safe], 0, self.ends[safe] - self.starts[safe])
        return np.where(i < 0, 0, self.before[safe] + inside)

    def from_offset_start(self, offsets: np.ndarray) -> np.ndarray:
        """The first working moment at each offset (a start: the next work start)."""
        offsets = np.maximum(np.asarray(offsets, dtype=np.int64), 0)
        self._cover_offsets(offsets + 1)
        i = np.searchsorted(self.after, offsets, side="right")
        return self.starts[i] + (offsets - self.before[i])

    def from_offset_finish(self, offsets: np.ndarray) -> np.ndarray:
        """The last moment at each offset that ends working time (a finish: the previous
        work finish; offset 0 is the first working moment)."""
        offsets = np.maximum(np.asarray(offsets, dtype=np.int64), 0)
        self._cover_offsets(offsets)
        i = np.searchsorted(self.after, offsets, side="left")
        return self.starts[i] + (offsets - self.before[i])

    # --- scalar helpers ----------------------------------------------------------------

    def add(self, moment: datetime, working_minutes: int) -> datetime:
        """``moment`` + working minutes (negative: back), Project's way: an exact fill ends
        at the interval's end, a start is the next working moment."""
        offset = int(self.to_offset(np.array([to_minutes(moment)]))[0]) + working_minutes
        if working_minutes >= 0:
            return from_minutes(self.from_offset_finish(np.array([offset]))[0])
        return from_minutes(self.from_offset_start(np.array([offset]))[0])

    def next_work_start(self, moment: datetime) -> datetime:
        offset = self.to_offset(np.array([to_minutes(moment)]))
        return from_minutes(self.from_offset_start(offset)[0])

    def previous_work_finish(self, moment: datetime) -> datetime:
        offset = self.to_offset(np.array([to_minutes(moment)]))
        return from_minutes(self.from_offset_finish(offset)[0])

    def working_minutes_between(self, start: datetime, finish: datetime) -> int:
        a, b = self.to_offset(np.array([to_minutes(start), to_minutes(finish)]))
        return int(b - a)
