"""Figures made ready for the screens, the documents and the saved record."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

import civicshift
from civicshift.core import formatting
from civicshift.core.cases import (
    Analysis,
    Summary,
    benefit_delay,
    likely_amounts,
    profile_matrix,
)
from civicshift.core.optimism import reference as optimism_reference
from civicshift.web.templatetags.civicshift import active_locale

from .models import OPTIMISM_FIELDS, TERMS_FIELDS, BusinessCase, Category
from .selectors import OptionFigures
from .simulation_charts import histogram_chart

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
    # profile_matrix applies the optimism-bias uplifts and delays, as the NPV does; summarize
    # made it already (Summary.matrix).
    summary = figures.summary
    matrix = summary.matrix if summary is not None and summary.matrix is not None else None
    for line, profile in zip(
        case.lines, profile_matrix(case) if matrix is None else matrix, strict=True
    ):
        recurring_other = (
            line.kind == "cost" and line.category == Category.OTHER and len(line.periods) > 1
        )
        if line.category in RECURRING_COSTS or line.category in BUDGET_RELIEF or recurring_other:
            # profiles are signed (costs negative); the budget impact is the opposite.
            impact -= line.amount.likely * profile
    return impact


def _money_list(values) -> list[float]:
    return [round(float(v), 2) for v in values]


# --- how sure are these figures (issue 7): expected beside likely, every IRR, optimism bias,
# real and nominal, other rates, scenarios, the NPV profile and the per-year schedule ---------

#: The two sets of figures, named as the page, the documents and the API name them.
AT_LABELS = {
    "expected": "Expected (average over the ranges)",
    "likely": "Likely amounts",
}
AT_HELP = {
    "expected": (
        "Each line at the average of its range (low, likely and high weighted by its "
        "distribution): what the Green Book and OMB Circular A-94 ask for. With ranges that "
        "stretch further up for costs than down, this is lower than the figure at likely amounts."
    ),
    "likely": "Each line at its most likely amount, as entered.",
}


def at_label(at: str) -> str:
    return _(AT_LABELS[at])


class _Format:
    """Money, percentages and ratios in the page's locale and the organization's currency."""

    def __init__(self, currency: str) -> None:
        self.currency = currency or "USD"
        self.locale = active_locale()

    def money(self, value) -> str:
        return formatting.money(value, self.currency, locale=self.locale)

    def percent(self, value, digits: int = 1) -> str:
        return formatting.percent(value, digits, locale=self.locale)

    def ratio(self, value) -> str:
        return formatting.DASH if value is None else formatting.number(value, 2, locale=self.locale)

    def years(self, value) -> str:
        if value is None:
            return _("not within the horizon")
        return _("%(y)s years") % {"y": formatting.number(value, 1, locale=self.locale)}


def irr_text(a: Analysis, fmt: _Format) -> str:
    """The headline IRR; 'no single IRR' when the roots disagree with the NPV, 'not defined'
    when there is no root at all."""
    if a.irr is not None:
        return fmt.percent(a.irr)
    return _("no single IRR") if a.irrs else _("not defined")


def _column(at: str, a: Analysis, fmt: _Format) -> dict[str, Any]:
    return {
        "key": at,
        "label": at_label(at),
        "short": _("expected") if at == "expected" else _("likely"),
        "help": _(AT_HELP[at]),
        "analysis": a,
        "npv": fmt.money(a.npv),
        "bcr": fmt.ratio(a.bcr),
        "payback": fmt.years(a.payback_years),
        "irr": irr_text(a, fmt),
        "irrs": [fmt.percent(r) for r in a.irrs],
        "mirr": formatting.percent(a.mirr, 1, locale=fmt.locale, missing=_("not defined")),
    }


def _optimism_context(summary: Summary, fmt: _Format) -> dict[str, Any] | None:
    case = summary.case
    if not case.has_bias:
        return None
    bias = case.optimism
    ref = optimism_reference()
    category = ref.get(bias.category)
    delay = benefit_delay(case)
    pairs = (
        ("expected", summary.expected_unadjusted, summary.expected),
        ("likely", summary.likely_unadjusted, summary.likely),
    )
    if case.lead == "likely":
        pairs = pairs[::-1]
    groups = []
    for at, before, after in pairs:
        groups.append(
            {
                "label": at_label(at),
                "rows": [
                    {
                        "label": _("Net present value"),
                        "before": fmt.money(before.npv),
                        "after": fmt.money(after.npv),
                    },
                    {
                        "label": _("Benefit–cost ratio"),
                        "before": fmt.ratio(before.bcr),
                        "after": fmt.ratio(after.bcr),
                    },
                    {
                        "label": _("Present value of costs"),
                        "before": fmt.money(before.pv_costs),
                        "after": fmt.money(after.pv_costs),
                    },
                    {
                        "label": _("Payback"),
                        "before": fmt.years(before.payback_years),
                        "after": fmt.years(after.payback_years),
                    },
                ],
            }
        )
    uplifts = [
        (_("One-time costs"), bias.one_time, category.one_time if category else None),
        (_("Recurring costs"), bias.recurring, category.recurring if category else None),
        (
            _("Duration (time before benefits start)"),
            bias.duration,
            category.duration if category else None,
        ),
    ]
    return {
        "category": category.label if category else (bias.category or _("no project type chosen")),
        "uplifts": [
            {
                "label": label,
                "value": fmt.percent(value, 0),
                "range": (
                    _("%(low)s to %(high)s")
                    % {"low": fmt.percent(b.lower, 0), "high": fmt.percent(b.upper, 0)}
                    if b is not None
                    else _("no published range")
                ),
            }
            for label, value, b in uplifts
        ],
        "delay": delay,
        "delay_text": (
            ngettext(
                "Benefits start %(n)d fiscal year later.",
                "Benefits start %(n)d fiscal years later.",
                delay,
            )
            % {"n": delay}
            if delay
            else ""
        ),
        "reason": bias.reason,
        "citation": ref.source,
        "url": ref.url,
        "groups": groups,
    }


def _basis_context(summary: Summary, fmt: _Format) -> dict[str, Any]:
    case = summary.case
    values = {
        "rate": fmt.percent(case.discount_rate, 2),
        "real": fmt.percent(case.real_rate, 2),
        "nominal": fmt.percent(case.nominal_rate, 2),
        "inflation": fmt.percent(case.inflation, 2),
    }
    if case.basis == "real":
        sentence = _(
            "The amounts are in today's money (real) and so is the %(rate)s discount rate. "
            "With %(inflation)s inflation a year, the same rate in money of each year (nominal) "
            "is %(nominal)s: (1 + %(real)s) × (1 + %(inflation)s) − 1 (the Fisher equation)."
        )
    else:
        sentence = _(
            "The amounts are in money of each year (nominal), with inflation, and so is the "
            "%(rate)s discount rate. With %(inflation)s inflation a year, the same rate in "
            "today's money (real) is %(real)s: (1 + %(nominal)s) ÷ (1 + %(inflation)s) − 1 "
            "(the Fisher equation)."
        )
    return {
        "basis": case.basis,
        "basis_label": _("real (today's money)")
        if case.basis == "real"
        else _("nominal (money of each year)"),
        **values,
        "sentence": sentence % values,
    }


SCENARIO_LABELS = {
    "best": ("Best case", "Every benefit at its high figure and every cost at its low figure."),
    "base": ("Base case", "Every line at its likely amount."),
    "worst": ("Worst case", "Every benefit at its low figure and every cost at its high figure."),
}


def schedule_context(case, fmt: _Format, matrix: np.ndarray | None = None) -> dict[str, Any]:
    """Each line's amount in each fiscal year (likely amounts, optimism bias applied): the
    per-line, per-year schedule of the option page. ``matrix``: the case's profile matrix when
    the caller has it (``Summary.matrix``)."""
    matrix = profile_matrix(case) if matrix is None else matrix
    amounts = likely_amounts(case)[:, None] * np.abs(matrix)
    rows = []
    for line, values in zip(case.lines, amounts, strict=True):
        rows.append(
            {
                "name": line.name,
                "kind": line.kind,
                "in_npv": line.in_npv,
                "cells": [fmt.money(v) if v else formatting.DASH for v in values],
                "total": fmt.money(values.sum()),
            }
        )
    return {"years": [f"FY{year}" for year in case.fiscal_years], "rows": rows}


#: Points of the NPV profile shown in its table (the chart draws them all).
PROFILE_TABLE_ROWS = 11


def sure_context(summary: Summary, currency: str, *, compact: bool = False) -> dict[str, Any]:
    """Everything of "How sure are these figures?" ready to print (text in the page's locale).
    ``compact``: only the headline columns and the warnings, what the live preview shows (its
    template leaves the rest out; formatting it cost most of a keystroke's time)."""
    if summary.compact and not compact:
        raise ValueError("a compact summary has only the headline figures: use compact=True")
    fmt = _Format(currency)
    case = summary.case
    lead_key = case.lead
    other_key = "likely" if lead_key == "expected" else "expected"
    lead, other = summary.lead, summary.other
    columns = [_column(lead_key, lead, fmt), _column(other_key, other, fmt)]
    irr_warning = lead.irr_warning  # a property that formats the sentence: once
    basis_warnings = [w for w in summary.warnings if w != irr_warning]
    if compact:
        return {
            "lead_key": lead_key,
            "columns": columns,
            "irr_warning": irr_warning,
            "irrs": [fmt.percent(r) for r in lead.irrs],
            "warnings": list(summary.warnings),
            "basis_warnings": basis_warnings,
            "optimism": case.has_bias,
        }
    profile = summary.profile
    step = max(1, (len(profile) - 1) // (PROFILE_TABLE_ROWS - 1))
    profile_rows = [{"rate": fmt.percent(r), "npv": fmt.money(v)} for r, v in profile[::step]]
    return {
        "lead_key": lead_key,
        "columns": columns,
        "irr_warning": irr_warning,
        "irrs": [fmt.percent(r) for r in lead.irrs],
        "warnings": list(summary.warnings),
        "basis_warnings": basis_warnings,
        "optimism": _optimism_context(summary, fmt),
        "rate_basis": _basis_context(summary, fmt),
        "rates": [
            {
                "label": _(p.label),
                "rate": fmt.percent(p.rate, 2),
                "lead": fmt.money(p.npv_expected if lead_key == "expected" else p.npv_likely),
                "other": fmt.money(p.npv_likely if lead_key == "expected" else p.npv_expected),
                "is_case_rate": p.rate == case.discount_rate and p.label == "the case's rate",
            }
            for p in summary.rates
        ],
        "scenarios": [
            {
                "key": key,
                "label": _(SCENARIO_LABELS[key][0]),
                "help": _(SCENARIO_LABELS[key][1]),
                "npv": fmt.money(summary.scenarios[key]),
            }
            for key in ("best", "base", "worst")
        ],
        "profile_rows": profile_rows,
        "profile_summary": profile_summary(summary, fmt),
        "schedule": schedule_context(case, fmt, summary.matrix),
    }


def comparison_context(case: BusinessCase, all_figures: list[OptionFigures]) -> dict[str, Any]:
    """The option comparison: per option its expected and likely figures, the lead first."""
    fmt = _Format(case.organization.currency)
    lead = case.lead if case.lead in AT_LABELS else "expected"
    other = "likely" if lead == "expected" else "expected"
    compared = []
    for f in all_figures:
        row = None
        if f.summary is not None:
            s = f.summary
            row = {
                "columns": [
                    _column(lead, s.lead, fmt),
                    _column(other, s.other, fmt),
                ],
                "irr_warning": s.lead.irr_warning,
            }
        compared.append((f, row))
    return {
        "compared": compared,
        "at_order": [
            {
                "key": k,
                "label": at_label(k),
                "short": _("expected") if k == "expected" else _("likely"),
            }
            for k in (lead, other)
        ],
    }


def profile_summary(summary: Summary, fmt: _Format) -> str:
    """The NPV-profile chart in one sentence (its text alternative)."""
    lead = summary.lead
    rate = summary.case.discount_rate
    values = {"rate": fmt.percent(rate), "npv": fmt.money(lead.npv)}
    if not lead.irrs:
        text = _(
            "The NPV never crosses zero over the rates shown; at the case's %(rate)s it is %(npv)s."
        )
    elif len(lead.irrs) == 1:
        values["irr"] = fmt.percent(lead.irrs[0])
        text = _(
            "The NPV falls as the discount rate rises and crosses zero at %(irr)s, the IRR; at "
            "the case's %(rate)s it is %(npv)s."
        )
    else:
        values["irrs"] = ", ".join(fmt.percent(r) for r in lead.irrs)
        text = _(
            "The NPV crosses zero more than once, at %(irrs)s (several IRRs); at the case's "
            "%(rate)s it is %(npv)s."
        )
    return text % values


def profile_chart_data(summary: Summary) -> dict[str, Any]:
    """The NPV-profile chart's data: rates in percent (x) and the NPV (y), the IRRs and the
    case's rate marked."""
    lead = summary.lead
    return {
        "points": [{"x": round(r * 100, 4), "y": round(v, 2)} for r, v in summary.profile],
        "irrs": [round(r * 100, 4) for r in lead.irrs],
        "rate": round(summary.case.discount_rate * 100, 4),
        "npv": round(lead.npv, 2),
        "label": _("NPV at %(at)s") % {"at": at_label(summary.case.lead).lower()},
        "irr_label": _("IRR (NPV is zero)"),
        "rate_label": _("The case's discount rate"),
    }


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


def figures_context(
    case: BusinessCase, figures: OptionFigures, *, compact: bool = False
) -> dict[str, Any]:
    """Table rows and chart data for one option's figures (empty when there are none).
    ``compact``: for the live preview, without the chart data, the NPV
    profile and "How sure" details (it shows no chart)."""
    if not figures.ok:
        return {"rows": [], "charts": None, "sure": None}
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
    money = formatting.money_formatter(case.organization.currency, locale=active_locale())
    columns = {
        "costs": a.costs,
        "benefits": a.benefits,
        "net": a.net,
        "cumulative": a.cumulative,
        "discounted": a.discounted,
        "cumulative_discounted": a.cumulative_discounted,
        "budget": budget,
    }
    cells = zip(*(money.many(columns[key]) for key in CASH_FLOW_COLUMNS), strict=True)
    for row, row_cells in zip(rows, cells, strict=True):
        row["cells"] = list(row_cells)
    charts: dict[str, Any] | None = None if compact else _charts(a, figures)
    sim = figures.simulation
    if sim is not None and charts is not None:
        charts["histogram"] = histogram_chart(sim, case.organization.currency)
    histogram_rows = (
        list(zip(charts["histogram"]["labels"], charts["histogram"]["counts"], strict=True))
        if charts is not None and "histogram" in charts
        else []
    )
    profile_json = ""
    if figures.summary is not None and charts is not None:
        charts["profile"] = profile_chart_data(figures.summary)
        # The profile chart sits in "How sure are these figures?", away from the other charts:
        # its data ride on its own figure (data-case-charts), as the charts' do.
        currency = case.organization.currency or "USD"
        profile_json = json.dumps({"profile": charts["profile"], "currency": currency})
    return {
        "sure": (
            None
            if figures.summary is None
            else sure_context(figures.summary, case.organization.currency, compact=compact)
        ),
        "profile_json": profile_json,
        "has_ramp": any(line.ramp for line in figures.case.lines),
        "rows": rows,
        "charts": charts,
        "budget_total": float(budget.sum()),
        "histogram_rows": histogram_rows,
    }


def _charts(a: Analysis, figures: OptionFigures) -> dict[str, Any]:
    """The option page's chart data (cases/charts.html). Not built for the compact figures
    (the live preview at every keystroke, the line form), which show no chart."""
    labels = [f"FY{year}" for year in a.fiscal_years]
    bars = figures.tornado or []  # None when the sensitivity was left out
    return {
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


def _headline(a: Analysis) -> dict[str, Any]:
    return {"npv": a.npv, "bcr": a.bcr, "payback_years": a.payback_years}


def summary_dict(summary: Summary) -> dict[str, Any]:
    """The issue-7 figures of the API and the saved runs. The top-level ``npv``, ``irr``,
    ``bcr``… stay those at the likely amounts (as runs saved before them); ``lead`` says which
    set the case leads with. Runs saved before these keys existed simply lack them."""
    case = summary.case
    likely = summary.likely
    result: dict[str, Any] = {
        "lead": case.lead,
        "expected": {**_headline(summary.expected), "irr": summary.expected.irr},
        "irrs": list(likely.irrs),
        "irr_warning": likely.irr_warning,
        "expected_irrs": list(summary.expected.irrs),
        "warnings": list(summary.warnings),
        "basis": case.basis,
        "inflation": case.inflation,
        "nominal_rate": case.nominal_rate,
        "real_rate": case.real_rate,
        "rates": [
            {
                "label": p.label,
                "rate": p.rate,
                "npv_likely": p.npv_likely,
                "npv_expected": p.npv_expected,
            }
            for p in summary.rates
        ],
        "scenarios": dict(summary.scenarios),
        "optimism": None,
    }
    if case.has_bias:
        bias = case.optimism
        result["optimism"] = {
            "category": bias.category,
            "one_time": bias.one_time,
            "recurring": bias.recurring,
            "duration": bias.duration,
            "reason": bias.reason,
            "benefit_delay_years": benefit_delay(case),
            "before": {
                "likely": _headline(summary.likely_unadjusted),
                "expected": _headline(summary.expected_unadjusted),
            },
            "after": {
                "likely": _headline(summary.likely),
                "expected": _headline(summary.expected),
            },
        }
    return result


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
    if figures.summary is not None:
        result.update(summary_dict(figures.summary))
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
    from civicshift.core.cases import summarize
    from civicshift.core.montecarlo import monte_carlo, switching_values, tornado

    from .bridge import case_from_run_inputs

    options = {}
    for option in run.inputs["options"]:
        if not option["lines"]:
            options[option["name"]] = {"problem": "empty"}
            continue
        case = case_from_run_inputs(run.inputs, option["name"])
        summary = summarize(case)
        figures = OptionFigures(
            option=None,
            lines=[],
            case=case,
            analysis=summary.likely,
            summary=summary,
            tornado=tornado(case),
            switching=switching_values(case),
            simulation=monte_carlo(case, iterations=run.iterations, seed=run.seed),
        )
        options[option["name"]] = analysis_dict(figures)
    return {"version": civicshift.__version__, "options": options}
