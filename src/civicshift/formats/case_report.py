"""A business-case report as plain data: what the Word, PDF and Excel writers print.

The Django side (``civicshift.cases.report``) fills these dataclasses from the database; a
notebook or the command line can fill them from core objects with :func:`option_report`. The
writers (``case_docx``, ``case_pdf``, ``case_workbook``) only lay out what is here, and take every
sentence and table cell from the functions below, so the Word and PDF documents always say the
same thing in the same words.

No Django here. Text is marked with Python's ``gettext`` (as the command line is), so a
translation can be added without touching the writers.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from gettext import gettext as _

from civicshift.core.cases import Analysis, Case, Line
from civicshift.core.montecarlo import MonteCarloResult, SwitchingValue, TornadoBar


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
    simulation: SimulationSummary | None = None
    tornado: tuple[TornadoRow, ...] = ()
    switching: tuple[SwitchingRow, ...] = ()

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
    """1234567.5 → '$1,234,568'; negative → '-$1,234'; other currencies get their code."""
    if value is None or not math.isfinite(value):
        return DASH
    rounded = round(float(value))
    sign = "-" if rounded < 0 else ""
    digits = f"{abs(rounded):,}"
    return f"{sign}${digits}" if currency == "USD" else f"{sign}{digits} {currency}"


def amount(value: float | None) -> str:
    """An amount without the currency sign, with thousands separators (for dense tables)."""
    if value is None or not math.isfinite(value):
        return DASH
    rounded = round(float(value))
    return f"-{abs(rounded):,}" if rounded < 0 else f"{rounded:,}"


def percent(value: float | None, digits: int = 1, missing: str = NOT_DEFINED) -> str:
    return missing if value is None else f"{value * 100:.{digits}f}%"


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


# --- tables shared by the writers ---------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """Column headings and rows of text; ``numeric`` marks right-aligned columns."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    widths: tuple[float, ...]  # relative column widths
    caption: str = ""
    group_rows: frozenset[int] = frozenset()  # indices of rows that head a group ("Costs")


def comparison_table(report: CaseReport) -> Table:
    cur = report.currency
    headers = (
        _("Option"),
        _("NPV"),
        _("IRR"),
        _("MIRR"),
        _("Benefit–cost ratio"),
        _("Payback"),
        _("Total cost of ownership"),
    )
    rows = [
        (
            _("Status quo (carry on as today)"),
            money(0, cur),
            DASH,
            DASH,
            DASH,
            DASH,
            _("the baseline"),
        )
    ]
    for option in report.options:
        name = option.name + (_(" (recommended)") if option.recommended else "")
        if not option.ok:
            rows.append((name, option.problem, "", "", "", "", ""))
            continue
        rows.append(
            (
                name,
                money(option.npv, cur),
                percent(option.irr),
                percent(option.mirr),
                ratio(option.bcr),
                years(option.payback_years),
                money(option.tco, cur),
            )
        )
    return Table(
        headers=headers,
        rows=tuple(rows),
        numeric=(False,) + (True,) * 6,
        widths=(2.4, 1.3, 0.9, 0.9, 1.0, 1.3, 1.4),
        caption=_(
            "What each option adds compared with the status quo, at the likely amounts "
            "and a {rate} discount rate."
        ).format(rate=percent(report.discount_rate)),
    )


def assumptions_table(report: CaseReport, option: OptionReport) -> Table:
    """Every line, costs first then benefits, each group under a heading row."""
    rows: list[tuple[str, ...]] = []
    groups = set()
    for kind, heading in (("cost", _("Costs")), ("benefit", _("Benefits"))):
        lines = [line for line in option.lines if line.kind == kind]
        if not lines:
            continue
        groups.add(len(rows))
        rows.append((heading,) + ("",) * 7)
        for line in lines:
            point = line.distribution == "point" or line.low == line.high
            details = [line.category] if line.category else []
            if not line.in_npv:
                details.append(_("wider benefit, outside the NPV"))
            detail = " · ".join(details)
            name = line.name + (f"\n{detail}" if detail else "")
            name += f"\n{line.basis}" if line.basis else ""
            rows.append(
                (
                    name,
                    DASH if point else amount(line.low),
                    amount(line.likely),
                    DASH if point else amount(line.high),
                    DISTRIBUTION_LABELS.get(line.distribution, line.distribution),
                    period_label(line.periods, report.start_year),
                    percent(line.escalation, missing=DASH),
                    ramp_label(line.ramp),
                )
            )
    unit = "$" if report.currency == "USD" else report.currency
    return Table(
        headers=(
            _("Line"),
            _("Low ({u})").format(u=unit),
            _("Likely ({u})").format(u=unit),
            _("High ({u})").format(u=unit),
            _("Distribution"),
            _("Years"),
            _("Yearly increase"),
            _("Ramp-up"),
        ),
        rows=tuple(rows),
        numeric=(False, True, True, True, False, False, True, False),
        widths=(1.9, 0.72, 0.75, 0.72, 0.95, 0.85, 0.7, 0.75),
        caption=_(
            "Amounts per year for recurring lines, in total for one-time lines; the "
            "analysis uses the likely figure, the simulation draws between low and high."
        ),
        group_rows=frozenset(groups),
    )


