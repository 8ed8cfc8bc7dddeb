"""Totals, ranks, the winner's sensitivity to each weight, the "within the noise" note and each
proposal's life-cycle cost, from the consensus scores (``core.decision``, ``core.finance``).

The total, out of 100 points: each leaf criterion counts its share of the whole (its weight
times its parents') of ``100 − price points``, scored as consensus ÷ 5; price earns
``lowest price ÷ price × price points`` (``core.decision.price_points``). With no price points
the total is the weighted consensus score alone, out of 100."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from civicshift.core.decision import price_points, ranks, weight_sensitivity, weighted_totals
from civicshift.core.decision.consensus import leader_margin
from civicshift.core.finance import npv

from . import selectors
from .models import ConsensusScore, Score

SCALE_HIGH = 5


@dataclass
class Ranking:
    proposals: list
    columns: list  # (label, criterion or None for price)
    weights: np.ndarray  # per column, sums to 1
    points: np.ndarray  # proposals × columns, each out of 100
    totals: np.ndarray
    ranks: np.ndarray
    sensitivity: list
    margin: object | None
    missing: int  # consensus scores not yet agreed (counted as 0)
    life_cycle: list  # per proposal: present value of its costs, or None
    horizon: int | None
    rate: float | None

    @property
    def rows(self):
        order = np.argsort(self.ranks, kind="stable")
        return [
            {
                "proposal": self.proposals[i],
                "total": float(self.totals[i]),
                "rank": int(self.ranks[i]),
                "points": [float(x) for x in self.points[i]],
                "life_cycle": self.life_cycle[i],
            }
            for i in order
        ]

    @property
    def thresholds(self):
        out = []
        for t in self.sensitivity:
            label = self.columns[t.criterion][0]
            new = self.proposals[t.new_winner] if t.new_winner is not None else None
            out.append({"label": label, "weight": t.weight, "points": t.points, "new": new})
        return out


def life_cycle_cost(proposal, horizon: int, rate: float, inflation: float = 0.0) -> float:
    """Present value of the proposal's costs: one-time costs now, yearly costs in years
    1 … horizon, discounted at the business case's rate (``core.finance.npv``). The costs are
    in today's dollars; in a case counted in nominal money (``inflation``: the case's rate) year
    t's cost is inflated by ``(1 + inflation)^t`` before the nominal rate discounts it, as the
    lines the proposal's costs become are (``services_case``), so both agree."""
    flows = [float(proposal.one_time_cost)] + [
        float(proposal.annual_cost) * (1 + inflation) ** t for t in range(1, horizon + 1)
    ]
    return npv(rate, flows)


def ranking(evaluation, weights_override: dict | None = None) -> Ranking | None:
    """The ranking of an evaluation's proposals, or None without proposals or criteria.
    ``weights_override``: {criterion pk: percent of the whole} for a what-if (normalised)."""
    proposals = list(evaluation.proposals.select_related("vendor"))
    leaves = selectors.leaves(selectors.criteria_tree(evaluation))
    if not proposals or not leaves:
        return None
    share_price = float(evaluation.price_points) / 100
    columns = [(n["criterion"].name, n["criterion"]) for n in leaves]
    leaf_w = np.array([n["global"] for n in leaves], dtype=float)
    if weights_override:
        leaf_w = np.array(
            [max(float(weights_override.get(c.pk, 0)), 0.0) for _l, c in columns], dtype=float
        )
    leaf_w = leaf_w / leaf_w.sum() if leaf_w.sum() > 0 else np.full(len(leaf_w), 1 / len(leaf_w))
    weights = leaf_w * (1 - share_price)
    agreed = {
        (c.proposal_id, c.criterion_id): float(c.value)
        for c in ConsensusScore.objects.filter(proposal__evaluation=evaluation)
    }
    index = {p.pk: i for i, p in enumerate(proposals)}
    points = np.zeros((len(proposals), len(columns)))
    missing = 0
    for i, p in enumerate(proposals):
        for k, (_label, c) in enumerate(columns):
            value = agreed.get((p.pk, c.pk))
            if value is None:
                missing += 1
            else:
                points[i, k] = value / SCALE_HIGH * 100
    if share_price > 0:
        prices = [float(p.price) for p in proposals]
        price_col = price_points(prices, 100.0)
        points = np.column_stack([points, price_col])
        columns.append(("Price", None))
        weights = np.append(weights, share_price)
    totals = weighted_totals(points, weights)
    sensitivity = weight_sensitivity(points, weights) if len(proposals) >= 2 else []

    # Each evaluator's own total (their submitted scores, price the same for all), for the
    # leader's margin: is the leader ahead by more than the panel's disagreement?
    members = list(evaluation.panel.filter(submitted_at__isnull=False))
    margin = None
    if len(proposals) >= 2 and members:
        m_index = {m.pk: i for i, m in enumerate(members)}
        c_index = {c.pk: k for k, (_l, c) in enumerate(columns) if c is not None}
        grid = np.full((len(members), len(proposals), len(columns)), np.nan)
        if share_price > 0:
            grid[:, :, -1] = points[:, -1]
        for member_id, proposal_id, criterion_id, value in Score.objects.filter(
            member__in=members
        ).values_list("member_id", "proposal_id", "criterion_id", "value"):
            if criterion_id in c_index:
                grid[m_index[member_id], index[proposal_id], c_index[criterion_id]] = (
                    value / SCALE_HIGH * 100
                )
        with np.errstate(invalid="ignore"):
            per = np.where(np.isnan(grid).any(axis=2), np.nan, np.nan_to_num(grid) @ weights)
        margin = leader_margin(per)

    case = getattr(evaluation.initiative, "business_case", None)
    horizon = case.horizon_years if case is not None else None
    rate = float(case.discount_rate) if case is not None else None
    inflation = float(case.inflation) if case is not None and case.basis == "nominal" else 0.0
    life = [
        life_cycle_cost(p, horizon, rate, inflation) if case is not None else None
        for p in proposals
    ]
    return Ranking(
        proposals,
        columns,
        weights,
        points,
        totals,
        ranks(totals),
        sensitivity,
        margin,
        missing,
        life,
        horizon,
        rate,
    )
