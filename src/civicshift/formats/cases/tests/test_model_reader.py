"""The live-formula model uploaded back (issue #7, "Bad input": a workbook with its formulas
altered is refused, naming the cell; CivicShift reads the Assumptions sheet only)."""

from __future__ import annotations

import dataclasses
import io

import pytest
from openpyxl import load_workbook

from civicshift.core.cases import Case, Estimate, Line
from civicshift.formats.cases.file import CaseFileError
from civicshift.formats.cases.template_reader import read_case_template, read_template
from civicshift.formats.cases.tests.test_documents import build_report, issue_case
from civicshift.formats.cases.workbook import write_case_model, write_case_workbook

SCHEDULE = "Schedule – Online permitting"


def edit(content: bytes, changes: dict[tuple[str, str], object]) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    for (sheet, ref), value in changes.items():
        workbook[sheet][ref] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cell_of(content: bytes, line: str, header: str) -> str:
    sheet = load_workbook(io.BytesIO(content))["Assumptions"]
    head = next(r for r in sheet.iter_rows() if r[1].value == "Line")
    column = next(c.column_letter for c in head if c.value == header)
    row = next(r[0].row for r in sheet.iter_rows(min_row=head[0].row) if r[1].value == line)
    return f"{column}{row}"


def test_an_unchanged_model_reads_as_its_case():
    case = issue_case()
    content = write_case_model(case)
    contents = read_template(io.BytesIO(content))
    assert contents.problems == []
    assert [row.line.name for row in contents.rows] == [ln.name for ln in case.lines]
    assert read_case_template(io.BytesIO(content)).lines == case.lines


def test_the_assumptions_are_read_as_the_template_values():
    content = write_case_model(issue_case())
    likely = cell_of(content, "Subscription", "Likely")
    year = cell_of(content, "Staff time released", 2037)  # FY2037: the last year
    changed = edit(content, {("Assumptions", likely): 111_000, ("Assumptions", year): None})
    line = read_case_template(io.BytesIO(changed)).lines
    assert line[1].amount == Estimate(90_000, 111_000, 130_000)
    assert line[2].periods == tuple(range(1, 10))


@pytest.mark.parametrize(
    ("changes", "cells"),
    [
        ({(SCHEDULE, "K19"): 5}, ["K19"]),  # a number typed over a schedule cell
        ({(SCHEDULE, "B5"): "=1+1", (SCHEDULE, "J24"): "=J22*2"}, ["B5", "J24"]),
        ({("Summary", "C7"): 1_000_000}, ["C7"]),
    ],
)
def test_a_changed_formula_is_refused_naming_its_cell(changes, cells):
    content = edit(write_case_model(issue_case()), changes)
    contents = read_template(io.BytesIO(content))
    assert contents.rows == []
    sheets = {sheet for sheet, _ref in changes}
    assert [(p.sheet, p.cell) for p in contents.problems] == [
        (sheet, ref) for sheet in ("Summary", "Assumptions", SCHEDULE) if sheet in sheets
        for (s, ref) in changes if s == sheet
    ]  # fmt: skip
    assert sorted(p.cell for p in contents.problems) == sorted(cells)
    for problem in contents.problems:
        assert "the formula was changed; CivicShift reads the Assumptions sheet only" in str(
            problem
        )
        assert str(problem).startswith(f"{problem.sheet}!{problem.cell}: ")
    with pytest.raises(CaseFileError, match="K19|B5|C7"):
        read_case_template(io.BytesIO(content))


def test_a_changed_fisher_formula_is_refused_too():
    content = write_case_model(issue_case())
    book = load_workbook(io.BytesIO(content))
    sheet, ref = next(iter(book.defined_names["REAL_RATE"].destinations))
    contents = read_template(io.BytesIO(edit(content, {(sheet, ref.replace("$", "")): 0.01})))
    assert [(p.sheet, p.cell) for p in contents.problems] == [("Assumptions", "B13")]


def test_problems_in_the_assumptions_name_their_cell():
    content = write_case_model(issue_case())
    likely = cell_of(content, "Subscription", "Likely")
    low = cell_of(content, "Staff time released", "Low")
    changed = edit(content, {("Assumptions", likely): "lots", ("Assumptions", low): 500_000})
    problems = [str(p) for p in read_template(io.BytesIO(changed)).problems]
    assert problems[0].startswith(f"Assumptions!{likely}: 'lots' is text, not a number")
    assert f"Assumptions!{low}: low (500,000.00) is greater than likely (180,000.00)" in problems


def test_years_apart_cannot_be_uploaded_as_template_rows_but_per_year_lines_can():
    """The template's rows hold one run of years; a line given per year fills the years
    between with 0 (the same flows), a line with years apart is refused naming the gap."""
    case = Case(
        "Refresh", 2027, 6, 0.03,
        (
            Line("Laptops", "cost", Estimate.point(1_000), (0, 3, 6)),
            Line("Grant", "benefit", Estimate.point(1), (1, 3), per_year=(500, 700)),
        ),
    )  # fmt: skip
    content = write_case_model(case)
    (laptops,) = read_template(io.BytesIO(content)).problems
    assert laptops.cell == cell_of(content, "Laptops", 2028)  # the first empty year
    assert "one run of consecutive years per line (FY2028 is empty" in laptops.message
    without = dataclasses.replace(case, lines=case.lines[1:])
    (row,) = read_template(io.BytesIO(write_case_model(without))).rows
    assert (row.line.first_period, row.line.last_period) == (1, 3)
    assert row.line.per_year == (500, 0, 700)
    assert read_case_template(io.BytesIO(content)) == case  # the core case keeps its years


def test_a_model_of_several_options_is_refused_as_template_rows():
    problems = read_template(io.BytesIO(write_case_workbook(build_report()))).problems
    assert [str(p) for p in problems] == [
        "Assumptions: this workbook holds 2 options; upload the model of one option "
        "(download it from the option's page, or use the template)"
    ]


def test_the_rates_of_a_case_may_be_values():
    case = dataclasses.replace(issue_case(), finance_rate=0.05, reinvest_rate=0.02)
    assert read_template(io.BytesIO(write_case_model(case))).problems == []
