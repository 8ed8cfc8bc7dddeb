"""Exports: formula injection neutralised in both formats, and a round trip through the reader."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from civicshift.formats.inventory import reader, writer

SYSTEMS = [
    {
        "external_id": "FIN-01",
        "name": "Financial System",
        "category": "finance_erp",
        "departments": ["Finance", "Public Works"],
        "vendor": "Tyler",
        "hosting": "on_premises",
        "year_deployed": 1998,
        "cost_maintenance": Decimal("48000.00"),
        "staff_fte": Decimal("0.50"),
        "support_extended_end": dt.date(2028, 9, 30),
        "regulated_data": ["pii", "federal_tax"],
        "criticality": "mission_critical",
        "mfa": "none",
        "sso": "no",
        "notes": "Runs on the AS/400 in the basement; Señor Díaz knows it.",
    },
    {
        "name": '=HYPERLINK("http://evil.example","Click")',
        "vendor": "+cmd|' /C calc'!A0",
        "product": "-2+3",
        "product_version": "@SUM(1+1)",
        "owner": "\tTabbed",
        "notes": "\rCarriage",
        "category": "other",
    },
]

# OWASP, "CSV Injection": cells beginning with = + - @ tab or carriage return are neutralised
# by prefixing a single quote (https://owasp.org/www-community/attacks/CSV_Injection).
DANGEROUS = ["=", "+", "-", "@", "\t", "\r"]


def test_neutralise_prefixes_exactly_the_owasp_characters():
    for first in DANGEROUS:
        assert writer.neutralise(first + "x") == "'" + first + "x"
    for safe in ("x=1", "Finance", "'already", " =lead space", "1-2"):
        assert writer.neutralise(safe) == safe


def test_csv_export_is_utf8_with_bom_and_no_cell_starts_with_a_formula_character():
    buffer = io.BytesIO()
    writer.write_csv(SYSTEMS, buffer)
    data = buffer.getvalue()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    import csv

    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0][:3] == ["Your ID", "System name", "Category"]
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(tuple(DANGEROUS)), cell
    assert "'=HYPERLINK(" in text and "'+cmd|" in text and "'-2+3" in text


def test_xlsx_export_writes_text_not_formulas_and_neutralises_it(tmp_path):
    path = tmp_path / "export.xlsx"
    writer.write_xlsx(SYSTEMS, path)
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet  # no formula element at all
    book = openpyxl.load_workbook(path)
    cells = [c.value for row in book.active.iter_rows(min_row=2) for c in row]
    texts = [c for c in cells if isinstance(c, str)]
    assert '\'=HYPERLINK("http://evil.example","Click")' in texts
    for text in texts:
        assert not text.startswith(tuple(DANGEROUS)), text
    first = [c.value for c in book.active[2]]
    assert dt.datetime(2028, 9, 30) in first  # a real date cell
    assert 48000 in first and 0.5 in first  # real numbers


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_an_export_imports_back_to_the_same_values(tmp_path, suffix):
    path = tmp_path / f"systems.{suffix}"
    (writer.write_csv if suffix == "csv" else writer.write_xlsx)(SYSTEMS, path)
    table = reader.read_table(path)
    parsed = reader.parse_rows(table)
    assert not parsed.problems and not parsed.ignored_columns
    assert [row.values for row in parsed.rows] == SYSTEMS
