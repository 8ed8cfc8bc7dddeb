"""The business-case model as a live Excel workbook: every figure is a formula of its inputs.

``write_case_workbook(report)`` (the web's download) and ``write_case_model(case)`` (the command
line's ``civicshift case workbook``) write the same layout:

"Assumptions"
    The case settings (first fiscal year, discount rate — named ``DISCOUNT_RATE`` — basis and
    inflation, the MIRR finance and reinvestment rates, the alternative rate and its name, and
    per option the IRR starting guess and the optimism-bias uplifts, reference type and reason),
    then one row per line of every option: kind, category, in the NPV, distribution, low /
    likely / high as typed, the rate or probability they are multiplied by, yearly increase,
    the ramp-up shares of the line's first years, a 1 under each fiscal year the line has an
    amount and the amounts of a line given per year. Input cells are shaded; every one is read
    back by ``model_reader``.
"Schedule – <option>" (one per option)
    Results (NPV, IRR, MIRR, benefit–cost ratio, payback, discounted payback, PV of costs and of
    benefits, total cost, wider benefits), the per-line, per-year schedule
    (``likely × (1 + increase)^(t − first) × ramp share``, zero outside the line's years, costs
    negative), the cash-flow rows (costs, benefits, net, cumulative, discount factor, discounted,
    cumulative discounted, wider benefits), the payback workings, and each line's flow per
    unit of amount with its present value (the schedule row is the amount used times it) — all
    formulas.
"Summary"
    One row per option whose figures are formulas pointing at its schedule; the simulation's
    percentiles and chances are CivicShift's values (a spreadsheet cannot re-run them).
"Scenarios"
    Per option, the NPV of each scenario of ``core.cases.summarize`` (best / base / worst) and
    the NPV at the alternative rate, as formulas (``workbook_scenarios``).

The conventions are the core's (``core/cases.py``): period 0 is not discounted, so
``NPV = C0 + NPV(rate, C1:Cn)``; lines outside the NPV are wider benefits; payback is the first
time the cumulative flow turns non-negative after having been negative, interpolated within the
year, with sums within 1e-12 of the gross flows counted as zero (``core.finance.payback_period``).
IRR is given the core's headline as its starting guess, so Excel and LibreOffice land on the
same root.

Every formula cell also holds its value (computed here by the core), so a viewer that does not
recalculate still shows the figures; Excel recalculates on opening (XlsxWriter sets
``fullCalcOnLoad``). Workbook-scoped names: ``NPV``, ``DISCOUNT_RATE`` and the other results
(``IRR_RATE``, ``MIRR_RATE``, ``BENEFIT_COST_RATIO``, ``PAYBACK_YEARS``,
``DISCOUNTED_PAYBACK_YEARS``, ``PV_COSTS``, ``PV_BENEFITS``, ``TOTAL_COST``,
``WIDER_BENEFITS_PV``) for the first option with figures, and ``OPT<n>_…`` for option n.

Text typed by people (names, categories) is always written as text, never as a formula. No
Django here: the report (``civicshift.formats.cases.report``) holds every figure and each
option's core case.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from gettext import gettext as _

import numpy as np
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from civicshift.core.cases import (
    Analysis,
    Case,
    Estimate,
    Line,
    analyze,
    likely_amounts,
    line_adjustments,
    line_profile,
    mean_amounts,
)
from civicshift.formats.cases.report import CaseReport, OptionReport, option_report
from civicshift.formats.xlsx_tables import safe_sheet_titles

ASSUMPTIONS = "Assumptions"
SUMMARY = "Summary"
MIN_RAMP_COLUMNS = 3
#: First column of the years on a schedule sheet (I); columns A..H hold the line's name, kind,
#: whether it counts in the NPV, its first period, the amount used, the optimism-bias
#: multiplier and delay (SCHEDULE_COLUMNS).
YEAR_COLUMN = 8
NOT_DEFINED = _("not defined")
NOT_WITHIN = _("not within the horizon")
NO_COSTS = _("no costs")
PAYBACK_TOLERANCE = 1e-12  # core.finance._PAYBACK_TOLERANCE
BUDGET_LABEL = _("Operating budget impact (CivicShift's figure; not a formula)")

#: Results of a schedule sheet, in order: (key, defined name, label, number format key).
RESULTS = (
    ("npv", "NPV", _("Net present value (NPV)"), "money"),
    ("irr", "IRR_RATE", _("Internal rate of return (IRR)"), "percent"),
    ("mirr", "MIRR_RATE", _("Modified IRR (MIRR)"), "percent"),
    ("bcr", "BENEFIT_COST_RATIO", _("Benefit–cost ratio"), "ratio"),
    ("payback_years", "PAYBACK_YEARS", _("Payback (years)"), "years"),
    (
        "discounted_payback_years",
        "DISCOUNTED_PAYBACK_YEARS",
        _("Discounted payback (years)"),
        "years",
    ),
    ("pv_costs", "PV_COSTS", _("Present value of costs"), "money"),
    ("pv_benefits", "PV_BENEFITS", _("Present value of benefits"), "money"),
    ("tco", "TOTAL_COST", _("Total cost of ownership (undiscounted)"), "money"),
    ("wider_benefits_pv", "WIDER_BENEFITS_PV", _("Wider benefits PV (outside the NPV)"), "money"),
)
RESULT_HELP = {
    "npv": _("Period 0 is not discounted: the first year's net plus NPV() of the later years."),
    "irr": _(
        "IRR() of the net row, starting from the guess on the Assumptions sheet; shown only "
        "when it agrees with the NPV (above the rate exactly when the NPV is positive)."
    ),
    "mirr": _("MIRR() of the net row at the finance and reinvestment rates."),
    "bcr": _("Present value of benefits divided by present value of costs."),
    "payback_years": _(
        "First time the cumulative net turns non-negative after being negative, "
        "interpolated within the year."
    ),
    "discounted_payback_years": _("The same, on the cumulative discounted net."),
    "pv_costs": _("SUMPRODUCT of the costs and the discount factors."),
    "pv_benefits": _("SUMPRODUCT of the benefits and the discount factors."),
    "tco": _("Sum of the costs over every year."),
    "wider_benefits_pv": _("Lines kept out of the NPV (e.g. residents' time), discounted."),
}


def quote(sheet: str) -> str:
    """A sheet name as formulas write it: 'Schedule – A''s option'."""
    return "'" + sheet.replace("'", "''") + "'"


def cell(row: int, col: int, *, row_abs: bool = False, col_abs: bool = False) -> str:
    """A1 reference of 1-based ``row`` and 0-based ``col``."""
    return xl_rowcol_to_cell(row - 1, col, row_abs, col_abs)


def absolute(row: int, col: int) -> str:
    return cell(row, col, row_abs=True, col_abs=True)


# --- the layout ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineColumn:
    """One column of the Assumptions sheet's line table."""

    key: str
    header: str
    width: float
    format: str | None  # a key of the formats dict, or None for text
    value: Callable[[Line, str], object]
    is_input: bool = True


