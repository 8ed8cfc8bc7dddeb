"""A business-case report as plain data: what the Word, PDF and Excel writers print.

The Django side (``civicshift.cases.report``) fills these dataclasses from the database; a
notebook or the command line can fill them from core objects with :func:`option_report`. The
writers (``docx``, ``pdf``, ``workbook``) only lay out what is here, and take every
sentence and table cell from :mod:`report_text`, so the Word and PDF documents always say
the same thing in the same words.

No Django here. Text is marked with Python's ``gettext`` (as the command line is), so a
translation can be added without touching the writers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from gettext import gettext as _

import numpy as np

from civicshift.core import formatting
from civicshift.core.cases import (
    Analysis,
    Case,
    Line,
    Summary,
    benefit_delay,
    likely_amounts,
    profile_matrix,
)
from civicshift.core.montecarlo import MonteCarloResult, SwitchingValue, TornadoBar
from civicshift.core.optimism import reference as optimism_reference


@dataclass(frozen=True)
class ReportLine:
    """One cost or benefit line, as the analysis uses it (amounts after any multiplier)."""

    name: str
    kind: str  # "cost" | "benefit"
    category: str  # a label for people, e.g. "Subscription"
    low: float
    likely: float
    high: float
    distribution: str  # "point" | "triangular" | "pert"
    periods: tuple[int, ...]
    escalation: float = 0.0
    ramp: tuple[float, ...] = ()
    in_npv: bool = True
    basis: str = ""  # how the amount was built, e.g. "1,200 hours × $45.00 loaded rate"
    #: The rate or probability the amounts were multiplied by (None: none), and low / likely /
    #: high as typed before it (the live-formula workbook keeps the two apart).
    multiplier: float | None = None
    entered: tuple[float, float, float] | None = None


@dataclass(frozen=True)
class YearRow:
    period: int
    fiscal_year: int
    costs: float
    benefits: float
    net: float
    cumulative: float
    discount_factor: float
    discounted: float
    cumulative_discounted: float
    budget_impact: float | None = None  # operating-budget impact; None when not computed


@dataclass(frozen=True)
class SimulationSummary:
    iterations: int
    seed: int
    mean: float
    percentiles: Mapping[int, float]  # {5, 10, 50, 90, 95}
    prob_npv_positive: float
    payback_target_years: int
    prob_payback_within_target: float
    histogram_edges: tuple[float, ...]
    histogram_counts: tuple[int, ...]


@dataclass(frozen=True)
class TornadoRow:
    line: str
    npv_low: float
    npv_high: float


@dataclass(frozen=True)
class SwitchingRow:
    line: str
    value: float | None
    change_pct: float | None


@dataclass(frozen=True)
class Headline:
    """One set of headline figures: at the ``expected`` (mean) or the ``likely`` amounts."""

    at: str  # "expected" | "likely"
    npv: float
    irr: float | None
    irrs: tuple[float, ...]
    bcr: float | None
    payback_years: float | None
    mirr: float | None = None
    pv_costs: float = 0.0


@dataclass(frozen=True)
class OptimismReport:
    """The optimism-bias adjustment and the figures before and after it (lead first)."""

    category: str  # the Green Book project type, for people
    one_time: float
    recurring: float
    duration: float
    reason: str
    citation: str
    benefit_delay_years: int
    before: tuple[Headline, ...]
    after: tuple[Headline, ...]


@dataclass(frozen=True)
class RateRow:
    label: str
    rate: float
    npv_likely: float
    npv_expected: float


@dataclass(frozen=True)
class ScheduleRow:
    """One line's amount in each period (positive for costs and benefits alike)."""

    name: str
    kind: str
    amounts: tuple[float, ...]
    in_npv: bool = True


@dataclass(frozen=True)
class OptionReport:
    name: str
    description: str = ""
    recommended: bool = False
    problem: str = ""  # why there are no figures ("" when there are)
    lines: tuple[ReportLine, ...] = ()
    years: tuple[YearRow, ...] = ()
    npv: float = 0.0
    irr: float | None = None
    mirr: float | None = None
    bcr: float | None = None
    payback_years: float | None = None
    discounted_payback_years: float | None = None
    pv_costs: float = 0.0
    pv_benefits: float = 0.0
    tco: float = 0.0
    wider_benefits_pv: float = 0.0
    # The figures of issue 7 (empty for a report built without a core summary): which set
    # leads, the expected and likely headline figures, every IRR, the real/nominal basis,
    # optimism bias before and after, NPV at other rates, scenarios, the NPV profile and the
    # per-line, per-year schedule.
    lead: str = "likely"
    headlines: tuple[Headline, ...] = ()  # lead first
    irr_warning: str | None = None
    warnings: tuple[str, ...] = ()
    basis: str = "real"
    inflation: float = 0.0
    real_rate: float | None = None
    nominal_rate: float | None = None
    optimism: OptimismReport | None = None
    rates: tuple[RateRow, ...] = ()
    scenarios: tuple[tuple[str, float], ...] = ()  # (best | base | worst, NPV)
    profile: tuple[tuple[float, float], ...] = ()  # (rate, NPV at the leading amounts)
    schedule: tuple[ScheduleRow, ...] = ()
    simulation: SimulationSummary | None = None
    tornado: tuple[TornadoRow, ...] = ()
    switching: tuple[SwitchingRow, ...] = ()
    #: The core case the figures come from (the live-formula workbook writes its inputs);
    #: None for an option without figures, or a report built by hand.
    case: Case | None = None

    @property
    def ok(self) -> bool:
        return not self.problem


