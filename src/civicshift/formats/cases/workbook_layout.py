"""The live-formula workbook's shared layout: sheet names, the results and their names, cell
references, cell formats, and where each option and sheet part sits (see ``workbook``)."""

from __future__ import annotations

from dataclasses import dataclass
from gettext import gettext as _

from xlsxwriter.utility import xl_rowcol_to_cell

from civicshift.core.cases import (
    Analysis,
    Case,
)
from civicshift.formats.cases.report import OptionReport

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


@dataclass(frozen=True)
class ScheduleLayout:
    """Where a schedule sheet's rows are (1-based), for the Summary and Scenarios sheets."""

    results: dict[str, int]  # result key → row
    line_first: int  # first line row of the schedule
    unit_first: int  # first row of the flows per unit of amount (column B: their PV)
    net: int  # the net cash-flow row
