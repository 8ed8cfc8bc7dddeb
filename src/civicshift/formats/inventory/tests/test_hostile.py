"""Hostile files are refused with a message naming the file, in bounded memory.

The generators are the shared ones in ``formats/tests/hostile.py`` (zip bomb, many entries)
and this package's ``fixtures.py`` (password-protected and legacy compound files, 16,000
columns); the rest are built here. Memory is measured with ``tracemalloc`` (Python's own
allocations), the bound being a few times the 20 MB file limit at most.
"""

from __future__ import annotations

import tracemalloc
import zipfile

import pytest

from civicshift.formats import safety
from civicshift.formats.inventory import reader
from civicshift.formats.tests import hostile

from . import fixtures

MB = 2**20


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    return hostile.write_zip_bomb(tmp_path_factory.mktemp("hostile") / "inventory bomb.xlsx")


def _refused(path, *, peak_mb: float) -> str:
    tracemalloc.start()
    try:
        with pytest.raises(safety.UnsafeFileError) as caught:
            reader.read_table(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    message = str(caught.value)
    assert message.startswith(f"{path.name}: "), message
    assert peak < peak_mb * MB, f"peak {peak / MB:.1f} MB"
    return message


def _replace_sheet(tmp_path, name: str, xml: bytes, compression=zipfile.ZIP_DEFLATED):
    source = fixtures.script_workbook(tmp_path / "source.xlsx")
    path = tmp_path / name
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", compression) as copy:
        for info in original.infolist():
            data = xml if info.filename == "xl/worksheets/sheet1.xml" else original.read(info)
            copy.writestr(info.filename, data)
    return path


def test_a_zip_bomb_is_refused_from_its_directory(bomb):
    assert "unpack to more than 100 MB" in _refused(bomb, peak_mb=30)


def test_a_workbook_of_ten_thousand_parts(tmp_path):
    path = hostile.write_many_entries(tmp_path / "parts.xlsx")
    assert "10000 parts" in _refused(path, peak_mb=10)


def test_a_corrupt_workbook(tmp_path):
    whole = fixtures.town_workbook(tmp_path / "whole.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    assert "not an Excel workbook" in _refused(path, peak_mb=10)


def test_a_password_protected_workbook_says_to_remove_the_password(tmp_path):
    message = _refused(fixtures.encrypted_workbook(tmp_path / "locked.xlsx"), peak_mb=5)
    assert "protected by a password" in message and "remove the password" in message


def test_an_old_xls_workbook_says_to_save_it_as_xlsx(tmp_path):
    message = _refused(fixtures.legacy_xls(tmp_path / "old.xls"), peak_mb=5)
    assert "Excel 97-2003" in message and ".xlsx" in message


def test_a_sheet_sixteen_thousand_columns_wide(tmp_path):
    message = _refused(fixtures.wide_workbook(tmp_path / "wide.xlsx"), peak_mb=30)
    assert "16,000 columns wide" in message and "at most 200" in message


def test_a_row_wider_than_its_declared_dimension(tmp_path):
    cells = "".join(f'<c r="{reader.get_column_letter(i)}1"><v>1</v></c>' for i in range(1, 302))
    xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1"/><sheetData><row r="1">{cells}</row></sheetData></worksheet>'
    ).encode()
    message = _refused(_replace_sheet(tmp_path, "lying.xlsx", xml), peak_mb=20)
    assert "row 1 has a value in column KO (column 301)" in message


@pytest.mark.parametrize(
    ("part", "root"),
    [
        ("xl/worksheets/sheet1.xml", "worksheet"),
        ("xl/styles.xml", "styleSheet"),
        ("xl/workbook.xml", "workbook"),
        ("[Content_Types].xml", "Types"),
    ],
)
def test_an_xml_entity_bomb_in_any_part_is_refused_at_its_doctype(tmp_path, part, root):
    # The Open Packaging Conventions forbid DTDs in package parts (ECMA-376 Part 2, rule
    # M1.18): refused at the declaration, before any entity is expanded, in little memory
    # (expat alone stops it only after about 56 MB of expansion).
    source = fixtures.script_workbook(tmp_path / "source.xlsx")
    path = hostile.replace_part(
        source, tmp_path / "laughs.xlsx", part, hostile.xml_entity_bomb(root)
    )
    message = _refused(path, peak_mb=5)
    assert f"part “{part}” declares a document type" in message
    assert "lol" not in message


def test_a_doctype_without_entities_is_refused_too(tmp_path):
    source = fixtures.script_workbook(tmp_path / "source.xlsx")
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE styleSheet SYSTEM "http://example.com/x.dtd"><styleSheet/>'
    )
    path = hostile.replace_part(source, tmp_path / "dtd.xlsx", "xl/styles.xml", xml)
    assert "part “xl/styles.xml” declares a document type" in _refused(path, peak_mb=5)


