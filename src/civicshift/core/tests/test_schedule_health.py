"""DCMA 14-point checks on hand-built plans whose counts are known by construction.

Thresholds from DCMA-EA PAM 200.1 (Defense Contract Management Agency, *EVMS Program Analysis
Pamphlet*, October 2012), section 4.2, "14 Point Schedule Metrics":

    1 Logic: incomplete tasks missing predecessors and/or successors ........ ≤ 5 %
    2 Leads: relationships with a lead (negative lag) ........................ 0 %
    3 Lags: relationships with a positive lag ................................ ≤ 5 %
    4 Relationship types: finish-to-start relationships ...................... ≥ 90 %
    5 Hard constraints (MSO, MFO, SNLT, FNLT) ................................. ≤ 5 %
    6 High float: total float > 44 working days .............................. ≤ 5 %
    7 Negative float ......................................................... 0 %
    8 High duration: baseline duration > 44 working days ..................... ≤ 5 %
    9 Invalid dates: forecast before / actual after the status date ........... 0 %
   10 Resources: tasks of ≥ 1 day without dollars or hours ................... (no threshold)
   11 Missed tasks: baselined to finish by the status date, finished late ..... ≤ 5 %
   12 Critical path test: 600 working days of delay moves the finish as much . pass/fail
   13 CPLI = (critical path length + total float) / critical path length ...... ≥ 0.95
   14 BEI = tasks completed / tasks baselined to be completed ................ ≥ 0.95
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from civicshift.core.schedule.health import health_check
from civicshift.core.schedule.model import (
    Calendar,
    ConstraintType,
    Duration,
    Lag,
    Link,
    LinkType,
    Project,
    Schedule,
    Task,
    TaskSchedule,
    WorkingPeriod,
)

START = datetime(2027, 1, 4, 8, 0)  # Monday
DAY = 480


def wd(n: int) -> datetime:
    """``n`` working days after START, at 08:00 (Mon–Fri, no holidays)."""
    weeks, rest = divmod(n, 5)
    return START + timedelta(days=7 * weeks + rest)


def chain(n: int = 20, **project_kw) -> Project:
    tasks = tuple(Task(f"T{i}", f"Task {i}", Duration(DAY), owner="IT") for i in range(1, n + 1))
    links = tuple(Link(f"T{i}", f"T{i + 1}") for i in range(1, n))
    return Project("Chain", START, tasks, links, **project_kw)


def sched(project: Project, floats: dict[str, int] | None = None) -> Schedule:
    floats = floats or {}
    rows = {}
    for i, t in enumerate(project.tasks):
        s, f = wd(i), wd(i).replace(hour=17)
        tf = floats.get(t.id, 0)
        rows[t.id] = TaskSchedule(t.id, s, f, s, f, s, f, tf, 0, tf, tf, tf <= 0)
    finish = rows[project.tasks[-1].id].finish
    return Schedule(START, finish, rows, tuple(t.id for t in project.tasks))


def run(project: Project, schedule: Schedule | None = None, **kw):
    """The checks with a stand-in schedule; the critical path test only when a scheduler is
    given (the engine's own runs are in the last tests)."""
    scheduler = kw.pop("scheduler", None)
    return health_check(
        project,
        schedule or sched(project),
        scheduler=scheduler,
        critical_path_test=scheduler is not None,
        **kw,
    )


def test_logic_two_of_twenty_open_ends_is_ten_percent_and_fails():
    report = run(chain())
    c = report.get("logic")
    assert (c.count, c.population, c.value, c.passed) == (2, 20, 10.0, False)
    assert c.task_ids == ("T1", "T20")
    assert c.threshold == "≤ 5 %"


def test_logic_one_open_end_of_twenty_is_five_percent_and_passes():
    # A completed kick-off feeds T1: completed tasks are not counted (DCMA counts incomplete
    # tasks), so among the 20 incomplete tasks only T20 lacks a successor: 1 of 20 = 5 %.
    p = chain()
    done = Task("T0", "Kick-off", Duration(0), percent_complete=100, owner="IT")
    p = replace(p, tasks=(done, *p.tasks), links=(Link("T0", "T1"), *p.links))
    c = run(p).get("logic")
    assert (c.count, c.population, c.value, c.passed) == (1, 20, 5.0, True)


def test_leads_lags_and_relationship_types_count_links_into_incomplete_tasks():
    p = chain(21)  # 20 links
    links = list(p.links)
    links[3] = replace(links[3], lag=Lag(-DAY))  # a lead into T5
    links[7] = replace(links[7], lag=Lag(2 * DAY))  # a lag into T9: 1 of 20 = 5 %
    links[10] = replace(links[10], type=LinkType.SS)
    links[11] = replace(links[11], type=LinkType.FF, lag=Lag(percent=50))  # lag into T13
    r = run(replace(p, links=tuple(links)))
    assert (r.get("leads").count, r.get("leads").passed, r.get("leads").task_ids) == (
        1,
        False,
        ("T5",),
    )
    lags = r.get("lags")
    assert (lags.count, lags.population, lags.value, lags.passed) == (2, 20, 10.0, False)
    types = r.get("relationship_types")
    # 18 of 20 links are FS = 90 %: the threshold is "at least 90 %", so it passes.
    assert (types.value, types.passed, types.task_ids) == (90.0, True, ("T12", "T13"))
    assert types.threshold == "≥ 90 %"


def test_hard_constraints_are_the_four_the_pamphlet_names():
    p = chain()
    ts = list(p.tasks)
    ts[4] = replace(ts[4], constraint=ConstraintType.MSO, constraint_date=wd(4))
    ts[5] = replace(ts[5], constraint=ConstraintType.SNET, constraint_date=wd(5))  # soft
    c = run(replace(p, tasks=tuple(ts))).get("hard_constraints")
    assert (c.count, c.value, c.passed, c.task_ids) == (1, 5.0, True, ("T5",))
    ts[6] = replace(ts[6], constraint=ConstraintType.FNLT, constraint_date=wd(7))
    c = run(replace(p, tasks=tuple(ts))).get("hard_constraints")
    assert (c.count, c.value, c.passed) == (2, 10.0, False)


def test_high_and_negative_float_and_high_duration():
    p = chain()
    floats = {"T3": 45 * DAY, "T4": 44 * DAY, "T8": 60 * DAY, "T9": -1}
    ts = list(p.tasks)
    ts[10] = replace(ts[10], duration=Duration(45 * DAY))
    ts[11] = replace(ts[11], duration=Duration(44 * DAY))  # 44 days is not "over 44"
    ts[12] = replace(ts[12], duration=Duration(10 * DAY), baseline_duration=Duration(50 * DAY))
    p = replace(p, tasks=tuple(ts))
    r = run(p, sched(p, floats))
    hf = r.get("high_float")
    assert (hf.count, hf.value, hf.passed, hf.task_ids) == (2, 10.0, False, ("T3", "T8"))
    nf = r.get("negative_float")
    assert (nf.count, nf.passed, nf.task_ids) == (1, False, ("T9",))
    hd = r.get("high_duration")  # baseline duration first (T13), then the duration (T11)
    assert (hd.count, hd.value, hd.passed, hd.task_ids) == (2, 10.0, False, ("T11", "T13"))


def test_status_date_checks_missed_tasks_bei_and_invalid_dates():
    # Baseline: task i finishes at the end of working day i-1. Status date: end of day 10, so
    # T1–T10 were due. T1–T9 finished on time, T10 not finished; T15 shows an actual start
    # after the status date (invalid), and T11 is not started but forecast to start before it.
    p = chain()
    status = wd(10)
    ts = []
    for i, t in enumerate(p.tasks, start=1):
        bf = wd(i - 1).replace(hour=17)
        t = replace(t, baseline_start=wd(i - 1), baseline_finish=bf)
        if i <= 9:
            t = replace(t, percent_complete=100, actual_start=wd(i - 1), actual_finish=bf)
        if i == 15:
            t = replace(t, actual_start=wd(12))
        ts.append(t)
    p = replace(p, tasks=tuple(ts))
    s = sched(p)
    rows = dict(s.tasks)
    for i in range(10, 21):  # the forecast of unfinished work is after the status date…
        tid = f"T{i}"
        rows[tid] = replace(rows[tid], start=wd(i), finish=wd(i).replace(hour=17))
    rows["T11"] = replace(rows["T11"], start=wd(9))  # …except T11's start: invalid
    s = replace(s, tasks=rows)
    r = run(p, s, status_date=status)
    missed = r.get("missed_tasks")
    assert (missed.count, missed.population, missed.value, missed.passed) == (1, 10, 10.0, False)
    assert missed.task_ids == ("T10",)
    bei = r.get("bei")
    assert bei.value == pytest.approx(0.9) and bei.passed is False  # 9 done of 10 due
    inv = r.get("invalid_dates")
    assert (inv.count, inv.passed, inv.task_ids) == (2, False, ("T11", "T15"))


def test_cpli_from_the_float_to_the_baseline_finish():
    # Forecast finish 20 working days after the status date; baseline finish one day earlier:
    # CPLI = (20 − 1) / 20 = 0.95 (passes); two days earlier: 18 / 20 = 0.90 (fails).
    p = chain()
    s = replace(sched(p), project_finish=wd(20))
    r = run(replace(p, finish=wd(19)), s, status_date=START)
    assert r.get("cpli").value == pytest.approx(0.95) and r.get("cpli").passed is True
    r = run(replace(p, finish=wd(18)), s, status_date=START)
    assert r.get("cpli").value == pytest.approx(0.90) and r.get("cpli").passed is False


def test_checks_without_their_inputs_are_not_assessed_not_passed():
    r = run(chain())  # no status date, no baseline, no engine given
    for key in ("invalid_dates", "missed_tasks", "cpli", "bei", "critical_path_test"):
        assert r.get(key).passed is None and r.get(key).detail
    assert [c.number for c in r.checks] == list(range(1, 15))
    assert set(r.failed) == {"logic"}


def test_resources_counts_tasks_of_a_day_or_more_without_cost_or_owner():
    p = chain()
    ts = list(p.tasks)
    ts[2] = replace(ts[2], owner="")
    ts[3] = replace(ts[3], owner="", duration=Duration(240))  # half a day: not counted
    c = run(replace(p, tasks=tuple(ts))).get("resources")
    assert (c.count, c.population, c.passed, c.task_ids) == (1, 19, False, ("T3",))


def test_the_single_start_and_finish_milestones_are_not_missing_logic():
    # 20 tasks plus a start milestone S (→ T1) and a finish milestone F (T20 →): every task is
    # linked both ways except the network's two ends, which do not count: 0 of 22.
    p = chain()
    s_m = Task("S", "Kick-off", Duration(0))
    f_m = Task("F", "Go-live", Duration(0))
    p = replace(p, tasks=(s_m, *p.tasks, f_m), links=(Link("S", "T1"), *p.links, Link("T20", "F")))
    c = run(p).get("logic")
    assert (c.count, c.population, c.passed) == (0, 22, True)
    # A second dangling milestone makes the ends ambiguous: both finish milestones count.
    g_m = Task("G", "Dangling", Duration(0))
    p2 = replace(p, tasks=(*p.tasks, g_m), links=(*p.links, Link("T10", "G")))
    c = run(p2).get("logic")
    assert (c.count, c.task_ids, c.passed) == (2, ("F", "G"), False)  # 2 of 23 = 8.7 %


# --- critical path test (check 12) -------------------------------------------------------------
# A round-the-clock calendar makes working minutes wall-clock minutes, so a stand-in scheduler
# for finish-to-start networks is a longest-path sum (the engine is used where it is merged).

ROUND_THE_CLOCK = Calendar("1", "24 hours", week=((WorkingPeriod(0, 1440),),) * 7)


def fs_schedule(project: Project, critical: tuple[str, ...] = ()) -> Schedule:
    finish: dict[str, int] = {}
    preds = {
        t.id: [lk.predecessor for lk in project.links if lk.successor == t.id]
        for t in project.tasks
    }
    for t in project.tasks:  # tasks listed after their predecessors
        finish[t.id] = max((finish[p] for p in preds[t.id]), default=0) + t.duration.minutes
    rows = {}
    for t in project.tasks:
        s = START + timedelta(minutes=finish[t.id] - t.duration.minutes)
        f = START + timedelta(minutes=finish[t.id])
        rows[t.id] = TaskSchedule(t.id, s, f, s, f, s, f, 0, 0, 0, 0, t.id in critical)
    end = START + timedelta(minutes=max(finish.values()))
    return Schedule(START, end, rows, critical or tuple(t.id for t in project.tasks))


def test_critical_path_test_passes_on_a_connected_chain():
    # DCMA check 12: 600 working days on a critical task must move the finish by 600 days.
    p = replace(chain(5), calendars=(ROUND_THE_CLOCK,))
    c = run(p, fs_schedule(p), scheduler=fs_schedule).get("critical_path_test")
    assert c.passed is True and c.value == 600 and "task T1" in c.detail


def test_critical_path_test_fails_when_the_critical_task_does_not_drive_the_finish():
    # X (5 days) stands apart from A → B (10 days each) but is reported critical (as a
    # constraint would make it); 600 days on X move X by 600 days and the finish by 600 + 5 −
    # 20 = 585 days: the critical path is broken.
    tasks = (
        Task("X", "Permit", Duration(5 * 1440)),
        Task("A", "Build", Duration(10 * 1440)),
        Task("B", "Test", Duration(10 * 1440)),
    )
    p = Project(
        "Broken",
        START,
        tasks,
        (Link("A", "B"),),
        calendars=(ROUND_THE_CLOCK,),
        minutes_per_day=1440,
    )
    c = run(p, fs_schedule(p, ("X", "A", "B")), scheduler=fs_schedule).get("critical_path_test")
    assert c.passed is False and c.task_ids == ("X",)
    assert c.value == pytest.approx(585)


def test_critical_path_test_with_the_engine_on_the_standard_calendar():
    # The engine (civicshift.core.schedule.cpm) is the default scheduler: on a 20-task chain
    # with weekends, 600 working days on T1 move the finish by exactly 600 working days.
    from civicshift.core.schedule.cpm import schedule

    p = chain()
    c = health_check(p, schedule(p)).get("critical_path_test")
    assert c.passed is True and c.value == 600
