"""What the Word and PDF writers print, worded once: the tables and the sentences of a
business-case report, built from :mod:`civicshift.formats.cases.report`'s dataclasses.

No Django here; text is marked with Python's ``gettext``.
"""

from __future__ import annotations

from dataclasses import dataclass
from gettext import gettext as _
from gettext import ngettext

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
from civicshift.formats.document.blocks import Table as DocumentTable

# --- tables shared by the writers ---------------------------------------------------------


#: The tables the writers print are the shared document layer's (formats/document/blocks.py):
#: column headings, rows of text, right-aligned numeric columns, group rows and a caption.
Table = DocumentTable


def comparison_table(report: CaseReport) -> Table:
    cur = report.currency
    lead = next((o.lead for o in report.options if o.headlines), None)
    if lead is not None:
        return _comparison_at(report, lead)
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


def _comparison_at(report: CaseReport, lead: str) -> Table:
    """The comparison with the expected and the likely NPV, the case's lead first."""
    cur = report.currency
    other = "likely" if lead == "expected" else "expected"
    headers = (
        _("Option"),
        _("NPV, {at}").format(at=AT_LABELS[lead].lower()),
        _("NPV, {at}").format(at=AT_LABELS[other].lower()),
        _("IRR"),
        _("MIRR"),
        _("Benefit–cost ratio"),
        _("Payback"),
        _("Total cost of ownership"),
    )
    rows = [
        (_("Status quo (carry on as today)"), money(0, cur), money(0, cur))
        + (DASH,) * 4
        + (_("the baseline"),)
    ]
    for option in report.options:
        name = option.name + (_(" (recommended)") if option.recommended else "")
        if not option.ok or not option.headlines:
            rows.append((name, option.problem or money(option.npv, cur)) + ("",) * 6)
            continue
        first, second = option.headlines
        irr = irr_text(first.irr, first.irrs)
        if len(first.irrs) > 1:
            irr += "\n" + _("several IRRs: {irrs}").format(
                irrs=", ".join(percent(r) for r in first.irrs)
            )
        rows.append(
            (
                name,
                money(first.npv, cur),
                money(second.npv, cur),
                irr,
                percent(first.mirr),
                ratio(first.bcr),
                years(first.payback_years),
                money(option.tco, cur),
            )
        )
    return Table(
        headers=headers,
        rows=tuple(rows),
        numeric=(False,) + (True,) * 7,
        widths=(2.2, 1.25, 1.25, 0.9, 0.8, 0.9, 1.1, 1.3),
        caption=_(
            "What each option adds compared with the status quo at a {rate} discount rate. "
            "IRR, MIRR, benefit–cost ratio and payback are {at}."
        ).format(rate=percent(report.discount_rate), at=AT_LABELS[lead].lower()),
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


def _lead_figures(report: CaseReport, option: OptionReport) -> list[tuple[str, str]]:
    """NPV, IRR, BCR and payback at the expected and the likely amounts, the lead first."""
    cur = report.currency
    lead, other = option.headlines
    la, oa = AT_LABELS[lead.at].lower(), AT_LABELS[other.at].lower()
    return [
        (_("Net present value (NPV), {at}").format(at=la), money(lead.npv, cur)),
        (_("Net present value (NPV), {at}").format(at=oa), money(other.npv, cur)),
        (_("Internal rate of return (IRR), {at}").format(at=la), irr_text(lead.irr, lead.irrs)),
        (_("Modified IRR (MIRR), {at}").format(at=la), percent(lead.mirr)),
        (_("Benefit–cost ratio, {at}").format(at=la), ratio(lead.bcr)),
        (_("Benefit–cost ratio, {at}").format(at=oa), ratio(other.bcr)),
        (_("Payback, {at}").format(at=la), years(lead.payback_years)),
        (_("Payback, {at}").format(at=oa), years(other.payback_years)),
    ]


def headline_figures(report: CaseReport, option: OptionReport) -> list[tuple[str, str]]:
    cur = report.currency
    if option.headlines:
        figures = _lead_figures(report, option) + [
            (_("Discounted payback (likely amounts)"), years(option.discounted_payback_years)),
            (_("Present value of costs (likely amounts)"), money(option.pv_costs, cur)),
            (_("Present value of benefits (likely amounts)"), money(option.pv_benefits, cur)),
            (_("Total cost of ownership (not discounted)"), money(option.tco, cur)),
        ]
        if option.wider_benefits_pv:
            figures.append(
                (
                    _("Wider social benefits (outside the NPV)"),
                    money(option.wider_benefits_pv, cur),
                )
            )
        return figures
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


def lead_figures(option: OptionReport):
    """The Headline the option leads with, or the option itself (its likely figures) for a
    report built without them: both have npv, bcr and payback_years."""
    return option.headlines[0] if option.headlines else option


def option_sentence(report: CaseReport, option: OptionReport) -> str:
    """The option's headline figures in plain words."""
    cur = report.currency
    if not option.ok:
        return _("{name}: the figures cannot be calculated yet ({problem}).").format(
            name=option.name, problem=option.problem
        )
    # The figures the case leads with (expected by default), when the report has them.
    lead = lead_figures(option)
    npv, payback, bcr = lead.npv, lead.payback_years, lead.bcr
    worth = (
        _("it is worth more than it costs")
        if npv > 0
        else _("it costs more than it returns")
        if npv < 0
        else _("it breaks even")
    )
    parts = [
        _(
            "Compared with carrying on as today, {name} has a net present value of {npv} "
            "over {n} years at a {rate} discount rate: {worth}."
        ).format(
            name=option.name,
            npv=money(npv, cur),
            n=report.horizon_years,
            rate=percent(report.discount_rate),
            worth=worth,
        )
    ]
    if option.headlines:
        first, second = option.headlines
        if first.at == "expected":
            text = _(
                "That is the expected value (the average over each line's range); at the "
                "likely amounts it is {npv}."
            )
        else:
            text = _(
                "That is the figure at the likely amounts; the expected value (the average "
                "over each line's range) is {npv}."
            )
        parts.append(text.format(npv=money(second.npv, cur)))
        if option.irr_warning:
            parts.append(option.irr_warning)
    if payback is None:
        parts.append(
            _("Its savings do not repay its costs within the {n} years.").format(
                n=report.horizon_years
            )
        )
    else:
        parts.append(
            _("Its savings repay its costs in {y} (not discounted).").format(y=years(payback))
        )
    if bcr is not None:
        parts.append(
            _(
                "Each dollar of cost brings {r} dollars of benefit (both discounted), "
                "and the total cost of ownership is {tco}."
            ).format(r=f"{bcr:.2f}", tco=money(option.tco, cur))
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
        warning = recommendation_warning(report)
        if warning:
            paragraphs.append(warning)
    elif options:
        headline = max(options, key=lambda o: lead_figures(o).npv)
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
                    npv=money(lead_figures(option).npv, report.currency),
                    payback=years(lead_figures(option).payback_years),
                    tco=money(option.tco, report.currency),
                )
            )
        else:
            paragraphs.append(option_sentence(report, option))
    return paragraphs


