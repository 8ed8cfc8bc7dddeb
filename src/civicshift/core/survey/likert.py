"""Likert summaries per item and the t-based confidence interval of a mean.

The diverging stacked bar splits each item's answers into a disagree side, the neutral midpoint
and an agree side: on a 5-point scale 1-2 / 3 / 4-5, on a 7-point scale 1-3 / 4 / 5-7.
Shares are of the people who answered the item (missing answers are counted apart).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from civicshift.core.survey.reliability import SurveyDataError, as_matrix

SCALES = (5, 7)


@dataclass(frozen=True)
class MeanInterval:
    mean: float
    low: float
    high: float
    n: int
    level: float


@dataclass(frozen=True)
class ItemSummary:
    item: int  # column index
    n: int  # answered
    missing: int
    counts: tuple[int, ...]  # per scale point 1..points
    shares: tuple[float, ...]  # counts / n
    mean: float
    median: float
    disagree: float  # share below the midpoint
    neutral: float  # share at the midpoint
    agree: float  # share above the midpoint


def mean_interval(values, *, level: float = 0.95) -> MeanInterval:
    """mean +- t_{(1+level)/2, n-1} * s / sqrt(n) (s with ddof=1), as
    ``scipy.stats.t.interval(level, n - 1, loc=mean, scale=sem)``. NaN/None are ignored."""
    data = np.array([np.nan if v is None else v for v in np.ravel(values)], dtype=float)
    data = data[~np.isnan(data)]
    n = data.size
    if n < 2:
        raise SurveyDataError(f"a confidence interval of a mean needs at least 2 answers; got {n}")
    if not 0 < level < 1:
        raise SurveyDataError(f"level must be between 0 and 1; got {level}")
    mean = float(data.mean())
    half = stats.t.ppf((1 + level) / 2, n - 1) * data.std(ddof=1) / np.sqrt(n)
    return MeanInterval(mean, float(mean - half), float(mean + half), int(n), level)


def mean_intervals(matrix, *, level: float = 0.95) -> list[MeanInterval]:
    """``mean_interval`` of every column at once (vectorised)."""
    data = as_matrix(matrix)
    n = (~np.isnan(data)).sum(axis=0)
    if (n < 2).any():
        column = int(np.argmax(n < 2))
        raise SurveyDataError(f"item {column + 1}: fewer than 2 answers for a confidence interval")
    mean = np.nanmean(data, axis=0)
    half = stats.t.ppf((1 + level) / 2, n - 1) * np.nanstd(data, axis=0, ddof=1) / np.sqrt(n)
    return [
        MeanInterval(float(m), float(m - h), float(m + h), int(c), level)
        for m, h, c in zip(mean, half, n, strict=True)
    ]


def likert_summaries(responses, *, points: int = 5) -> list[ItemSummary]:
    """One summary per item (column) of respondents x items answers on a 1..``points`` scale
    (NaN/None = not answered). Any other value is refused, naming its row and item."""
    if points not in SCALES:
        raise SurveyDataError(f"points must be 5 or 7; got {points}")
    data = as_matrix(responses)
    answered = ~np.isnan(data)
    bad = answered & ((data < 1) | (data > points) | (data != np.round(data)))
    if bad.any():
        row, column = (int(i) for i in np.argwhere(bad)[0])
        raise SurveyDataError(
            f"row {row + 1}, item {column + 1}: {data[row, column]:g} is not a point of the "
            f"1-{points} scale"
        )
    n = answered.sum(axis=0)
    counts = np.stack([(data == p).sum(axis=0) for p in range(1, points + 1)], axis=1)
    safe_n = np.where(n == 0, 1, n)
    shares = counts / safe_n[:, None]
    # Mean and median from the counts (answers are whole scale points): the median is the
    # value at rank (n+1)//2 and n//2+1 averaged, the value at a rank r being 1 + the number
    # of scale points whose cumulative count is below r. Same as np.nanmedian, 5x faster.
    scale = np.arange(1, points + 1, dtype=float)
    cumulative = counts.cumsum(axis=1)
    low_rank = ((n + 1) // 2)[:, None]
    high_rank = (n // 2 + 1)[:, None]
    medians = 1.0 + ((cumulative < low_rank).sum(axis=1) + (cumulative < high_rank).sum(axis=1)) / 2
    means = (counts * scale).sum(axis=1) / safe_n
    empty = n == 0
    means = np.where(empty, np.nan, means)
    medians = np.where(empty, np.nan, medians)
    mid = (points + 1) // 2
    disagree = shares[:, : mid - 1].sum(axis=1)
    neutral = shares[:, mid - 1]
    agree = shares[:, mid:].sum(axis=1)
    rows = data.shape[0]
    return [
        ItemSummary(
            item=j,
            n=int(n[j]),
            missing=int(rows - n[j]),
            counts=tuple(int(c) for c in counts[j]),
            shares=tuple(float(s) for s in shares[j]),
            mean=float(means[j]),
            median=float(medians[j]),
            disagree=float(disagree[j]),
            neutral=float(neutral[j]),
            agree=float(agree[j]),
        )
        for j in range(data.shape[1])
    ]
