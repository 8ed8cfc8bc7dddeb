"""Weighted totals, ranks, the winner's sensitivity to each weight and price points, each checked
against a calculation by hand written out beside the test."""

from __future__ import annotations

import numpy as np
import pytest

from civicshift.core.decision import (
    ScoringError,
    price_points,
    ranks,
    weight_sensitivity,
    weighted_totals,
)


def test_weighted_totals_by_hand():
    # A: 0.6·5 + 0.4·1 = 3.4; B: 0.6·2 + 0.4·4 = 2.8
    assert weighted_totals([[5, 1], [2, 4]], [0.6, 0.4]).tolist() == pytest.approx([3.4, 2.8])


def test_ranks_share_ties():
    assert ranks([3.0, 4.5, 3.0, 1.0]).tolist() == [2, 1, 2, 4]


def test_sensitivity_two_by_two_by_hand():
    # Moving criterion 1 from 60 % to 50 % (criterion 2 from 40 % to 50 %) gives A: 2.5 + 0.5 = 3,
    # B: 1 + 2 = 3 — a tie; any lower and B wins. So the threshold is −10 points, B takes over.
    first, second = weight_sensitivity([[5, 1], [2, 4]], [0.6, 0.4])
    assert first.change == pytest.approx(-0.10)
    assert first.points == pytest.approx(-10)
    assert first.new_winner == 1
    # Criterion 2 from 40 % up to 50 %: the same tie, seen from the other weight.
    assert second.change == pytest.approx(0.10)
    assert second.new_winner == 1


def test_sensitivity_three_alternatives_takes_the_nearest_rival():
    scores = np.array([[4, 4, 2], [5, 2, 3], [2, 5, 4]], dtype=float)
    w = np.array([0.5, 0.3, 0.2])
    totals = scores @ w  # 3.6, 3.7, 3.3 → B wins
    assert totals.argmax() == 1
    found = weight_sensitivity(scores, w)
    for threshold in found:
        if threshold.change is None:
            continue
        k, d = threshold.criterion, threshold.change
        moved = w * (1 - w[k] - d) / (1 - w[k])
        moved[k] = w[k] + d
        assert moved.sum() == pytest.approx(1)
        after = scores @ moved
        # at the threshold the winner and the new winner tie …
        assert after[1] == pytest.approx(after[threshold.new_winner])
        # … and a little further the new winner is ahead
        step = moved.copy()
        step[k] = w[k] + d * 1.01
        others = [j for j in range(3) if j != k]
        step[others] = w[others] * (1 - step[k]) / (1 - w[k])
        assert (scores @ step)[threshold.new_winner] > (scores @ step)[1]
    # Criterion 3 by hand: slopes A 2 − (3.6 − 0.4)/0.8 = −2, B 3 − (3.7 − 0.6)/0.8 = −0.875,
    # C 4 − (3.3 − 0.8)/0.8 = 0.875. B vs A: δ = 0.1/(−2 + 0.875) = −4/45 (−8.89 points);
    # B vs C: δ = 0.4/1.75 = +0.229. The nearer is A at 20 % → 11.11 %, where weights
    # (0.5556, 0.3333, 0.1111) give A = B = 3.7778.
    third = found[2]
    assert third.change == pytest.approx(-4 / 45)
    assert third.new_winner == 0


def test_a_weight_that_cannot_change_the_winner_says_so():
    # A is best on every criterion: no weight moves it from first place.
    found = weight_sensitivity([[5, 5], [1, 1]], [0.5, 0.5])
    assert [t.change for t in found] == [None, None]


def test_price_points_lowest_over_price():
    # $100k gets 30 points; $125k gets 100/125·30 = 24; $200k gets 15.
    assert price_points([100_000, 125_000, 200_000], 30).tolist() == pytest.approx([30, 24, 15])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: weighted_totals([[1, 2]], [0.5, 0.6]), "add up to 110.00 %"),
        (lambda: weighted_totals([[1, 2]], [0.5]), "2 weights are needed"),
        (lambda: weighted_totals([[1, 2]], [1.5, -0.5]), "zero or more"),
        (lambda: weighted_totals([[1, float("nan")]], [0.5, 0.5]), "every score must be a number"),
        (lambda: price_points([100, 0], 30), "price 2 must be more than zero"),
    ],
)
def test_bad_scores_and_weights_are_refused(call, message):
    with pytest.raises(ScoringError, match=message):
        call()
