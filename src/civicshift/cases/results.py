"""Figures made ready for the screens, the documents and the saved record."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np

import civicshift
from civicshift.core import formatting
from civicshift.core.cases import profile_matrix
from civicshift.web.templatetags.civicshift import active_locale

from .models import OPTIMISM_FIELDS, TERMS_FIELDS, BusinessCase, Category
from .selectors import OptionFigures

#: Costs that recur in the operating budget, and benefits that relieve it (cash).
RECURRING_COSTS = {
    Category.SUBSCRIPTION,
    Category.MAINTENANCE,
    Category.HOSTING,
    Category.SUPPORT,
    Category.ADDED_STAFF,
}
BUDGET_RELIEF = {Category.CASHABLE_SAVINGS, Category.REVENUE}


def operating_budget_impact(figures: OptionFigures) -> np.ndarray:
    """Per fiscal year: recurring costs minus cashable savings and revenue (positive = the
    operating budget needs more). Recurring costs are the recurring categories, and any other
    cost filed as "Other" that runs for more than one year. One-time costs belong to the
    project or capital budget; staff time released and avoided costs do not change the budget
    by themselves."""
    case = figures.case
    impact = np.zeros(case.horizon_years + 1)
    # profile_matrix applies the optimism-bias uplifts and delays, as the NPV does.
    for line, profile in zip(case.lines, profile_matrix(case), strict=True):
        recurring_other = (
            line.kind == "cost" and line.category == Category.OTHER and len(line.periods) > 1
        )
        if line.category in RECURRING_COSTS or line.category in BUDGET_RELIEF or recurring_other:
            # profiles are signed (costs negative); the budget impact is the opposite.
            impact -= line.amount.likely * profile
    return impact


def _money_list(values) -> list[float]:
    return [round(float(v), 2) for v in values]


#: The cash-flow table's money columns, in the order of its header.
CASH_FLOW_COLUMNS = (
    "costs",
    "benefits",
    "net",
    "cumulative",
    "discounted",
    "cumulative_discounted",
    "budget",
)


def figures_context(case: BusinessCase, figures: OptionFigures) -> dict[str, Any]:
    """Table rows and chart data for one option's figures (empty when there are none)."""
    if not figures.ok:
        return {"rows": [], "charts": None}
    a = figures.analysis
    budget = operating_budget_impact(figures)
    rows = [
        {
            "period": t,
            "year": year,
            "costs": a.costs[t],
            "benefits": a.benefits[t],
            "net": a.net[t],
            "cumulative": a.cumulative[t],
            "discounted": a.discounted[t],
            "cumulative_discounted": a.cumulative_discounted[t],
            "budget": budget[t],
        }
        for t, year in enumerate(a.fiscal_years)
    ]
    # The cash-flow table's money cells, formatted here once (the live preview renders this
    # table at every keystroke; one filter call per cell was most of its template time).
    currency, locale = case.organization.currency, active_locale()
    for row in rows:
        row["cells"] = [
            formatting.money(row[key], currency, locale=locale) for key in CASH_FLOW_COLUMNS
        ]
    labels = [f"FY{year}" for year in a.fiscal_years]
    bars = figures.tornado or []  # None in the live preview, which leaves them out
    charts: dict[str, Any] = {
        "cumulative": {"labels": labels, "values": _money_list(a.cumulative_discounted)},
        "annual": {
            "labels": labels,
            "costs": _money_list(a.costs),
            "benefits": _money_list(a.benefits),
        },
        "tornado": {
            "labels": [b.line for b in bars],
            "low": _money_list(b.npv_low for b in bars),
            "high": _money_list(b.npv_high for b in bars),
            "npv": round(a.npv, 2),
        },
    }
    sim = figures.simulation
    if sim is not None:
        edges = sim.histogram_edges
        charts["histogram"] = {
            # Money with the organization's currency sign, as every other amount on the page.
            "labels": [
                formatting.money((edges[i] + edges[i + 1]) / 2, case.organization.currency)
                for i in range(len(edges) - 1)
            ],
            "counts": list(sim.histogram_counts),
        }
    histogram_rows = (
        list(zip(charts["histogram"]["labels"], charts["histogram"]["counts"], strict=True))
        if "histogram" in charts
        else []
    )
    return {
        "has_ramp": any(line.ramp for line in figures.case.lines),
        "rows": rows,
        "charts": charts,
        "budget_total": float(budget.sum()),
        "histogram_rows": histogram_rows,
    }