@dataclass(frozen=True)
class NarrativeSection:
    title: str  # "Strategic case"
    text: str  # what the authors wrote ("" when not written)
    guidance: str = ""  # the question the section answers
    facts: tuple[str, ...] = ()  # facts CivicShift already knows


@dataclass(frozen=True)
class CaseReport:
    title: str  # the initiative
    organization: str
    prepared_on: dt.date
    version: str
    start_year: int
    horizon_years: int
    discount_rate: float
    iterations: int
    seed: int
    payback_target_years: int
    options: tuple[OptionReport, ...]
    sections: tuple[NarrativeSection, ...] = ()
    currency: str = "USD"
    problem_statement: str = ""
    #: Why the recommended option was chosen, as recorded in the case's settings ("" when
    #: none is recorded).
    recommendation_reason: str = ""
    #: The option whose NPV (at the figures the case leads with) beats the recommended one's,
    #: "" when the recommended option has the best NPV or none is recommended. The Django side
    #: fills it with the settings page's rule (``cases.terms.recommendation_check``).
    better_option: str = ""

    @property
    def recommended(self) -> OptionReport | None:
        return next((o for o in self.options if o.recommended), None)

    @property
    def end_year(self) -> int:
        return self.start_year + self.horizon_years


# --- formatting ---------------------------------------------------------------------------

NOT_DEFINED = _("not defined")
NOT_WITHIN = _("not within the horizon")
DASH = "—"


def money(value: float | None, currency: str = "USD") -> str:
    """1234567.5 → '$1,234,568'; negative → '-$1,234' (``core.formatting``, as on the pages)."""
    return formatting.money(value, currency)


def amount(value: float | None) -> str:
    """An amount without the currency sign, with thousands separators (for dense tables)."""
    return formatting.amount(value)


def percent(value: float | None, digits: int = 1, missing: str = NOT_DEFINED) -> str:
    return formatting.percent(value, digits, missing=missing)


def years(value: float | None) -> str:
    if value is None:
        return NOT_WITHIN
    return _("{n} years").format(n=f"{value:.1f}")


def ratio(value: float | None) -> str:
    return _("— (no costs)") if value is None else f"{value:.2f}"


def fiscal_year(year: int) -> str:
    return f"FY{year}"


def period_label(periods: Sequence[int], start_year: int) -> str:
    """'FY2028–37', 'FY2027', or 'FY2027, FY2032' for periods that are not consecutive."""
    if not periods:
        return DASH
    first, last = start_year + min(periods), start_year + max(periods)
    if len(periods) == 1:
        return fiscal_year(first)
    if list(periods) == list(range(min(periods), max(periods) + 1)):
        end = f"{last % 100:02d}" if first // 100 == last // 100 else str(last)
        return f"{fiscal_year(first)}–{end}"
    return ", ".join(fiscal_year(start_year + p) for p in periods)


def ramp_label(ramp: Sequence[float]) -> str:
    return ", ".join(f"{share:.0%}" for share in ramp) if ramp else DASH


KIND_LABELS = {"cost": _("Cost"), "benefit": _("Benefit")}
DISTRIBUTION_LABELS = {
    "point": _("single figure"),
    "triangular": _("triangular"),
    "pert": _("PERT"),
}


# --- building from core objects -----------------------------------------------------------


def report_line(line: Line, *, category: str | None = None, basis: str = "") -> ReportLine:
    est = line.amount
    return ReportLine(
        name=line.name,
        kind=line.kind,
        category=line.category if category is None else category,
        low=float(est.low),
        likely=float(est.likely),
        high=float(est.high),
        distribution=est.dist if est.is_uncertain else "point",
        periods=tuple(line.periods),
        escalation=float(line.escalation),
        ramp=tuple(line.ramp),
        in_npv=line.in_npv,
        basis=basis,
    )


