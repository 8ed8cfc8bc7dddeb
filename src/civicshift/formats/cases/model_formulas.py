"""The uploaded model's formulas must still be the ones CivicShift wrote.

CivicShift reads the Assumptions sheet's inputs only. So that nobody loses a change made
elsewhere — a typed-over schedule cell, an edited NPV formula — the model is laid out again
for the inputs read (its options, their lines, ramp-up columns and horizon) and every formula
cell of that layout must hold the same formula in the upload: one that now holds a value or
another formula is refused, naming its sheet and cell. Formula texts depend on the layout only,
never on the amounts (``workbook``), so the comparison is exact after ``normal``.

No Django here.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from gettext import gettext as _
from typing import Any

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
) -> bytes:
    """The model CivicShift would write for what was read: ``names`` are every option of the
    Summary sheet in order (those not in ``options`` had no figures)."""
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
    return writer.write_case_workbook(report, ramp_columns=ramp_columns)


def changed_formulas(data: bytes, expected: bytes) -> list[TemplateProblem]:
    """Every formula of ``expected`` that the uploaded ``data`` does not hold any more."""
    from openpyxl import load_workbook

    wanted_book = load_workbook(io.BytesIO(expected))
    uploaded = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        problems: list[TemplateProblem] = []
        changed = 0
        for sheet in wanted_book.worksheets:
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
            for key in MAY_BE_VALUES:
                where = named(wanted_book, key)
                if where and where[0] == sheet.title:
                    wanted.pop(where[1], None)  # the reader checked what replaced it
            found = {}
            for row in uploaded[sheet.title].iter_rows(
                max_row=sheet.max_row, max_col=sheet.max_column
            ):
                for c in row:
                    if getattr(c, "coordinate", None) in wanted:
                        found[c.coordinate] = c.value
            for ref, formula in wanted.items():
                got = found.get(ref)
                if isinstance(got, str) and got.startswith("=") and normal(got) == normal(formula):
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
