"""Classical PERT (Malcolm, Roseboom, Clark & Fazar, Operations Research 7(5), 1959).

Each task with a three-point estimate (a, m, b) has the expected duration te = (a + 4m + b) / 6
and the variance σ² = ((b − a) / 6)²; tasks without one count their duration, with no
variance. The plan is scheduled on the expected durations (the engine's pass, with the plan's
links, lags, calendar and constraints), and the project's duration is taken as normal with the
mean of that schedule's length and the variance summed along its critical path, in working days
(``Project.minutes_per_day``): P(finish ≤ T) = Φ((T − mean) / σ) (Hillier & Lieberman,
*Introduction to Operations Research*, 8th ed., 2005, §10.4; Heizer, Render & Munson,
*Operations Management*, 12th ed., 2017, chapter 3: both examples are the tests' references).

The critical path is traced back from the task that finishes last through driving links between
critical tasks; where paths tie, the one with the largest variance is kept (the conservative
choice: the classical method takes one path and ignores the others, so when two are equally long
the wider one is the one that sets the risk). The merge bias this ignores (the later of several
uncertain paths finishes later than either's mean) is what ``simulation.simulate`` measures.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

from civicshift.core.schedule.model import PertResult, Project

__all__ = ["expected_durations", "pert", "pert_from_dates", "pert_probability", "pert_quantile"]


def expected_durations(project: Project) -> tuple[np.ndarray, np.ndarray]:
    """(te, σ²) of every task in the plan's order, in minutes and minutes²; a task without a
    three-point estimate (or one the simulation keeps fixed: finished, summary, inactive)
    counts its duration with no variance. A task in progress, p done: te = p·m + (1 − p)·te,
    σ² = ((1 − p)(b − a)/6)²."""
    from civicshift.core.schedule.sampling import _is_fixed, _minutes

    mean = np.array([t.duration.minutes for t in project.tasks], dtype=float)
    variance = np.zeros(len(project.tasks))
    for i, task in enumerate(project.tasks):
        if _is_fixed(task):
            continue
        a, m, b = _minutes(task.estimate, "three-point duration", task)
        p = min(max(task.percent_complete, 0.0), 100.0) / 100
        mean[i] = p * m + (1 - p) * (a + 4 * m + b) / 6
        variance[i] = ((1 - p) * (b - a) / 6) ** 2
    return mean, variance


def pert(project: Project) -> PertResult:
    """Classical PERT on the plan: mean and standard deviation of its duration in working days,
    and the critical path of expected durations (task ids, in order)."""
    from civicshift.core.schedule.simulation import _Network

    mean, variance = expected_durations(project)
    network = _Network(project)
    dates = network.run(np.rint(mean).astype(np.int64)[None, :])
    return pert_from_dates(project, dates, mean, variance, network.limit)


def pert_from_dates(
    project: Project, dates, mean: np.ndarray, variance: np.ndarray, limit: int = 0
) -> PertResult:
    """PERT from the schedule of expected durations: ``dates`` (the engine's pass on te rounded
    to the minute: ``finish``, ``early_start``, ``early_finish``, ``total_float``, working minutes
    from the start, first run) and each task's te and σ² (``expected_durations``)."""
    from civicshift.core.schedule.simulation import critical_chain

    path = critical_chain(project, dates, variance, limit)
    length = float(dates.finish[0])
    # te was rounded to the minute for the pass; the mean adds back what rounding took from
    # the path, so a chain of finish-to-start links gives Σ te exactly.
    rounding = float(np.sum(mean[path] - np.rint(mean[path]))) if path else 0.0
    per_day = project.minutes_per_day
    return PertResult(
        mean_days=(length + rounding) / per_day,
        sd_days=math.sqrt(float(np.sum(variance[path]))) / per_day if path else 0.0,
        critical_path=tuple(project.tasks[i].id for i in path),
    )


def pert_probability(result: PertResult, days: float) -> float:
    """P(the plan finishes within ``days`` working days of its start), normal approximation."""
    if result.sd_days == 0:
        return 1.0 if days >= result.mean_days else 0.0
    return NormalDist(result.mean_days, result.sd_days).cdf(days)


def pert_quantile(result: PertResult, probability: float) -> float:
    """The working days by which the plan finishes with ``probability`` (0 < p < 1)."""
    if not 0 < probability < 1:
        raise ValueError(f"probability must be between 0 and 1, exclusive (got {probability!r})")
    if result.sd_days == 0:
        return result.mean_days
    return NormalDist(result.mean_days, result.sd_days).inv_cdf(probability)