def _lead_at(report: CaseReport) -> str:
    option = report.recommended
    return lead_figures(option).at if option is not None and option.headlines else "likely"


def recommendation_warning(report: CaseReport) -> str:
    """The warning printed when another option now has a better NPV than the recommended one
    and no reason is recorded (a line changed after the settings were saved), or ""."""
    if report.recommended is None or not report.better_option:
        return ""
    if report.recommendation_reason.strip():
        return ""
    if _lead_at(report) == "expected":
        text = _(
            "The recommended option no longer has the best expected NPV (“{best}” has a "
            "higher one); record why in Settings."
        )
    else:
        text = _(
            "The recommended option no longer has the best NPV at the likely amounts "
            "(“{best}” has a higher one); record why in Settings."
        )
    return text.format(best=report.better_option)


@dataclass(frozen=True)
class Note:
    """A labelled block of text: the label is printed as a heading."""

    title: str
    paragraphs: tuple[str, ...]


def recommendation_note(report: CaseReport) -> Note | None:
    """The recorded reason for the recommendation, labelled for what it answers; None when no
    option is recommended or no reason is recorded."""
    if report.recommended is None or not report.recommendation_reason.strip():
        return None
    if not report.better_option:
        title = _("Why this option is recommended")
    elif _lead_at(report) == "expected":
        title = _("Why this option although another has a higher expected NPV")
    else:
        title = _("Why this option although another has a higher NPV at the likely amounts")
    text = report.recommendation_reason.replace("\r\n", "\n").strip()
    paragraphs = tuple(block.strip() for block in text.split("\n\n") if block.strip())
    return Note(title, paragraphs)


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


