"""The business-case model as an Excel workbook, with the figures as values (no formulas).

``write_case_workbook(report)``
    A "Summary" sheet comparing the options, an "Assumptions" sheet (case settings and every
    line of every option) and one "Cash flows – <option>" sheet per option, with a note row
    naming the CivicShift version.

No Django here: the report (``civicshift.formats.cases.report``) holds every figure.
"""

from __future__ import annotations

from gettext import gettext as _
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from civicshift.formats.cases.report import CaseReport, fiscal_year
from civicshift.formats.xlsx_layout import (
    MONEY,
    MONEY_CENTS,
    NOTE_FONT,
    PERCENT,
    header,
    print_wide,
    put,
    put_row,
    shares_text,
    widths,
    workbook_bytes,
)
from civicshift.formats.xlsx_tables import safe_sheet_titles


def _note(report: CaseReport) -> str:
    return _(
        "Figures from CivicShift version {v}, simulation seed {seed} ({n} iterations), "
        "prepared {date}. Values, not formulas: change the inputs in CivicShift and "
        "download again."
    ).format(
        v=report.version,
        seed=report.seed,
        n=f"{report.iterations:,}",
        date=report.prepared_on.isoformat(),
    )


def _or_text(value: float | None, text: str) -> float | str:
    return text if value is None else value


def _summary_sheet(sheet, report: CaseReport) -> None:
    put(
        sheet,
        1,
        1,
        _("Business case: {title}").format(title=report.title),
        font=Font(bold=True, size=14),
    )
    put(sheet, 2, 1, report.organization)
    put(sheet, 3, 1, _note(report), font=NOTE_FONT)
    target = report.payback_target_years
    headers = [
        _("Option"),
        _("Recommended"),
        _("NPV"),
        _("IRR"),
        _("MIRR"),
        _("Benefit–cost ratio"),
        _("Payback (years)"),
        _("Discounted payback (years)"),
        _("PV of costs"),
        _("PV of benefits"),
        _("Total cost of ownership"),
        _("Wider benefits PV (outside the NPV)"),
        _("NPV P10"),
        _("NPV P50"),
        _("NPV P90"),
        _("Chance NPV > 0"),
        _("Chance of payback within {n} years").format(n=target),
    ]
    header(sheet, 5, headers)
    put(sheet, 6, 1, _("Status quo (carry on as today)"))
    put(sheet, 6, 3, 0, MONEY)
    row = 7
    for option in report.options:
        put(sheet, row, 1, option.name)
        put(sheet, row, 2, _("yes") if option.recommended else "")
        if not option.ok:
            put(sheet, row, 3, option.problem)
            row += 1
            continue
        values: list[tuple[Any, str | None]] = [
            (option.npv, MONEY),
            (_or_text(option.irr, _("not defined")), PERCENT),
            (_or_text(option.mirr, _("not defined")), PERCENT),
            (_or_text(option.bcr, _("no costs")), "0.00"),
            (_or_text(option.payback_years, _("not within the horizon")), "0.0"),
            (_or_text(option.discounted_payback_years, _("not within the horizon")), "0.0"),
            (option.pv_costs, MONEY),
            (option.pv_benefits, MONEY),
            (option.tco, MONEY),
            (option.wider_benefits_pv, MONEY),
        ]
        sim = option.simulation
        if sim is not None:
            values += [
                (sim.percentiles[10], MONEY),
                (sim.percentiles[50], MONEY),
                (sim.percentiles[90], MONEY),
                (sim.prob_npv_positive, "0%"),
                (sim.prob_payback_within_target, "0%"),
            ]
        put_row(sheet, row, values, start=3)
        row += 1
    widths(sheet, [34, 13] + [15] * (len(headers) - 2))
    print_wide(sheet)
    sheet.freeze_panes = "B6"


