"""The critical path method against published answers and Microsoft Project's rules.

References, cited beside each test:
* Hillier & Lieberman, *Introduction to Operations Research*, chapter "Project Management with
  PERT/CPM" (the Reliable Construction Co. bid: 14 activities, 44 weeks, critical path
  A-B-C-E-F-J-L-N, slack D 4, G 4, H 4, I 2, K 1, M 4 weeks, all others 0).
* ``../shared/notes/msproject-scheduling.md``: the worked examples of links and lags (section 2),
  milestones (section 4) and constraints (section 3), from MPXJ's MicrosoftScheduler and
  Microsoft's documentation.
"""

from datetime import datetime

import pytest

from civicshift.core.schedule.calendar import (
    add_working_minutes,
    next_work_start,
    previous_work_finish,
    subtract_working_minutes,
)
from civicshift.core.schedule.cpm import schedule
from civicshift.core.schedule.model import (
    Calendar,
    CalendarException,
    ConstraintType,
    Duration,
    Lag,
    Link,
    LinkType,
    Project,
    ScheduleError,
    Task,
)

DAY, WEEK = 480, 2400
MON = datetime(2027, 1, 4, 8, 0)  # a Monday


def task(tid, days=1.0, **kw):
    return Task(tid, f"Task {tid}", Duration(round(days * DAY)), **kw)


def link(p, s, kind="FS", lag=0, **kw):
    return Link(p, s, LinkType(kind), Lag(lag, **kw))


def plan(tasks, links=(), start=MON, **kw):
    return Project("test", start, tuple(tasks), tuple(links), **kw)


# Reliable Construction Co. (Hillier & Lieberman): activity, weeks, predecessors.
RELIABLE = [
    ("A", 2, ""),
    ("B", 4, "A"),
    ("C", 10, "B"),
    ("D", 6, "C"),
    ("E", 4, "C"),
    ("F", 5, "E"),
    ("G", 7, "D"),
    ("H", 9, "EG"),
    ("I", 7, "C"),
    ("J", 8, "FI"),
    ("K", 4, "J"),
    ("L", 5, "J"),
    ("M", 2, "H"),
    ("N", 6, "KL"),
]


def test_reliable_construction_textbook_answer():
    tasks = [Task(a, a, Duration(w * WEEK)) for a, w, _ in RELIABLE]
    links = [link(p, a) for a, _w, preds in RELIABLE for p in preds]
    result = schedule(plan(tasks, links))
    weeks = {t: s.total_float_minutes / WEEK for t, s in result.tasks.items()}
    assert result.critical_path == ("A", "B", "C", "E", "F", "J", "L", "N")
    assert weeks == {
        "A": 0,
        "B": 0,
        "C": 0,
        "D": 4,
        "E": 0,
        "F": 0,
        "G": 4,
        "H": 4,
        "I": 2,
        "J": 0,
        "K": 1,
        "L": 0,
        "M": 4,
        "N": 0,
    }
    # 44 weeks of 5 working days from Monday 4 January 2027, 08:00 (no holidays): the
    # 220th working day is Friday 5 November 2027, finishing at 17:00.
    assert result.project_finish == datetime(2027, 11, 5, 17, 0)


def test_an_exact_fill_ends_at_the_interval_end():
    # Notes section 1: 8h from Monday 08:00 is Monday 17:00, 4h is 12:00.
    cal = Calendar("1", "Standard")
    assert add_working_minutes(cal, MON, 480) == datetime(2027, 1, 4, 17, 0)
    assert add_working_minutes(cal, MON, 240) == datetime(2027, 1, 4, 12, 0)
    assert subtract_working_minutes(cal, datetime(2027, 1, 4, 17, 0), 480) == MON
    assert next_work_start(cal, datetime(2027, 1, 4, 17, 0)) == datetime(2027, 1, 5, 8, 0)
    assert next_work_start(cal, datetime(2027, 1, 9, 10, 0)) == datetime(2027, 1, 11, 8, 0)
    assert previous_work_finish(cal, datetime(2027, 1, 5, 8, 0)) == datetime(2027, 1, 4, 17, 0)
    assert previous_work_finish(cal, datetime(2027, 1, 5, 13, 0)) == datetime(2027, 1, 5, 12, 0)