def cash_flow_table(report: CaseReport, option: OptionReport) -> Table:
    with_budget = any(row.budget_impact is not None for row in option.years)
    headers = [
        _("Fiscal year"),
        _("Costs"),
        _("Benefits"),
        _("Net"),
        _("Cumulative"),
        _("Discounted"),
        _("Cumulative discounted"),
    ]
    if with_budget:
        headers.append(_("Operating budget impact"))
    rows = []
    for row in option.years:
        cells = [
            f"{fiscal_year(row.fiscal_year)} ({row.period})",
            amount(row.costs),
            amount(row.benefits),
            amount(row.net),
            amount(row.cumulative),
            amount(row.discounted),
            amount(row.cumulative_discounted),
        ]
        if with_budget:
            cells.append(amount(row.budget_impact))
        rows.append(tuple(cells))
    total = option.years
    totals = [
        _("Total"),
        amount(sum(r.costs for r in total)),
        amount(sum(r.benefits for r in total)),
        amount(sum(r.net for r in total)),
        "",
        amount(sum(r.discounted for r in total)),
        "",
    ]
    if with_budget:
        totals.append(amount(sum(r.budget_impact or 0 for r in total)))
    rows.append(tuple(totals))
    unit = "$" if report.currency == "USD" else report.currency
    return Table(
        headers=tuple(headers),
        rows=tuple(rows),
        numeric=(False,) + (True,) * (len(headers) - 1),
        widths=(1.3,) + (1.0,) * (len(headers) - 1),
        caption=_(
            "In {unit}. Period 0 is not discounted; period t is divided by (1 + {rate})^t. "
            "The discounted total is the NPV."
        ).format(unit=unit, rate=percent(report.discount_rate)),
    )


def headline_figures(report: CaseReport, option: OptionReport) -> list[tuple[str, str]]:
    cur = report.currency
    figures = [
        (_("Net present value (NPV)"), money(option.npv, cur)),
        (_("Internal rate of return (IRR)"), percent(option.irr)),
        (_("Modified IRR (MIRR)"), percent(option.mirr)),
        (_("Benefit–cost ratio"), ratio(option.bcr)),
        (_("Payback"), years(option.payback_years)),
        (_("Discounted payback"), years(option.discounted_payback_years)),
        (_("Present value of costs"), money(option.pv_costs, cur)),
        (_("Present value of benefits"), money(option.pv_benefits, cur)),
        (_("Total cost of ownership (not discounted)"), money(option.tco, cur)),
    ]
    if option.wider_benefits_pv:
        figures.append(
            (_("Wider social benefits (outside the NPV)"), money(option.wider_benefits_pv, cur))
        )
    return figures


def simulation_table(report: CaseReport, option: OptionReport) -> Table | None:
    sim = option.simulation
    if sim is None:
        return None
    cur = report.currency
    rows = (
        (_("NPV, pessimistic (P10): 9 futures in 10 do better"), money(sim.percentiles[10], cur)),
        (_("NPV, middle (P50)"), money(sim.percentiles[50], cur)),
        (_("NPV, optimistic (P90): 1 future in 10 does better"), money(sim.percentiles[90], cur)),
        (_("NPV, average of all futures"), money(sim.mean, cur)),
        (_("Chance the NPV is above zero"), percent(sim.prob_npv_positive, 0)),
        (
            _("Chance of payback within {n} years").format(n=sim.payback_target_years),
            percent(sim.prob_payback_within_target, 0),
        ),
    )
    return Table(
        headers=(_("Measure"), _("Value")),
        rows=rows,
        numeric=(False, True),
        widths=(4.0, 1.6),
        caption=_(
            "{n} simulated futures, seed {seed}: the same inputs always give these figures."
        ).format(n=f"{sim.iterations:,}", seed=sim.seed),
    )


def switching_table(report: CaseReport, option: OptionReport) -> Table:
    cur = report.currency
    rows = tuple(
        (
            s.line,
            _("no amount does it") if s.value is None else money(s.value, cur),
            DASH if s.change_pct is None else f"{s.change_pct:+.0f}%",
        )
        for s in option.switching
    )
    return Table(
        headers=(_("Line"), _("NPV is zero at"), _("Change from likely")),
        rows=rows,
        numeric=(False, True, True),
        widths=(3.0, 1.6, 1.4),
        caption=_(
            "The amount (every year alike) at which the option's NPV falls to zero, the "
            "other lines at their likely figures. An estimate that could plausibly reach "
            "its switching value could change the decision."
        ),
    )


# --- sentences ----------------------------------------------------------------------------


