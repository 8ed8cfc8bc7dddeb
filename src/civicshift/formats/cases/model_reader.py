"""Reading the live-formula model (``formats.cases.workbook``) when it is uploaded back.

``read_model_workbook(source)`` returns the whole case as the workbook states it
(``model_data.ModelContents``): every option with its lines — lines given per year as a row of
amounts under the fiscal years, the multiplier kept as its own value — and the case settings,
each read from its named input cell (``DISCOUNT_RATE``, ``BASIS``, ``INFLATION``,
``AMOUNTS_AT``, ``ALTERNATIVE_RATE``, ``OPT<n>_ONE_TIME_UPLIFT`` …). ``read_model_cases`` gives
the core cases, or raises ``CaseFileError`` listing every problem.

Values are read the way the workbook's formulas read them (``model_values``): text typed in a
number cell is refused naming its sheet and cell, never guessed. CivicShift reads the
Assumptions sheet only, so every formula must still be the one CivicShift wrote
(``model_formulas``): a changed one is refused naming its cell. Nothing is returned to be used
when anything is refused. See docs/decisions.md.

``read_model`` is the template reader's view of a one-option model (``TemplateContents``).

No Django here.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from gettext import gettext as _
from pathlib import Path
from typing import IO, Any

from openpyxl.utils import column_index_from_string, get_column_letter

from civicshift.core.cases import Case, CaseError, OptimismBias
from civicshift.formats import safety
from civicshift.formats.cases import model_values as value
from civicshift.formats.cases.model_data import ModelContents, ModelOption, ModelSettings
from civicshift.formats.cases.model_formulas import changed_formulas, expected_model, named
from civicshift.formats.cases.model_lines import LineTable, read_lines, table_of
from civicshift.formats.cases.template_data import (
    TemplateContents,
    TemplateLine,
    TemplateProblem,
    TemplateRow,
    TemplateSettings,
)
from civicshift.formats.cases.template_values import BadValue

ASSUMPTIONS = "Assumptions"
SUMMARY = "Summary"
MAX_FILE_BYTES = 5 * 1024 * 1024


def is_model(workbook) -> bool:
    """True for a workbook CivicShift wrote as the live-formula model (not the template)."""
    titles = {sheet.title.strip().lower() for sheet in workbook.worksheets}
    return (
        ASSUMPTIONS.lower() in titles
        and "lines" not in titles
        and "DISCOUNT_RATE" in workbook.defined_names
    )


class Grid:
    """The cells of one read-only sheet, by (row, column), 1-based; which hold formulas."""

    def __init__(self, sheet, max_row: int, max_col: int) -> None:
        self.cells: dict[tuple[int, int], Any] = {}
        self.formulas: set[tuple[int, int]] = set()
        for r, row in enumerate(sheet.iter_rows(max_row=max_row, max_col=max_col), 1):
            for c, item in enumerate(row, 1):
                v = getattr(item, "value", item)
                if v is not None:
                    self.cells[(r, c)] = v
                    if getattr(item, "data_type", None) == "f":
                        self.formulas.add((r, c))

    def __getitem__(self, key: tuple[int, int]) -> Any:
        return self.cells.get(key)

    def at(self, ref: str) -> Any:
        match = re.fullmatch(r"([A-Z]+)(\d+)", ref)
        if not match:
            return None
        return self.cells.get((int(match.group(2)), column_index_from_string(match.group(1))))


def _sheet(book, title: str):
    return next((s for s in book.worksheets if s.title.strip().lower() == title.lower()), None)


#: Settings read from named cells: (key, defined name, reader).
SETTINGS = (
    ("start_year", "START_YEAR", lambda v: value.whole(v, _("the first fiscal year"))),
    ("horizon_years", "HORIZON_YEARS", lambda v: value.whole(v, _("the horizon"))),
    ("lead", "AMOUNTS_AT", lambda v: value.word(v, ("expected", "likely"), _("the amounts"))),
    ("discount_rate", "DISCOUNT_RATE", lambda v: value.rate(v, _("discount rate"))),
    ("basis", "BASIS", lambda v: value.word(v, ("real", "nominal"), _("the basis"))),
    ("inflation", "INFLATION", lambda v: value.rate(v, _("inflation"), optional=True) or 0.0),
    ("alternative_rate", "ALTERNATIVE_RATE",
     lambda v: value.rate(v, _("alternative rate"), optional=True)),
    ("alternative_rate_label", "ALTERNATIVE_RATE_LABEL", value.text),
)  # fmt: skip
#: Per option: (key, name suffix, reader).
OPTION_SETTINGS = (
    ("one_time", "ONE_TIME_UPLIFT", lambda v: value.number(v) or 0.0),
    ("recurring", "RECURRING_UPLIFT", lambda v: value.number(v) or 0.0),
    ("duration", "DURATION_UPLIFT", lambda v: value.number(v) or 0.0),
    ("category", "OPTIMISM_CATEGORY", value.text),
    ("reason", "OPTIMISM_REASON", value.text),
)
#: CaseError field of a case-wide setting → its key above.
CASE_FIELDS = {"lead": "lead", "optimism_bias": "one_time"}


class _Reader:
    def __init__(self, book, sheet, grid: Grid) -> None:
        self.book, self.sheet, self.grid = book, sheet, grid
        self.problems: list[TemplateProblem] = []

    def problem(self, ref: str, message: str, sheet: str = ASSUMPTIONS) -> None:
        self.problems.append(TemplateProblem(sheet, ref, message))

    def named(self, name: str, read) -> tuple[Any, str]:
        """The value of the cell called ``name`` read by ``read``, and its reference."""
        where = named(self.book, name)
        if where is None or where[0] != self.sheet.title:
            self.problem("", _("the cell named {n} is missing: download the model again").format(
                n=name))  # fmt: skip
            return None, ""
        ref = where[1]
        try:
            return read(self.grid.at(ref)), ref
        except BadValue as exc:
            self.problem(ref, str(exc))
            return None, ref

    def mirr_rate(self, name: str) -> tuple[float | None, str]:
        """A MIRR rate: the formula =DISCOUNT_RATE (None: it follows the rate) or a rate."""
        where = named(self.book, name)
        if where is None:
            return None, ""
        ref = where[1]
        raw = self.grid.at(ref)
        if isinstance(raw, str) and raw.strip().startswith("="):
            if re.sub(r"\s+", "", raw).upper() == "=DISCOUNT_RATE":
                return None, ref
            self.problem(ref, _("type a rate, or =DISCOUNT_RATE to follow the discount rate"))
            return None, ref
        try:
            return value.rate(raw, _("MIRR rate")), ref
        except BadValue as exc:
            self.problem(ref, str(exc))
            return None, ref


def _title(grid: Grid) -> str:
    title = str(grid[(1, 1)] or "")
    prefix = _("Assumptions: {title}").split("{title}")[0]
    title = title[len(prefix) :].strip() if title.startswith(prefix) else title.strip()
    return title or _("Business case")


def _summary_names(book) -> list[str]:
    """Every option of the Summary sheet, in order (the names OPT<n> count them)."""
    sheet = _sheet(book, SUMMARY)
    if sheet is None:
        return []
    names = []
    for (cell,) in sheet.iter_rows(min_row=7, max_row=7 + 200, max_col=1, values_only=False):
        v = getattr(cell, "value", None)
        if v is None:
            break
        names.append(str(v))
    return names


def read_model_contents(
    data: bytes, book, *, categories: Mapping[str, str] | None = None
) -> ModelContents:
    """The whole case the model states, from its bytes and its workbook opened with formulas
    (``data_only=False``); see the module docstring."""
    sheet = _sheet(book, ASSUMPTIONS)
    if sheet is None:
        missing = TemplateProblem(ASSUMPTIONS, "", _("the sheet is missing"))
        return ModelContents(None, [], [missing])
    grid = Grid(sheet, 80 + 1000, 400)
    reader = _Reader(book, sheet, grid)
    settings_values: dict[str, Any] = {}
    cells: dict[str, str] = {}
    for key, name, read in SETTINGS:
        settings_values[key], cells[key] = reader.named(name, read)
    for key, name in (("finance_rate", "FINANCE_RATE"), ("reinvest_rate", "REINVEST_RATE")):
        settings_values[key], cells[key] = reader.mirr_rate(name)
    if reader.problems:
        return ModelContents(None, [], reader.problems)
    settings = ModelSettings(title=_title(grid), cells=cells, **settings_values)

    table = table_of(grid, settings)
    if isinstance(table, TemplateProblem):
        return ModelContents(settings, [], [table])
    if table.horizon != settings.horizon_years:
        first = grid[(table.head, table.flag_col)]
        reader.problem(cells["horizon_years"], _(
            "the line table has a column for each fiscal year from FY{a} to FY{b}, {n} years "
            "after the first: type {n} here, or add or remove year columns to match {m}").format(
                a=first, b=first + table.horizon, n=table.horizon,
                m=settings.horizon_years))  # fmt: skip
        return ModelContents(settings, [], reader.problems)
    lines_by_option, option_rows = read_lines(grid, table, settings, categories, reader.problems)

    names = _summary_names(book)
    options: list[ModelOption] = []
    for option_name, lines in lines_by_option.items():
        if option_name not in names:
            reader.problem(f"A{option_rows[option_name]}", _(
                "the option {n!r} is not on the Summary sheet: option names cannot be changed "
                "in the model").format(n=option_name))  # fmt: skip
            continue
        number = names.index(option_name) + 1
        option = _option(reader, settings, option_name, number, lines)
        if option is not None:
            options.append(option)
    if not lines_by_option and not reader.problems:
        reader.problem("", _("no lines below the column names"))
    if not reader.problems:
        _check_order(reader, options, table.head + 1)
    if reader.problems:
        return ModelContents(settings, options, reader.problems)
    laid_out = _laid_out_horizon(book)
    relaid = laid_out is not None and laid_out != table.horizon
    expected = expected_model(settings, options, names, table.ramp_columns)
    # A horizon changed in Excel: the other sheets were laid out for the old one and cannot
    # follow, so only the Assumptions sheet's own formulas are checked (decisions.md).
    problems = changed_formulas(
        book, expected, sheets=(ASSUMPTIONS,) if relaid else None, known={sheet.title: grid.cells}
    )
    return ModelContents(
        settings, options if not problems else [], problems,
        laid_out_horizon=laid_out if laid_out is not None else table.horizon,
    )  # fmt: skip


def _laid_out_horizon(book) -> int | None:
    """The horizon the Schedule sheets were laid out for (their period row: 0, 1, … under the
    fiscal years), or None when no sheet has one (no option had figures)."""
    from civicshift.formats.cases.workbook_layout import YEAR_COLUMN

    label = _("Period (0 is not discounted)")
    for sheet in book.worksheets:
        if sheet.title in (ASSUMPTIONS, SUMMARY):
            continue
        for row in sheet.iter_rows(min_row=1, max_row=60, values_only=True):
            if row and row[0] == label:
                periods = [v for v in row[YEAR_COLUMN:] if isinstance(v, int | float)]
                return len(periods) - 1 if periods else None
    return None


def _check_order(reader: _Reader, options: list[ModelOption], first_row: int) -> None:
    """Each option's lines together, in the Summary's order: the schedules read them by row
    (a table sorted in Excel would give each schedule other lines than the option's)."""
    row = first_row
    for option in sorted(options, key=lambda o: o.number):
        for line in option.lines:
            if line.row != row:
                reader.problem(f"A{line.row}", _(
                    "the rows of the lines were moved: keep each option's lines together, in the "
                    "order of the Summary sheet (the schedules read them by row), or download "
                    "the model again"))  # fmt: skip
                return
            row += 1


def _option(reader: _Reader, settings: ModelSettings, name: str, number: int, lines):
    values: dict[str, Any] = {}
    cells: dict[str, str] = {}
    before = len(reader.problems)
    for key, suffix, read in OPTION_SETTINGS:
        values[key], ref = reader.named(f"OPT{number}_{suffix}", read)
        cells[key] = f"{ASSUMPTIONS}!{ref}"
    if len(reader.problems) > before or any(line is None for line in lines):
        return None
    bias = None
    if any(values[k] for k in ("one_time", "recurring", "duration", "category", "reason")):
        bias = OptimismBias(**values)
    terms = {
        k: getattr(settings, k)
        for k in (
            "start_year", "horizon_years", "discount_rate", "finance_rate", "reinvest_rate",
            "basis", "inflation", "lead", "alternative_rate", "alternative_rate_label",
        )
    }  # fmt: skip
    try:
        case = Case(
            title=name, lines=tuple(line.core_line() for line in lines), optimism=bias, **terms
        )
    except CaseError as exc:
        reader.problems.append(_case_problem(exc, settings, lines, cells))
        return None
    return ModelOption(name, number, tuple(lines), bias, case, cells)


#: CaseError field of a line → the line-table key its cell is in.
LINE_FIELDS = {
    "amount": "likely", "amount.likely": "likely", "amount.low": "low", "amount.high": "high",
    "amount.dist": "distribution", "periods": "flags", "name": "name", "kind": "kind",
    "escalation": "escalation", "in_npv": "in_npv",
}  # fmt: skip


def _case_problem(exc: CaseError, settings, lines, option_cells) -> TemplateProblem:
    if exc.line_index is not None:
        line = lines[exc.line_index]
        field = exc.field or "name"
        if field.startswith("ramp["):
            key = "ramp" + field[5:-1]
        elif field.startswith("per_year"):
            key = "per_year_amounts"
        else:
            key = LINE_FIELDS.get(field, "name")
        where = line.cell(key)
    elif exc.field and exc.field.startswith("optimism_bias."):
        where = option_cells.get(exc.field.split(".", 1)[1], "")
    else:
        ref = settings.cells.get(CASE_FIELDS.get(exc.field or "", exc.field or ""), "")
        where = f"{ASSUMPTIONS}!{ref}" if ref else ASSUMPTIONS
    sheet, _sep, ref = where.partition("!")
    return TemplateProblem(sheet, ref, exc.detail)


def read_model_workbook(
    source: str | Path | IO[bytes] | bytes, *, categories: Mapping[str, str] | None = None
) -> ModelContents | None:
    """The whole case an uploaded model states, or None when ``source`` is not the model (the
    template, or another workbook). Problems name their sheet and cell; a file that cannot be
    read is one problem."""
    name = safety.source_name(source)
    try:
        data = safety.read_bounded(source, max_bytes=MAX_FILE_BYTES, name=name)
        book = safety.open_workbook(data, name=name, max_bytes=MAX_FILE_BYTES, data_only=False)
    except safety.UnsafeFileError as exc:
        return ModelContents(None, [], [TemplateProblem(_("workbook"), "", exc.problem)])
    try:
        if not is_model(book):
            return None
        return read_model_contents(data, book, categories=categories)
    finally:
        book.close()


def read_model_cases(source: str | Path | IO[bytes] | bytes) -> list[Case]:
    """The core case of every option of an uploaded model; CaseFileError lists every problem."""
    from civicshift.formats.cases.file import CaseFileError

    name = str(source) if isinstance(source, str | Path) else getattr(source, "name", "<xlsx>")
    contents = read_model_workbook(source)
    if contents is None:
        raise CaseFileError(name, [CaseError(_("this workbook is not a CivicShift model"))])
    if contents.problems:
        raise CaseFileError(name, [CaseError(str(p)) for p in contents.problems])
    return contents.cases


# --- the template reader's view: one option's lines as template rows --------------------------


def read_model(data: bytes, values_book, **_ignored) -> TemplateContents:
    """A one-option model as the template's contents (the rows of its lines), or problems.

    ``values_book`` only says it is a model; the model is read again with its formulas."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        contents = read_model_contents(data, book)
    finally:
        book.close()
    s = contents.settings
    settings = (
        None if s is None else TemplateSettings(s.title, s.start_year, s.horizon_years,
                                                s.discount_rate)
    )  # fmt: skip
    if contents.problems:
        return TemplateContents(settings, [], contents.problems)
    if len(contents.options) != 1:
        return TemplateContents(settings, [], [TemplateProblem(ASSUMPTIONS, "", _(
            "this workbook holds {n} options; upload the model of one option (download it from "
            "the option's page, or use the template)"
        ).format(n=len(contents.options)))])  # fmt: skip
    rows, problems = [], []
    for line in contents.options[0].lines:
        row = template_row(line, s.start_year)
        if isinstance(row, TemplateProblem):
            problems.append(row)
        else:
            rows.append(row)
    return TemplateContents(settings, rows if not problems else [], problems)


def template_row(line, start_year: int) -> TemplateRow | TemplateProblem:
    """A model line as a template row: consecutive years (a line given per year has 0 in the
    years between), a line given per year as a single factor (its likely × multiplier)."""
    first, last = min(line.periods), max(line.periods)
    per_year = ()
    if line.per_year:
        if line.distribution != "point":
            sheet, _s, ref = line.cell("distribution").partition("!")
            return TemplateProblem(
                sheet,
                ref,
                _("a line given per year is multiplied by a single figure here: choose point"),
            )
        amounts = dict(zip(line.periods, line.per_year, strict=True))
        per_year = tuple(amounts.get(t, 0.0) for t in range(first, last + 1))
    elif list(line.periods) != list(range(first, last + 1)):
        gap = next(t for t in range(first, last + 1) if t not in line.periods)
        flags = line.cell("flags")
        sheet, _s, ref = flags.partition("!")
        column = re.match(r"[A-Z]+", ref).group()
        column = get_column_letter(column_index_from_string(column) + gap - first)
        return TemplateProblem(sheet, f"{column}{line.row}", _(
            "the upload takes one run of consecutive years per line (FY{y} is empty between two "
            "years with a 1); split the line in two").format(y=start_year + gap))  # fmt: skip
    point = line.distribution == "point"
    multiplier = line.multiplier
    likely = line.likely
    if per_year:
        factor = (1.0 if multiplier is None else multiplier) * line.likely
        multiplier = None if factor == 1 else factor
        likely = float(sum(per_year))
    template_line = TemplateLine(
        name=line.name, kind=line.kind, likely=likely, first_period=first, last_period=last,
        category=line.category, distribution=line.distribution,
        low=None if point else line.low, high=None if point else line.high,
        escalation=line.escalation, ramp=line.ramp, in_npv=line.in_npv,
        multiplier=multiplier, per_year=per_year,
    )  # fmt: skip
    cells = dict(line.cells)
    cells["first_year"] = cells["last_year"] = line.cell("flags")
    cells["ramp"] = line.cell("ramp0")
    cells["per_year"] = line.cell("per_year_amounts")
    return TemplateRow(line=template_line, row=line.row, cells=cells)


__all__ = [
    "LineTable",
    "is_model",
    "read_model",
    "read_model_cases",
    "read_model_contents",
    "read_model_workbook",
]
