"""Weighted scoring of alternatives (vendors' proposals) and how sensitive the winner is.

Totals: T_a = Σ_k w_k · s_ak with the weights summing to 1 and the scores on the criteria's
own scale (e.g. 0–5 points): a plain weighted sum, the form procurement evaluations publish.

Sensitivity of the winner to one weight: move criterion k's weight from w_k to w_k + δ and
scale the others in proportion so the weights still sum to 1, w_j' = w_j (1 − w_k − δ)/(1 − w_k)
— what a "what-if" slider does. Then each total is linear in δ:

    T_a(δ) = T_a + δ · (s_ak − (T_a − w_k s_ak) / (1 − w_k))

and the winner W and another alternative a tie at δ = (T_W − T_a) / (slope_a − slope_W). The
smallest |δ| with w_k + δ within [0, 1] over all a is how far that weight must move for the
winner to change (cf. Triantaphyllou and Sánchez 1997, Decision Sciences 28(1):151-194, who
derive the same thresholds without the rescaling). No such δ: no change of that weight alone
changes the winner.

Price points: the common formula "lowest price ÷ this price × the points for price"
(e.g. GSA and many state RFP templates), so the lowest price gets every point and a price
twice as high gets half.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

WEIGHT_TOLERANCE = 1e-6


class ScoringError(ValueError):
    """Scores or weights that cannot be used; the message names the criterion or alternative."""


def _weights(weights: Sequence[float], n: int) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    if w.shape != (n,):
        raise ScoringError(f"{n} weights are needed, one per criterion; {w.size} given")
    if np.any(~np.isfinite(w)) or np.any(w < 0):
        raise ScoringError("weights must be zero or more")
    if abs(w.sum() - 1) > WEIGHT_TOLERANCE:
        raise ScoringError(f"weights must add up to 100 %; these add up to {w.sum() * 100:.2f} %")
    return w


def _scores(scores: Sequence[Sequence[float]]) -> np.ndarray:
    s = np.asarray(scores, dtype=float)
    if s.ndim != 2 or s.shape[0] == 0 or s.shape[1] == 0:
        raise ScoringError(
            "scores must be a table: one row per alternative, one column per criterion"
        )
    if np.any(~np.isfinite(s)):
        raise ScoringError("every score must be a number")
    return s


def weighted_totals(scores: Sequence[Sequence[float]], weights: Sequence[float]) -> np.ndarray:
    """T = S · w for S (alternatives × criteria) and weights summing to 1."""
    s = _scores(scores)
    return s @ _weights(weights, s.shape[1])


def ranks(totals: Sequence[float]) -> np.ndarray:
    """1 for the highest total; equal totals share the better rank ("1, 2, 2, 4")."""
    t = np.asarray(totals, dtype=float)
    return np.array([1 + int(np.sum(t > value + 1e-12)) for value in t])


@dataclass(frozen=True)
class WeightThreshold:
    criterion: int
    weight: float  # current weight, 0–1
    change: float | None  # δ, the smallest change (signed, 0–1 units) that changes the winner
    new_winner: int | None  # the alternative that takes the lead at that change

    @property
    def points(self) -> float | None:
        """The change in percentage points (weight 30 % → 22 % is −8)."""
        return None if self.change is None else self.change * 100


def weight_sensitivity(
    scores: Sequence[Sequence[float]], weights: Sequence[float]
) -> list[WeightThreshold]:
    """For each criterion, how far its weight must move for the winner to change (see the
    module docstring for the rule)."""
    s = _scores(scores)
    w = _weights(weights, s.shape[1])
    totals = s @ w
    winner = int(np.argmax(totals))
    found: list[WeightThreshold] = []
    for k in range(s.shape[1]):
        if s.shape[0] < 2 or w[k] >= 1 - 1e-12:
            found.append(WeightThreshold(k, float(w[k]), None, None))
            continue
        slopes = s[:, k] - (totals - w[k] * s[:, k]) / (1 - w[k])
        best: tuple[float, int] | None = None
        for a in range(s.shape[0]):
            if a == winner:
                continue
            gap, pace = totals[winner] - totals[a], slopes[a] - slopes[winner]
            if abs(pace) < 1e-12:
                continue  # the gap does not depend on this weight
            delta = gap / pace
            if not (-w[k] - 1e-12 <= delta <= 1 - w[k] + 1e-12):
                continue
            if best is None or abs(delta) < abs(best[0]):
                best = (float(delta), a)
        found.append(
            WeightThreshold(
                k, float(w[k]), None if best is None else best[0], None if best is None else best[1]
            )
        )
    return found


def price_points(prices: Sequence[float], max_points: float) -> np.ndarray:
    """Points for price: lowest price ÷ price × max_points (every price must be above zero)."""
    p = np.asarray(prices, dtype=float)
    if p.ndim != 1 or p.size == 0:
        raise ScoringError("at least one price is needed")
    bad = np.nonzero(~np.isfinite(p) | (p <= 0))[0]
    if bad.size:
        raise ScoringError(f"price {int(bad[0]) + 1} must be more than zero")
    if not (max_points > 0):
        raise ScoringError("the points for price must be more than zero")
    return p.min() / p * max_points
