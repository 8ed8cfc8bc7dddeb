"""The critical path method: textbook networks, Microsoft Project's link, lag, constraint,
milestone and summary rules, bad input, and the array API.

Rules cited as [notes §n] are ../shared/notes/msproject-scheduling.md (from MPXJ's
MicrosoftScheduler, compared by its authors with files saved by Microsoft Project, and
Microsoft's field help). Dates: 2026-11-30 is a Monday; the Standard calendar works Mon-Fri
08:00-12:00 and 13:00-17:00.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from civicshift.core.schedule.cpm import compile_network, cpm_pass, schedule
from civicshift.core.schedule.model import (
    ConstraintType,
    Duration,
    Lag,
    Link,
    LinkType,
    Project,
    ScheduleError,
    Task,
)

MON = datetime(2026, 11, 30, 8)
DAY = 480
WEEK = 2400


def D(y: int, m: int, d: int, h: int) -> datetime:
    return datetime(y, m, d, h)


def plan(tasks, links=(), **kw) -> Project:
    return Project("t", MON, tuple(tasks), tuple(links), **kw)


def T(tid: str, minutes: int, **kw) -> Task:
    return Task(tid, f"Task {tid}", Duration(minutes), **kw)


def test_reliable_construction_hillier_lieberman() -> None:
    # Hillier & Lieberman, Introduction to Operations Research, 9th ed. (2010), section 22.3
    # (ch. 10.3 in the 7th/8th ed.), Reliable Construction Co., Table 22.1 and Figure 22.7:
    # 14 activities in weeks, project 44 weeks, critical path A-B-C-E-F-J-L-N,
    # slack D 4, G 4, H 4, I 2, K 1, M 4, all others 0.
    acts = {
        "A": (2, ""), "B": (4, "A"), "C": (10, "B"), "D": (6, "C"), "E": (4, "C"),
        "F": (5, "E"), "G": (7, "D"), "H": (9, "EG"), "I": (7, "C"), "J": (8, "FI"),
        "K": (4, "J"), "L": (5, "J"), "M": (2, "H"), "N": (6, "KL"),
    }  # fmt: skip
    tasks = [T(a, w * WEEK) for a, (w, _) in acts.items()]
    links = [Link(p, a) for a, (_, ps) in acts.items() for p in ps]
    result = schedule(plan(tasks, links))
    net = compile_network(plan(tasks, links))
    r = cpm_pass(net)
    assert int(r.finish_offset - r.start_offset) == 44 * WEEK
    assert result.critical_path == tuple("ABCEFJLN")
    slack = {a: result.tasks[a].total_float_minutes / WEEK for a in acts}
    assert slack == {a: {"D": 4, "G": 4, "H": 4, "I": 2, "K": 1, "M": 4}.get(a, 0) for a in acts}


def test_milwaukee_paper_heizer_render() -> None:
    # Heizer & Render, Operations Management, 10th ed. (2011), chapter 3, Examples 4-8
    # (Milwaukee Paper Manufacturing): 15 weeks, critical path A-C-E-G-H, slack B 1, D 1, F 6.
    acts = {"A": (2, ""), "B": (3, ""), "C": (2, "A"), "D": (4, "AB"), "E": (4, "C"),
            "F": (3, "C"), "G": (5, "DE"), "H": (2, "FG")}  # fmt: skip
    tasks = [T(a, w * WEEK) for a, (w, _) in acts.items()]
    links = [Link(p, a) for a, (_, ps) in acts.items() for p in ps]
    result = schedule(plan(tasks, links))
    assert result.critical_path == tuple("ACEGH")
    slack = {a: result.tasks[a].total_float_minutes / WEEK for a in acts}
    assert slack == {a: {"B": 1, "D": 1, "F": 6}.get(a, 0) for a in acts}
    # 15 weeks of 5 working days from Mon 2026-11-30: Fri 2027-03-12 17:00
    assert result.project_finish == D(2027, 3, 12, 17)


@pytest.mark.parametrize(
    ("pred_days", "lag", "start"),
    [
        (3, Lag(DAY), D(2026, 12, 4, 8)),  # FS+1d after Wed 17:00 -> Fri 08:00 [notes §2]
        (3, Lag(-DAY), D(2026, 12, 2, 8)),  # FS-1d after Wed 17:00 -> Wed 08:00 [notes §2]
        (5, Lag(2 * 1440, elapsed=True, unit="ed"), D(2026, 12, 7, 8)),  # FS+2ed from Fri 17:00
        (4, Lag(percent=-50.0), D(2026, 12, 2, 8)),  # FS-50% of 4d = -2d after Thu 17:00
    ],
)
def test_lag_examples_of_the_notes(pred_days: int, lag: Lag, start: datetime) -> None:
    result = schedule(plan([T("a", pred_days * DAY), T("b", DAY)], [Link("a", "b", lag=lag)]))
    assert result.tasks["b"].early_start == start


def test_link_types_forward_and_backward() -> None:
    # [notes §2] SS: ES = pred ES + lag; FF: EF = pred EF + lag; SF: EF = pred ES + lag.
    tasks = [T("a", 3 * DAY), T("ss", DAY), T("ff", DAY), T("sf", DAY), T("z", 10 * DAY)]
    links = [
        Link("a", "ss", LinkType.SS, Lag(DAY)),
        Link("a", "ff", LinkType.FF, Lag(DAY)),
        Link("a", "sf", LinkType.SF, Lag(2 * DAY)),
    ]
    r = schedule(plan(tasks, links)).tasks
    assert r["ss"].early_start == D(2026, 12, 1, 8)
    assert r["ff"].early_finish == D(2026, 12, 3, 17)
    assert r["sf"].early_finish == D(2026, 12, 1, 17)
    # nothing follows them: LF = project finish (z, 10 days: Fri 2026-12-11 17:00) [notes §6]
    assert r["ss"].late_finish == D(2026, 12, 11, 17)
    # a's late finish: FF -> LF(ff) - 1d = Thu 12-10 17:00 is the binding one
    assert r["a"].late_finish == D(2026, 12, 10, 17)


def test_constraints() -> None:
    # [notes §3], HonorConstraints = 1: constraints win over links.
    pre = T("p", 2 * DAY)  # finishes Tue 12-01 17:00
    cases = {
        ConstraintType.SNET: (D(2026, 12, 3, 8), D(2026, 12, 3, 8)),
        ConstraintType.FNET: (D(2026, 12, 4, 17), D(2026, 12, 4, 8)),
        ConstraintType.MSO: (D(2026, 12, 7, 8), D(2026, 12, 7, 8)),
        ConstraintType.MFO: (D(2026, 12, 7, 17), D(2026, 12, 7, 8)),
        ConstraintType.SNLT: (D(2026, 12, 4, 8), D(2026, 12, 2, 8)),  # logic is earlier
        ConstraintType.FNLT: (D(2026, 12, 4, 17), D(2026, 12, 2, 8)),
        ConstraintType.ASAP: (None, D(2026, 12, 2, 8)),
    }
    for ctype, (when, es) in cases.items():
        t = T("x", DAY, constraint=ctype, constraint_date=when)
        r = schedule(plan([pre, t], [Link("p", "x")])).tasks["x"]
        assert r.early_start == es, ctype
    # MSO / MFO pin the late dates too
    t = T("x", DAY, constraint=ConstraintType.MSO, constraint_date=D(2026, 12, 7, 8))
    r = schedule(plan([pre, t, T("z", 20 * DAY)], [Link("p", "x")])).tasks["x"]
    assert r.late_start == D(2026, 12, 7, 8)


def test_alap_takes_its_late_dates() -> None:
    # [notes §3] ALAP: Start/Finish are the late dates, slack 0.
    tasks = [T("a", DAY, constraint=ConstraintType.ALAP), T("z", 5 * DAY)]
    r = schedule(plan(tasks)).tasks["a"]
    assert r.start == D(2026, 12, 4, 8) and r.finish == D(2026, 12, 4, 17)
    assert r.early_start == MON
    assert r.total_float_minutes == 0


def test_snlt_conflict_gives_negative_float_and_a_warning() -> None:
    # [notes §3] a late constraint that conflicts with logic stays a hard date; the conflict
    # is negative slack on the driving chain (Boyle, MPUG forum).
    tasks = [T("p", 3 * DAY), T("x", DAY, constraint=ConstraintType.SNLT,
                                constraint_date=D(2026, 12, 1, 8))]  # fmt: skip
    result = schedule(plan(tasks, [Link("p", "x")]))
    assert result.tasks["x"].early_start == D(2026, 12, 1, 8)
    assert result.tasks["p"].total_float_minutes == -2 * DAY
    assert any("task x" in w and "Start No Later Than" in w for w in result.warnings)


def test_deadline_moves_only_late_dates() -> None:
    # [notes §3] Deadline: LF = min(LF, deadline); early dates unchanged (EPMA).
    tasks = [T("a", 3 * DAY, deadline=D(2026, 12, 1, 17)), T("z", 5 * DAY)]
    result = schedule(plan(tasks))
    a = result.tasks["a"]
    assert a.early_finish == D(2026, 12, 2, 17)
    assert a.late_finish == D(2026, 12, 1, 17)
    assert a.total_float_minutes == -DAY
    assert any("task a" in w and "deadline" in w for w in result.warnings)


def test_milestone_stays_at_the_end_of_the_day() -> None:
    # [notes §4] after an FS predecessor finishing Wed 17:00 the milestone sits at Wed 17:00;
    # its FS successor starts Thu 08:00; a milestone without predecessors sits at 08:00.
    tasks = [T("a", 3 * DAY), T("m", 0), T("b", DAY), T("m0", 0)]
    r = schedule(plan(tasks, [Link("a", "m"), Link("m", "b")])).tasks
    assert r["m"].early_start == r["m"].early_finish == D(2026, 12, 2, 17)
    assert r["b"].early_start == D(2026, 12, 3, 8)
    assert r["m0"].early_start == MON


def test_summary_links_apply_to_the_leaves() -> None:
    # [notes §5] a link from a summary: every leaf is a predecessor (FS); a link into a summary
    # applies to every leaf; rolled-up Start = min, Finish = max.
    tasks = [
        T("S", 0, summary=True),
        T("s1", 2 * DAY, outline_level=2),
        T("s2", 4 * DAY, outline_level=2),
        T("x", DAY),
        T("R", 0, summary=True),
        T("r1", DAY, outline_level=2),
    ]
    r = schedule(plan(tasks, [Link("S", "x"), Link("x", "R")])).tasks
    assert r["x"].early_start == D(2026, 12, 4, 8)
    assert r["r1"].early_start == D(2026, 12, 7, 8)
    assert r["S"].early_start == MON and r["S"].early_finish == D(2026, 12, 3, 17)


def test_inactive_tasks_are_skipped() -> None:
    tasks = [T("a", 5 * DAY, active=False), T("b", DAY)]
    result = schedule(plan(tasks, [Link("a", "b")]))
    assert "a" not in result.tasks
    assert result.tasks["b"].early_start == MON


def test_cycle_is_reported_with_its_tasks_in_order() -> None:
    tasks = [T(x, DAY) for x in "ABCD"]
    links = [Link("D", "A"), Link("A", "B"), Link("B", "C"), Link("C", "A")]
    with pytest.raises(ScheduleError) as err:
        schedule(plan(tasks, links))
    ids = list(err.value.task_ids)
    assert sorted(ids) == ["A", "B", "C"]
    i = ids.index("A")
    assert ids[i:] + ids[:i] == ["A", "B", "C"]
    assert "cycle" in str(err.value)


@pytest.mark.parametrize(
    ("tasks", "links", "needle"),
    [
        ([T("a", DAY)], [Link("a", "ghost")], "ghost"),
        ([T("a", -1)], [], "task a"),
        ([T("a", DAY, calendar_id="night")], [], "night"),
    ],
)
def test_bad_input_names_the_task(tasks, links, needle) -> None:
    with pytest.raises(ScheduleError, match=needle):
        schedule(plan(tasks, links))


def test_batch_pass_equals_one_pass_per_row() -> None:
    # The (k, n) form must give, row by row, what the (n,) form gives.
    acts = {"A": "", "B": "A", "C": "A", "D": "BC"}
    tasks = [T(a, DAY) for a in acts]
    links = [Link(p, a, LinkType.SS if a == "C" else LinkType.FS, Lag(120)) for a, ps in
             acts.items() for p in ps]  # fmt: skip
    net = compile_network(plan(tasks, links))
    durs = np.array([[480, 960, 240, 60], [60, 60, 3000, 480], [0, 480, 480, 480]])
    batch = cpm_pass(net, durs)
    for row in range(3):
        single = cpm_pass(net, durs[row])
        for f in ("es", "ef", "ls", "lf"):
            assert np.array_equal(getattr(batch, f)[row], getattr(single, f))
        assert batch.finish_minute[row] == single.finish_minute


def test_honor_constraints_off_lets_logic_win() -> None:
    # [notes §3] HonorConstraints = 0: the logic wins over an SNLT date.
    tasks = [T("p", 3 * DAY), T("x", DAY, constraint=ConstraintType.SNLT,
                                constraint_date=D(2026, 12, 1, 8))]  # fmt: skip
    result = schedule(plan(tasks, [Link("p", "x")], honor_constraints=False))
    assert result.tasks["x"].early_start == D(2026, 12, 3, 8)


def test_critical_slack_limit_in_days() -> None:
    # [notes §6] Critical = TotalSlack <= CriticalSlackLimit x MinutesPerDay.
    tasks = [T("a", 5 * DAY), T("b", 4 * DAY)]
    assert not schedule(plan(tasks)).tasks["b"].critical
    assert schedule(plan(tasks, critical_slack_limit_days=1)).tasks["b"].critical


def test_actual_and_manual_dates_are_fixed() -> None:
    # [notes §8] started tasks keep ActualStart/ActualFinish (MPXJ's simplification); manual
    # tasks keep their stored start and finish; successors follow them.
    tasks = [
        T("a", DAY, actual_start=D(2026, 12, 1, 8), actual_finish=D(2026, 12, 2, 17),
          percent_complete=100.0),
        T("m", DAY, manual=True, manual_start=D(2026, 12, 7, 8), manual_finish=D(2026, 12, 8, 17)),
        T("b", DAY),
    ]  # fmt: skip
    r = schedule(plan(tasks, [Link("a", "b"), Link("m", "b")])).tasks
    assert r["a"].early_finish == D(2026, 12, 2, 17) and not r["a"].critical
    assert r["m"].early_start == D(2026, 12, 7, 8) and r["m"].early_finish == D(2026, 12, 8, 17)
    assert r["b"].early_start == D(2026, 12, 9, 8)


def test_lag_uses_the_successors_calendar() -> None:
    # [notes §2] a working lag counts on the successor's calendar: a successor on a 7-day
    # calendar after a Friday 17:00 finish with FS+1d works Saturday (its 1 d of lag) and
    # starts Sunday 08:00.
    from civicshift.core.schedule.model import Calendar, WorkingPeriod

    seven = Calendar(
        "7", "Seven days", week=((WorkingPeriod(480, 720), WorkingPeriod(780, 1020)),) * 7
    )
    tasks = [T("a", 5 * DAY), T("b", DAY, calendar_id="7")]
    project = plan(
        tasks, [Link("a", "b", lag=Lag(DAY))], calendars=(Calendar("1", "Standard"), seven)
    )
    r = schedule(project).tasks["b"]
    assert r.early_start == D(2026, 12, 6, 8)
    assert r.early_finish == D(2026, 12, 6, 17)


def test_a_plan_without_tasks_starts_and_finishes_at_its_start() -> None:
    empty = Project("Nothing yet", datetime(2027, 1, 4, 8), ())
    result = schedule(empty)
    assert (result.project_start, result.project_finish) == (empty.start, empty.start)
    assert result.tasks == {} and result.critical_path == ()


def test_deep_graph_fallback_equals_the_level_loops() -> None:
    # A chain (one task per level) takes the per-task fallback; its passes must give what the
    # level loops give for the same chain in batch form (which never takes the fallback), and
    # the chain's finish is the sum of its durations: 1 + 2 + ... + 6 days = 21 days.
    tasks = [T(str(i), i * DAY) for i in range(1, 7)]
    links = [Link(str(i), str(i + 1), lag=Lag(0)) for i in range(1, 6)]
    net = compile_network(plan(tasks, links))
    single = cpm_pass(net)
    batch = cpm_pass(net, net.duration[None, :])
    for f in ("es", "ef", "ls", "lf"):
        assert np.array_equal(getattr(single, f), getattr(batch, f)[0])
    assert int(single.finish_offset - single.start_offset) == 21 * DAY


@pytest.mark.parametrize("seed", range(8))
def test_batch_pass_equals_one_pass_per_row_on_rich_plans(seed: int) -> None:
    """The (k, n) form of the simulation, row by row, is the (n,) form (itself checked against
    the textbooks and Project's files above) on plans with two calendars, elapsed and percent
    lags, the four link types, constraints and deadlines: the batched level loops broadcast
    every bound and calendar crossing per row."""
    from datetime import timedelta

    from civicshift.core.schedule.model import Calendar, WorkingPeriod

    rng = np.random.default_rng(seed)
    seven = Calendar(
        "7", "Seven days", week=((WorkingPeriod(480, 720), WorkingPeriod(780, 1020)),) * 7
    )
    n = 40
    kinds = [ConstraintType.ASAP] * 6 + [
        ConstraintType.SNET,
        ConstraintType.FNLT,
        ConstraintType.MSO,
        ConstraintType.FNET,
    ]
    tasks = []
    for i in range(n):
        ctype = kinds[rng.integers(len(kinds))]
        when = MON + timedelta(days=int(rng.integers(0, 40)), hours=int(rng.integers(0, 9)))
        deadline = MON + timedelta(days=int(rng.integers(10, 60))) if rng.random() < 0.2 else None
        tasks.append(
            T(
                f"t{i}",
                int(rng.integers(0, 6)) * DAY // 2,
                constraint=ctype,
                constraint_date=None if ctype == ConstraintType.ASAP else when,
                deadline=deadline,
                calendar_id="7" if rng.random() < 0.3 else None,
            )
        )
    links = []
    for i in range(1, n):
        for p in rng.choice(i, size=min(i, int(rng.integers(1, 3))), replace=False):
            lag_kind = rng.integers(4)
            lag = (
                Lag(0)
                if lag_kind == 0
                else Lag(int(rng.integers(-2, 4)) * 240)
                if lag_kind == 1
                else Lag(int(rng.integers(0, 3)) * 720, elapsed=True)
                if lag_kind == 2
                else Lag(0, percent=float(rng.choice([-50.0, 25.0, 100.0])))
            )
            links.append(Link(f"t{p}", f"t{i}", list(LinkType)[int(rng.integers(4))], lag))
    net = compile_network(plan(tasks, links, calendars=(Calendar("1", "Standard"), seven)))
    durs = rng.integers(0, 6, size=(5, n)) * 240
    batch = cpm_pass(net, durs)
    for row in range(durs.shape[0]):
        single = cpm_pass(net, durs[row])
        for f in ("es", "ef", "ls", "lf"):
            assert np.array_equal(getattr(batch, f)[row], getattr(single, f)), (row, f)
        assert batch.finish_minute[row] == single.finish_minute
