"""The schedule simulation's draws: durations and risk events (issue 9, item 6).

References:
- PERT: Beta(α, β) on [a, b] with α = 1 + 4(m − a)/(b − a), β = 1 + 4(b − m)/(b − a) (Malcolm,
  Roseboom, Clark & Fazar, Operations Research 7(5), 1959; Vose, *Risk Analysis*, 3rd ed.,
  2008, §III.7); its moments from ``scipy.stats.beta``, the independent implementation.
- Triangular: moments from ``scipy.stats.triang``.
- A sample mean lies within 5 standard errors σ/√n of the mean, and a sample variance within 5
  of √((μ₄ − σ⁴)/n) (the standard error of the sample variance; e.g. Kendall & Stuart, *The
  Advanced Theory of Statistics*, vol. 1, §10.5), except with probability below 1e-6.
- Occurrences of an event of probability p in n runs: binomial, standard error √(p(1 − p)/n).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

import numpy as np
import pytest
from scipy import stats

from civicshift.core.schedule.model import Duration, Project, ScheduleError, Task, ThreePoint
from civicshift.core.schedule.sampling import Draws, ScheduleRisk, draw_durations, drawn_task_ids

DAY = 480


def days(n: float) -> Duration:
    return Duration(round(n * DAY))


def three(a: float, m: float, b: float, dist: str = "pert") -> ThreePoint:
    return ThreePoint(days(a), days(m), days(b), dist)


def task(task_id: str, a: float, m: float, b: float, dist: str = "pert") -> Task:
    return Task(task_id, f"Task {task_id}", duration=days(m), estimate=three(a, m, b, dist))


def plan(*tasks: Task) -> Project:
    return Project("Draws", datetime(2027, 1, 4, 8), tuple(tasks))


def assert_moments(sample: np.ndarray, dist) -> None:
    n = len(sample)
    mean, var = dist.mean(), dist.var()
    fourth = dist.moment(4) - 4 * dist.moment(3) * mean + 6 * dist.moment(2) * mean**2 - 3 * mean**4
    assert abs(sample.mean() - mean) <= 5 * np.sqrt(var / n)
    assert abs(sample.var(ddof=1) - var) <= 5 * np.sqrt((fourth - var**2) / n)


@pytest.mark.parametrize(("a", "m", "b"), [(4, 6, 12), (10, 11, 30), (2, 9, 10), (3, 3, 8)])
def test_pert_durations_have_the_beta_distributions_mean_and_variance(a, m, b):
    n = 200_000
    draws = Draws(plan(task("B", a, m, b)), seed=7).raw(0, n)[0]
    alpha, beta = 1 + 4 * (m - a) / (b - a), 1 + 4 * (b - m) / (b - a)
    assert_moments(draws, stats.beta(alpha, beta, loc=a * DAY, scale=(b - a) * DAY))
    assert draws.min() >= a * DAY and draws.max() <= b * DAY


def test_triangular_durations_have_the_triangular_distributions_moments():
    n = 200_000
    draws = Draws(plan(task("T", 4, 6, 12, "triangular")), seed=3).raw(0, n)[0]
    assert_moments(draws, stats.triang((6 - 4) / (12 - 4), loc=4 * DAY, scale=8 * DAY))


def test_the_rounded_durations_are_the_draws_to_the_nearest_minute():
    project = plan(task("B", 4, 6, 12))
    raw = Draws(project, seed=1).raw(0, 5_000)[0]
    whole = draw_durations(project, 5_000, seed=1)[:, 0]
    assert whole.dtype == np.int64
    assert np.all(np.abs(whole - raw) <= 0.5)


def test_equal_estimates_and_tasks_without_one_keep_their_duration():
    fixed = Task("F", "Fixed", duration=days(3))
    flat = task("E", 5, 5, 5)
    durations = draw_durations(plan(fixed, flat), 1_000, seed=2)
    assert np.all(durations[:, 0] == 3 * DAY) and np.all(durations[:, 1] == 5 * DAY)


def test_finished_summary_and_inactive_tasks_are_not_drawn():
    done = dataclasses.replace(task("D", 1, 2, 9), percent_complete=100)
    summary = dataclasses.replace(task("S", 1, 2, 9), summary=True)
    inactive = dataclasses.replace(task("I", 1, 2, 9), active=False)
    project = plan(done, summary, inactive, task("X", 1, 2, 9))
    assert drawn_task_ids(project) == ("X",)
    assert np.all(draw_durations(project, 100, seed=0)[:, :3] == 2 * DAY)


def test_a_task_in_progress_draws_only_its_remaining_share():
    # 40 % done of a likely 10 days: 4 days are history, the other 60 % scale the draw.
    started = dataclasses.replace(task("P", 8, 10, 20), percent_complete=40)
    raw = Draws(plan(started), seed=5).raw(0, 50_000)[0]
    fresh = Draws(plan(task("P", 8, 10, 20)), seed=5).raw(0, 50_000)[0]
    np.testing.assert_allclose(raw, 0.4 * 10 * DAY + 0.6 * fresh)


def test_chunks_read_the_same_draws_whatever_their_size():
    project = plan(task("A", 1, 2, 6), task("B", 3, 4, 9, "triangular"), task("C", 2, 2, 2))
    whole = draw_durations(project, 3_000, seed=11)
    draws = Draws(project, seed=11)
    parts = [draws.chunk(s, n).T for s, n in ((0, 1), (1, 999), (1_000, 1_234), (2_234, 766))]
    np.testing.assert_array_equal(np.concatenate(parts), whole)
    np.testing.assert_array_equal(
        draw_durations(project, 500, seed=11, start=2_000), whole[2_000:2_500]
    )
    assert not np.array_equal(draw_durations(project, 3_000, seed=12), whole)


def test_a_tasks_draws_do_not_depend_on_the_other_tasks():
    a, b, c = task("A", 1, 2, 6), task("B", 3, 4, 9), task("C", 2, 5, 7, "triangular")
    alone = draw_durations(plan(b), 2_000, seed=4)[:, 0]
    crowded = draw_durations(plan(c, a, task("New", 1, 2, 3), b), 2_000, seed=4)[:, 3]
    np.testing.assert_array_equal(alone, crowded)


def test_a_risk_occurs_with_its_probability_and_adds_its_impact_to_each_linked_task():
    n = 100_000
    project = plan(Task("A", "A", duration=days(2)), Task("B", "B", duration=days(3)))
    risk = ScheduleRisk("R1", "Vendor late", 0.3, three(1, 2, 4), ("A", "B"))
    durations = draw_durations(project, n, seed=9, risks=[risk])
    delay_a, delay_b = durations[:, 0] - 2 * DAY, durations[:, 1] - 3 * DAY
    np.testing.assert_array_equal(delay_a, delay_b)  # one event delays both tasks alike
    hit = delay_a > 0
    assert abs(hit.mean() - 0.3) <= 5 * np.sqrt(0.3 * 0.7 / n)
    assert_moments(
        delay_a[hit].astype(float), stats.beta(1 + 4 / 3, 1 + 8 / 3, loc=DAY, scale=3 * DAY)
    )


def test_mitigation_reads_the_same_uniforms_against_its_own_probability_and_impact():
    project = plan(Task("A", "A", duration=days(2)))
    risk = ScheduleRisk("R1", "Data not clean", 0.5, three(2, 4, 8), ("A",), 0.2, three(1, 2, 4))
    before = draw_durations(project, 20_000, seed=6, risks=[risk])[:, 0] - 2 * DAY
    after = draw_durations(project, 20_000, seed=6, risks=[risk], mitigated=True)[:, 0] - 2 * DAY
    # Common random numbers: it occurs after mitigation only where it occurred before, and
    # the impact's uniform is the same, so halving the range halves the delay (to the minute).
    assert np.all((after > 0) <= (before > 0))
    both = after > 0
    assert abs(both.mean() - 0.2) <= 5 * np.sqrt(0.2 * 0.8 / 20_000)
    assert np.all(np.abs(after[both] - before[both] / 2) <= 1)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (task("Q", 5, 4, 9), "optimistic ≤ likely ≤ pessimistic"),
        (task("Q", 1, 4, 3), "optimistic ≤ likely ≤ pessimistic"),
        (task("Q", 1, 2, 3, "normal"), "distribution must be one of pert, triangular"),
    ],
)
def test_a_bad_estimate_names_its_task(bad, message):
    with pytest.raises(ScheduleError, match=message) as caught:
        Draws(plan(bad), seed=0)
    assert caught.value.task_id == "Q" and "task Q ('Task Q')" in str(caught.value)


def test_a_bad_risk_names_itself():
    project = plan(task("A", 1, 2, 3))
    missing = ScheduleRisk("R7", "Council delay", 0.2, three(1, 2, 3), ("Z",))
    with pytest.raises(ScheduleError, match="risk 'R7' .* linked to task 'Z'"):
        Draws(project, seed=0, risks=[missing])
    odd = ScheduleRisk("R8", "Strike", 1.5, three(1, 2, 3), ("A",))
    with pytest.raises(ScheduleError, match="risk 'R8' .*between 0 and 1"):
        Draws(project, seed=0, risks=[odd])
    phase = dataclasses.replace(task("P", 1, 2, 3), summary=True)
    on_summary = ScheduleRisk("R9", "Scope creep", 0.2, three(1, 2, 3), ("P",))
    with pytest.raises(ScheduleError, match="task P .*risk 'R9' .*summary task"):
        Draws(plan(phase, task("A", 1, 2, 3)), seed=0, risks=[on_summary])