# --- how sure are the figures (issue 7) ----------------------------------------------------

AT_LABELS = {
    "expected": _("Expected (average over the ranges)"),
    "likely": _("Likely amounts"),
}
AT_SHORT = {"expected": _("expected values"), "likely": _("likely amounts")}
SCENARIO_LABELS = {
    "best": _("Best case: benefits high, costs low"),
    "base": _("Base case: every line at its likely amount"),
    "worst": _("Worst case: benefits low, costs high"),
}


def irr_text(irr: float | None, irrs) -> str:
    """The headline IRR; 'no single IRR' when roots exist but none agrees with the NPV."""
    if irr is not None:
        return percent(irr)
    return _("no single IRR") if irrs else NOT_DEFINED_IRR


NOT_DEFINED_IRR = _("not defined")


def at_figures(report: CaseReport, option: OptionReport) -> Table | None:
    """NPV, IRR, MIRR, BCR and payback at the expected and at the likely amounts, the case's
    lead first."""
    if not option.headlines:
        return None
    cur = report.currency
    heads = option.headlines
    rows = (
        (_("Net present value (NPV)"), *(money(h.npv, cur) for h in heads)),
        (_("Internal rate of return (IRR)"), *(irr_text(h.irr, h.irrs) for h in heads)),
        (_("Modified IRR (MIRR)"), *(percent(h.mirr) for h in heads)),
        (_("Benefit–cost ratio"), *(ratio(h.bcr) for h in heads)),
        (_("Payback"), *(years(h.payback_years) for h in heads)),
    )
    return Table(
        headers=(_("Measure"), *(AT_LABELS[h.at] for h in heads)),
        rows=rows,
        numeric=(False, True, True),
        widths=(2.6, 2.0, 2.0),
        caption=_(
            "Expected figures use the average of each line's range (low, likely and high "
            "weighted by its distribution), as the Green Book and OMB Circular A-94 ask; "
            "likely figures use each line's most likely amount. This case leads with {lead}."
        ).format(lead=AT_LABELS[option.lead].lower()),
    )


def irr_paragraphs(option: OptionReport) -> list[str]:
    """Every IRR, and the plain warning when there are several."""
    if not option.headlines:
        return []
    lead = option.headlines[0]
    if not lead.irrs:
        return [
            _("The net cash flow never changes sign, so there is no IRR: use the NPV and MIRR.")
        ]
    if len(lead.irrs) == 1:
        return [_("The option has one IRR, {irr}.").format(irr=percent(lead.irrs[0]))]
    return [option.irr_warning or ""]


def basis_paragraph(report: CaseReport, option: OptionReport) -> str:
    """The discount rate in real and nominal terms (the Fisher conversion)."""
    if option.real_rate is None or option.nominal_rate is None:
        return ""
    values = {
        "rate": percent(report.discount_rate, 2),
        "real": percent(option.real_rate, 2),
        "nominal": percent(option.nominal_rate, 2),
        "inflation": percent(option.inflation, 2),
    }
    if option.basis == "real":
        text = _(
            "The amounts are in today's money (real) and so is the {rate} discount rate. With "
            "{inflation} inflation a year, the same rate in money of each year (nominal) is "
            "{nominal}: (1 + {real}) × (1 + {inflation}) − 1 (the Fisher equation)."
        )
    else:
        text = _(
            "The amounts are in money of each year (nominal), with inflation, and so is the "
            "{rate} discount rate. With {inflation} inflation a year, the same rate in today's "
            "money (real) is {real}: (1 + {nominal}) ÷ (1 + {inflation}) − 1 (the Fisher "
            "equation)."
        )
    return text.format(**values)


