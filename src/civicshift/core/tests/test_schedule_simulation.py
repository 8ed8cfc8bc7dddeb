"""Schedule Monte Carlo over the network (issue 9, item 6 and "Numbers that must be right").

References:
- Merge bias: the finish of n parallel tasks meeting at a milestone is the maximum of their
  durations, whose expectation E[max] = ∫ x · n F(x)^(n−1) f(x) dx exceeds every single mean
  (order statistics: David & Nagaraja, *Order Statistics*, 3rd ed., Wiley 2003, §2.1;
  MacCrimmon & Ryavec, "An analytical study of the PERT assumptions", Operations Research
  12(1), 1964). The reference is computed here by ``scipy.integrate.quad`` over
  ``scipy.stats.triang`` / ``scipy.stats.beta``, not by our code. A simulated mean lies within
  5 standard errors (s/√N) of it, plus half a minute for the rounding of durations to minutes.
- With no spread the simulation is the deterministic schedule: a 3-day and a 2-day task in
  sequence from Monday 4 January 2027, 08:00, on the default calendar (8:00–12:00,
  13:00–17:00, Monday to Friday) finish on Friday 8 January 2027 at 17:00 (5 working days).
- Criticality index (Primavera Risk Analysis, @RISK for Project): the share of iterations in
  which a task's total float is within the critical limit; of two i.i.d. parallel tasks each is
  the longer in half the runs (binomial standard error √(0.25/N)).
"""

from __future__ import annotations

import math
from datetime import datetime

import numpy as np
import pytest
from scipy import integrate, stats

from civicshift.core.schedule.model import (
    Duration,
    Link,
    Project,
    ScheduleError,
    Task,
    ThreePoint,
)
from civicshift.core.schedule.pert import pert
from civicshift.core.schedule.simulation import (
    ScheduleRisk,
    mitigation_effect,
    s_curve,
    simulate,
)

DAY = 480
START = datetime(2027, 1, 4, 8)


def days(n: float) -> Duration:
    return Duration(round(n * DAY))


def three(a: float, m: float, b: float, dist: str = "pert") -> ThreePoint:
    return ThreePoint(days(a), days(m), days(b), dist)


def task(task_id: str, a: float, m: float, b: float, dist: str = "pert") -> Task:
    return Task(task_id, f"Task {task_id}", duration=days(m), estimate=three(a, m, b, dist))


def fixed(task_id: str, d: float) -> Task:
    return Task(task_id, f"Task {task_id}", duration=days(d))


def parallel(n: int, a: float, m: float, b: float, dist: str) -> Project:
    """n parallel tasks from the start, meeting at milestone M."""
    tasks = [task(f"P{i}", a, m, b, dist) for i in range(n)] + [fixed("M", 0)]
    links = [Link(f"P{i}", "M") for i in range(n)]
    return Project("Merge", START, tuple(tasks), tuple(links))


def expected_maximum(n: int, dist) -> float:
    """E[max of n i.i.d. draws] = ∫ x n F(x)^(n−1) f(x) dx, by scipy's adaptive quadrature."""
    low, high = dist.support()
    value, _error = integrate.quad(
        lambda x: x * n * dist.cdf(x) ** (n - 1) * dist.pdf(x), low, high, limit=200
    )
    return value


@pytest.mark.parametrize(
    ("n", "estimate", "dist"),
    [
        (3, (4, 6, 12), "triangular"),
        (5, (4, 6, 12), "pert"),
        (2, (10, 11, 30), "pert"),
    ],
)
def test_merge_bias_the_mean_finish_is_the_expected_maximum(n, estimate, dist):
    a, m, b = estimate
    if dist == "pert":
        law = stats.beta(
            1 + 4 * (m - a) / (b - a), 1 + 4 * (b - m) / (b - a), a * DAY, (b - a) * DAY
        )
    else:
        law = stats.triang((m - a) / (b - a), loc=a * DAY, scale=(b - a) * DAY)
    project = parallel(n, a, m, b, dist)
    result = simulate(project, iterations=20_000, seed=3)
    finishes = np.asarray(result.finish_minutes, dtype=float)
    reference = expected_maximum(n, law)
    error = 5 * finishes.std(ddof=1) / math.sqrt(len(finishes)) + 0.5
    assert abs(finishes.mean() - reference) <= error
    # later than PERT's mean (one path's te) and than CPM's (the likely durations)
    assert finishes.mean() > pert(project).mean_days * DAY + error
    assert finishes.mean() > m * DAY + error
    assert reference > law.mean()


def test_no_spread_gives_exactly_the_deterministic_finish():
    project = Project(
        "Flat", START, (task("A", 3, 3, 3), task("B", 2, 2, 2, "triangular")), (Link("A", "B"),)
    )
    result = simulate(project, iterations=1_000, seed=5)
    friday_evening = datetime(2027, 1, 8, 17, 0)
    assert result.deterministic_finish == friday_evening
    assert result.p50 == result.p80 == result.p90 == friday_evening
    assert set(result.finish_minutes) == {5 * DAY}
    assert result.criticality == {"A": 1.0, "B": 1.0}


def risky_plan() -> tuple[Project, tuple[ScheduleRisk, ...]]:
    tasks = (
        task("A", 4, 5, 10),
        task("B", 2, 3, 6, "triangular"),
        task("C", 3, 4, 8),
        fixed("D", 1),
        fixed("M", 0),
    )
    links = (Link("A", "B"), Link("A", "C"), Link("B", "M"), Link("C", "M"), Link("D", "M"))
    risks = (
        ScheduleRisk("R1", "Vendor late", 0.4, three(2, 4, 9), ("B",), 0.1, three(1, 2, 4)),
        ScheduleRisk("R2", "Data not clean", 0.25, three(1, 3, 5), ("A", "C")),
    )
    return Project("Risky", START, tasks, links), risks