@pytest.mark.parametrize(
    ("lag", "kw", "starts"),
    [
        # Notes section 2, predecessor finishing Wednesday 17:00:
        (DAY, {}, datetime(2027, 1, 8, 8, 0)),  # FS+1d: Friday 08:00
        (-DAY, {}, datetime(2027, 1, 6, 8, 0)),  # FS−1d: Wednesday 08:00
        (0, {"percent": -50.0}, datetime(2027, 1, 5, 8, 0)),  # FS−50 % of a 3d task: −1.5d
    ],
)
def test_finish_to_start_lags(lag, kw, starts):
    result = schedule(plan([task("A", 3), task("B")], [link("A", "B", lag=lag, **kw)]))
    assert result.tasks["A"].early_finish == datetime(2027, 1, 6, 17, 0)
    if kw.get("percent") == -50.0:
        starts = datetime(2027, 1, 5, 13, 0)  # 1.5 working days before Wednesday 17:00
    assert result.tasks["B"].early_start == starts


def test_an_elapsed_lag_runs_over_the_weekend():
    # Notes section 2: FS+2ed from Friday 17:00 ends Sunday 17:00, so the successor starts
    # Monday 08:00.
    result = schedule(plan([task("A", 5), task("B")], [link("A", "B", lag=2 * 1440, elapsed=True)]))
    assert result.tasks["A"].early_finish == datetime(2027, 1, 8, 17, 0)
    assert result.tasks["B"].early_start == datetime(2027, 1, 11, 8, 0)


def test_start_to_start_and_finish_to_finish():
    result = schedule(
        plan(
            [task("A", 4), task("B", 2), task("C", 2)],
            [link("A", "B", "SS", lag=DAY), link("A", "C", "FF")],
        )
    )
    assert result.tasks["B"].early_start == datetime(2027, 1, 5, 8, 0)  # A's start + 1d
    assert result.tasks["C"].early_finish == datetime(2027, 1, 7, 17, 0)  # with A's finish
    assert result.tasks["C"].early_start == datetime(2027, 1, 6, 8, 0)


def test_a_milestone_sits_at_the_end_of_its_predecessor():
    # Notes section 4: after an FS predecessor finishing Wednesday 17:00 the milestone is at
    # Wednesday 17:00, and its FS successor starts Thursday 08:00.
    result = schedule(
        plan(
            [task("A", 3), Task("M", "Go-live", Duration(0)), task("B")],
            [link("A", "M"), link("M", "B")],
        )
    )
    assert result.tasks["M"].early_start == datetime(2027, 1, 6, 17, 0)
    assert result.tasks["M"].early_finish == datetime(2027, 1, 6, 17, 0)
    assert result.tasks["B"].early_start == datetime(2027, 1, 7, 8, 0)


def test_holidays_are_skipped():
    cal = Calendar(
        "1",
        "Standard",
        exceptions=(CalendarException(datetime(2027, 1, 5).date(), datetime(2027, 1, 5).date()),),
    )
    result = schedule(plan([task("A", 2)], calendars=(cal,)))
    assert result.tasks["A"].early_finish == datetime(2027, 1, 6, 17, 0)


def test_start_no_earlier_than_pushes_and_must_finish_on_pins():
    snet = task("B", 1, constraint=ConstraintType.SNET, constraint_date=datetime(2027, 1, 11, 8))
    mfo = task("C", 2, constraint=ConstraintType.MFO, constraint_date=datetime(2027, 1, 20, 17))
    result = schedule(plan([task("A"), snet, mfo], [link("A", "B"), link("A", "C")]))
    assert result.tasks["B"].early_start == datetime(2027, 1, 11, 8)
    assert result.tasks["C"].early_finish == datetime(2027, 1, 20, 17)
    assert result.tasks["C"].early_start == datetime(2027, 1, 19, 8)


