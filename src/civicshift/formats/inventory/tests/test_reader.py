"""Reading the messy spreadsheets real towns keep (fixtures built in ``fixtures.py``)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest

from civicshift.formats.inventory import reader, workbook
from civicshift.formats.inventory.mapping import MappingError

from . import fixtures


def by_row(parsed):
    return {row.row: row for row in parsed.rows}


@pytest.fixture
def town(tmp_path):
    table = reader.read_table(fixtures.town_workbook(tmp_path / "Millbrook inventory.xlsx"))
    return table, reader.parse_rows(table)


def test_town_workbook_finds_the_headers_under_the_title(town):
    table, parsed = town
    assert table.kind == "xlsx" and table.sheet == "Inventory 2026"
    assert table.header_row == 3
    assert table.headers[:3] == ["Sys ID", "System Name", "Category"]
    assert any("Row(s) 1 above the headers (row 3)" in note for note in parsed.notes)


def test_town_workbook_skips_blank_section_and_repeated_header_rows_as_notes(town):
    _table, parsed = town
    assert [row.row for row in parsed.rows] == [4, 5, 6, 10, 11, 12, 13, 14]
    notes = " ".join(parsed.notes)
    assert "Blank rows skipped: 7." in notes
    assert "Repeated header rows skipped: 9." in notes
    assert "8 (“COMMUNITY DEVELOPMENT”)" in notes
    assert all(p.row not in (7, 8, 9) for p in parsed.problems)


def test_town_workbook_reads_every_date_and_amount_format(town):
    _table, parsed = town
    rows = by_row(parsed)
    first = rows[4].values
    assert first["name"] == "Financial System"  # trailing space dropped
    assert first["support_extended_end"] == dt.date(2028, 9, 30)  # a date cell
    assert first["year_deployed"] == 1998
    assert first["cost_maintenance"] == Decimal("48000.00")
    assert first["criticality"] == "mission_critical" and first["hosting"] == "on_premises"
    assert rows[5].values["cost_maintenance"] == Decimal("12500.00")  # "$12,500"
    assert rows[5].values["cost_licence"] == Decimal("12500.00")  # "12.5k"
    assert rows[5].values["support_extended_end"] == dt.date(2026, 10, 13)  # "10/13/2026"
    assert rows[6].values["support_extended_end"] == dt.date(2026, 10, 13)  # "13-Oct-2026"
    assert rows[10].values["support_extended_end"] == dt.date(2023, 3, 15)  # serial 45000
    assert rows[10].values["departments"] == ["Building", "Planning"]
    assert rows[14].values["cost_licence"] == Decimal("1200000.00")  # "1.2M"
    assert rows[14].values["support_extended_end"] == dt.date(2030, 12, 31)  # "Dec 31, 2030"
    assert rows[14].values["departments"] == ["Finance", "HR"]


def test_merged_department_cell_is_kept_on_its_first_row_only(town):
    _table, parsed = town
    rows = by_row(parsed)
    assert rows[5].values["departments"] == ["Police"]
    assert "departments" not in rows[6].values  # not guessed: the preview shows it empty
    assert rows[6].ok


def test_town_workbook_problems_name_row_column_and_cell(town):
    _table, parsed = town
    problems = {(p.row, p.column): p for p in parsed.problems}
    assert set(problems) == {
        (11, "Category"), (11, "Annual Maint"), (12, "System Name"), (13, "EOS date"),
        (13, "Contract Expires"),
    }  # fmt: skip
    assert problems[(11, "Category")].cell == "C11"
    assert "“Telecom” is not a known category" in problems[(11, "Category")].message
    assert "cannot be below zero" in problems[(11, "Annual Maint")].message
    assert problems[(12, "System Name")].cell == "B12"
    assert "also on row 4" in problems[(12, "System Name")].message
    assert problems[(13, "EOS date")].as_dict() == {
        "row": 13,
        "column": "EOS date",
        "message": "“soon” is not a date this importer reads; write it as 2026-10-13 or "
        "10/13/2026.",
        "cell": "L13",
    }
    assert [row.row for row in parsed.valid] == [4, 5, 6, 10, 14]
    assert [row.row for row in parsed.rejected] == [11, 12, 13]


def test_town_workbook_takes_a_formulas_cached_value_and_says_which_columns_are_ignored(town):
    table, parsed = town
    assert (
        table.rows[0] == (4, table.rows[0][1]) and table.rows[0][1][10] == 48000
    )  # "=I4+J4", as Excel saved it
    assert parsed.ignored_columns == ["Total $", "Vendor Contact"]
    assert "Columns ignored (not mapped to a field): “Total $”, “Vendor Contact”." in parsed.notes


def test_a_formula_never_calculated_is_a_problem_naming_the_cell(tmp_path):
    table = reader.read_table(fixtures.script_workbook(tmp_path / "script.xlsx"))
    parsed = reader.parse_rows(table)
    (problem,) = parsed.problems
    assert (problem.row, problem.column, problem.cell) == (3, "Annual maintenance cost", "C3")
    assert "formula whose result was never calculated" in problem.message
    assert [row.row for row in parsed.valid] == [2]


def test_access_export_in_windows_1252_with_capitals_and_trailing_spaces(tmp_path):
    table = reader.read_table(fixtures.access_csv(tmp_path / "SYSTEMS.csv"))
    assert (table.encoding, table.delimiter) == ("Windows-1252", ",")
    assert table.headers[1] == "SYSTEM_NAME"
    parsed = reader.parse_rows(table)
    assert not parsed.problems
    rows = by_row(parsed)
    assert rows[2].values["name"] == "PERMITS"
    assert rows[2].values["category"] == "permitting_licensing"
    assert rows[2].values["support_extended_end"] == dt.date(2020, 1, 14)
    assert rows[2].values["notes"] == "Built 2003 – Access 2003 mdb"  # the en dash, byte 0x96
    assert rows[3].values["notes"] == "Café server in basement"
    assert rows[4].values["cost_maintenance"] == Decimal("3600.00")
    assert rows[4].values["category"] == "asset_work_orders"
    assert "support_extended_end" not in rows[4].values


def test_as400_query_with_semicolons_cyymmdd_dates_and_ignored_columns(tmp_path):
    table = reader.read_table(fixtures.as400_csv(tmp_path / "QSYSINV.csv"))
    assert table.delimiter == ";"
    parsed = reader.parse_rows(table, fixtures.AS400_MAPPING)
    assert not parsed.problems
    rows = by_row(parsed)
    # IBM i 7.3's end of support, 2028-09-30, and 7.1's, 2024-04-30 (issue 8; endoflife.date).
    assert rows[2].values["support_extended_end"] == dt.date(2028, 9, 30)
    assert rows[3].values["support_extended_end"] == dt.date(2024, 4, 30)
    assert "support_extended_end" not in rows[4].values  # 0: no date
    assert rows[5].values["support_extended_end"] == dt.date(1999, 12, 31)
    assert rows[6].values["support_extended_end"] == dt.date(2024, 4, 30)  # YYYYMMDD
    assert rows[2].values["name"] == "GL/AP/AR"  # the name is not split like a list
    assert parsed.ignored_columns == ["CRTUSR", "RRN"]


def test_excel_utf8_csv_with_a_byte_order_mark(tmp_path):
    table = reader.read_table(fixtures.excel_utf8_csv(tmp_path / "systems.csv"))
    assert table.encoding == "UTF-8 (BOM)"
    assert table.headers[0] == "Application"  # no "\ufeff" glued to it
    parsed = reader.parse_rows(table)
    assert not parsed.problems
    rows = by_row(parsed)
    assert rows[2].values["regulated_data"] == ["pii", "payment_card"]
    assert rows[2].values["staff_fte"] == Decimal("0.50")
    assert rows[2].values["rto_hours"] == Decimal("24.00")
    assert rows[3].values["hosting"] == "saas"
    assert rows[4].values["hosting"] == "on_premises"
    assert rows[4].values["support_extended_end"] == dt.date(2027, 6, 30)
    assert rows[5].values["name"] == "Señor Dispatch"
    assert rows[5].values["regulated_data"] == ["criminal_justice"]


def test_tab_separated_utf16_text_as_excel_saves_unicode_text():
    text = "System name\tVendor\tAnnual maint\r\nEmail\tMicrosoft\t$1,200\r\n"
    data = b"\xff\xfe" + text.encode("utf-16-le")
    table = reader.read_table(data, name="unicode.txt")
    assert (table.encoding, table.delimiter) == ("UTF-16", "\t")
    parsed = reader.parse_rows(table)
    assert parsed.rows[0].values["cost_maintenance"] == Decimal("1200.00")


def test_duplicate_ids_are_problems_on_the_later_row():
    data = b"ID,System name,Vendor\nA-1,Email,Microsoft\na-1 ,Web site,Granicus\n"
    parsed = reader.parse_rows(reader.read_table(data, name="dup.csv"))
    (problem,) = parsed.problems
    assert (problem.row, problem.column) == (3, "ID")
    assert "“a-1” is also on row 2" in problem.message


def test_a_row_without_a_name_and_a_file_without_a_name_column():
    data = b"System name,Vendor\n,Microsoft\n"
    parsed = reader.parse_rows(reader.read_table(data, name="noname.csv"))
    assert [str(p) for p in parsed.problems] == [
        "row 2, column “System name”: the system name is empty; every system needs a name."
    ]
    parsed = reader.parse_rows(
        reader.read_table(data, name="noname.csv"), {"System name": None, "Vendor": "vendor"}
    )
    assert parsed.general and not parsed.valid and len(parsed.rejected) == 1
    assert "No column is mapped to “System name”" in parsed.general[0].message


def test_a_mapping_naming_a_field_that_does_not_exist_or_twice_is_refused():
    table = reader.read_table(b"A,B\nx,y\n", name="m.csv")
    with pytest.raises(MappingError, match="“colour” .*is not a field"):
        reader.parse_rows(table, {"A": "colour"})
    with pytest.raises(MappingError, match="“A” and “B” are both mapped to “System name”"):
        reader.parse_rows(table, {"A": "name", "B": "name"})
    parsed = reader.parse_rows(table, {"a": "name"})  # found by its normalised form
    assert parsed.rows[0].values == {"name": "x"}


def test_rows_are_the_spreadsheets_own_numbers_with_quoted_line_breaks():
    data = b'System name,Notes\nEmail,"line one\nline two"\n\nWeb,\n'
    parsed = reader.parse_rows(reader.read_table(io.BytesIO(data), name="q.csv"))
    assert [(r.row, r.values.get("notes")) for r in parsed.rows] == [
        (2, "line one\nline two"), (4, None),
    ]  # fmt: skip


def test_ooxml_escapes_are_decoded():
    # ECMA-376 Part 1, 22.9.2.19 (ST_Xstring): _xHHHH_ is the character U+HHHH, and _x005F_
    # escapes a literal "_x".
    assert workbook.unescape("Line_x000D_two") == "Line\rtwo"
    assert workbook.unescape("keep _x005F_x000D_ literal") == "keep _x000D_ literal"
    assert workbook.unescape("no escapes") == "no escapes"