@pytest.mark.parametrize(
    ("part", "root"),
    [
        ("xl/worksheets/sheet1.xml", "worksheet"),
        ("xl/styles.xml", "styleSheet"),
        ("xl/workbook.xml", "workbook"),
    ],
)
def test_deeply_nested_xml_in_any_part_is_refused_naming_it(tmp_path, part, root):
    source = fixtures.script_workbook(tmp_path / "source.xlsx")
    path = hostile.replace_part(source, tmp_path / "deep.xlsx", part, hostile.deep_xml(root))
    message = _refused(path, peak_mb=10)
    assert f"part “{part}” nests more than 32 levels deep" in message


def test_a_styles_part_of_a_million_elements_is_refused(tmp_path):
    source = fixtures.script_workbook(tmp_path / "source.xlsx")
    xml = (
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "<x/>" * 1_000_000
        + "</styleSheet>"
    ).encode()
    path = hostile.replace_part(source, tmp_path / "styles.xlsx", "xl/styles.xml", xml)
    message = _refused(path, peak_mb=10)
    assert "part “xl/styles.xml” holds more than 300,000 elements" in message


def test_millions_of_unknown_elements_are_refused_before_openpyxl_keeps_them(tmp_path):
    xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<sheetData>" + "<x/>" * 2_000_000 + "</sheetData></worksheet>"
    ).encode()
    path = _replace_sheet(tmp_path, "flat.xlsx", xml, compression=zipfile.ZIP_STORED)
    assert "100,001 elements for 0 cells" in _refused(path, peak_mb=30)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read_whole(tmp_path):
    path = tmp_path / "huge.csv"
    with open(path, "wb") as handle:
        handle.write(b"System name,Vendor\n")
        line = b"A system with a long name,A vendor with a long name\n"
        handle.write(line * (25 * MB // len(line)))
    assert "larger than 20 MB" in _refused(path, peak_mb=45)


def test_too_many_rows(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_bytes(b"System name\n" + b"x\n" * 12)
    with pytest.raises(safety.UnsafeFileError, match="more than 10 rows"):
        reader.read_table(path, max_rows=10)


def test_a_binary_file_and_an_over_long_csv_field(tmp_path):
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    assert "not a spreadsheet this importer reads" in _refused(binary, peak_mb=5)
    field = tmp_path / "field.csv"
    field.write_text('System name,Notes\nEmail,"' + "x" * 200_000 + '"\n')
    assert "row 2 cannot be read as csv" in _refused(field, peak_mb=10)


def test_an_over_long_cell_in_a_workbook_is_a_problem_on_its_row(tmp_path):
    xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>System name</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Notes</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>Email</t></is></c>'
        f'<c r="B2" t="inlineStr"><is><t>{"x" * 40_000}</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    table = reader.read_table(_replace_sheet(tmp_path, "long.xlsx", xml))
    (problem,) = reader.parse_rows(table).problems
    assert (problem.row, problem.column, problem.cell) == (2, "Notes", "B2")
    assert "more than 32,767 characters" in problem.message
