"""The panel's spread, outliers and whether the leader's margin is within the noise.

Spread by hand (written out below); the confidence interval of the paired differences against
scipy's one-sample t test (``scipy.stats.ttest_1samp(...).confidence_interval()``, documented
in SciPy's reference), which computes the same interval independently."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from civicshift.core.decision.consensus import leader_margin, spread

NAN = float("nan")


def test_spread_and_outliers_by_hand():
    # Three evaluators, one proposal, two criteria; the third has a conflict on criterion 2.
    scores = np.array([[[3, 4]], [[4, 4]], [[1, NAN]]], dtype=float)
    result = spread(scores)
    assert result.count[0].tolist() == [3, 2]
    assert result.mean[0, 0] == pytest.approx(8 / 3)
    assert result.median[0, 0] == 3
    assert (result.low[0, 0], result.high[0, 0], result.range[0, 0]) == (1, 4, 3)
    # sample sd of 3, 4, 1: deviations 1/3, 4/3, −5/3 → √((1 + 16 + 25)/9 / 2) = √(7/3)
    assert result.std[0, 0] == pytest.approx(math.sqrt(7 / 3))
    assert result.std[0, 1] == 0
    # 1 is 2 points from the median 3: flagged; 3 and 4 are not. Two scores: nothing flagged.
    assert result.outlier[:, 0, 0].tolist() == [False, False, True]
    assert result.outlier[:, 0, 1].tolist() == [False, False, False]


def test_a_cell_nobody_scored_is_empty_not_an_error():
    result = spread(np.full((3, 1, 1), NAN))
    assert result.count[0, 0] == 0
    assert math.isnan(result.mean[0, 0]) and not result.outlier.any()


def test_leader_within_the_noise_matches_scipy_interval():
    totals = np.array([[4.0, 3.5, 2.0], [3.8, 3.9, 2.5], [4.2, 3.0, 2.2]])
    margin = leader_margin(totals)
    assert (margin.leader, margin.runner_up, margin.evaluators) == (0, 1, 3)
    d = totals[:, 0] - totals[:, 1]
    reference = stats.ttest_1samp(d, 0).confidence_interval(0.95)
    assert margin.mean_difference == pytest.approx(d.mean())
    assert margin.low == pytest.approx(reference.low)
    assert margin.high == pytest.approx(reference.high)
    assert margin.within_noise is True  # one evaluator put the runner-up ahead


def test_a_clear_leader_is_not_within_the_noise():
    totals = np.array([[4.5, 3.0], [4.4, 3.1], [4.6, 2.9], [4.5, 3.2]])
    margin = leader_margin(totals)
    assert margin.leader == 0 and margin.within_noise is False
    assert margin.low > 0


def test_conflicted_evaluators_are_left_out_of_the_margin():
    totals = np.array([[4.0, NAN], [3.0, 3.5]])
    margin = leader_margin(totals)
    assert margin.evaluators == 1
    assert margin.within_noise is None