def optimism_paragraphs(option: OptionReport) -> list[str]:
    bias = option.optimism
    if bias is None:
        return [_("No optimism-bias adjustment is applied to this case.")]
    parts = [
        _(
            "Projects usually cost more and take longer than first estimated. Starting from "
            "the published range for “{category}”, this case adds {one} to one-time costs, "
            "{rec} to recurring costs and {dur} to the time before benefits start."
        ).format(
            category=bias.category or _("no project type chosen"),
            one=percent(bias.one_time, 0),
            rec=percent(bias.recurring, 0),
            dur=percent(bias.duration, 0),
        )
    ]
    if bias.benefit_delay_years:
        n = bias.benefit_delay_years
        parts.append(
            ngettext(
                "Benefits start {n} fiscal year later.", "Benefits start {n} fiscal years later.", n
            ).format(n=n)
        )
    if bias.reason:
        parts.append(_("Why these uplifts: {reason}").format(reason=bias.reason))
    parts.append(_("Source of the ranges: {source}.").format(source=bias.citation))
    return parts


def optimism_table(report: CaseReport, option: OptionReport) -> Table | None:
    bias = option.optimism
    if bias is None:
        return None
    cur = report.currency
    rows = []
    for before, after in zip(bias.before, bias.after, strict=True):
        at = AT_LABELS[after.at].lower()
        rows += [
            (_("NPV, {at}").format(at=at), money(before.npv, cur), money(after.npv, cur)),
            (
                _("Benefit–cost ratio, {at}").format(at=at),
                ratio(before.bcr),
                ratio(after.bcr),
            ),
            (
                _("Present value of costs, {at}").format(at=at),
                money(before.pv_costs, cur),
                money(after.pv_costs, cur),
            ),
            (
                _("Payback, {at}").format(at=at),
                years(before.payback_years),
                years(after.payback_years),
            ),
        ]
    return Table(
        headers=(_("Figure"), _("Before the adjustment"), _("After the adjustment")),
        rows=tuple(rows),
        numeric=(False, True, True),
        widths=(3.0, 1.6, 1.6),
        caption=_("The figures before and after the optimism-bias adjustment."),
    )


def rates_table(report: CaseReport, option: OptionReport) -> Table | None:
    if not option.rates:
        return None
    cur = report.currency
    heads = [h.at for h in option.headlines] or ["expected", "likely"]

    def npv(row, at):
        return money(row.npv_expected if at == "expected" else row.npv_likely, cur)

    return Table(
        headers=(
            _("Rate"),
            _("Discount rate"),
            *(_("NPV, {at}").format(at=AT_LABELS[at].lower()) for at in heads),
        ),
        rows=tuple(
            (row.label[:1].upper() + row.label[1:], percent(row.rate, 2))
            + tuple(npv(row, at) for at in heads)
            for row in option.rates
        ),
        numeric=(False, True, True, True),
        widths=(2.0, 1.2, 1.7, 1.7),
        caption=_(
            "The NPV at the case's rate, 2 points either side and any second rate named. A "
            "higher rate counts later savings for less."
        ),
    )


def scenarios_table(report: CaseReport, option: OptionReport) -> Table | None:
    if not option.scenarios:
        return None
    return Table(
        headers=(_("Scenario"), _("NPV")),
        rows=tuple((SCENARIO_LABELS[k], money(v, report.currency)) for k, v in option.scenarios),
        numeric=(False, True),
        widths=(4.0, 1.6),
        caption=_(
            "Every line at once at the end of its range that helps (best) or hurts (worst) "
            "most: more extreme than any single future is likely to be."
        ),
    )


def schedule_tables(report: CaseReport, option: OptionReport, per_table: int = 7) -> list[Table]:
    """The schedule in tables of at most ``per_table`` fiscal years (a page is not wide
    enough for 20 years); the last one carries the totals."""
    periods = report.horizon_years + 1
    tables = []
    for first in range(0, periods, per_table):
        last = min(periods, first + per_table)
        table = schedule_table(report, option, first, last, total=last == periods)
        if table is not None:
            tables.append(table)
    return tables