def year_rows(analysis: Analysis, budget: Sequence[float] | None = None) -> tuple[YearRow, ...]:
    return tuple(
        YearRow(
            period=t,
            fiscal_year=year,
            costs=float(analysis.costs[t]),
            benefits=float(analysis.benefits[t]),
            net=float(analysis.net[t]),
            cumulative=float(analysis.cumulative[t]),
            discount_factor=float(analysis.discount_factors[t]),
            discounted=float(analysis.discounted[t]),
            cumulative_discounted=float(analysis.cumulative_discounted[t]),
            budget_impact=None if budget is None else float(budget[t]),
        )
        for t, year in enumerate(analysis.fiscal_years)
    )


def simulation_summary(sim: MonteCarloResult, payback_target_years: int) -> SimulationSummary:
    target = min(max(payback_target_years, 1), max(sim.prob_payback_within, default=1))
    return SimulationSummary(
        iterations=sim.iterations,
        seed=sim.seed,
        mean=sim.npv_mean,
        percentiles=dict(sim.percentiles),
        prob_npv_positive=sim.prob_npv_positive,
        payback_target_years=target,
        prob_payback_within_target=sim.prob_payback_within.get(target, 0.0),
        histogram_edges=tuple(sim.histogram_edges),
        histogram_counts=tuple(sim.histogram_counts),
    )


def headline(analysis: Analysis) -> Headline:
    return Headline(
        at=analysis.at,
        npv=analysis.npv,
        irr=analysis.irr,
        irrs=tuple(analysis.irrs),
        bcr=analysis.bcr,
        payback_years=analysis.payback_years,
        mirr=analysis.mirr,
        pv_costs=analysis.pv_costs,
    )


def summary_fields(summary: Summary) -> dict:
    """The issue-7 fields of an OptionReport from the core's Summary."""
    case = summary.case
    lead, other = summary.lead, summary.other
    bias = None
    if case.has_bias:
        ref = optimism_reference()
        category = ref.get(case.optimism.category)
        plain = {"expected": summary.expected_unadjusted, "likely": summary.likely_unadjusted}
        bias = OptimismReport(
            category=category.label if category else case.optimism.category,
            one_time=case.optimism.one_time,
            recurring=case.optimism.recurring,
            duration=case.optimism.duration,
            reason=case.optimism.reason,
            citation=ref.source,
            benefit_delay_years=benefit_delay(case),
            before=(headline(plain[lead.at]), headline(plain[other.at])),
            after=(headline(lead), headline(other)),
        )
    amounts = likely_amounts(case)[:, None] * np.abs(profile_matrix(case))
    return {
        "lead": case.lead,
        "headlines": (headline(lead), headline(other)),
        "irr_warning": lead.irr_warning,
        "warnings": tuple(summary.warnings),
        "basis": case.basis,
        "inflation": case.inflation,
        "real_rate": case.real_rate,
        "nominal_rate": case.nominal_rate,
        "optimism": bias,
        "rates": tuple(
            RateRow(p.label, p.rate, p.npv_likely, p.npv_expected) for p in summary.rates
        ),
        "scenarios": tuple((k, summary.scenarios[k]) for k in ("best", "base", "worst")),
        "profile": tuple(summary.profile),
        "schedule": tuple(
            ScheduleRow(line.name, line.kind, tuple(float(v) for v in row), line.in_npv)
            for line, row in zip(case.lines, amounts, strict=True)
        ),
    }


def option_report(
    name: str,
    case: Case,
    analysis: Analysis,
    *,
    simulation: MonteCarloResult | None = None,
    tornado: Sequence[TornadoBar] = (),
    switching: Sequence[SwitchingValue] = (),
    payback_target_years: int | None = None,
    description: str = "",
    recommended: bool = False,
    budget_impact: Sequence[float] | None = None,
    lines: Sequence[ReportLine] | None = None,
    summary: Summary | None = None,
) -> OptionReport:
    """An option's report from the core case and its figures (``summary``, from
    ``core.cases.summarize``, adds expected figures, IRRs, optimism bias, rates, scenarios,
    the NPV profile and the schedule)."""
    target = payback_target_years or case.horizon_years
    return OptionReport(
        name=name,
        description=description,
        recommended=recommended,
        lines=tuple(lines) if lines is not None else tuple(report_line(ln) for ln in case.lines),
        years=year_rows(analysis, budget_impact),
        npv=analysis.npv,
        irr=analysis.irr,
        mirr=analysis.mirr,
        bcr=analysis.bcr,
        payback_years=analysis.payback_years,
        discounted_payback_years=analysis.discounted_payback_years,
        pv_costs=analysis.pv_costs,
        pv_benefits=analysis.pv_benefits,
        tco=analysis.tco,
        wider_benefits_pv=analysis.wider_benefits_pv,
        **({} if summary is None else summary_fields(summary)),
        simulation=None if simulation is None else simulation_summary(simulation, target),
        tornado=tuple(TornadoRow(b.line, b.npv_low, b.npv_high) for b in tornado),
        switching=tuple(SwitchingRow(s.line, s.value, s.change_pct) for s in switching),
        case=case,
    )
