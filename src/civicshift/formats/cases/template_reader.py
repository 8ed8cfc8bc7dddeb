"""Reading a filled-in business-case template (``formats.cases.template``) back.

``read_template_lines(source)`` / ``read_template(source)`` / ``read_case_template(source)``
    Every problem names the sheet and cell (``Lines!E7: 'abc' is not a number``);
    ``read_case_template`` returns a core ``Case`` (the command line reads .xlsx files with it)
    and raises ``CaseFileError`` listing every problem.

No Django here: the web upload (``civicshift.cases.views_documents``) checks the rows again
against the database's rules and saves them through the services.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from gettext import gettext as _
from pathlib import Path
from typing import IO, Any

from openpyxl.utils import get_column_letter

from civicshift.core.cases import Case, CaseError, estimate_from
from civicshift.formats import safety
from civicshift.formats.cases import model_reader
from civicshift.formats.cases.template_data import (
    CASE_FIELDS,
    DISTRIBUTIONS,
    KINDS,
    LINE_COLUMNS,
    TemplateContents,
    TemplateLine,
    TemplateProblem,
    TemplateRow,
    TemplateSettings,
)
from civicshift.formats.cases.template_values import (
    BadValue,
    as_amounts,
    as_category,
    as_number,
    as_period,
    as_ramp,
    as_rate,
    as_whole,
    as_yes_no,
    column_key,
    is_blank,
    shown,
)

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_LINES = 1000
_REQUIRED_COLUMNS = ("name", "kind", "likely", "first_year")


def _open(source: str | Path | IO[bytes] | bytes, name: str | None = None) -> tuple[Any, list]:
    """The workbook (read-only: rows stream; close it), or None and a problem saying why the
    file cannot be read. ``formats.safety`` bounds the size and checks the zip directory first
    (decompression bombs); only a damaged or foreign file reads as "not an Excel workbook"."""
    try:
        return safety.open_workbook(source, name=name, max_bytes=MAX_FILE_BYTES), []
    except safety.UnsafeFileError as exc:
        return None, [TemplateProblem(_("workbook"), "", exc.problem)]


def _sheet(workbook, name: str, problems: list[TemplateProblem]):
    """The sheet called ``name`` (in any case), or None and a problem saying it is missing."""
    for sheet in workbook.worksheets:
        if sheet.title.strip().lower() == name.lower():
            return sheet
    problems.append(
        TemplateProblem(
            name,
            "",
            _(
                "the sheet is missing; the workbook needs sheets Case and Lines "
                "(download a fresh template)"
            ),
        )
    )
    return None


def _read_settings(workbook, problems: list[TemplateProblem]) -> TemplateSettings | None:
    sheet = _sheet(workbook, "Case", problems)
    if sheet is None:
        return None
    found: dict[str, tuple[Any, str]] = {}
    for row, cells in enumerate(sheet.iter_rows(max_row=60, max_col=2, values_only=True), 1):
        cells = (*cells, None, None)
        key = column_key(cells[0])
        if key in CASE_FIELDS and key not in found:
            found[key] = (cells[1], f"B{row}")
    values: dict[str, Any] = {}
    start = len(problems)
    for key in CASE_FIELDS:
        if key not in found:
            problems.append(
                TemplateProblem(
                    "Case", "", _("no row labelled {key!r} in column A").format(key=key)
                )
            )
            continue
        value, cell = found[key]
        try:
            if key == "title":
                if is_blank(value):
                    raise BadValue(_("the title is empty"))
                values[key] = str(value).strip()
            elif key == "discount_rate":
                values[key] = as_rate(value, _("discount rate"))
                if values[key] is None:
                    raise BadValue(_("the discount rate is empty"))
            else:
                number = as_whole(value)
                if number is None:
                    raise BadValue(_("{key} is empty").format(key=key))
                low, high = (1, 100) if key == "horizon_years" else (1, 9999)
                if not low <= number <= high:
                    raise BadValue(
                        _("{key} must be between {a} and {b} (got {v})").format(
                            key=key, a=low, b=high, v=number
                        )
                    )
                values[key] = number
        except BadValue as exc:
            problems.append(TemplateProblem("Case", cell, str(exc)))
    if len(problems) > start:
        return None
    return TemplateSettings(**values)


def _read_row(
    values: Mapping[str, Any],
    cells: Mapping[str, str],
    start_year,
    horizon,
    categories,
    problems: list[TemplateProblem],
) -> TemplateLine | None:
    """One Lines row as a TemplateLine; problems are added (with their cell) instead."""
    before = len(problems)
    parsed: dict[str, Any] = {}

    def problem(key: str, message: str) -> None:
        where = cells.get(key) or cells["name"]
        sheet, cell = where.split("!")  # "Lines!E7", or "Assumptions!H25" in the model
        problems.append(TemplateProblem(sheet, cell, message))

    def read(key: str, parse) -> Any:
        try:
            parsed[key] = parse(values.get(key))
        except BadValue as exc:
            problem(key, str(exc))
            parsed[key] = None
        return parsed[key]

    name = values.get("name")
    if is_blank(name):
        problem("name", _("a line needs a name"))
    kind = values.get("kind")
    kind_key = str(kind).strip().lower() if not is_blank(kind) else ""
    if kind_key not in KINDS:
        problem(
            "kind",
            _("{v} is not cost or benefit").format(v=shown(kind))
            if kind_key
            else _("kind is empty: type cost or benefit"),
        )
    read("category", lambda v: as_category(v, categories))
    for key in ("low", "likely", "high", "multiplier"):
        number = read(key, as_number)
        if number is not None and number < 0:
            problem(
                key,
                _("{v} is negative: amounts are positive, the kind gives the direction").format(
                    v=f"{number:,.2f}"
                ),
            )
            parsed[key] = None
    low, likely, high = parsed["low"], parsed["likely"], parsed["high"]
    per_year = read("per_year", as_amounts) or ()
    if per_year and likely is None and is_blank(values.get("likely")):
        likely = parsed["likely"] = float(sum(per_year))  # the total, as the web form keeps
    if likely is None and is_blank(values.get("likely")):
        problem("likely", _("likely is empty: every line needs an amount"))
    dist = values.get("distribution")
    dist_key = str(dist).strip().lower() if not is_blank(dist) else ""
    dist_key = {"single": "point", "single figure": "point", "fixed": "point"}.get(
        dist_key, dist_key
    )
    has_range = low is not None or high is not None
    if dist_key and dist_key not in DISTRIBUTIONS:
        problem("distribution", _("{v} is not point, triangular or pert").format(v=shown(dist)))
    elif likely is not None:
        # An end typed but unreadable (or negative) was named above; it is not checked again.
        unread = {key for key in ("low", "high") if not is_blank(values.get(key))}
        unread -= {key for key, value in (("low", low), ("high", high)) if value is not None}
        dist_key, found = _range_problems(low, likely, high, dist_key, unread)
        for key, message in found:
            problem(key, message)
    first = read("first_year", lambda v: as_period(v, start_year, horizon))
    if first is None and is_blank(values.get("first_year")):
        problem(
            "first_year",
            _("first_year is empty: type a period (0 = the first fiscal year) or a fiscal year"),
        )
    last = read("last_year", lambda v: as_period(v, start_year, horizon))
    if last is None and is_blank(values.get("last_year")):
        last = first
    if first is not None and last is not None and last < first:
        problem(
            "last_year",
            _("the last year ({b}) is before the first year ({a})").format(a=first, b=last),
        )
    escalation = read("escalation", lambda v: as_rate(v, _("yearly increase")))
    ramp = read("ramp", as_ramp)
    in_npv = read("in_npv", as_yes_no)
    if per_year and first is not None and last is not None:
        years = last - first + 1
        if len(per_year) != years:
            problem(
                "per_year",
                _(
                    "{n} amounts per year for {y} years (first to last year): give one a year"
                ).format(n=len(per_year), y=years),
            )
        if escalation or ramp:
            problem(
                "per_year",
                _(
                    "amounts per year are used as given: leave the yearly increase and "
                    "ramp-up empty"
                ),
            )
        if has_range:
            problem("per_year", _("amounts per year are single figures: leave low and high empty"))
    if len(problems) > before:
        return None
    point = dist_key == "point"
    return TemplateLine(
        name=str(name).strip(),
        kind=kind_key,
        likely=likely,
        first_period=first,
        last_period=last,
        category=parsed["category"],
        distribution=dist_key,
        low=None if point else low,
        high=None if point else high,
        escalation=escalation or 0.0,
        ramp=ramp or (),
        in_npv=in_npv,
        multiplier=parsed["multiplier"],
        per_year=tuple(per_year),
    )


def _range_problems(
    low: float | None, likely: float, high: float | None, dist: str, unread: set[str]
) -> tuple[str, list[tuple[str, str]]]:
    """The distribution and the problems of a row's amount, decided by the one rule for ranges
    (``core.cases.estimate_from``: no distribution with a low or high is a triangular range, a
    single figure with a different low or high is refused, a range needs both ends, low ≤
    likely ≤ high). The messages are the template's, each naming its column: each end is
    checked on its own, so both ends of a range are named at once."""
    if not dist:  # the rule infers it; only a range can be refused here
        try:
            dist = estimate_from(low, likely, high).dist
        except CaseError:
            dist = "triangular"
    if dist == "point":
        try:
            estimate_from(low, likely, high, dist)
        except CaseError:
            message = _(
                "a single figure ('point') has no low or high: leave "
                "them empty, or choose triangular or pert"
            )
            return dist, [("distribution", message)]
        return dist, []
    found = []
    for key, ends in (("low", (low, likely, likely)), ("high", (likely, likely, high))):
        if key in unread:
            continue
        try:
            estimate_from(*ends, dist)
        except CaseError:
            value = low if key == "low" else high
            if value is None:
                message = _("a {d} range needs a {k} figure").format(d=dist, k=key)
            elif key == "low":
                message = _("low ({a}) is greater than likely ({b})").format(
                    a=f"{low:,.2f}", b=f"{likely:,.2f}"
                )
            else:
                message = _("likely ({a}) is greater than high ({b})").format(
                    a=f"{likely:,.2f}", b=f"{high:,.2f}"
                )
            found.append((key, message))
    return dist, found


def _read_lines(
    workbook, start_year, horizon, categories, problems: list[TemplateProblem]
) -> list[TemplateRow]:
    sheet = _sheet(workbook, "Lines", problems)
    if sheet is None:
        return []
    # Rows stream from the read-only sheet: at most MAX_LINES + 2 are read (header, lines,
    # and one more to tell that there are too many).
    table = sheet.iter_rows(max_row=MAX_LINES + 2, max_col=60, values_only=True)
    header = next(table, ())
    columns: dict[str, int] = {}
    for column, value in enumerate(header, 1):
        key = column_key(value)
        if key in LINE_COLUMNS and key not in columns:
            columns[key] = column
    missing = [key for key in _REQUIRED_COLUMNS if key not in columns]
    if missing:
        problems += [
            TemplateProblem("Lines", "", _("no column named {key!r} in row 1").format(key=key))
            for key in missing
        ]
        return []
    body = list(table)
    while body and all(is_blank(v) for v in body[-1]):
        body.pop()  # formatted but empty rows at the end
    if len(body) > MAX_LINES:
        problems.append(
            TemplateProblem(
                "Lines",
                "",
                _("more than {n} rows; a case has at most {n} lines").format(n=MAX_LINES),
            )
        )
        return []
    rows: list[TemplateRow] = []
    names: dict[str, int] = {}
    for row, cells in enumerate(body, 2):
        cells = tuple(cells)
        values = {
            key: cells[col - 1] if col <= len(cells) else None for key, col in columns.items()
        }
        if all(is_blank(v) for v in values.values()):
            continue
        cells = {key: f"Lines!{get_column_letter(col)}{row}" for key, col in columns.items()}
        line = _read_row(values, cells, start_year, horizon, categories, problems)
        if line is None:
            continue
        key = line.name.casefold()
        if key in names:
            problems.append(
                TemplateProblem(
                    "Lines",
                    f"{get_column_letter(columns['name'])}{row}",
                    _("the name {n!r} is already used in row {r}").format(
                        n=line.name, r=names[key]
                    ),
                )
            )
            continue
        names[key] = row
        rows.append(TemplateRow(line=line, row=row, cells=cells))
    if not rows and not problems:
        problems.append(
            TemplateProblem("Lines", "", _("no lines found below the column names in row 1"))
        )
    return rows


def read_template(
    source: str | Path | IO[bytes],
    *,
    start_year: int | None = None,
    horizon_years: int | None = None,
    categories: Mapping[str, str] | None = None,
) -> TemplateContents:
    """Read a filled-in template: its settings (None if the Case sheet has problems), its rows
    and every problem found.

    Years are interpreted with ``start_year`` and ``horizon_years`` when given (the web upload
    passes the case's), otherwise with the Case sheet's. ``categories`` (key → label), when
    given, are the only categories accepted, by key or label.
    """
    try:  # read once: the live-formula model is opened twice (values, then formulas)
        data = safety.read_bounded(
            source, max_bytes=MAX_FILE_BYTES, name=safety.source_name(source)
        )
    except safety.UnsafeFileError as exc:
        return TemplateContents(None, [], [TemplateProblem(_("workbook"), "", exc.problem)])
    workbook, problems = _open(data, name=safety.source_name(source))
    if workbook is None:
        return TemplateContents(None, [], problems)
    try:
        if model_reader.is_model(workbook):
            return model_reader.read_model(
                data,
                workbook,
                start_year=start_year,
                horizon_years=horizon_years,
                categories=categories,
                read_row=_read_row,
            )
        return _read_contents(workbook, problems, start_year, horizon_years, categories)
    finally:
        workbook.close()


def _read_contents(workbook, problems, start_year, horizon_years, categories) -> TemplateContents:
    needs_settings = start_year is None or horizon_years is None
    settings_problems: list[TemplateProblem] = []
    settings = _read_settings(workbook, settings_problems)
    if needs_settings:
        problems += settings_problems
        if settings is not None:
            start_year = settings.start_year if start_year is None else start_year
            horizon_years = settings.horizon_years if horizon_years is None else horizon_years
    rows = _read_lines(workbook, start_year, horizon_years, categories, problems)
    return TemplateContents(settings, rows, problems)


def read_template_lines(
    source: str | Path | IO[bytes],
    *,
    start_year: int | None = None,
    horizon_years: int | None = None,
    categories: Mapping[str, str] | None = None,
) -> tuple[list[TemplateRow], list[TemplateProblem]]:
    """The rows of the Lines sheet and every problem (see ``read_template``)."""
    contents = read_template(
        source, start_year=start_year, horizon_years=horizon_years, categories=categories
    )
    return contents.rows, contents.problems


def read_case_template(source: str | Path | IO[bytes]) -> Case:
    """A filled-in template, or the live-formula model of one option, as a core Case (the
    model's with its basis, inflation, optimism bias and rates); CaseFileError lists every
    problem with its cell."""
    from civicshift.formats.cases.file import CaseFileError  # cases.file dispatches .xlsx here

    name = str(source) if isinstance(source, str | Path) else getattr(source, "name", "<xlsx>")
    try:
        data = safety.read_bounded(source, max_bytes=MAX_FILE_BYTES, name=name)
    except safety.UnsafeFileError as exc:
        raise CaseFileError(name, [CaseError(exc.problem)]) from None
    model = model_reader.read_model_workbook(data)
    if model is not None:  # the live-formula model: the whole case it states
        if not model.problems and len(model.options) != 1:
            model.problems.append(
                TemplateProblem("workbook", "", _("it holds {n} options: one is read here").format(
                    n=len(model.options)))
            )  # fmt: skip
        if model.problems:
            raise CaseFileError(name, [CaseError(str(p)) for p in model.problems])
        return model.options[0].case
    contents = read_template(io.BytesIO(data))
    if contents.problems:
        raise CaseFileError(name, [CaseError(str(p)) for p in contents.problems])
    settings = contents.settings
    try:
        return Case(
            title=settings.title,
            start_year=settings.start_year,
            horizon_years=settings.horizon_years,
            discount_rate=settings.discount_rate,
            lines=tuple(row.line.core_line() for row in contents.rows),
        )
    except CaseError as exc:
        where = ""
        if exc.line_index is not None:
            row = contents.rows[exc.line_index]
            where = row.cell("name") + ": "
        raise CaseFileError(name, [CaseError(f"{where}{exc.detail}", field=exc.field)]) from None