def _dist(line: Line) -> str:
    return line.amount.dist if line.amount.is_uncertain else "point"


def _line_columns(ramp_columns: int) -> list[LineColumn]:
    """The line table's columns before the per-year grids, in order (one entry per input).

    The per-year grids follow: a 1 under each fiscal year the line has an amount, then the
    amounts of a line given year by year.
    """
    columns = [
        LineColumn("option", _("Option"), 24, None, lambda ln, opt: opt, is_input=False),
        LineColumn("name", _("Line"), 30, None, lambda ln, opt: ln.name, is_input=False),
        LineColumn("kind", _("Kind (cost or benefit)"), 11, None, lambda ln, opt: ln.kind),
        LineColumn("category", _("Category"), 18, None, lambda ln, opt: ln.category),
        LineColumn(
            "in_npv",
            _("In the NPV (yes or no)"),
            10,
            None,
            lambda ln, opt: _("yes") if ln.in_npv else _("no"),
        ),
        LineColumn(
            "distribution", _("Distribution (point, triangular or pert)"), 12, None,
            lambda ln, opt: _dist(ln),
        ),
        LineColumn("low", _("Low"), 13, "money", lambda ln, opt: float(ln.amount.low)),
        LineColumn("likely", _("Likely"), 14, "money", lambda ln, opt: float(ln.amount.likely)),
        LineColumn("high", _("High"), 13, "money", lambda ln, opt: float(ln.amount.high)),
        LineColumn(
            "multiplier", _("Rate or probability (multiplies low, likely and high; empty = 1)"),
            12, "rate", lambda ln, opt: None,
        ),
        LineColumn(
            "mean", _("Expected (mean of the distribution)"), 14, "money",
            lambda ln, opt: float(ln.amount.mean), is_input=False,
        ),
        LineColumn(
            "escalation", _("Yearly increase"), 10, "percent",
            lambda ln, opt: float(ln.escalation),
        ),
        LineColumn(
            "per_year", _("Amounts given per year (yes or no)"), 10, None,
            lambda ln, opt: _("yes") if ln.per_year else _("no"),
        ),
        LineColumn(
            "one_time", _("One-time cost (yes or no; which optimism-bias uplift applies)"), 12,
            None, lambda ln, opt: _("yes") if ln.one_time else _("no"),
        ),
    ]  # fmt: skip
    for k in range(ramp_columns):
        columns.append(
            LineColumn(
                f"ramp{k}",
                _("Share in the line's year {n} (ramp-up)").format(n=k + 1),
                10,
                "share",
                lambda ln, opt, k=k: float(ln.ramp[k]) if k < len(ln.ramp) else 1.0,
            )
        )
    return columns


@dataclass
class _Option:
    """One option with figures, and where it sits in the workbook."""

    number: int  # 1-based position among the report's options
    report: OptionReport
    case: Case
    analysis: Analysis
    sheet: str
    first_row: int = 0  # first Assumptions row of its lines (1-based)
    guess_cell: str = ""  # Assumptions cell of its IRR starting guess (absolute, with sheet)

    @property
    def horizon(self) -> int:
        return self.case.horizon_years


class _Formats:
    def __init__(self, book) -> None:
        base = {"font_name": "Calibri", "font_size": 11}
        entry = {
            "bg_color": "#FFF2CC",
            "font_color": "#1F3A76",
            "border": 1,
            "border_color": "#BFBFBF",
        }
        specs = {
            "text": {},
            "money": {"num_format": "#,##0.00"},
            "percent": {"num_format": "0.00%"},
            "share": {"num_format": "0%"},
            "ratio": {"num_format": "0.00"},
            "years": {"num_format": "0.00"},
            "factor": {"num_format": "0.000000"},
            "rate": {"num_format": "#,##0.0000"},
            "whole": {"num_format": "0"},
            "fy": {"num_format": '"FY"0'},
            "flag": {"num_format": "0", "align": "center"},
        }
        self.plain = {k: book.add_format(base | v) for k, v in specs.items()}
        self.input = {k: book.add_format(base | entry | v) for k, v in specs.items()}
        self.bold = {k: book.add_format(base | {"bold": True} | v) for k, v in specs.items()}
        self.title = book.add_format(base | {"bold": True, "font_size": 14})
        self.heading = book.add_format(base | {"bold": True, "font_size": 12})
        self.note = book.add_format(base | {"italic": True, "font_color": "#555555"})
        self.header = book.add_format(
            base
            | {"bold": True, "bg_color": "#DCE4EF", "text_wrap": True, "valign": "top", "border": 1}
        )
        self.header_fy = book.add_format(
            base | {"bold": True, "bg_color": "#DCE4EF", "border": 1, "num_format": '"FY"0'}
        )


def _value(value: float | None, missing: str) -> float | str:
    return missing if value is None else float(value)


# --- the Assumptions sheet -------------------------------------------------------------------


def entered_amount(line: Line, shown: object = None) -> tuple[Estimate, float | None]:
    """The line's low / likely / high as typed, before its multiplier, and the multiplier
    (None when there is none): the core's amount is their product.

    ``shown`` is the report's line (``ReportLine.multiplier`` and ``entered``); a core line
    alone has no multiplier. A multiplier of 0 with no entered amounts cannot be undone, so
    the amounts are written as the core has them (zeros) with no multiplier.
    """
    multiplier = getattr(shown, "multiplier", None)
    if multiplier is None:
        return line.amount, None
    entered = getattr(shown, "entered", None)
    if entered is None:
        if multiplier == 0:
            return line.amount, None
        est = line.amount
        entered = (est.low / multiplier, est.likely / multiplier, est.high / multiplier)
    low, likely, high = (float(v) for v in entered)
    return Estimate(low, likely, high, line.amount.dist), float(multiplier)


