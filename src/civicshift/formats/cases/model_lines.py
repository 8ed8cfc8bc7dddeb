"""The line table of the uploaded model's Assumptions sheet, read row by row.

Each row is one line of one option: its option and name, kind, category, whether it counts in
the NPV, its distribution and low / likely / high as typed, its multiplier, yearly increase,
whether it is given per year, its one-time flag, its ramp-up shares, a 1 under each fiscal year
it has an amount, and — for a line given per year — the amounts under "Amount in FY…". Every
value is read as the workbook's formulas read it (``model_values``); problems name the cell.

No Django here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from gettext import gettext as _
from typing import Any

from openpyxl.utils import get_column_letter

from civicshift.core.cases import Case, CaseError
from civicshift.formats.cases import model_values as value
from civicshift.formats.cases.model_data import ModelLine
from civicshift.formats.cases.template_data import TemplateProblem
from civicshift.formats.cases.template_values import BadValue, as_category

ASSUMPTIONS = "Assumptions"
MAX_LINES = 1000
MAX_RAMP_COLUMNS = 60


@dataclass(frozen=True)
class LineTable:
    head: int  # the header row (1-based)
    ramp_columns: int
    col: Mapping[str, int]  # key → 1-based column
    flag_col: int  # period 0's flag
    per_year_col: int  # period 0's amount (lines given per year)
    horizon: int  # the fiscal-year columns there are, less one (period 0)


def table_of(grid, settings) -> LineTable | TemplateProblem:
    """Where the line table is, or a problem saying it was changed."""
    from civicshift.formats.cases import workbook as writer

    option_header, line_header = _("Option"), _("Line")
    head = next(
        (r for (r, c), v in sorted(grid.cells.items()) if c == 2 and v == line_header
         and grid[(r, 1)] == option_header),
        None,
    )  # fmt: skip
    if head is None:
        return TemplateProblem(ASSUMPTIONS, "", _("no table of lines (row 'Line')"))
    ramp_prefix = _("Share in the line's year {n} (ramp-up)").split("{n}")[0]
    for k in range(writer.MIN_RAMP_COLUMNS, MAX_RAMP_COLUMNS):
        specs = writer._line_columns(k)
        if all(grid[(head, i + 1)] == spec.header for i, spec in enumerate(specs)) and not str(
            grid[(head, len(specs) + 1)] or ""
        ).startswith(ramp_prefix):
            break
    else:
        return TemplateProblem(ASSUMPTIONS, f"A{head}", _(
            "the columns of the lines were changed (or the model was written by an older "
            "CivicShift): download the model again"))  # fmt: skip
    col = {spec.key: i + 1 for i, spec in enumerate(specs)}
    flag_col = len(specs) + 1
    horizon = -1
    while isinstance(grid[(head, flag_col + horizon + 1)], int | float):
        horizon += 1
    if horizon < 0:
        return TemplateProblem(ASSUMPTIONS, f"{get_column_letter(flag_col)}{head}", _(
            "no fiscal-year columns: the years above the 1s (e.g. 2026) start here"))  # fmt: skip
    problem = _year_headers(grid, head, flag_col, horizon)
    if problem is not None:
        return problem
    return LineTable(head, k, col, flag_col, flag_col + horizon + 1, horizon)


def _year_headers(grid, head: int, flag_col: int, horizon: int) -> TemplateProblem | None:
    """The fiscal years a line table has: one column per year above the 1s, one year apart, and
    an "Amount in FY…" column for each of the same years, in the same order. A year added or
    removed in one block and not in the other would read the amounts of the wrong years."""
    first = int(grid[(head, flag_col)])
    last = first + horizon
    per_year_col = flag_col + horizon + 1
    amount = _("Amount in FY{y}")
    prefix = amount.split("{y}")[0]
    for t in range(horizon + 1):
        if grid[(head, flag_col + t)] != first + t:
            message = _(
                "the fiscal years above the 1s run one year apart from {a}: this column should "
                "be {y} (insert or remove whole years, at the end)"
            ).format(a=first, y=first + t)
            return TemplateProblem(ASSUMPTIONS, f"{get_column_letter(flag_col + t)}{head}", message)
    for t in range(horizon + 1):
        header = grid[(head, per_year_col + t)]
        if str(header or "").strip() != amount.format(y=first + t):
            message = _(
                "the years above the 1s are FY{a}–FY{b}, so the amounts per year need a column "
                "headed {h!r} here: add or remove a year in both places, the 1s and the amounts"
            ).format(a=first, b=last, h=amount.format(y=first + t))
            ref = f"{get_column_letter(per_year_col + t)}{head}"
            return TemplateProblem(ASSUMPTIONS, ref, message)
    after_col = per_year_col + horizon + 1
    after = str(grid[(head, after_col)] or "").strip()
    if after.startswith(prefix):
        message = _(
            "there is an amount column {h!r} but the years above the 1s end at FY{b}: add the "
            "year there too, or remove this column"
        ).format(h=after, b=last)
        return TemplateProblem(ASSUMPTIONS, f"{get_column_letter(after_col)}{head}", message)
    return None


def _ref(col: int, row: int) -> str:
    return f"{ASSUMPTIONS}!{get_column_letter(col)}{row}"


def read_lines(
    grid, table: LineTable, settings, categories: Mapping[str, str] | None, problems: list
) -> tuple[dict[str, list[ModelLine | None]], dict[str, int]]:
    """option name → its lines in order (None for a line with a problem, reported), and
    option name → the row of its first line."""
    by_option: dict[str, list[ModelLine | None]] = {}
    option_rows: dict[str, int] = {}
    horizon = table.horizon
    last_col = table.per_year_col + horizon
    r = table.head + 1
    while any(grid[(r, c)] is not None for c in range(1, last_col + 1)):
        if r > table.head + MAX_LINES:
            problems.append(TemplateProblem(ASSUMPTIONS, "", _("more than {n} lines").format(
                n=MAX_LINES)))  # fmt: skip
            break
        line, option = read_line(grid, table, r, settings, categories, problems)
        option_rows.setdefault(option, r)
        by_option.setdefault(option, []).append(line)
        r += 1
    return by_option, option_rows


def read_line(grid, table: LineTable, r: int, settings, categories, problems):
    """(the line of row ``r`` or None after reporting its problems, its option name)."""
    col, before = table.col, len(problems)
    cells = {key: _ref(c, r) for key, c in col.items()}
    cells["flags"] = _ref(table.flag_col, r)
    cells["per_year_amounts"] = _ref(table.per_year_col, r)

    def read(key: str, parse, c: int | None = None) -> Any:
        c = col[key] if c is None else c
        try:
            return parse(grid[(r, c)])
        except BadValue as exc:
            problems.append(TemplateProblem(ASSUMPTIONS, f"{get_column_letter(c)}{r}", str(exc)))
            return None

    option = read("option", value.text) or ""
    if not option:
        problems.append(TemplateProblem(ASSUMPTIONS, f"A{r}", _("the option's name is empty")))
    name = read("name", value.text)
    if name == "":
        problems.append(TemplateProblem(ASSUMPTIONS, f"B{r}", _("a line needs a name")))
    kind = read("kind", lambda v: value.word(v, ("cost", "benefit"), _("kind")))
    category = read("category", lambda v: _category(v, categories))
    in_npv = read("in_npv", lambda v: value.word(v, (_("yes"), _("no")), _("in the NPV")))
    dist = read("distribution", lambda v: value.word(
        v, ("point", "triangular", "pert"), _("the distribution")))  # fmt: skip
    amounts = {k: read(k, value.number) for k in ("low", "likely", "high")}
    for key in ("likely",) if dist == "point" else ("low", "likely", "high"):
        if amounts[key] is None and grid[(r, col[key])] is None:
            problems.append(TemplateProblem(ASSUMPTIONS, cells[key].split("!")[1], _(
                "{k} is empty: type a number (a single figure needs its likely one only)"
            ).format(k=key)))  # fmt: skip
    if dist == "point":  # a single figure is its likely one, whatever low and high say
        amounts["low"] = amounts["high"] = amounts["likely"]
    low, likely, high = amounts["low"], amounts["likely"], amounts["high"]
    if None not in (low, likely, high):  # the amounts as typed, before the multiplier
        for key, a, b in (("low", low, likely), ("high", likely, high)):
            if a > b:
                problems.append(TemplateProblem(ASSUMPTIONS, cells[key].split("!")[1], _(
                    "low ({a}) is greater than likely ({b})" if key == "low"
                    else "likely ({a}) is greater than high ({b})"
                ).format(a=f"{a:,.2f}", b=f"{b:,.2f}")))  # fmt: skip
    multiplier = read("multiplier", value.number)
    if multiplier is not None and multiplier < 0:
        problems.append(TemplateProblem(ASSUMPTIONS, cells["multiplier"].split("!")[1], _(
            "the rate or probability must not be negative")))  # fmt: skip
    escalation = read("escalation", lambda v: value.rate(v, _("yearly increase"), optional=True))
    per_year_flag = read("per_year", lambda v: value.word(v, (_("yes"), _("no")), _("per year")))
    one_time = read("one_time", lambda v: value.word(v, (_("yes"), _("no")), _("one-time")))
    shares = [
        read(f"ramp{k}", lambda v: _share(v)) for k in range(table.ramp_columns)
    ]  # fmt: skip
    periods = tuple(
        t for t in range(table.horizon + 1) if read("flags", value.flag, table.flag_col + t)
    )
    if not periods and len(problems) == before:
        problems.append(
            TemplateProblem(
                ASSUMPTIONS,
                cells["flags"].split("!")[1],
                _("the line has no year: type 1 under each fiscal year in which it has an amount"),
            )
        )
    per_year: tuple[float, ...] = ()
    if per_year_flag == _("yes"):
        per_year = tuple(
            read("per_year", _amount, table.per_year_col + t) or 0.0 for t in periods
        )  # an empty cell is 0 to the formulas too
    if len(problems) > before:
        return None, option
    ramp = list(shares)
    while ramp and ramp[-1] == 1:
        ramp.pop()  # 100% after the ramp-up: the columns show 1 for the years past it
    line = ModelLine(
        name=name, kind=kind, low=amounts["low"], likely=amounts["likely"],
        high=amounts["high"], distribution=dist, periods=periods, category=category,
        multiplier=multiplier, escalation=escalation or 0.0,
        ramp=() if per_year else tuple(ramp), in_npv=in_npv == _("yes"),
        per_year=per_year, row=r, cells=cells,
    )  # fmt: skip
    if per_year and ramp:
        problems.append(
            TemplateProblem(
                ASSUMPTIONS,
                cells["ramp0"].split("!")[1],
                _("amounts per year are used as given: leave the ramp-up shares at 100%"),
            )
        )
        return None, option
    problem = _line_problem(line, settings)
    if problem is None and (one_time == _("yes")) != line.core_line().one_time:
        problem = TemplateProblem(ASSUMPTIONS, cells["one_time"].split("!")[1], _(
            "the one-time column follows the category (licences, hardware… are one-time; a "
            "subscription is recurring) and, without one, whether the line is in a single "
            "year: CivicShift would say {v}. Change the category instead").format(
                v=_("yes") if line.core_line().one_time else _("no")))  # fmt: skip
    if problem is not None:
        problems.append(problem)
        return None, option
    return line, option


def _category(v, categories: Mapping[str, str] | None) -> str:
    try:
        return as_category(value.text(v), categories)
    except BadValue:
        choices = ", ".join(str(label) for label in (categories or {}).values())
        raise BadValue(
            _("{v} is not a category; use one of: {choices}").format(v=repr(v), choices=choices)
        ) from None


def _share(v) -> float:
    share = value.number(v)
    if share is None:
        raise BadValue(_("the share is empty: type a share between 0 and 1 (1 = all of it)"))
    if not 0 <= share <= 1:
        raise BadValue(_("a ramp-up share is between 0% and 100% (got {v})").format(v=v))
    return share


def _amount(v) -> float | None:
    amount = value.number(v)
    if amount is not None and amount < 0:
        raise BadValue(_("{v} is negative: amounts are positive, the kind gives the direction")
                       .format(v=f"{amount:,.2f}"))  # fmt: skip
    return amount


def _line_problem(line: ModelLine, settings) -> TemplateProblem | None:
    """The first problem the core finds with this line alone, at its cell."""
    from civicshift.formats.cases.model_reader import LINE_FIELDS

    try:
        Case("check", settings.start_year, settings.horizon_years, 0.0, (line.core_line(),))
    except CaseError as exc:
        field = exc.field or "name"
        if field.startswith("ramp["):
            key = "ramp" + field[5:-1]
        elif field.startswith("per_year"):
            key = "per_year_amounts"
        else:
            key = LINE_FIELDS.get(field, "name")
        sheet, _sep, ref = line.cell(key).partition("!")
        return TemplateProblem(sheet, ref, exc.detail)
    return None