def _assumptions_sheet(sheet, report: CaseReport) -> None:
    settings = [
        (_("Title"), report.title, None),
        (_("Organization"), report.organization, None),
        (_("First fiscal year (period 0)"), report.start_year, "0"),
        (_("Years looked ahead (horizon)"), report.horizon_years, "0"),
        (_("Discount rate"), report.discount_rate, "0.00%"),
        (_("Simulation iterations"), report.iterations, "#,##0"),
        (_("Simulation seed"), report.seed, "0"),
        (_("Payback target (years)"), report.payback_target_years, "0"),
        (_("Currency"), report.currency, None),
    ]
    put(sheet, 1, 1, _("Case settings"), font=Font(bold=True, size=13))
    for row, (label, value, number_format) in enumerate(settings, start=2):
        put(sheet, row, 1, label, bold=True)
        put(sheet, row, 2, value, number_format)
    top = len(settings) + 3
    put(
        sheet,
        top,
        1,
        _("Lines of every option (amounts after any multiplier)"),
        font=Font(bold=True, size=13),
    )
    headers = [
        _("Option"),
        _("Line"),
        _("Kind"),
        _("Category"),
        _("Low"),
        _("Likely"),
        _("High"),
        _("Distribution"),
        _("First period"),
        _("Last period"),
        _("First fiscal year"),
        _("Last fiscal year"),
        _("Yearly increase"),
        _("Ramp-up"),
        _("In the NPV"),
        _("How the amount is built"),
    ]
    header(sheet, top + 1, headers)
    row = top + 2
    for option in report.options:
        for line in option.lines:
            first, last = min(line.periods), max(line.periods)
            values = [
                (option.name, None),
                (line.name, None),
                (line.kind, None),
                (line.category, None),
                (line.low, MONEY_CENTS),
                (line.likely, MONEY_CENTS),
                (line.high, MONEY_CENTS),
                (line.distribution, None),
                (first, "0"),
                (last, "0"),
                (report.start_year + first, "0"),
                (report.start_year + last, "0"),
                (line.escalation, PERCENT),
                (shares_text(line.ramp), None),
                (_("yes") if line.in_npv else _("no"), None),
                (line.basis, None),
            ]
            put_row(sheet, row, values)
            row += 1
    put(sheet, row + 1, 1, _note(report), font=NOTE_FONT)
    widths(sheet, [26, 32, 9, 20, 13, 13, 13, 12, 8, 8, 10, 10, 10, 12, 8, 36])
    print_wide(sheet)


def _cash_flow_sheet(sheet, report: CaseReport, option) -> None:
    put(
        sheet, 1, 1, _("Cash flows: {name}").format(name=option.name), font=Font(bold=True, size=13)
    )
    put(sheet, 2, 1, _note(report), font=NOTE_FONT)
    if not option.ok:
        put(sheet, 4, 1, _("The figures cannot be calculated: {p}").format(p=option.problem))
        return
    headers = [
        _("Fiscal year"),
        _("Period"),
        _("Costs"),
        _("Benefits"),
        _("Net"),
        _("Cumulative"),
        _("Discount factor"),
        _("Discounted"),
        _("Cumulative discounted"),
        _("Operating budget impact"),
    ]
    header(sheet, 4, headers)
    row = 5
    for year in option.years:
        values = [
            (fiscal_year(year.fiscal_year), None),
            (year.period, "0"),
            (year.costs, MONEY_CENTS),
            (year.benefits, MONEY_CENTS),
            (year.net, MONEY_CENTS),
            (year.cumulative, MONEY_CENTS),
            (year.discount_factor, "0.000000"),
            (year.discounted, MONEY_CENTS),
            (year.cumulative_discounted, MONEY_CENTS),
            (year.budget_impact, MONEY_CENTS),
        ]
        put_row(sheet, row, values)
        row += 1
    put(sheet, row, 1, _("Total"), bold=True)
    totals = {
        3: sum(y.costs for y in option.years),
        4: sum(y.benefits for y in option.years),
        5: sum(y.net for y in option.years),
        8: sum(y.discounted for y in option.years),
    }
    for column, value in totals.items():
        put(sheet, row, column, value, MONEY_CENTS, bold=True)
    put(sheet, row + 2, 1, _("NPV (the discounted total): {npv}").format(npv=f"{option.npv:,.2f}"))
    widths(sheet, [12, 8] + [16] * 8)
    print_wide(sheet)
    sheet.freeze_panes = "A5"


def write_case_workbook(report: CaseReport) -> bytes:
    """The model as .xlsx bytes: Summary, Assumptions and a cash-flow sheet per option."""
    titles = safe_sheet_titles(
        [_("Summary"), _("Assumptions")]
        + [_("Cash flows – {name}").format(name=option.name) for option in report.options]
    )
    workbook = Workbook()
    summary = workbook.active
    summary.title = titles[0]
    _summary_sheet(summary, report)
    _assumptions_sheet(workbook.create_sheet(titles[1]), report)
    for title, option in zip(titles[2:], report.options, strict=True):
        _cash_flow_sheet(workbook.create_sheet(title), report, option)
    return workbook_bytes(
        workbook,
        title=_("Business case: {title}").format(title=report.title),
        creator=f"CivicShift {report.version}",
    )