def option_sentence(report: CaseReport, option: OptionReport) -> str:
    """The option's headline figures in plain words."""
    cur = report.currency
    if not option.ok:
        return _("{name}: the figures cannot be calculated yet ({problem}).").format(
            name=option.name, problem=option.problem
        )
    worth = (
        _("it is worth more than it costs")
        if option.npv > 0
        else _("it costs more than it returns")
        if option.npv < 0
        else _("it breaks even")
    )
    parts = [
        _(
            "Compared with carrying on as today, {name} has a net present value of {npv} "
            "over {n} years at a {rate} discount rate: {worth}."
        ).format(
            name=option.name,
            npv=money(option.npv, cur),
            n=report.horizon_years,
            rate=percent(report.discount_rate),
            worth=worth,
        )
    ]
    if option.payback_years is None:
        parts.append(
            _("Its savings do not repay its costs within the {n} years.").format(
                n=report.horizon_years
            )
        )
    else:
        parts.append(
            _("Its savings repay its costs in {y} (not discounted).").format(
                y=years(option.payback_years)
            )
        )
    if option.bcr is not None:
        parts.append(
            _(
                "Each dollar of cost brings {r} dollars of benefit (both discounted), "
                "and the total cost of ownership is {tco}."
            ).format(r=f"{option.bcr:.2f}", tco=money(option.tco, cur))
        )
    sim = option.simulation
    if sim is not None:
        parts.append(
            _(
                "In {n} simulated futures the NPV is above zero {p} of the time; 8 in "
                "10 futures fall between {p10} and {p90}."
            ).format(
                n=f"{sim.iterations:,}",
                p=percent(sim.prob_npv_positive, 0),
                p10=money(sim.percentiles[10], cur),
                p90=money(sim.percentiles[90], cur),
            )
        )
    return " ".join(parts)


def executive_summary(report: CaseReport) -> list[str]:
    """Paragraphs: the recommendation and its figures, then the other options in one line each."""
    paragraphs = []
    blocks = report.problem_statement.replace("\r\n", "\n").split("\n\n")
    paragraphs += [block.strip() for block in blocks if block.strip()]
    options = [o for o in report.options if o.ok]
    headline = report.recommended
    if headline is not None:
        paragraphs.append(_("Recommended option: {name}.").format(name=headline.name))
        paragraphs.append(option_sentence(report, headline))
    elif options:
        headline = max(options, key=lambda o: o.npv)
        paragraphs.append(
            _(
                "No option has been recommended yet. The option with the highest "
                "net present value is {name}."
            ).format(name=headline.name)
        )
        paragraphs.append(option_sentence(report, headline))
    else:
        paragraphs.append(
            _("No option has figures yet: add cost and benefit lines to the options.")
        )
    for option in report.options:
        if option is headline:
            continue
        if option.ok:
            paragraphs.append(
                _("{name}: NPV {npv}, payback {payback}, total cost of ownership {tco}.").format(
                    name=option.name,
                    npv=money(option.npv, report.currency),
                    payback=years(option.payback_years),
                    tco=money(option.tco, report.currency),
                )
            )
        else:
            paragraphs.append(option_sentence(report, option))
    return paragraphs


def methods_note(report: CaseReport) -> list[str]:
    iterations = f"{report.iterations:,}"
    return [
        _(
            "Each option is compared with carrying on as today (the status quo): its lines are "
            "the difference it makes, so the status quo is worth zero and each option's figures "
            "are what it adds."
        ),
        _(
            "Discounting: period 0 is fiscal year {fy} and is not discounted; the amount in "
            "period t is divided by (1 + r)^t with r = {rate} a year, as numpy-financial's NPV "
            "does (Excel's NPV function discounts its first value one period, so it equals this "
            "NPV only when period 0 is added outside it)."
        ).format(fy=report.start_year, rate=percent(report.discount_rate, 2)),
        _(
            "Deterministic figures use each line's likely amount. A recurring line's amount in "
            "period t is amount × (1 + yearly increase)^(t − first period), times its ramp-up "
            "share in its first years. IRR is 'not defined' when the net cash flow never changes "
            "sign; MIRR finances and reinvests at the discount rate. Payback interpolates within "
            "the year in which the cumulative net cash flow turns non-negative."
        ),
        _(
            "Uncertainty: a Monte Carlo simulation of {n} iterations with seed {seed} draws one "
            "amount per uncertain line and iteration, from a triangular distribution (low, "
            "likely, high) or a PERT distribution (a beta distribution that weights the likely "
            "figure more), and applies it to every year of that line. The tornado chart sets each "
            "uncertain line to its low and its high figure with the others at likely; a "
            "switching value is the amount at which the NPV falls to zero (HM Treasury Green "
            "Book)."
        ).format(n=iterations, seed=report.seed),
        _(
            "Reproducibility: these figures come from CivicShift version {v}; the same inputs, "
            "seed and version give the same figures on the web page, in the command line and in "
            "these documents."
        ).format(v=report.version),
    ]


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
) -> OptionReport:
    """An option's report from the core case and its figures."""
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
        simulation=None if simulation is None else simulation_summary(simulation, target),
        tornado=tuple(TornadoRow(b.line, b.npv_low, b.npv_high) for b in tornado),
        switching=tuple(SwitchingRow(s.line, s.value, s.change_pct) for s in switching),
    )
