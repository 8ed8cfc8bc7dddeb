"""What the Word and PDF writers print, worded once: the tables and the sentences of a
business-case report, built from :mod:`civicshift.formats.cases.report`'s dataclasses.

No Django here; text is marked with Python's ``gettext``.
"""

from __future__ import annotations

from dataclasses import dataclass
from gettext import gettext as _

from civicshift.formats.cases.report import (
    DASH,
    DISTRIBUTION_LABELS,
    CaseReport,
    OptionReport,
    amount,
    fiscal_year,
    money,
    percent,
    period_label,
    ramp_label,
    ratio,
    years,
)

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