@dataclass
class _Assumptions:
    rows: dict[str, int]  # settings key → row
    columns: dict[str, int]  # line column key → column
    flag_column: int  # column of period 0's flag
    per_year_column: int  # column of period 0's amount, for lines given year by year
    ramp_columns: int

    def setting(self, key: str) -> str:
        return f"{ASSUMPTIONS}!{absolute(self.rows[key], 1)}"

    @property
    def discount_rate_cell(self) -> str:
        return self.setting("discount_rate")


#: Uplifts per option: (key, label, defined name suffix, OptimismBias attribute).
UPLIFTS = (
    ("one_time", _("Optimism bias: uplift on one-time costs"), "ONE_TIME_UPLIFT"),
    ("recurring", _("Optimism bias: uplift on recurring costs"), "RECURRING_UPLIFT"),
    ("duration", _("Optimism bias: uplift on duration (delays the benefits)"), "DURATION_UPLIFT"),
)


def _settings(report: CaseReport, options: list[_Option]) -> list[tuple]:
    """(key, label, value, format, help, defined name, cached value); one row each.

    ``value`` is a number, a text, or a formula (``=...``) whose value is ``cached``; a text
    with no cached value is always written as text, even one starting with "=" (people's
    text is never a formula).
    """
    case = options[0].case if options else None
    finance_rate = case.finance_rate if case else None
    reinvest_rate = case.reinvest_rate if case else None
    rate = report.discount_rate
    basis = case.basis if case else "real"
    inflation = case.inflation if case else 0.0
    lead = case.lead if case else "likely"
    nominal = case.nominal_rate if case else rate
    real = case.real_rate if case else rate
    alternative = case.alternative_rate if case else None
    alternative_label = case.alternative_rate_label if case else ""
    rows = [
        ("start_year", _("First fiscal year (period 0)"), report.start_year, "whole",
         _("Changing it relabels the years; the figures do not depend on it."), "START_YEAR",
         None),
        ("horizon_years", _("Years looked ahead (horizon)"), report.horizon_years, "whole",
         _("Fixed by the layout: to change it, change the case in CivicShift and download "
           "again."), "HORIZON_YEARS", None),
        ("amounts_at", _("Figures at the amounts (expected or likely)"), lead, "text",
         _("expected: each line's mean (the Green Book and OMB A-94 ask for expected values); "
           "likely: the most likely amounts."), "AMOUNTS_AT", None),
        ("discount_rate", _("Discount rate (per year)"), rate, "percent",
         _("Period 0 is not discounted; period t is divided by (1 + rate)^t."), "DISCOUNT_RATE",
         None),
        ("basis", _("Amounts and rate are (real or nominal)"), basis, "text",
         _("real: today's money, with a real rate; nominal: each year's money, with a nominal "
           "rate."), "BASIS", None),
        ("inflation", _("Inflation assumption (per year)"), inflation, "percent",
         _("Used to convert the rate between real and nominal (Fisher)."), "INFLATION", None),
        ("nominal_rate", _("Discount rate in nominal terms"),
         '=IF(BASIS="nominal",DISCOUNT_RATE,(1+DISCOUNT_RATE)*(1+INFLATION)-1)', "percent",
         _("Fisher: (1 + real rate) × (1 + inflation) − 1."), "NOMINAL_RATE", nominal),
        ("real_rate", _("Discount rate in real terms"),
         '=IF(BASIS="real",DISCOUNT_RATE,(1+DISCOUNT_RATE)/(1+INFLATION)-1)', "percent",
         _("Fisher: (1 + nominal rate) / (1 + inflation) − 1."), "REAL_RATE", real),
        ("finance_rate", _("MIRR finance rate"),
         "=DISCOUNT_RATE" if finance_rate is None else finance_rate, "percent",
         _("The rate at which the payments are financed (MIRR); the discount rate unless "
           "the case says otherwise."), "FINANCE_RATE", rate),
        ("reinvest_rate", _("MIRR reinvestment rate"),
         "=DISCOUNT_RATE" if reinvest_rate is None else reinvest_rate, "percent",
         _("The rate at which the receipts are reinvested (MIRR)."), "REINVEST_RATE", rate),
        ("alternative_rate", _("Alternative discount rate (optional)"), alternative, "percent",
         _("A second rate the readers want to see (e.g. OMB Circular A-94's); the Scenarios "
           "sheet shows the NPV at it. Leave empty for none."), "ALTERNATIVE_RATE", None),
        ("alternative_rate_label", _("Name of the alternative rate"), alternative_label, "text",
         _("How the documents name it, e.g. 'OMB A-94 real rate'."), "ALTERNATIVE_RATE_LABEL",
         None),
    ]  # fmt: skip
    for option in options:
        n, name = option.number, option.report.name
        guess = option.analysis.irr
        rows.append(
            (f"irr_guess_{n}", _("IRR starting guess: {name}").format(name=name),
             rate if guess is None else guess, "percent",
             _("Where IRR() starts looking: CivicShift's IRR, so that Excel and LibreOffice "
               "find the same rate when there are several."), f"OPT{n}_IRR_GUESS", None)
        )  # fmt: skip
        bias = option.case.optimism
        for key, label, suffix in UPLIFTS:
            value = float(getattr(bias, key)) if bias is not None else 0.0
            help_text = _(
                "0 to 300%. Which costs are one-time is said in each line's 'One-time cost' column "
                "(by its category, else a line in a single year)."
            )
            if key == "duration":
                help_text = _(
                    "Benefits start round(b × uplift) years later, b being the first year of the "
                    "earliest benefit; amounts pushed past the horizon are lost."
                )
            rows.append(
                (f"{key}_{n}", f"{label}: {name}", value, "percent", help_text,
                 f"OPT{n}_{suffix}", None)
            )  # fmt: skip
        rows += [
            (f"optimism_category_{n}",
             _("Optimism bias: reference project type: {name}").format(name=name),
             bias.category if bias is not None else "", "text",
             _("The Green Book project type the uplifts were taken from (e.g. "
               "equipment_development); text only, it does not change the figures."),
             f"OPT{n}_OPTIMISM_CATEGORY", None),
            (f"optimism_reason_{n}", _("Optimism bias: why these uplifts: {name}").format(
                name=name), bias.reason if bias is not None else "", "text",
             _("Why these values were chosen between the published bounds; text only."),
             f"OPT{n}_OPTIMISM_REASON", None),
        ]  # fmt: skip
    return rows


