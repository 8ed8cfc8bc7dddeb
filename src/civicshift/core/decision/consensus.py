"""The panel's scores side by side: spread, outliers, and whether the leader's margin is real.

Scores come as an array (evaluators × proposals × criteria) with NaN where an evaluator did not
score (a declared conflict of interest, or not yet submitted); every statistic uses only the
scores given.

- **Spread** per proposal and criterion: how many scored, mean, median, lowest, highest, range
  and the sample standard deviation (n − 1).
- **Outlier**: a score at least ``outlier_points`` away from the median of all the scores for
  the same proposal and criterion (default 2 points, e.g. a 1 where the others gave 3 and 4:
  median 3). With a panel of three, a distribution-based rule (z-scores, Tukey's fences) can
  hardly flag anything, so the rule is a distance on the scale itself; the panel talks the
  flagged scores through before agreeing the consensus score. It needs at least three scores:
  with two, nobody can say which one is off.
- **Leader within the noise**: each evaluator's own weighted total for the top two proposals;
  their paired differences d_e (evaluators who scored both). If the 95 % t confidence interval
  of the mean difference, mean ± t(0.975, n − 1)·s/√n, reaches zero, the evaluators do not agree
  that the leader is ahead, and the award memo should say so. Fewer than two such evaluators:
  it cannot be told.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy import stats

DEFAULT_OUTLIER_POINTS = 2.0


@dataclass(frozen=True)
class Spread:
    """Arrays over (proposals × criteria)."""

    count: np.ndarray
    mean: np.ndarray
    median: np.ndarray
    low: np.ndarray
    high: np.ndarray
    range: np.ndarray
    std: np.ndarray  # NaN where fewer than two scored
    outlier: np.ndarray  # (evaluators × proposals × criteria) bool


def _as_scores(scores) -> np.ndarray:
    s = np.asarray(scores, dtype=float)
    if s.ndim != 3:
        raise ValueError("scores must be evaluators × proposals × criteria")
    return s


def spread(scores, outlier_points: float = DEFAULT_OUTLIER_POINTS) -> Spread:
    s = _as_scores(scores)
    given = ~np.isnan(s)
    count = given.sum(axis=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN cells give NaN, as meant
        mean = np.nanmean(s, axis=0)
        median = np.nanmedian(s, axis=0)
        low = np.nanmin(s, axis=0)
        high = np.nanmax(s, axis=0)
        std = np.where(count >= 2, np.nanstd(s, axis=0, ddof=1), np.nan)
    far = np.abs(s - median[None]) >= outlier_points - 1e-12
    outlier = given & far & (count >= 3)[None]
    return Spread(
        count=count,
        mean=mean,
        median=median,
        low=low,
        high=high,
        range=high - low,
        std=std,
        outlier=outlier,
    )


@dataclass(frozen=True)
class Margin:
    leader: int
    runner_up: int
    evaluators: int  # how many scored both
    mean_difference: float | None
    low: float | None  # 95 % CI of the mean difference
    high: float | None
    within_noise: bool | None  # None: fewer than two evaluators scored both


def leader_margin(totals) -> Margin:
    """``totals``: each evaluator's weighted total per proposal (evaluators × proposals), NaN
    where they did not score it. Leader and runner-up by the mean over evaluators."""
    t = np.asarray(totals, dtype=float)
    if t.ndim != 2 or t.shape[1] < 2:
        raise ValueError("totals must be evaluators × proposals, with at least two proposals")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        means = np.nanmean(t, axis=0)
    order = np.argsort(np.where(np.isnan(means), -np.inf, means))[::-1]
    leader, runner = int(order[0]), int(order[1])
    both = ~np.isnan(t[:, leader]) & ~np.isnan(t[:, runner])
    d = t[both, leader] - t[both, runner]
    n = int(d.size)
    if n < 2:
        return Margin(leader, runner, n, float(d.mean()) if n else None, None, None, None)
    mean = float(d.mean())
    half = float(stats.t.ppf(0.975, n - 1) * d.std(ddof=1) / np.sqrt(n))
    low, high = mean - half, mean + half
    return Margin(leader, runner, n, mean, low, high, bool(low <= 0 <= high))