def analysis_dict(figures: OptionFigures) -> dict[str, Any]:
    if not figures.ok:
        return {"problem": figures.problem}
    a = figures.analysis
    result: dict[str, Any] = {
        "npv": a.npv,
        "irr": a.irr,
        "mirr": a.mirr,
        "bcr": a.bcr,
        "payback_years": a.payback_years,
        "discounted_payback_years": a.discounted_payback_years,
        "pv_costs": a.pv_costs,
        "pv_benefits": a.pv_benefits,
        "tco": a.tco,
        "wider_benefits_pv": a.wider_benefits_pv,
        "cash_flows": _money_list(a.net),
        "tornado": [
            {"line": b.line, "npv_low": b.npv_low, "npv_high": b.npv_high} for b in figures.tornado
        ],
        "switching_values": [
            {"line": s.line, "value": s.value, "change_pct": s.change_pct}
            for s in figures.switching
        ],
    }
    sim = figures.simulation
    if sim is not None:
        result["monte_carlo"] = {
            "iterations": sim.iterations,
            "seed": sim.seed,
            "npv": {"mean": sim.npv_mean, **{f"p{k}": v for k, v in sim.percentiles.items()}},
            "prob_npv_positive": sim.prob_npv_positive,
            "prob_payback_within": {str(k): v for k, v in sim.prob_payback_within.items()},
        }
    return result


def run_payload(case: BusinessCase, all_figures: list[OptionFigures]):
    """The inputs (every line as entered) and results of a saved analysis."""
    inputs = {
        "start_year": case.start_year,
        "horizon_years": case.horizon_years,
        "discount_rate": str(case.discount_rate),
        "iterations": case.iterations,
        "seed": case.seed,
        "payback_target_years": case.payback_target_years,
        **{
            name: None if value is None else str(value) if isinstance(value, Decimal) else value
            for name in (*TERMS_FIELDS, *OPTIMISM_FIELDS)
            for value in (getattr(case, name),)
        },
        "options": [
            {
                "name": f.option.name,
                "lines": [
                    {
                        "name": ln.name,
                        "kind": ln.kind,
                        "category": ln.category,
                        "distribution": ln.distribution,
                        "low": None if ln.low is None else str(ln.low),
                        "likely": str(ln.likely),
                        "high": None if ln.high is None else str(ln.high),
                        "multiplier": None if ln.multiplier is None else str(ln.multiplier),
                        "first_period": ln.first_period,
                        "last_period": ln.last_period,
                        "escalation": str(ln.escalation),
                        "ramp": ln.ramp,
                        "in_npv": ln.in_npv,
                        "per_year": list(ln.per_year or []),
                    }
                    for ln in f.lines
                ],
            }
            for f in all_figures
        ],
    }
    results = {
        "version": civicshift.__version__,
        "options": {f.option.name: analysis_dict(f) for f in all_figures},
    }
    return inputs, results


def reproduce_run(run) -> dict[str, Any]:
    """The results of a saved analysis computed again from its saved inputs, seed and
    iterations alone (not from the lines as they are now): equal to ``run.results`` when the
    software version is the same."""
    from civicshift.core.cases import analyze
    from civicshift.core.montecarlo import monte_carlo, switching_values, tornado

    from .bridge import case_from_run_inputs

    options = {}
    for option in run.inputs["options"]:
        if not option["lines"]:
            options[option["name"]] = {"problem": "empty"}
            continue
        case = case_from_run_inputs(run.inputs, option["name"])
        figures = OptionFigures(
            option=None,
            lines=[],
            case=case,
            analysis=analyze(case),
            tornado=tornado(case),
            switching=switching_values(case),
            simulation=monte_carlo(case, iterations=run.iterations, seed=run.seed),
        )
        options[option["name"]] = analysis_dict(figures)
    return {"version": civicshift.__version__, "options": options}
