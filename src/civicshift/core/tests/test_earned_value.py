"""Earned value against a published worked example.

The four-sided fence (Rita Mulcahy, *PMP Exam Prep*, p. 210, reproduced as "Earned Value
Exercise", studylib.net/doc/5898152): each side takes one day and is budgeted $1,000, built one
after the other; at the end of day 3 sides 1 and 2 are done (spent $1,000 and $1,200), side 3
is half done (spent $600), side 4 not started. Published answers: PV 3,000, EV 2,500,
AC 2,800, BAC 4,000, CV −300, CPI .893, SV −500, SPI .833, EAC 4,479, ETC 1,679, VAC −479.
(The book divides by CPI rounded to .893; unrounded, 4,000 × 2,800 / 2,500 = 4,480, so the
money figures are compared within $1.50.) Formulas: PMBOK Guide 6th ed. Table 7-1.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from civicshift.core.schedule.earned_value import earned_value, working_minutes
from civicshift.core.schedule.model import Calendar, CalendarException, Duration, Project, Task

MON = datetime(2027, 1, 4, 8, 0)  # a Monday


def day(n: int, hour: int) -> datetime:
    return MON.replace(day=MON.day + n - 1, hour=hour)


def fence() -> Project:
    done = [(100, 1000.0), (100, 1200.0), (50, 600.0), (0, None)]
    tasks = tuple(
        Task(
            id=f"S{i}",
            name=f"Side {i}",
            duration=Duration(480),
            cost=1000.0,
            percent_complete=pct,
            actual_cost=ac,
            baseline_start=day(i, 8),
            baseline_finish=day(i, 17),
        )
        for i, (pct, ac) in enumerate(done, start=1)
    )
    return Project("Fence", MON, tasks)


def test_fence_example_matches_the_published_answers():
    ev = earned_value(fence(), status_date=day(3, 17))  # end of day 3
    assert ev.pv == pytest.approx(3000)
    assert ev.ev == pytest.approx(2500)
    assert ev.ac == pytest.approx(2800)
    assert ev.bac == pytest.approx(4000)
    assert ev.cv == pytest.approx(-300)
    assert ev.sv == pytest.approx(-500)
    assert ev.cpi == pytest.approx(0.893, abs=5e-4)
    assert ev.spi == pytest.approx(0.833, abs=5e-4)
    assert ev.eac == pytest.approx(4479, abs=1.5)
    assert ev.etc == pytest.approx(1679, abs=1.5)
    assert ev.vac == pytest.approx(-479, abs=1.5)
    # TCPI is not in the exercise; PMBOK Table 7-1: (BAC − EV) / (BAC − AC) = 1,500 / 1,200.
    assert ev.tcpi == pytest.approx(1.25)


def test_planned_value_is_spread_over_working_time_not_clock_time():
    # A two-day task Friday 08:00 → Monday 17:00 (a weekend between): at Saturday noon half its
    # working time (one day of two) has elapsed, so PV = 50 % of the budget; at Friday 12:00,
    # 4 of 16 working hours = 25 %.
    fri = datetime(2027, 1, 8, 8, 0)
    t = Task(
        "T",
        "Configure",
        Duration(960),
        cost=800.0,
        baseline_start=fri,
        baseline_finish=datetime(2027, 1, 11, 17, 0),
    )
    p = Project("P", fri, (t,))
    assert earned_value(p, status_date=datetime(2027, 1, 9, 12, 0)).pv == pytest.approx(400)
    assert earned_value(p, status_date=datetime(2027, 1, 8, 12, 0)).pv == pytest.approx(200)


def test_working_minutes_skip_lunch_weekends_and_holidays():
    # Standard week 08:00–12:00 and 13:00–17:00: Mon 08:00 → Mon 17:00 is 480 minutes, the
    # week Mon 08:00 → Fri 17:00 is 2,400; a holiday on Wednesday removes 480.
    cal = Calendar("1", "Standard")
    assert working_minutes(cal, MON, day(1, 17)) == 480
    assert working_minutes(cal, MON, day(1, 12).replace(minute=30)) == 240
    assert working_minutes(cal, MON, day(5, 17)) == 2400
    holiday = Calendar(
        "1", "Standard", exceptions=(CalendarException(day(3, 0).date(), day(3, 0).date()),)
    )
    assert working_minutes(holiday, MON, day(5, 17)) == 1920
    assert working_minutes(cal, day(5, 17), MON) == -2400


def test_ratios_are_none_before_any_work_and_unbaselined_tasks_are_listed():
    p = Project("P", MON, (Task("A", "Plan", Duration(480), cost=100.0),))
    ev = earned_value(p, status_date=MON)
    assert ev.pv == 0 and ev.spi is None and ev.cpi is None and ev.eac is None
    assert ev.unplanned == ("A",)


def test_percent_complete_out_of_range_names_the_task():
    p = Project("P", MON, (Task("A", "Plan", percent_complete=120),))
    with pytest.raises(ValueError, match=r"task A \('Plan'\): percent complete must be 0–100"):
        earned_value(p, status_date=MON)


def test_summary_and_inactive_tasks_carry_no_budget_of_their_own():
    # A phase (summary) with a cost of its own and an inactive task: neither counts, so BAC
    # is the fence's four sides, 4,000 (the exercise's BAC).
    p = fence()
    phase = Task("PH", "Fence", summary=True, cost=9999.0)
    dropped = Task("X", "Gate (cancelled)", Duration(480), cost=500.0, active=False)
    p = Project(p.title, p.start, (phase, *p.tasks, dropped))
    ev = earned_value(p, status_date=day(3, 17))
    assert ev.bac == pytest.approx(4000)
    assert [r.task_id for r in ev.tasks] == ["S1", "S2", "S3", "S4"]