def _assumptions_sheet(
    book, fmt: _Formats, report: CaseReport, options: list[_Option], ramp_columns: int | None
):
    sheet = book.add_worksheet(ASSUMPTIONS)
    sheet.write_string(0, 0, _("Assumptions: {title}").format(title=report.title), fmt.title)
    sheet.write_string(
        1,
        0,
        _(
            "Change the shaded cells: every figure on the Schedule and Summary sheets is a "
            "formula of them. Prepared by CivicShift version {v} on {date}."
        ).format(v=report.version, date=report.prepared_on.isoformat()),
        fmt.note,
    )
    sheet.write_string(3, 0, _("Case settings"), fmt.heading)
    header_row = 5  # 1-based
    for col, text in enumerate((_("Setting"), _("Value"), _("What it means"))):
        sheet.write_string(header_row - 1, col, text, fmt.header)
    rows: dict[str, int] = {}
    row = header_row + 1
    for key, label, value, number_format, help_text, name, cached in _settings(report, options):
        sheet.write_string(row - 1, 0, label, fmt.bold["text"])
        if isinstance(value, str) and value.startswith("=") and cached is not None:  # ours
            sheet.write_formula(row - 1, 1, value, fmt.plain[number_format], cached)
        elif value is None or value == "":
            sheet.write_blank(row - 1, 1, None, fmt.input[number_format])
        elif isinstance(value, str):
            sheet.write_string(row - 1, 1, value, fmt.input["text"])
        else:
            sheet.write_number(row - 1, 1, value, fmt.input[number_format])
        sheet.write_string(row - 1, 2, help_text, fmt.note)
        if name:
            book.define_name(name, f"={ASSUMPTIONS}!{absolute(row, 1)}")
        rows[key] = row
        row += 1
    for option in options:
        option.guess_cell = f"{ASSUMPTIONS}!{absolute(rows[f'irr_guess_{option.number}'], 1)}"

    if ramp_columns is None:
        ramp_columns = max(
            [MIN_RAMP_COLUMNS]
            + [len(ln.ramp) for option in report.options if option.case for ln in option.case.lines]
        )
    line_columns = _line_columns(ramp_columns)
    columns = {c.key: i for i, c in enumerate(line_columns)}
    horizon = report.horizon_years
    flag_column = len(line_columns)
    per_year_column = flag_column + horizon + 1
    basis_column = per_year_column + horizon + 1
    top = row + 1
    sheet.write_string(top - 1, 0, _("Lines of every option"), fmt.heading)
    sheet.write_string(
        top,
        0,
        _(
            "Amounts are positive; the kind gives the direction. Ramp-up shares apply to the "
            "line's first years, 100% after. Type 1 under each fiscal year in which the line has "
            "an amount. A line given per year uses the amounts under 'Amount in' times its "
            "likely or expected figure (1 for 'as given'), without increase or ramp-up."
        ),
        fmt.note,
    )
    head = top + 2
    for col, spec in enumerate(line_columns):
        sheet.write_string(head - 1, col, spec.header, fmt.header)
        sheet.set_column(col, col, spec.width)
    sheet.set_column(0, 0, 34)
    sheet.set_column(2, 2, 16)
    for t in range(horizon + 1):
        sheet.write_number(head - 1, flag_column + t, report.start_year + t, fmt.header_fy)
        sheet.write_string(
            head - 1, per_year_column + t, _("Amount in FY{y}").format(y=report.start_year + t),
            fmt.header,
        )  # fmt: skip
    sheet.write_string(head - 2, flag_column, _("Years the line has an amount (1 = yes)"),
                       fmt.bold["text"])  # fmt: skip
    sheet.write_string(head - 2, per_year_column, _("Amounts per year (lines given per year)"),
                       fmt.bold["text"])  # fmt: skip
    sheet.set_column(flag_column, flag_column + horizon, 8)
    sheet.set_column(per_year_column, per_year_column + horizon, 12)
    sheet.write_string(head - 1, basis_column, _("How the amount is built"), fmt.header)
    sheet.set_column(basis_column, basis_column, 36)
    row = head + 1
    low, likely, high, dist = (
        xl_col_to_name(columns[k]) for k in ("low", "likely", "high", "distribution")
    )
    for option in options:
        option.first_row = row
        shown_lines = option.report.lines or option.case.lines
        for i, line in enumerate(option.case.lines):
            shown = shown_lines[i] if i < len(shown_lines) else line
            entered, multiplier = entered_amount(line, shown)
            typed = {
                "low": float(entered.low),
                "likely": float(entered.likely),
                "high": float(entered.high),
                "mean": float(entered.mean),
                "multiplier": multiplier,
            }
            for col, spec in enumerate(line_columns):
                value = typed.get(spec.key)
                if spec.key not in typed:
                    value = spec.value(line, option.report.name)
                style = (fmt.input if spec.is_input else fmt.plain)[spec.format or "text"]
                if value is None:
                    sheet.write_blank(row - 1, col, None, style)
                elif spec.key == "mean":
                    r = str(row)
                    formula = (
                        f'=IF(OR({dist}{r}="point",{high}{r}<={low}{r}),{likely}{r},'
                        f'IF({dist}{r}="pert",({low}{r}+4*{likely}{r}+{high}{r})/6,'
                        f"({low}{r}+{likely}{r}+{high}{r})/3))"
                    )
                    sheet.write_formula(row - 1, col, formula, style, value)
                elif isinstance(value, str):
                    if spec.key == "category" and getattr(shown, "category", ""):
                        value = shown.category  # the label people read
                    sheet.write_string(row - 1, col, value, style)
                else:
                    sheet.write_number(row - 1, col, value, style)
            per_year = dict(zip(line.periods, line.per_year, strict=False))
            for t in range(horizon + 1):
                if t in line.periods:
                    sheet.write_number(row - 1, flag_column + t, 1, fmt.input["flag"])
                else:
                    sheet.write_blank(row - 1, flag_column + t, None, fmt.input["flag"])
                if t in per_year:
                    sheet.write_number(
                        row - 1, per_year_column + t, per_year[t], fmt.input["money"]
                    )
                else:
                    sheet.write_blank(row - 1, per_year_column + t, None, fmt.input["money"])
            basis = getattr(shown, "basis", "")
            if basis:
                sheet.write_string(row - 1, basis_column, basis)
            row += 1
    sheet.freeze_panes(head, 2)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    return _Assumptions(rows, columns, flag_column, per_year_column, ramp_columns)


