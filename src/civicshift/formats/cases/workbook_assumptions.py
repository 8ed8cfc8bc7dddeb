"""The Assumptions sheet of the live-formula workbook: the case settings (each a named cell)
and the table of every option's lines, the only inputs (see ``workbook``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from gettext import gettext as _

from xlsxwriter.utility import xl_col_to_name

from civicshift.core.cases import (
    Estimate,
    Line,
)
from civicshift.formats.cases.report import CaseReport
from civicshift.formats.cases.workbook_layout import (
    ASSUMPTIONS,
    MIN_RAMP_COLUMNS,
    _Assumptions,
    _Formats,
    _Option,
    absolute,
)

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
         _("To add a year: insert a column after the last year above the 1s and after the "
           "last 'Amount in FY…', head them with the year, fill them and change this cell. To "
           "remove the last year, delete both its columns. CivicShift lays the Schedule sheets "
           "out again when you upload and download."), "HORIZON_YEARS", None),
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
