"""The model writer's short-cut around XlsxWriter's formula preparation (``ModelWorksheet``)
and the in-memory formulas the upload's check compares with (``case_workbook_formulas``):
both must give exactly what XlsxWriter and the written file give."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from xlsxwriter.worksheet import Worksheet

from civicshift.formats.cases import workbook
from civicshift.formats.cases.tests.test_documents import build_report
from civicshift.formats.cases.workbook import ModelWorksheet, case_workbook_formulas


@pytest.mark.parametrize(
    "formula",
    [
        "=I$24+NPV(DISCOUNT_RATE,J$24:L$24)",
        "=SUMPRODUCT(I$22:L$22,I$26:L$26)",
        "=XLOOKUP(1,A1:A3,B1:B3)",  # rewritten by XlsxWriter: _xlfn.XLOOKUP
        "=SORT(A1:A3)",  # _xlfn._xlws.SORT
        "=ASINGLE(A1)",  # XlsxWriter's \\SINGLE pattern matches any character before SINGLE
        "{=SUM(A1:A3*B1:B3)}",
        "=_xlfn.STDEV.S(A1:A3)",
        "SUM(A1:A2)",
    ],
)
def test_the_short_cut_prepares_formulas_as_xlsxwriter_does(formula):
    assert ModelWorksheet()._prepare_formula(formula) == Worksheet()._prepare_formula(formula)


def test_the_written_model_is_byte_for_byte_the_same_without_the_short_cut(monkeypatch):
    report = build_report()
    fast = workbook.write_case_workbook(report)
    monkeypatch.setattr(workbook._ModelWorkbook, "worksheet_class", Worksheet)
    plain = workbook.write_case_workbook(report)
    assert fast == plain


def test_the_formulas_laid_out_in_memory_are_the_written_files():
    report = build_report()
    book = load_workbook(io.BytesIO(workbook.write_case_workbook(report)))
    written = {
        sheet.title: {c.coordinate: c.value for row in sheet.iter_rows() for c in row
                      if c.data_type == "f"}
        for sheet in book.worksheets
    }  # fmt: skip
    assert case_workbook_formulas(report) == written
    assert sum(len(cells) for cells in written.values()) > 100
