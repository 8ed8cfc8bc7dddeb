"""Reading the live-formula model (``formats.cases.workbook``) when it is uploaded back.

The template upload reads, besides the template, the model CivicShift writes (the case's Excel
download, or ``civicshift case workbook``) for one option: its Assumptions sheet is read the way
the template's Lines sheet is, cell by cell, with the same messages.

CivicShift reads the Assumptions sheet only. So that nobody loses a change made elsewhere — a
typed-over schedule cell, an edited NPV formula — every formula must still be the one
CivicShift wrote: the model is laid out again for the inputs read (its number of lines, ramp-up
columns, horizon and option), and a formula cell that now holds a value or another formula is
refused, naming its sheet and cell ("Schedule – Cloud!K19: the formula was changed; CivicShift
reads the Assumptions sheet only"). Nothing is saved then. See docs/decisions.md.

No Django here.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping
from gettext import gettext as _
from typing import Any

from openpyxl.utils import get_column_letter

from civicshift.formats.cases.template_data import (
    LINE_COLUMNS,
    TemplateContents,
    TemplateProblem,
    TemplateRow,
    TemplateSettings,
)
from civicshift.formats.cases.template_values import (
    BadValue,
    as_number,
    as_rate,
    as_whole,
    is_blank,
)

ASSUMPTIONS = "Assumptions"
MAX_LINES = 1000
MAX_PROBLEMS = 20  # changed formulas listed; the rest are counted


def is_model(workbook) -> bool:
    """True for a workbook CivicShift wrote as the live-formula model (not the template)."""
    titles = {sheet.title.strip().lower() for sheet in workbook.worksheets}
    return (
        ASSUMPTIONS.lower() in titles
        and "lines" not in titles
        and "DISCOUNT_RATE" in workbook.defined_names
    )


def _named(workbook, name: str) -> tuple[str, str] | None:
    try:
        sheet, ref = next(iter(workbook.defined_names[name].destinations))
    except (KeyError, StopIteration, TypeError, ValueError):
        return None
    return sheet, ref.replace("$", "")


def _normal(formula: Any) -> str:
    """A formula as Excel, LibreOffice and openpyxl may write it: same meaning, same text."""
    text = str(formula).strip().lstrip("=")
    text = re.sub(r"_xl(fn|ws)\.", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s+", "", text).upper()
    # Numbers as their value: LibreOffice writes 1e-12 as 0.000000000001 (not a cell's row
    # number: those follow a letter or $).
    return _NUMBER.sub(lambda m: repr(float(m.group())), text)


_NUMBER = re.compile(r"(?<![A-Z$0-9_.])\d+(?:\.\d*)?(?:E[+-]?\d+)?")


class _Grid:
    """The cells of one read-only sheet, by (row, column), 1-based."""

    def __init__(self, sheet, max_row: int, max_col: int) -> None:
        self.cells: dict[tuple[int, int], Any] = {}
        for r, row in enumerate(sheet.iter_rows(max_row=max_row, max_col=max_col), 1):
            for c, value in enumerate(row, 1):
                value = getattr(value, "value", value)
                if value is not None:
                    self.cells[(r, c)] = value

    def __getitem__(self, key: tuple[int, int]) -> Any:
        return self.cells.get(key)

    def at(self, ref: str) -> Any:
        match = re.fullmatch(r"([A-Z]+)(\d+)", ref)
        if not match:
            return None
        from openpyxl.utils import column_index_from_string

        return self.cells.get((int(match.group(2)), column_index_from_string(match.group(1))))


def read_model(
    data: bytes,
    values_book,
    *,
    start_year: int | None,
    horizon_years: int | None,
    categories: Mapping[str, str] | None,
    read_row,
) -> TemplateContents:
    """The model's lines as template rows, or the problems (every changed formula, by cell).

    ``read_row`` is ``template_reader._read_row`` (one row's values → a TemplateLine).
    """
    from openpyxl import load_workbook

    from civicshift.formats.cases import workbook as writer

    problems: list[TemplateProblem] = []
    sheet = next(s for s in values_book.worksheets if s.title.strip().lower() == "assumptions")
    grid = _Grid(sheet, 80 + MAX_LINES, 400)

    def setting(name: str) -> tuple[Any, str]:
        where = _named(values_book, name)
        if where is None or where[0] != sheet.title:
            return None, ""
        return grid.at(where[1]), where[1]

    # settings
    values: dict[str, Any] = {}
    for key, name, parse in (
        ("start_year", "START_YEAR", as_whole),
        ("horizon_years", "HORIZON_YEARS", as_whole),
        ("discount_rate", "DISCOUNT_RATE", lambda v: as_rate(v, _("discount rate"))),
    ):
        value, ref = setting(name)
        try:
            values[key] = parse(value)
            if values[key] is None:
                raise ValueError(_("the cell named {n} is empty or missing").format(n=name))
        except (BadValue, ValueError) as exc:
            problems.append(TemplateProblem(ASSUMPTIONS, ref, str(exc)))
    if problems:
        return TemplateContents(None, [], problems)
    title = str(grid[(1, 1)] or "")
    prefix = _("Assumptions: {title}").split("{title}")[0]
    title = title[len(prefix) :].strip() if title.startswith(prefix) else title.strip()
    settings = TemplateSettings(
        title or _("Business case"),
        values["start_year"],
        values["horizon_years"],
        values["discount_rate"],
    )
    model_horizon = settings.horizon_years
    start_year = settings.start_year if start_year is None else start_year
    horizon_years = model_horizon if horizon_years is None else horizon_years

    # the line table
    option_header, line_header = _("Option"), _("Line")
    head = next(
        (r for (r, c), v in sorted(grid.cells.items()) if c == 2 and v == line_header
         and grid[(r, 1)] == option_header),
        None,
    )  # fmt: skip
    if head is None:
        return TemplateContents(
            settings, [], [TemplateProblem(ASSUMPTIONS, "", _("no table of lines (row 'Line')"))]
        )
    ramp_columns = None
    for k in range(writer.MIN_RAMP_COLUMNS, 60):
        headers = [spec.header for spec in writer._line_columns(k)]
        if all(grid[(head, i + 1)] == text for i, text in enumerate(headers)) and not str(
            grid[(head, len(headers) + 1)] or ""
        ).startswith(_("Share in the line's year {n} (ramp-up)").split("{n}")[0]):
            ramp_columns = k
            break
    if ramp_columns is None:
        return TemplateContents(
            settings,
            [],
            [TemplateProblem(ASSUMPTIONS, f"A{head}", _("the columns of the lines were changed"))],
        )
    specs = writer._line_columns(ramp_columns)
    col = {spec.key: i + 1 for i, spec in enumerate(specs)}  # 1-based
    flag_col = len(specs) + 1
    per_year_col = flag_col + model_horizon + 1

    rows: list[TemplateRow] = []
    options: dict[str, int] = {}
    names: dict[str, int] = {}
    r = head + 1
    while any(grid[(r, c)] is not None for c in range(1, per_year_col + model_horizon + 1)):
        if r > head + MAX_LINES:
            problems.append(
                TemplateProblem(ASSUMPTIONS, "", _("more than {n} lines").format(n=MAX_LINES))
            )
            break

        def ref(key: str, r=r) -> str:
            return f"{ASSUMPTIONS}!{get_column_letter(col[key])}{r}"

        option = str(grid[(r, col["option"])] or "").strip()
        options.setdefault(option, r)
        flags = [t for t in range(model_horizon + 1) if _flag(grid[(r, flag_col + t)])]
        cells = {key: ref(key) for key in col if key in LINE_COLUMNS}
        first_ref = f"{ASSUMPTIONS}!{get_column_letter(flag_col)}{r}"
        cells["first_year"] = cells["last_year"] = first_ref
        cells["ramp"] = ref("ramp0")
        before = len(problems)
        if not flags:
            problems.append(TemplateProblem(ASSUMPTIONS, first_ref.split("!")[1], _(
                "the line has no year: type 1 under each fiscal year in which it has an amount"
            )))  # fmt: skip
        elif flags != list(range(flags[0], flags[-1] + 1)):
            gap = next(t for t in range(flags[0], flags[-1] + 1) if t not in flags)
            problems.append(TemplateProblem(
                ASSUMPTIONS, f"{get_column_letter(flag_col + gap)}{r}",
                _("the upload takes one run of consecutive years per line (FY{y} is empty "
                  "between two years with a 1); split the line in two").format(
                    y=settings.start_year + gap),
            ))  # fmt: skip
        if str(grid[(r, col["per_year"])] or "").strip().lower() == _("yes"):
            problems.append(TemplateProblem(
                ASSUMPTIONS, ref("per_year").split("!")[1],
                _("lines given per year cannot be uploaded from the model yet: enter their "
                  "amounts on the option's page"),
            ))  # fmt: skip
        if len(problems) > before:
            r += 1
            continue
        row_values = {
            "name": grid[(r, col["name"])],
            "kind": grid[(r, col["kind"])],
            "category": grid[(r, col["category"])],
            "low": grid[(r, col["low"])],
            "likely": grid[(r, col["likely"])],
            "high": grid[(r, col["high"])],
            "distribution": grid[(r, col["distribution"])],
            "first_year": settings.start_year + flags[0],
            "last_year": settings.start_year + flags[-1],
            "escalation": grid[(r, col["escalation"])],
            "ramp": _ramp_text([grid[(r, col[f"ramp{k}"])] for k in range(ramp_columns)]),
            "in_npv": grid[(r, col["in_npv"])],
            "multiplier": None,
        }
        line = read_row(row_values, cells, start_year, horizon_years, categories, problems)
        if line is not None:
            key = line.name.casefold()
            if key in names:
                problems.append(TemplateProblem(
                    ASSUMPTIONS, ref("name").split("!")[1],
                    _("the name {n!r} is already used in row {r}").format(
                        n=line.name, r=names[key]),
                ))  # fmt: skip
            else:
                names[key] = r
                rows.append(TemplateRow(line=line, row=r, cells=cells))
        r += 1
    prefix = _("Schedule – {name}").split("{")[0]
    schedules = [s for s in values_book.sheetnames if s.startswith(prefix)]
    if len(options) > 1 or len(schedules) > 1:
        problems.append(TemplateProblem(ASSUMPTIONS, "", _(
            "this workbook holds {n} options; upload the model of one option (download it from "
            "the option's page, or use the template)"
        ).format(n=max(len(options), len(schedules)))))  # fmt: skip
    if not options and not problems:
        problems.append(TemplateProblem(ASSUMPTIONS, "", _("no lines below the column names")))
    if problems:
        return TemplateContents(settings, rows, problems)
    option_name = next(iter(options))
    n_lines = r - head - 1
    problems += _changed_formulas(data, option_name, settings, n_lines, ramp_columns, load_workbook)
    return TemplateContents(settings, rows if not problems else [], problems)


def _ramp_text(cells: list[Any]) -> str:
    """The ramp-up cells as the template's text, without the trailing 100% shares."""
    parts = [v for v in cells if not is_blank(v)]
    while parts and isinstance(parts[-1], int | float) and parts[-1] == 1:
        parts.pop()
    return ", ".join(v.strip() if isinstance(v, str) else repr(float(v)) for v in parts)


def _flag(value: Any) -> bool:
    try:
        return as_number(value) == 1
    except BadValue:
        return False


def _changed_formulas(data, option_name, settings, n_lines, ramp_columns, load_workbook):
    """Every formula CivicShift wrote that is not there any more, as a problem naming the cell."""
    from civicshift.core.cases import Case, Estimate, Line, analyze
    from civicshift.formats.cases import workbook as writer
    from civicshift.formats.cases.report import CaseReport, option_report

    lines = tuple(
        Line(f"line {i}", "cost", Estimate.point(1.0), (0,), ramp=(1.0,) * ramp_columns)
        for i in range(n_lines)
    )
    case = Case(
        settings.title, settings.start_year, settings.horizon_years, settings.discount_rate, lines
    )
    report = CaseReport(
        title=settings.title, organization="", prepared_on=dt.date.today(),
        version="", start_year=settings.start_year, horizon_years=settings.horizon_years,
        discount_rate=settings.discount_rate, iterations=0, seed=0,
        payback_target_years=settings.horizon_years,
        options=(option_report(option_name, case, analyze(case)),),
    )  # fmt: skip
    expected = load_workbook(io.BytesIO(writer.write_case_workbook(report)))
    uploaded = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        problems: list[TemplateProblem] = []
        changed = 0
        for sheet in expected.worksheets:
            wanted = {
                c.coordinate: c.value
                for row in sheet.iter_rows()
                for c in row
                if c.data_type == "f"
            }
            if sheet.title not in uploaded.sheetnames:
                problems.append(TemplateProblem(sheet.title, "", _(
                    "the sheet is missing; CivicShift reads the Assumptions sheet only, but the "
                    "model's formulas must stay as they were"
                )))  # fmt: skip
                continue
            if sheet.title == ASSUMPTIONS:
                for key in ("FINANCE_RATE", "REINVEST_RATE"):
                    where = _named(expected, key)
                    if where:
                        wanted.pop(where[1], None)  # a rate of its own may replace the formula
            found = {}
            for row in uploaded[sheet.title].iter_rows(
                max_row=sheet.max_row, max_col=sheet.max_column
            ):
                for c in row:
                    if getattr(c, "coordinate", None) in wanted:
                        found[c.coordinate] = c.value
            for ref, formula in wanted.items():
                got = found.get(ref)
                if (
                    isinstance(got, str)
                    and got.startswith("=")
                    and _normal(got) == _normal(formula)
                ):
                    continue
                changed += 1
                if changed <= MAX_PROBLEMS:
                    problems.append(TemplateProblem(sheet.title, ref, _(
                        "the formula was changed; CivicShift reads the Assumptions sheet only. "
                        "Put the change there (an amount, a year, a rate) and upload again, or "
                        "download the model again"
                    )))  # fmt: skip
        if changed > MAX_PROBLEMS:
            problems.append(TemplateProblem("workbook", "", _(
                "{n} more formulas were changed"
            ).format(n=changed - MAX_PROBLEMS)))  # fmt: skip
        return problems
    finally:
        uploaded.close()
