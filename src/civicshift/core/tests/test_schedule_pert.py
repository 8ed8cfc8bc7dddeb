"""Classical PERT against published textbook examples (issue 9, "Numbers that must be right").

References:
- Hillier & Lieberman, *Introduction to Operations Research*, 8th ed., McGraw-Hill 2005,
  §10.4 "Dealing with uncertain activity durations": the Reliable Construction Co. project,
  14 activities with (o, m, p) in weeks; the mean critical path START→A→B→C→E→F→J→L→N→FINISH
  of 44 weeks, its variance 9 (σ = 3), and P(finish within the 47-week deadline) = Φ(1) ≈ 0.84.
- Heizer, Render & Munson, *Operations Management*, 12th ed., Pearson 2017, chapter 3 "Project
  Management", the Milwaukee Paper Manufacturing pollution-control project: 8 activities
  (a, m, b) in weeks, te and variances as published (A 2, .11; B 3, .11; C 2, .11; D 4, .44;
  E 4, 1.00; F 3, 1.78; G 5, 1.78; H 2, .11), critical path A–C–E–G–H of 15 weeks, project
  variance 3.11, σ = 1.76 weeks, P(within 16 weeks) = .7157 (from z rounded to 0.57), and the
  due date met with 99 % confidence 15 + 2.33 × 1.76 = 19.1 weeks.
- The same books' CPM tables on those expected durations (Hillier & Lieberman 2005, §10.3:
  earliest start times and slacks, D, G, H, M 4 weeks, I 2, K 1, the others 0, project 44
  weeks; Heizer, Render & Munson 2017, chapter 3: ES, slacks B 1, D 1, F 6, the others 0, project
  15 weeks) are the schedule that ``pert_from_dates`` reads, so the path tracing and the
  formulas are checked against them independently of the engine.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

import numpy as np
import pytest

from civicshift.core.schedule.model import Duration, Link, PertResult, Project, Task, ThreePoint
from civicshift.core.schedule.pert import (
    expected_durations,
    pert,
    pert_from_dates,
    pert_probability,
    pert_quantile,
)
from civicshift.core.schedule.simulation import _Dates

WEEK = 2400  # the plan's minutes_per_week: the textbooks' weeks are working weeks here


def weeks(n: float) -> Duration:
    return Duration(round(n * WEEK), unit="w")


def textbook_plan(activities: dict[str, tuple[float, float, float, str]]) -> Project:
    tasks, links = [], []
    for task_id, (o, m, p, after) in activities.items():
        estimate = ThreePoint(weeks(o), weeks(m), weeks(p))
        tasks.append(Task(task_id, f"Activity {task_id}", duration=weeks(m), estimate=estimate))
        links.extend(Link(before, task_id) for before in after)
    return Project("Textbook", datetime(2027, 1, 4, 8), tuple(tasks), tuple(links))


# Hillier & Lieberman 2005, §10.4 (Reliable Construction Co.): (o, m, p) weeks, predecessors.
RELIABLE = {
    "A": (1, 2, 3, ""),
    "B": (2, 3.5, 8, "A"),
    "C": (6, 9, 18, "B"),
    "D": (4, 5.5, 10, "C"),
    "E": (1, 4.5, 5, "C"),
    "F": (4, 4, 10, "E"),
    "G": (5, 6.5, 11, "D"),
    "H": (5, 8, 17, "EG"),
    "I": (3, 7.5, 9, "C"),
    "J": (3, 9, 9, "FI"),
    "K": (4, 4, 4, "J"),
    "L": (1, 5.5, 7, "J"),
    "M": (1, 2, 3, "H"),
    "N": (5, 5.5, 9, "KL"),
}
RELIABLE_MEAN = dict(
    zip("ABCDEFGHIJKLMN", (2, 4, 10, 6, 4, 5, 7, 9, 7, 8, 4, 5, 2, 6), strict=True)
)
RELIABLE_VARIANCE = dict(
    zip("ABCDEFGHIJKLMN", (1 / 9, 1, 4, 1, 4 / 9, 1, 1, 4, 1, 1, 0, 1, 1 / 9, 4 / 9), strict=True)
)

# Heizer, Render & Munson 2017, chapter 3 (Milwaukee Paper): (a, m, b) weeks, predecessors.
MILWAUKEE = {
    "A": (1, 2, 3, ""),
    "B": (2, 3, 4, ""),
    "C": (1, 2, 3, "A"),
    "D": (2, 4, 6, "AB"),
    "E": (1, 4, 7, "C"),
    "F": (1, 2, 9, "C"),
    "G": (3, 4, 11, "DE"),
    "H": (1, 2, 3, "FG"),
}
MILWAUKEE_PUBLISHED = {  # te (weeks) and variance as printed, to two decimals
    "A": (2, 0.11),
    "B": (3, 0.11),
    "C": (2, 0.11),
    "D": (4, 0.44),
    "E": (4, 1.00),
    "F": (3, 1.78),
    "G": (5, 1.78),
    "H": (2, 0.11),
}


# Published CPM tables on the expected durations: earliest start and slack, weeks.
RELIABLE_ES = dict(
    zip("ABCDEFGHIJKLMN", (0, 2, 6, 16, 16, 20, 22, 29, 16, 25, 33, 33, 38, 38), strict=True)
)
RELIABLE_SLACK = dict(
    zip("ABCDEFGHIJKLMN", (0, 0, 0, 4, 0, 0, 4, 4, 2, 0, 1, 0, 4, 0), strict=True)
)
MILWAUKEE_ES = dict(zip("ABCDEFGH", (0, 0, 2, 3, 4, 4, 8, 13), strict=True))
MILWAUKEE_SLACK = dict(zip("ABCDEFGH", (0, 1, 0, 1, 0, 6, 0, 0), strict=True))


def published_dates(project: Project, es: dict, slack: dict, finish: float) -> _Dates:
    mean, _ = expected_durations(project)
    start = np.array([es[t.id] * WEEK for t in project.tasks], dtype=np.int64)
    return _Dates(
        finish=np.array([finish * WEEK]),
        early_start=start[None, :],
        early_finish=(start + np.rint(mean).astype(np.int64))[None, :],
        total_float=np.array([[slack[t.id] * WEEK for t in project.tasks]]),
    )


def test_the_published_schedules_give_the_published_pert_figures():
    project = textbook_plan(RELIABLE)
    mean, variance = expected_durations(project)
    dates = published_dates(project, RELIABLE_ES, RELIABLE_SLACK, 44)
    result = pert_from_dates(project, dates, mean, variance)
    assert result.critical_path == tuple("ABCEFJLN")
    assert result.mean_days / 5 == pytest.approx(44, abs=1e-9)
    assert (result.sd_days / 5) ** 2 == pytest.approx(9, abs=1e-9)
    assert pert_probability(result, 47 * 5) == pytest.approx(0.84, abs=0.005)

    project = textbook_plan(MILWAUKEE)
    mean, variance = expected_durations(project)
    dates = published_dates(project, MILWAUKEE_ES, MILWAUKEE_SLACK, 15)
    result = pert_from_dates(project, dates, mean, variance)
    assert result.critical_path == tuple("ACEGH")
    assert (result.sd_days / 5) ** 2 == pytest.approx(3.11, abs=0.005)
    assert pert_probability(result, 16 * 5) == pytest.approx(0.7157, abs=0.0015)


def test_a_tie_between_published_paths_keeps_the_larger_variance():
    # X (8, 10, 12) and Y (4, 10, 16) weeks in parallel into milestone M: te 10 both, Y wider.
    tie = {"X": (8, 10, 12, ""), "Y": (4, 10, 16, ""), "M": (0, 0, 0, "XY")}
    project = textbook_plan(tie)
    mean, variance = expected_durations(project)
    dates = published_dates(project, {"X": 0, "Y": 0, "M": 10}, dict.fromkeys("XYM", 0), 10)
    result = pert_from_dates(project, dates, mean, variance)
    assert result.critical_path == ("Y", "M")
    assert (result.sd_days / 5) ** 2 == pytest.approx(((16 - 4) / 6) ** 2)


def test_expected_durations_and_variances_are_hillier_and_liebermans():
    project = textbook_plan(RELIABLE)
    mean, variance = expected_durations(project)
    for i, task in enumerate(project.tasks):
        assert mean[i] / WEEK == pytest.approx(RELIABLE_MEAN[task.id], abs=1e-12)
        assert variance[i] / WEEK**2 == pytest.approx(RELIABLE_VARIANCE[task.id], abs=1e-12)


def test_expected_durations_and_variances_are_heizer_and_renders():
    project = textbook_plan(MILWAUKEE)
    mean, variance = expected_durations(project)
    for i, task in enumerate(project.tasks):
        te, var = MILWAUKEE_PUBLISHED[task.id]
        assert mean[i] / WEEK == pytest.approx(te, abs=1e-12)
        assert variance[i] / WEEK**2 == pytest.approx(var, abs=0.005)


def test_reliable_construction_mean_critical_path_variance_and_deadline_probability():
    result = pert(textbook_plan(RELIABLE))
    assert result.critical_path == tuple("ABCEFJLN")
    assert result.mean_days / 5 == pytest.approx(44, abs=1e-9)  # 5 working days a week
    assert (result.sd_days / 5) ** 2 == pytest.approx(9, abs=1e-9)
    assert pert_probability(result, 47 * 5) == pytest.approx(0.84, abs=0.005)


def test_milwaukee_paper_path_variance_probability_and_99_percent_due_date():
    result = pert(textbook_plan(MILWAUKEE))
    assert result.critical_path == tuple("ACEGH")
    assert result.mean_days / 5 == pytest.approx(15, abs=1e-9)
    assert (result.sd_days / 5) ** 2 == pytest.approx(3.11, abs=0.005)
    assert result.sd_days / 5 == pytest.approx(1.76, abs=0.005)
    # .7157 is Φ(0.57), z rounded to two decimals; Φ(1/1.764) = .7146
    assert pert_probability(result, 16 * 5) == pytest.approx(0.7157, abs=0.0015)
    assert pert_quantile(result, 0.99) / 5 == pytest.approx(19.1, abs=0.05)


def test_a_tie_keeps_the_path_with_the_larger_variance():
    # Two 10-week paths into M: X (8, 10, 12) and Y (4, 10, 16), te 10 both; Y is wider.
    tie = {"X": (8, 10, 12, ""), "Y": (4, 10, 16, ""), "M": (0, 0, 0, "XY")}
    result = pert(textbook_plan(tie))
    assert result.critical_path == ("Y", "M")
    assert (result.sd_days / 5) ** 2 == pytest.approx(((16 - 4) / 6) ** 2)


def test_the_normal_approximation_at_its_mean_and_without_spread():
    result = PertResult(mean_days=44.0, sd_days=3.0, critical_path=())
    assert pert_probability(result, 44.0) == pytest.approx(0.5)  # Φ(0)
    assert pert_probability(result, 44.0 - 3.0) == pytest.approx(0.158655, abs=1e-6)  # Φ(−1)
    sure = dataclasses.replace(result, sd_days=0.0)
    assert pert_probability(sure, 44.0) == 1.0 and pert_probability(sure, 43.9) == 0.0
    with pytest.raises(ValueError, match="between 0 and 1"):
        pert_quantile(result, 1.0)