# --- a schedule sheet ------------------------------------------------------------------------


def _payback_workings(flows: np.ndarray) -> dict[str, np.ndarray]:
    """The helper rows of the payback formulas, as the core computes them."""
    cumulative = np.cumsum(flows)
    gross = np.cumsum(np.abs(flows))
    reached = (cumulative >= -PAYBACK_TOLERANCE * gross).astype(float)
    after = np.zeros_like(flows)
    for t in range(1, len(flows)):
        after[t] = 1.0 if (after[t - 1] == 1 or reached[t - 1] == 0) else 0.0
    return {"gross": gross, "reached": reached, "after": after, "crossing": reached * after}


#: The columns of a schedule sheet before the years.
SCHEDULE_COLUMNS = (
    ("name", _("Line")),
    ("kind", _("Kind")),
    ("in_npv", _("In the NPV")),
    ("first", _("First period")),
    ("amount", _("Amount used (likely or expected)")),
    ("uplift", _("Optimism-bias multiplier")),
    ("benefit_start", _("First period, if a benefit")),
    ("delay", _("Starts later by (years, optimism bias)")),
)
SC = {key: i for i, (key, _label) in enumerate(SCHEDULE_COLUMNS)}


def _schedule_sheet(
    book, fmt: _Formats, report: CaseReport, option: _Option, a: _Assumptions, first_number: int
):
    sheet = book.add_worksheet(option.sheet)
    case, analysis = option.case, option.analysis
    horizon = option.horizon
    first_col, last_col = YEAR_COLUMN, YEAR_COLUMN + horizon
    asm = ASSUMPTIONS
    n = option.number

    def span(row: int) -> str:
        return f"{cell(row, first_col, row_abs=True)}:{cell(row, last_col, row_abs=True)}"

    sheet.write_string(0, 0, _("Schedule and figures: {name}").format(name=option.report.name),
                       fmt.title)  # fmt: skip
    sheet.write_string(
        1,
        0,
        _(
            "Every number on this sheet is a formula of the Assumptions sheet: change an amount "
            "or the discount rate there and the figures follow. Costs are negative in the "
            "schedule."
        ),
        fmt.note,
    )
    results_row = 4
    for col, text in enumerate((_("Figure"), _("Value"), _("How it is calculated"))):
        sheet.write_string(results_row - 1, col, text, fmt.header)
    at_text = _("Figures at the {at} amounts (AMOUNTS_AT on the Assumptions sheet)")
    before, after = at_text.split("{at}")
    sheet.write_formula(
        results_row - 1,
        3,
        f'="{before}"&AMOUNTS_AT&"{after}"',
        fmt.note,
        at_text.format(at=case.lead),
    )
    result_rows = {key: results_row + 1 + i for i, (key, *_rest) in enumerate(RESULTS)}

    head = results_row + len(RESULTS) + 2
    period_row = head + 1
    line_first = period_row + 1
    n_lines = len(case.lines)
    line_last = line_first + n_lines - 1
    for col, (_key, text) in enumerate(SCHEDULE_COLUMNS):
        sheet.write_string(head - 1, col, text, fmt.header)
    sheet.write_string(period_row - 1, 0, _("Period (0 is not discounted)"), fmt.bold["text"])
    for t in range(horizon + 1):
        col = first_col + t
        sheet.write_formula(head - 1, col, f"=START_YEAR+{cell(period_row, col)}",
                            fmt.header_fy, report.start_year + t)  # fmt: skip
        sheet.write_number(period_row - 1, col, t, fmt.bold["whole"])

    ramp_first = a.columns["ramp0"]
    ramp_last = ramp_first + a.ramp_columns - 1
    adjustments = line_adjustments(case)
    amounts_used = (mean_amounts if case.lead == "expected" else likely_amounts)(case)
    column_of = {key: "$" + xl_col_to_name(i) for key, i in SC.items()}
    starts = f"{cell(line_first, SC['benefit_start'], row_abs=True, col_abs=True)}:" + cell(
        line_last, SC["benefit_start"], row_abs=True, col_abs=True
    )
    delay = f"ROUND(MIN({starts})*OPT{n}_DURATION_UPLIFT,0)"
    # Below the payback workings (line_last + 2: the 8 flow rows, the budget row, a gap, the
    # two payback blocks): each line's flow per unit of its amount, which the scenarios use.
    unit_top = line_last + 24
    unit_first = unit_top + 1
    units: list[np.ndarray] = []
    for i, line in enumerate(case.lines):
        row, source = line_first + i, option.first_row + i
        shift, uplift = adjustments[i]

        def ref(key: str, source=source) -> str:
            return f"{asm}!{absolute(source, a.columns[key])}"

        def grid(start: int, source=source) -> str:
            return f"{asm}!{absolute(source, start)}:{absolute(source, start + horizon)}"

        here = {key: f"{column_of[key]}{row}" for key in SC}
        first = min(line.periods)
        is_benefit = line.kind == "benefit"
        cells = [
            (f"={ref('name')}", "text", line.name),
            (f"={ref('kind')}", "text", line.kind),
            (f"={ref('in_npv')}", "text", _("yes") if line.in_npv else _("no")),
            (f"=IFERROR(MATCH(1,{grid(a.flag_column)},0)-1,0)", "whole", first),
            (f'=IF(AMOUNTS_AT="expected",{ref("mean")},{ref("likely")})'
             f'*IF(ISNUMBER({ref("multiplier")}),{ref("multiplier")},1)', "money",
             float(amounts_used[i])),
            (f'=IF({here["kind"]}="cost",1+IF({ref("one_time")}="{_("yes")}",'
             f"OPT{n}_ONE_TIME_UPLIFT,OPT{n}_RECURRING_UPLIFT),1)", "ratio", 1.0 + uplift),
            (f'=IF({here["kind"]}="benefit",{here["first"]},"")', "whole",
             first if is_benefit else ""),
            (f'=IF({here["kind"]}="benefit",{delay},0)', "whole", shift),
        ]  # fmt: skip
        for col, (formula, number_format, value) in enumerate(cells):
            sheet.write_formula(row - 1, col, formula, fmt.plain[number_format], value)
        unit = line_profile(line, horizon, shift=shift, uplift=uplift)
        flows = float(amounts_used[i]) * unit
        units.append(unit)
        unit_row = unit_first + i
        for t in range(horizon + 1):
            col = first_col + t
            e = f"({cell(period_row, col, row_abs=True)}-{here['delay']})"
            offset = f"({e}-{here['first']})"
            ramp = f"{asm}!{absolute(source, ramp_first)}:{absolute(source, ramp_last)}"
            grown = (
                f"(1+{ref('escalation')})^{offset}"
                f"*IF({offset}<{a.ramp_columns},INDEX({ramp},1,{offset}+1),1)"
            )
            formula = (
                f"=IF({e}>=0,IF(INDEX({grid(a.flag_column)},1,{e}+1)=1,"
                f'IF({here["kind"]}="cost",-1,1)*{here["uplift"]}'
                f'*IF({ref("per_year")}="yes",INDEX({grid(a.per_year_column)},1,{e}+1),{grown})'
                ",0),0)"
            )
            sheet.write_formula(unit_row - 1, col, formula, fmt.plain["factor"],
                                float(unit[t]) + 0.0)  # fmt: skip
            sheet.write_formula(row - 1, col, f"={here['amount']}*{cell(unit_row, col)}",
                                fmt.plain["money"], float(flows[t]) + 0.0)  # fmt: skip

    # cash-flow rows
    def lines_col(col: int) -> str:
        return f"{cell(line_first, col, row_abs=True)}:{cell(line_last, col, row_abs=True)}"

    kinds = f"{absolute(line_first, SC['kind'])}:{absolute(line_last, SC['kind'])}"
    in_npv = f"{absolute(line_first, SC['in_npv'])}:{absolute(line_last, SC['in_npv'])}"
    flow_top = line_last + 2
    names = [
        "costs", "benefits", "net", "cumulative", "discount_factors", "discounted",
        "cumulative_discounted", "wider_benefits",
    ]  # fmt: skip
    rows = {name: flow_top + i for i, name in enumerate(names)}
    flow_labels = {
        "costs": _("Costs (in the NPV)"),
        "benefits": _("Benefits (in the NPV)"),
        "net": _("Net (benefits − costs)"),
        "cumulative": _("Cumulative net"),
        "discount_factors": _("Discount factor 1/(1 + rate)^t"),
        "discounted": _("Discounted net"),
        "cumulative_discounted": _("Cumulative discounted net"),
        "wider_benefits": _("Wider benefits (outside the NPV)"),
    }
    yes, no = _("yes"), _("no")
    for name in names:
        sheet.write_string(rows[name] - 1, 0, flow_labels[name], fmt.bold["text"])
    for t in range(horizon + 1):
        col = first_col + t
        here = lambda name, col=col: cell(rows[name], col)  # noqa: E731
        before = lambda name, col=col: cell(rows[name], col - 1)  # noqa: E731
        formulas = {
            "costs": f'=-SUMIFS({lines_col(col)},{kinds},"cost",{in_npv},"{yes}")',
            "benefits": f'=SUMIFS({lines_col(col)},{kinds},"benefit",{in_npv},"{yes}")',
            "net": f"={here('benefits')}-{here('costs')}",
            "cumulative": f"={here('net')}" if t == 0 else f"={before('cumulative')}+{here('net')}",
            "discount_factors": f"=1/(1+DISCOUNT_RATE)^{cell(period_row, col, row_abs=True)}",
            "discounted": f"={here('net')}*{here('discount_factors')}",
            "cumulative_discounted": f"={here('discounted')}"
            if t == 0
            else f"={before('cumulative_discounted')}+{here('discounted')}",
            "wider_benefits": f'=SUMIFS({lines_col(col)},{in_npv},"{no}")',
        }
        for name, formula in formulas.items():
            style = fmt.plain["factor" if name == "discount_factors" else "money"]
            value = float(getattr(analysis, name)[t]) + 0.0
            sheet.write_formula(rows[name] - 1, col, formula, style, value)
    budget = [y.budget_impact for y in option.report.years]
    next_row = rows["wider_benefits"] + 1
    # The row is always there (blank when CivicShift did not compute it), so that the layout,
    # and every formula's text, depends on the case's inputs only (see model_reader).
    sheet.write_string(next_row - 1, 0, BUDGET_LABEL, fmt.bold["text"])
    if budget and all(b is not None for b in budget):
        for t, value in enumerate(budget[: horizon + 1]):
            sheet.write_number(next_row - 1, first_col + t, value, fmt.plain["money"])
    next_row += 1

    # payback workings
    work_top = next_row + 1
    sheet.write_string(work_top - 1, 0, _("Payback workings"), fmt.heading)
    paybacks: dict[str, str] = {}
    row = work_top + 1
    for key, flow_name, cum_name, flows in (
        ("payback_years", "net", "cumulative", analysis.net),
        ("discounted_payback_years", "discounted", "cumulative_discounted", analysis.discounted),
    ):
        values = _payback_workings(np.asarray(flows, dtype=float))
        what = _("simple") if key == "payback_years" else _("discounted")
        work = {name: row + i for i, name in enumerate(("gross", "reached", "after", "crossing"))}
        work_labels = {
            "gross": _("Gross flows so far ({what})"),
            "reached": _("Cumulative ≥ 0, to 1e-12 of the gross ({what})"),
            "after": _("After a shortfall ({what})"),
            "crossing": _("Turns non-negative here ({what})"),
        }
        for name, r in work.items():
            sheet.write_string(r - 1, 0, work_labels[name].format(what=what), fmt.plain["text"])
        for t in range(horizon + 1):
            col = first_col + t
            flow, cum = cell(rows[flow_name], col), cell(rows[cum_name], col)
            prev = lambda name, col=col, work=work: cell(work[name], col - 1)  # noqa: E731
            formulas = {
                "gross": f"=ABS({flow})" if t == 0 else f"={prev('gross')}+ABS({flow})",
                "reached": f"=IF({cum}>=-{PAYBACK_TOLERANCE:.0e}*{cell(work['gross'], col)},1,0)",
                "after": "=0" if t == 0 else f"=IF(OR({prev('after')}=1,{prev('reached')}=0),1,0)",
                "crossing": f"={cell(work['reached'], col)}*{cell(work['after'], col)}",
            }
            for name, formula in formulas.items():
                style = fmt.plain["money" if name == "gross" else "whole"]
                sheet.write_formula(work[name] - 1, col, formula, style, float(values[name][t]))
        cums, crossing, reached = (
            span(rows[cum_name]),
            span(work["crossing"]),
            span(work["reached"]),
        )
        match = f"MATCH(1,{crossing},0)"
        before = f"INDEX({cums},{match}-1)"
        after = f"MAX(INDEX({cums},{match}),0)"
        paybacks[key] = (
            f"=IF(COUNTIF({reached},0)=0,0,IFERROR({match}-2+MIN(1,MAX(0,-{before}/({after}-{before}))),"
            f'"{NOT_WITHIN}"))'
        )
        row += len(work) + 1

    net, costs, benefits = span(rows["net"]), span(rows["costs"]), span(rows["benefits"])
    factors, wider = span(rows["discount_factors"]), span(rows["wider_benefits"])

    # flows per unit of amount, and their present value (the Scenarios sheet's weights)
    assert row + 1 == unit_top, (row, unit_top)
    unit_title = _(
        "Flow per unit of the line's amount (costs negative; the schedule above is the amount "
        "used times these)"
    )
    sheet.write_string(unit_top - 1, 0, unit_title, fmt.heading)
    sheet.write_string(unit_top - 1, 1, _("Present value of one unit"), fmt.header)
    weights = np.asarray(analysis.discount_factors, dtype=float)
    for i, unit in enumerate(units):
        r = unit_first + i
        sheet.write_formula(r - 1, 0, f"={cell(line_first + i, 0)}", fmt.plain["text"],
                            case.lines[i].name)  # fmt: skip
        sheet.write_formula(r - 1, 1, f"=SUMPRODUCT({span(r)},{factors})", fmt.plain["factor"],
                            float(unit @ weights))  # fmt: skip
    later = (
        f"{cell(rows['net'], first_col + 1, row_abs=True)}:"
        f"{cell(rows['net'], last_col, row_abs=True)}"
    )
    npv_cell = absolute(result_rows["npv"], 1)
    pv_costs = absolute(result_rows["pv_costs"], 1)
    pv_benefits = absolute(result_rows["pv_benefits"], 1)
    formulas = {
        "npv": f"={cell(rows['net'], first_col, row_abs=True)}+NPV(DISCOUNT_RATE,{later})",
        "irr": (
            f"=IFERROR(IF(SIGN(IRR({net},{option.guess_cell})-DISCOUNT_RATE)=SIGN({npv_cell}),"
            f'IRR({net},{option.guess_cell}),"{NOT_DEFINED}"),"{NOT_DEFINED}")'
        ),
        "mirr": f'=IFERROR(MIRR({net},FINANCE_RATE,REINVEST_RATE),"{NOT_DEFINED}")',
        "bcr": f'=IF({pv_costs}>0,{pv_benefits}/{pv_costs},"{NO_COSTS}")',
        "payback_years": paybacks["payback_years"],
        "discounted_payback_years": paybacks["discounted_payback_years"],
        "pv_costs": f"=SUMPRODUCT({costs},{factors})",
        "pv_benefits": f"=SUMPRODUCT({benefits},{factors})",
        "tco": f"=SUM({costs})",
        "wider_benefits_pv": f"=SUMPRODUCT({wider},{factors})",
    }
    cached = {
        "npv": analysis.npv,
        "irr": _value(analysis.irr, NOT_DEFINED),
        "mirr": _value(analysis.mirr, NOT_DEFINED),
        "bcr": _value(analysis.bcr, NO_COSTS),
        "payback_years": _value(analysis.payback_years, NOT_WITHIN),
        "discounted_payback_years": _value(analysis.discounted_payback_years, NOT_WITHIN),
        "pv_costs": analysis.pv_costs,
        "pv_benefits": analysis.pv_benefits,
        "tco": analysis.tco,
        "wider_benefits_pv": analysis.wider_benefits_pv,
    }
    for key, name, label, number_format in RESULTS:
        r = result_rows[key]
        sheet.write_string(r - 1, 0, label, fmt.bold["text"])
        sheet.write_formula(r - 1, 1, formulas[key], fmt.bold[number_format], cached[key])
        help_text = RESULT_HELP[key]
        if key == "irr" and analysis.irr_warning:
            help_text += " " + analysis.irr_warning
        sheet.write_string(r - 1, 2, help_text, fmt.note)
        target = f"={quote(option.sheet)}!{absolute(r, 1)}"
        book.define_name(f"OPT{option.number}_{name}", target)
        if option.number == first_number:
            book.define_name(name, target)
    sheet.set_column(0, 0, 44)
    sheet.set_column(1, 1, 16)
    sheet.set_column(2, 3, 10)
    sheet.set_column(first_col, last_col, 14)
    sheet.freeze_panes(period_row, YEAR_COLUMN)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    return ScheduleLayout(result_rows, line_first, unit_first, rows["net"])