def test_an_unmeetable_finish_no_later_than_shows_negative_float_and_a_warning():
    # Notes section 3: with constraints honoured, a late constraint that the logic cannot
    # meet becomes negative slack on the chain that drives it.
    fnlt = task("B", 2, constraint=ConstraintType.FNLT, constraint_date=datetime(2027, 1, 5, 17))
    result = schedule(plan([task("A", 3), fnlt], [link("A", "B")]))
    # The constraint wins: B finishes Tuesday 17:00 as it says; A, which drives B and
    # finishes Wednesday 17:00, would have had to finish by Friday 1 January: 3 days short.
    assert result.tasks["B"].early_finish == datetime(2027, 1, 5, 17)
    assert result.tasks["A"].total_float_minutes == -3 * DAY
    assert any("task B" in w and "negative float" in w for w in result.warnings)


def test_a_deadline_moves_only_the_late_dates():
    late = task("B", 2, deadline=datetime(2027, 1, 13, 17))
    result = schedule(plan([task("A", 3), late, task("C", 10)], [link("A", "B")]))
    b = result.tasks["B"]
    assert b.early_finish == datetime(2027, 1, 8, 17)  # unmoved
    assert b.late_finish == datetime(2027, 1, 13, 17)  # the deadline, before the finish
    assert b.total_float_minutes == 3 * DAY


def test_as_late_as_possible_takes_the_late_dates():
    alap = task("B", 1, constraint=ConstraintType.ALAP)
    result = schedule(plan([task("A", 5), alap, task("C", 1)], [link("C", "B")]))
    assert result.tasks["B"].start == datetime(2027, 1, 8, 8)  # finishes with A, on Friday
    assert result.tasks["B"].total_float_minutes == 0


def test_a_phase_runs_from_its_first_to_its_last_task_and_links_into_it_reach_its_tasks():
    tasks = [
        task("P", 0, summary=True, milestone=False),
        task("P1", 2, outline_level=2),
        task("P2", 3, outline_level=2),
        task("Z", 1),
    ]
    result = schedule(plan([task("A", 1), *tasks], [link("A", "P"), link("P", "Z")]))
    assert result.tasks["P1"].early_start == datetime(2027, 1, 5, 8)
    assert result.tasks["P2"].early_start == datetime(2027, 1, 5, 8)
    assert result.tasks["P"].early_finish == datetime(2027, 1, 7, 17)
    assert result.tasks["Z"].early_start == datetime(2027, 1, 8, 8)
    assert result.tasks["P1"].total_float_minutes == DAY


def test_free_float_is_the_gap_to_the_successor():
    result = schedule(
        plan([task("A", 1), task("B", 3), task("C", 1)], [link("A", "C"), link("B", "C")])
    )
    assert result.tasks["A"].free_float_minutes == 2 * DAY
    assert result.tasks["A"].total_float_minutes == 2 * DAY
    assert result.tasks["B"].free_float_minutes == 0


def test_a_cycle_is_reported_with_its_tasks():
    with pytest.raises(ScheduleError) as caught:
        schedule(
            plan(
                [task("A"), task("B"), task("C"), task("D")],
                [link("A", "B"), link("B", "C"), link("C", "B"), link("C", "D")],
            )
        )
    assert set(caught.value.task_ids) == {"B", "C"}
    assert "cycle" in str(caught.value)


@pytest.mark.parametrize(
    ("tasks", "links", "words"),
    [
        ([task("A")], [link("A", "Q")], ("task A", "'Q'")),
        ([Task("A", "Dig", Duration(-5))], [], ("task A ('Dig')", "negative")),
        ([task("A", calendar_id="9")], [], ("task A", "'9'")),
    ],
)
def test_bad_plans_name_the_task(tasks, links, words):
    with pytest.raises(ScheduleError) as caught:
        schedule(plan(tasks, links))
    assert all(w in str(caught.value) for w in words), str(caught.value)


def test_a_calendar_with_no_working_time_is_refused():
    idle = Calendar("1", "Idle", week=((),) * 7)
    with pytest.raises(ScheduleError) as caught:
        schedule(plan([task("A")], calendars=(idle,)))
    assert "'Idle'" in str(caught.value) and "no working time" in str(caught.value)
