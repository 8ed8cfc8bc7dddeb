"""Working-time arithmetic (civicshift.core.schedule.calendar).

Reference: Microsoft Project's rules as collected in ../shared/notes/msproject-scheduling.md,
section 1 (MPXJ ``ProjectCalendar.getDate``, ``getNextWorkStart``,
``getEquivalentPreviousWorkFinish``) and section 7 (ToTime 00:00 = 24:00). 2026-11-30 is a
Monday; the Standard calendar works Mon-Fri 08:00-12:00 and 13:00-17:00.
"""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pytest

from civicshift.core.schedule.calendar import (
    WorkingTime,
    add_working_minutes,
    next_work_start,
    previous_work_finish,
    subtract_working_minutes,
    working_minutes_between,
)
from civicshift.core.schedule.model import (
    Calendar,
    CalendarException,
    ScheduleError,
    WorkingPeriod,
    WorkWeek,
)

STD = Calendar("1", "Standard")
MON = datetime(2026, 11, 30, 8)


def test_an_exact_fill_ends_at_the_intervals_end() -> None:
    # notes §1: 8h from Mon 08:00 is Mon 17:00, not Tue 08:00; 4h is Mon 12:00.
    assert add_working_minutes(STD, MON, 480) == datetime(2026, 11, 30, 17)
    assert add_working_minutes(STD, MON, 240) == datetime(2026, 11, 30, 12)
    assert add_working_minutes(STD, MON, 5 * 480) == datetime(2026, 12, 4, 17)
    assert add_working_minutes(STD, MON, 5 * 480 + 1) == datetime(2026, 12, 7, 8, 1)


def test_normalising_starts_and_finishes() -> None:
    # notes §1: a start moves to the next work start, a late finish back to the previous finish.
    assert next_work_start(STD, datetime(2026, 11, 30, 17)) == datetime(2026, 12, 1, 8)
    assert next_work_start(STD, datetime(2026, 11, 30, 12)) == datetime(2026, 11, 30, 13)
    assert next_work_start(STD, datetime(2026, 12, 5, 10)) == datetime(2026, 12, 7, 8)
    assert previous_work_finish(STD, datetime(2026, 12, 1, 8)) == datetime(2026, 11, 30, 17)
    assert previous_work_finish(STD, datetime(2026, 11, 30, 13)) == datetime(2026, 11, 30, 12)


def test_subtracting_walks_backwards() -> None:
    # notes §1: Mon 17:00 - 8h = Mon 08:00.
    assert subtract_working_minutes(STD, datetime(2026, 11, 30, 17), 480) == MON
    assert subtract_working_minutes(STD, MON, 480) == datetime(2026, 11, 27, 8)


def test_working_minutes_between() -> None:
    # Fri 08:00 to Mon 17:00 on the Standard calendar: two 8-hour days.
    assert (
        working_minutes_between(STD, datetime(2026, 11, 27, 8), datetime(2026, 11, 30, 17)) == 960
    )
    assert working_minutes_between(STD, datetime(2026, 11, 30, 17), MON) == -480


def test_exceptions_and_work_weeks() -> None:
    # A holiday (no periods) is skipped; a work week changes the hours of its dates;
    # exceptions win over work weeks (model.Calendar lookup order, MPXJ getRanges).
    short = (WorkingPeriod(480, 720),)
    cal = Calendar(
        "2",
        "Town",
        exceptions=(CalendarException(date(2026, 12, 1), date(2026, 12, 1), (), "Holiday"),),
        work_weeks=(WorkWeek(date(2026, 12, 1), date(2026, 12, 31), (short,) * 5 + (None, None)),),
    )
    assert add_working_minutes(cal, MON, 480 + 240) == datetime(2026, 12, 2, 12)
    assert next_work_start(cal, datetime(2026, 12, 2, 12)) == datetime(2026, 12, 3, 8)


def test_to_time_24_00_joins_midnight() -> None:
    # notes §7: ToTime 00:00 means 24:00; a night shift 20:00-24:00 then 00:00-04:00 is one
    # stretch, so 8h from Mon 20:00 ends Tue 04:00.
    night = (WorkingPeriod(0, 240), WorkingPeriod(1200, 1440))
    cal = Calendar("3", "Night Shift", week=(night,) * 7)
    assert add_working_minutes(cal, datetime(2026, 11, 30, 20), 480) == datetime(2026, 12, 1, 4)


def test_a_calendar_without_working_time_is_named() -> None:
    empty = Calendar("9", "Closed", week=((),) * 7)
    with pytest.raises(ScheduleError, match="Closed"):
        add_working_minutes(empty, MON, 480)


def test_vectorised_conversions_equal_the_scalar_ones() -> None:
    # Offsets <-> minutes over arrays give what the date-time functions give one at a time.
    wt = WorkingTime(STD, datetime(2026, 11, 1), 120)
    whens = [datetime(2026, 11, 30, h) for h in range(0, 24)]
    minutes = np.array([wt.minute(w) for w in whens])
    offs = wt.to_offset(minutes)
    starts = wt.start_at(offs)
    finishes = wt.finish_at(offs)
    for w, s, f in zip(whens, starts, finishes, strict=True):
        assert wt.datetime(s) == next_work_start(STD, w)
        assert wt.datetime(f) == previous_work_finish(STD, w)