@pytest.mark.parametrize("chunk", [1, 7, 1_000, None])
def test_a_fixed_seed_gives_the_same_result_across_runs_and_chunk_sizes(chunk):
    project, risks = risky_plan()
    reference = simulate(project, iterations=3_000, seed=42, risks=risks, chunk=997)
    assert simulate(project, iterations=3_000, seed=42, risks=risks, chunk=chunk) == reference
    assert simulate(project, iterations=3_000, seed=43, risks=risks) != reference


def test_criticality_always_never_and_half():
    project, _ = risky_plan()
    result = simulate(project, iterations=20_000, seed=8)
    # A drives every run; D (1 day) has at least 5 days of float in every run (A + B ≥ 6).
    assert result.criticality["A"] == 1.0 and result.criticality["M"] == 1.0
    assert result.criticality["D"] == 0.0
    twins = Project(
        "Twins",
        START,
        (task("X", 4, 6, 12), task("Y", 4, 6, 12), fixed("M", 0)),
        (Link("X", "M"), Link("Y", "M")),
    )
    share = simulate(twins, iterations=20_000, seed=2).criticality
    for task_id in ("X", "Y"):
        assert abs(share[task_id] - 0.5) <= 5 * math.sqrt(0.25 / 20_000) + 0.01  # + ties


def test_a_certain_risk_with_a_fixed_impact_moves_the_finish_by_its_impact():
    project = Project("Chain", START, (task("A", 3, 3, 3), task("B", 2, 2, 2)), (Link("A", "B"),))
    risk = ScheduleRisk("R", "Permit", 1.0, three(1, 1, 1), ("B",), mitigated_probability=0.0)
    before = simulate(project, iterations=100, seed=1, risks=[risk])
    after = simulate(project, iterations=100, seed=1, risks=[risk], mitigated=True)
    assert before.p50 == datetime(2027, 1, 11, 17, 0)  # 6 working days: the next Monday, 17:00
    assert after.p50 == datetime(2027, 1, 8, 17, 0)


def test_mitigation_lowers_the_p80():
    project, risks = risky_plan()
    before = simulate(project, iterations=10_000, seed=4, risks=risks)
    after = simulate(project, iterations=10_000, seed=4, risks=risks, mitigated=True)
    assert after.p80 < before.p80
    assert sorted(after.finish_minutes) == list(after.finish_minutes)
    # the same uniforms: no run finishes later once R1 is less likely and smaller
    assert all(x <= y for x, y in zip(after.finish_minutes, before.finish_minutes, strict=True))


def test_mitigation_effect_is_the_two_runs_with_one_progress():
    project, risks = risky_plan()
    seen = []
    before, after = mitigation_effect(
        project, iterations=1_500, seed=4, risks=risks, progress=lambda d, t: seen.append((d, t))
    )
    assert before == simulate(project, iterations=1_500, seed=4, risks=risks)
    assert after == simulate(project, iterations=1_500, seed=4, risks=risks, mitigated=True)
    assert seen[-1] == (3_000, 3_000) and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_percentiles_and_s_curve_read_the_sorted_finishes():
    # A 3-day and a 2-day task; a risk of probability 0.3 adds exactly one day to B: the finish
    # is Friday 8 January 17:00 in about 70 % of the runs, Monday 11 January 17:00 otherwise.
    project = Project("Chain", START, (task("A", 3, 3, 3), task("B", 2, 2, 2)), (Link("A", "B"),))
    risk = ScheduleRisk("R", "Permit", 0.3, three(1, 1, 1), ("B",))
    n = 10_000
    result = simulate(project, iterations=n, seed=12, risks=[risk])
    late = np.count_nonzero(np.asarray(result.finish_minutes) == 6 * DAY)
    assert late + np.count_nonzero(np.asarray(result.finish_minutes) == 5 * DAY) == n
    assert abs(late / n - 0.3) <= 5 * math.sqrt(0.3 * 0.7 / n)
    friday, monday = datetime(2027, 1, 8, 17), datetime(2027, 1, 11, 17)
    assert s_curve(project, result) == [(friday, (n - late) / n), (monday, 1.0)]
    assert (result.p50, result.p80, result.p90) == (friday, monday, monday)
    # with the same draws and 25 points, a wider plan's curve rises to 1 in order
    project, risks = risky_plan()
    curve = s_curve(project, simulate(project, iterations=5_000, seed=9, risks=risks), points=25)
    dates, shares = [d for d, _ in curve], [s for _, s in curve]
    assert dates == sorted(set(dates)) and shares == sorted(shares) and shares[-1] == 1.0
    assert 2 <= len(curve) <= 25


def test_progress_counts_up_to_the_iterations():
    project, risks = risky_plan()
    seen = []
    simulate(
        project,
        iterations=2_500,
        seed=1,
        risks=risks,
        chunk=1_000,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen == [(1_000, 2_500), (2_000, 2_500), (2_500, 2_500)]


@pytest.mark.parametrize(
    ("keywords", "message"),
    [
        ({"iterations": 0, "seed": 1}, "iterations must be a whole number between 1"),
        ({"iterations": 10, "seed": -1}, "seed must be a whole number at least 0"),
        ({"iterations": 2.5, "seed": 1}, "iterations must be a whole number"),
    ],
)
def test_bad_run_settings_are_refused(keywords, message):
    project, _ = risky_plan()
    with pytest.raises(ScheduleError, match=message):
        simulate(project, **keywords)