@dataclass(frozen=True)
class ScheduleLayout:
    """Where a schedule sheet's rows are (1-based), for the Summary and Scenarios sheets."""

    results: dict[str, int]  # result key → row
    line_first: int  # first line row of the schedule
    unit_first: int  # first row of the flows per unit of amount (column B: their PV)
    net: int  # the net cash-flow row


# --- the Summary sheet -----------------------------------------------------------------------


def _summary_sheet(sheet, fmt: _Formats, report: CaseReport, options: dict[int, _Option],
                   result_rows: dict[int, ScheduleLayout]) -> None:  # fmt: skip
    sheet.write_string(0, 0, _("Business case: {title}").format(title=report.title), fmt.title)
    sheet.write_string(1, 0, report.organization)
    simulated = any(o.simulation for o in report.options)
    note = _(
        "Prepared by CivicShift version {v} on {date}. The figures are formulas of the "
        "Assumptions sheet; change an input there and they follow."
    ).format(v=report.version, date=report.prepared_on.isoformat())
    if simulated:
        note += " " + _(
            "The simulation columns are CivicShift's values (seed {seed}, {n} iterations): a "
            "spreadsheet does not re-run them."
        ).format(seed=report.seed, n=f"{report.iterations:,}")
    sheet.write_string(2, 0, note, fmt.note)
    target = report.payback_target_years
    headers = [_("Option"), _("Recommended")] + [label for _k, _n, label, _f in RESULTS]
    sim_headers = [
        _("NPV P10 (simulation)"),
        _("NPV P50 (simulation)"),
        _("NPV P90 (simulation)"),
        _("Chance NPV > 0 (simulation)"),
        _("Chance of payback within {n} years (simulation)").format(n=target),
    ]
    headers += sim_headers
    headers.append(_("Figures at the amounts"))
    for col, text in enumerate(headers):
        sheet.write_string(4, col, text, fmt.header)
    sheet.write_string(5, 0, _("Status quo (carry on as today)"))
    sheet.write_number(5, 2, 0, fmt.plain["money"])
    for i, option_report_ in enumerate(report.options):
        row = 7 + i  # 1-based
        sheet.write_string(row - 1, 0, option_report_.name)
        sheet.write_string(row - 1, 1, _("yes") if option_report_.recommended else "")
        option = options.get(i)
        if option is None:
            sheet.write_string(row - 1, 2, option_report_.problem or NOT_DEFINED)
            continue
        for j, (key, _name, _label, number_format) in enumerate(RESULTS):
            source = f"={quote(option.sheet)}!{absolute(result_rows[i].results[key], 1)}"
            value = getattr(option.analysis, key)
            missing = {"irr": NOT_DEFINED, "mirr": NOT_DEFINED, "bcr": NO_COSTS}.get(
                key, NOT_WITHIN
            )
            sheet.write_formula(row - 1, 2 + j, source, fmt.plain[number_format],
                                _value(value, missing))  # fmt: skip
        sheet.write_formula(row - 1, len(headers) - 1, "=AMOUNTS_AT", None, option.case.lead)
        sim = option_report_.simulation
        if sim is not None:
            col = 2 + len(RESULTS)
            values = [
                (sim.percentiles[10], "money"),
                (sim.percentiles[50], "money"),
                (sim.percentiles[90], "money"),
                (sim.prob_npv_positive, "share"),
                (sim.prob_payback_within_target, "share"),
            ]
            for k, (value, number_format) in enumerate(values):
                sheet.write_number(row - 1, col + k, value, fmt.plain[number_format])
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 13)
    sheet.set_column(2, len(headers) - 1, 16)
    sheet.set_row(4, 45)
    sheet.freeze_panes(5, 1)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)