def schedule_table(
    report: CaseReport,
    option: OptionReport,
    first: int = 0,
    last: int | None = None,
    *,
    total: bool = True,
) -> Table | None:
    """Each line's amount in each fiscal year (likely amounts, optimism bias applied), for
    periods ``first`` to ``last`` (excluded; all by default)."""
    if not option.schedule:
        return None
    last = report.horizon_years + 1 if last is None else last
    years_ = [fiscal_year(report.start_year + t) for t in range(first, last)]
    rows = []
    groups = set()
    for kind, heading in (("cost", _("Costs")), ("benefit", _("Benefits"))):
        lines = [row for row in option.schedule if row.kind == kind]
        if not lines:
            continue
        groups.add(len(rows))
        rows.append((heading,) + ("",) * (len(years_) + total))
        for row in lines:
            name = row.name + ("" if row.in_npv else _(" (outside the NPV)"))
            cells = tuple(money(v, report.currency) if v else DASH for v in row.amounts[first:last])
            tail = (money(sum(row.amounts), report.currency),) if total else ()
            rows.append((name, *cells, *tail))
    return Table(
        headers=(_("Line"), *years_, *((_("Total"),) if total else ())),
        rows=tuple(rows),
        numeric=(False,) + (True,) * (len(years_) + total),
        widths=(2.2,) + (1.0,) * (len(years_) + total),
        caption=_(
            "What each line adds in each fiscal year at its likely amount, with yearly "
            "increases, ramp-up and any optimism-bias adjustment applied; — means nothing "
            "that year."
        ),
        group_rows=frozenset(groups),
    )


def profile_summary(report: CaseReport, option: OptionReport) -> str:
    """The NPV-profile chart in one sentence (its alternative text)."""
    if not option.headlines:
        return ""
    lead = option.headlines[0]
    values = {
        "rate": percent(report.discount_rate),
        "npv": money(lead.npv, report.currency),
        "at": AT_SHORT[lead.at],
    }
    if not lead.irrs:
        text = _(
            "NPV at {at} against the discount rate: it never crosses zero over the rates "
            "shown; at the case's {rate} it is {npv}."
        )
    elif len(lead.irrs) == 1:
        values["irr"] = percent(lead.irrs[0])
        text = _(
            "NPV at {at} against the discount rate: it falls as the rate rises and crosses "
            "zero at {irr}, the IRR; at the case's {rate} it is {npv}."
        )
    else:
        values["irrs"] = ", ".join(percent(r) for r in lead.irrs)
        text = _(
            "NPV at {at} against the discount rate: it crosses zero more than once, at "
            "{irrs} (several IRRs); at the case's {rate} it is {npv}."
        )
    return text.format(**values)


@dataclass(frozen=True)
class SureSection:
    """One part of "How sure are the figures?": a heading, paragraphs and a table."""

    key: str
    title: str
    paragraphs: tuple[str, ...]
    table: Table | None = None


def sure_sections(report: CaseReport, option: OptionReport) -> list[SureSection]:
    """The issue-7 parts of an option, in document order (none for a report without them)."""
    if not option.headlines:
        return []
    sections = [
        SureSection(
            "at",
            _("Expected and likely figures"),
            (),
            at_figures(report, option),
        ),
        SureSection("irrs", _("Every internal rate of return"), tuple(irr_paragraphs(option))),
        SureSection(
            "optimism",
            _("Optimism bias"),
            tuple(optimism_paragraphs(option)),
            optimism_table(report, option),
        ),
        SureSection(
            "basis",
            _("Discount rate: real and nominal"),
            tuple(
                p
                for p in (basis_paragraph(report, option), *option.warnings)
                if p and p != option.irr_warning
            ),
        ),
        SureSection("rates", _("NPV at other discount rates"), (), rates_table(report, option)),
        SureSection(
            "scenarios", _("Best, base and worst cases"), (), scenarios_table(report, option)
        ),
    ]
    return sections
