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

One module per part: ``workbook_layout`` (names, formats, references), ``workbook_assumptions``,
``workbook_schedule``, ``workbook_scenarios``; this one writes the Summary and puts them together.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from gettext import gettext as _

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from civicshift.core.cases import (
    Case,
    Estimate,
    Line,
    analyze,
)
from civicshift.formats.cases.report import CaseReport, OptionReport, option_report
from civicshift.formats.cases.workbook_assumptions import (  # noqa: F401 - used by the reader
    LineColumn,
    _assumptions_sheet,
    _line_columns,
    entered_amount,
)
from civicshift.formats.cases.workbook_layout import (  # noqa: F401 - the names others use
    ASSUMPTIONS,
    MIN_RAMP_COLUMNS,
    NO_COSTS,
    NOT_DEFINED,
    NOT_WITHIN,
    RESULTS,
    SUMMARY,
    YEAR_COLUMN,
    ScheduleLayout,
    _Formats,
    _Option,
    _value,
    absolute,
    cell,
    quote,
)
from civicshift.formats.cases.workbook_scenarios import SCENARIOS, scenarios_sheet
from civicshift.formats.cases.workbook_schedule import _schedule_sheet
from civicshift.formats.xlsx_tables import safe_sheet_titles

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

#: Every function name XlsxWriter's ``_prepare_formula`` rewrites without future functions
#: (its dynamic-array list; "INGLE" stands for its pattern ``\SINGLE\(``). None is in the
#: model's formulas, so the 30 substitutions it runs on each formula are skipped unless one
#: might match: a 1,000-line model has about 60,000 formulas (measured: most of the writing).
_DYNAMIC_NAMES = re.compile(
    r"(ANCHORARRAY|BYCOL|BYROW|CHOOSECOLS|CHOOSEROWS|DROP|EXPAND|FILTER|HSTACK|LAMBDA|"
    r"MAKEARRAY|MAP|RANDARRAY|REDUCE|SCAN|INGLE|SEQUENCE|SORT|SORTBY|SWITCH|TAKE|TEXTSPLIT|"
    r"TOCOL|TOROW|UNIQUE|VSTACK|WRAPCOLS|WRAPROWS|XLOOKUP)\("
)


class ModelWorksheet(Worksheet):
    """XlsxWriter's worksheet, with the formula preparation short-cut when no name it rewrites
    can occur (then its result is the formula without its "=", exactly as before)."""

    def _prepare_formula(self, formula, expand_future_functions=False):
        if (
            self.use_future_functions
            or expand_future_functions
            or formula.startswith("{")
            or formula.endswith("}")
            or "_xlfn." in formula
            or _DYNAMIC_NAMES.search(formula)
        ):
            return super()._prepare_formula(formula, expand_future_functions)
        return formula[1:] if formula.startswith("=") else formula


class _ModelWorkbook(xlsxwriter.Workbook):
    worksheet_class = ModelWorksheet


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
    buffer = io.BytesIO()
    book = _build_workbook(report, ramp_columns, buffer)
    book.close()
    return buffer.getvalue()


def case_workbook_formulas(
    report: CaseReport, *, ramp_columns: int | None = None
) -> dict[str, dict[str, str]]:
    """{sheet title: {"B5": "=I$24+NPV(…)"}}: every formula ``write_case_workbook`` would write,
    taken from the sheets as laid out, without writing the file (what the upload's formula
    check compares with)."""
    book = _build_workbook(report, ramp_columns, io.BytesIO())
    try:
        formulas: dict[str, dict[str, str]] = {}
        for sheet in book.worksheets():
            cells = formulas.setdefault(sheet.name, {})
            for row, columns in sheet.table.items():
                for col, item in columns.items():
                    formula = getattr(item, "formula", None)
                    if formula is not None:
                        cells[xl_rowcol_to_cell(row, col)] = "=" + formula
        return formulas
    finally:
        book.fileclosed = True  # nothing to write: the book was only laid out


def _build_workbook(report: CaseReport, ramp_columns: int | None, buffer) -> xlsxwriter.Workbook:
    """Every sheet of the model laid out in a workbook writing to ``buffer`` (not closed)."""
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
    book = _ModelWorkbook(buffer, {"in_memory": True, "strings_to_formulas": False})
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
    return book


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