# --- writing ---------------------------------------------------------------------------------


def _core_case(report: CaseReport, option: OptionReport) -> Case:
    """The option's core case: the one the report carries, or rebuilt from its lines."""
    if option.case is not None:
        return option.case
    lines = tuple(
        Line(
            name=ln.name,
            kind=ln.kind,
            amount=Estimate(ln.low, ln.likely, ln.high, ln.distribution),
            periods=ln.periods,
            escalation=ln.escalation,
            ramp=ln.ramp,
            category=ln.category,
            in_npv=ln.in_npv,
        )
        for ln in option.lines
    )
    return Case(option.name, report.start_year, report.horizon_years, report.discount_rate, lines)


def write_case_workbook(report: CaseReport, *, ramp_columns: int | None = None) -> bytes:
    """The live-formula model as .xlsx bytes: Summary, Assumptions, a Schedule per option and
    Scenarios. ``ramp_columns`` forces the number of ramp-up columns (the model reader lays
    an uploaded model out again with the columns it has)."""
    from civicshift.formats.cases.workbook_scenarios import SCENARIOS, scenarios_sheet

    titles = safe_sheet_titles(
        [SUMMARY, ASSUMPTIONS]
        + [_("Schedule – {name}").format(name=option.name) for option in report.options]
        + [SCENARIOS]
    )
    schedule_titles = titles[2:-1]
    options: dict[int, _Option] = {}
    for i, (title, option) in enumerate(zip(schedule_titles, report.options, strict=True)):
        if option.ok:
            case = _core_case(report, option)
            options[i] = _Option(i + 1, option, case, analyze(case, at=case.lead), title)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    book.set_properties(
        {
            "title": _("Business case: {title}").format(title=report.title),
            "author": f"CivicShift {report.version}",
            "comments": _("Live-formula model: every figure is a formula of the Assumptions."),
            "created": dt.datetime.combine(report.prepared_on, dt.time()),
        }
    )
    fmt = _Formats(book)
    summary = book.add_worksheet(titles[0])
    listed = list(options.values())
    layout = _assumptions_sheet(book, fmt, report, listed, ramp_columns)
    result_rows: dict[int, ScheduleLayout] = {}
    first = listed[0].number if listed else 0
    for i, (title, option) in enumerate(zip(schedule_titles, report.options, strict=True)):
        if i in options:
            result_rows[i] = _schedule_sheet(book, fmt, report, options[i], layout, first)
        else:
            sheet = book.add_worksheet(title)
            sheet.write_string(0, 0, _("Schedule: {name}").format(name=option.name), fmt.title)
            sheet.write_string(
                2, 0, _("The figures cannot be calculated: {p}").format(p=option.problem)
            )
    for option in listed:
        book.define_name(f"OPT{option.number}_DISCOUNT_RATE", f"={layout.discount_rate_cell}")
    _summary_sheet(summary, fmt, report, options, result_rows)
    scenarios_sheet(book, book.add_worksheet(titles[-1]), fmt, listed, layout, result_rows,
                    first)  # fmt: skip
    book.close()
    return buffer.getvalue()


def case_report(case: Case, *, version: str = "", prepared_on: dt.date | None = None) -> CaseReport:
    """A one-option report of a core case (what ``civicshift case workbook`` writes)."""
    if not version:
        from civicshift import __version__ as version
    return CaseReport(
        title=case.title,
        organization="",
        prepared_on=prepared_on or dt.date.today(),
        version=version,
        start_year=case.start_year,
        horizon_years=case.horizon_years,
        discount_rate=case.discount_rate,
        iterations=0,
        seed=0,
        payback_target_years=case.horizon_years,
        options=(option_report(case.title, case, analyze(case)),),
    )


def write_case_model(case: Case, *, version: str = "", prepared_on: dt.date | None = None) -> bytes:
    """The live-formula model of one core case as .xlsx bytes."""
    return write_case_workbook(case_report(case, version=version, prepared_on=prepared_on))
