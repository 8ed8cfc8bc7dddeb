"""The uploaded model's formulas must still be the ones CivicShift wrote.

CivicShift reads the Assumptions sheet's inputs only. So that nobody loses a change made
elsewhere — a typed-over schedule cell, an edited NPV formula — the model is laid out again
in memory for the inputs read (its options, their lines, ramp-up columns and horizon; the
formulas taken from the laid-out sheets, no file written and read back) and every formula
cell of that layout must hold the same formula in the upload: one that now holds a value or
another formula is refused, naming its sheet and cell. Formula texts depend on the layout only,
never on the amounts (``workbook``), so the comparison is exact after ``normal``.

No Django here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from gettext import gettext as _
from typing import Any

from openpyxl.utils.cell import coordinate_to_tuple

from civicshift.formats.cases.model_data import ModelOption, ModelSettings
from civicshift.formats.cases.template_data import TemplateProblem

MAX_PROBLEMS = 20  # changed formulas listed; the rest are counted
#: Settings whose formula (=DISCOUNT_RATE) may be replaced by a rate of their own.
MAY_BE_VALUES = ("FINANCE_RATE", "REINVEST_RATE")

_NUMBER = re.compile(r"(?<![A-Z$0-9_.])\d+(?:\.\d*)?(?:E[+-]?\d+)?")


def normal(formula: Any) -> str:
    """A formula as Excel, LibreOffice and openpyxl may write it: same meaning, same text."""
    text = str(formula).strip().lstrip("=")
    text = re.sub(r"_xl(fn|ws)\.", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s+", "", text).upper()
    # Numbers as their value: LibreOffice writes 1e-12 as 0.000000000001 (not a cell's row
    # number: those follow a letter or $).
    return _NUMBER.sub(lambda m: repr(float(m.group())), text)


def named(workbook, name: str) -> tuple[str, str] | None:
    """(sheet, "B8") of a workbook-scoped defined name, or None."""
    try:
        sheet, ref = next(iter(workbook.defined_names[name].destinations))
    except (KeyError, StopIteration, TypeError, ValueError, AttributeError):
        return None
    return sheet, ref.replace("$", "")


def expected_model(
    settings: ModelSettings, options: list[ModelOption], names: list[str], ramp_columns: int
) -> dict[str, dict[str, str]]:
    """Every formula CivicShift would write for what was read, by sheet and cell: ``names``
    are every option of the Summary sheet in order (those not in ``options`` had no figures).
    The sheets are laid out in memory, never written to a file and read again."""
    from civicshift.core.cases import analyze
    from civicshift.formats.cases import workbook as writer
    from civicshift.formats.cases.report import CaseReport, OptionReport, option_report

    by_name = {option.name: option for option in options}
    reports = tuple(
        option_report(name, by_name[name].case, analyze(by_name[name].case))
        if name in by_name
        else OptionReport(name=name, problem=_("no figures"))
        for name in names
    )
    report = CaseReport(
        title=settings.title, organization="", prepared_on=dt.date.today(), version="",
        start_year=settings.start_year, horizon_years=settings.horizon_years,
        discount_rate=settings.discount_rate, iterations=0, seed=0,
        payback_target_years=settings.horizon_years, options=reports,
    )  # fmt: skip
    return writer.case_workbook_formulas(report, ramp_columns=ramp_columns)


def changed_formulas(
    uploaded,
    expected: Mapping[str, Mapping[str, str]],
    *,
    sheets: tuple[str, ...] | None = None,
    known: Mapping[str, Mapping[tuple[int, int], Any]] | None = None,
) -> list[TemplateProblem]:
    """Every formula of ``expected`` that the ``uploaded`` workbook (opened with its formulas)
    does not hold any more, on the sheets titled ``sheets`` only when given. ``known``: cells
    already read, {sheet title: {(row, column): value}} (1-based), not read again."""
    problems: list[TemplateProblem] = []
    changed = 0
    for title, formulas in expected.items():
        if sheets is not None and title not in sheets:
            continue
        if title not in uploaded.sheetnames:
            problems.append(TemplateProblem(title, "", _(
                "the sheet is missing; CivicShift reads the Assumptions sheet only, but the "
                "model's formulas must stay as they were"
            )))  # fmt: skip
            continue
        wanted = dict(formulas)
        for key in MAY_BE_VALUES:
            where = named(uploaded, key)
            if where and where[0] == title:
                wanted.pop(where[1], None)  # the reader checked what replaced it
        if not wanted:
            continue
        positions = {coordinate_to_tuple(ref): ref for ref in wanted}
        if known is not None and title in known:
            cells = known[title]
            found = {ref: cells.get(at) for at, ref in positions.items()}
        else:
            found = _read(uploaded[title], positions)
        for at in sorted(positions):
            ref = positions[at]
            got = found.get(ref)
            if isinstance(got, str) and got.startswith("=") and normal(got) == normal(wanted[ref]):
                continue
            changed += 1
            if changed <= MAX_PROBLEMS:
                problems.append(TemplateProblem(title, ref, _(
                    "the formula was changed; CivicShift reads the Assumptions sheet only. "
                    "Put the change there (an amount, a year, a rate) and upload again, or "
                    "download the model again"
                )))  # fmt: skip
    if changed > MAX_PROBLEMS:
        problems.append(TemplateProblem("workbook", "", _(
            "{n} more formulas were changed"
        ).format(n=changed - MAX_PROBLEMS)))  # fmt: skip
    return problems


def _read(sheet, positions: Mapping[tuple[int, int], str]) -> dict[str, Any]:
    """The values (formula texts) of a read-only sheet at ``positions``, by reference."""
    max_row = max(r for r, _c in positions)
    max_col = max(c for _r, c in positions)
    found: dict[str, Any] = {}
    for r, row in enumerate(sheet.iter_rows(max_row=max_row, max_col=max_col), 1):
        for c, item in enumerate(row, 1):
            ref = positions.get((r, c))
            if ref is not None:
                found[ref] = getattr(item, "value", None)
    return found
