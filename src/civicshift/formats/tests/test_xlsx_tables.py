"""The generic table-to-workbook writer (no Django needed)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from civicshift.formats.xlsx_tables import (
    MAX_TITLE_LENGTH,
    SheetTable,
    cell_value,
    safe_sheet_titles,
    write_tables,
)


def test_titles_are_cut_cleaned_and_made_unique():
    long = "security.privacyimpactassessmentcontrol"
    titles = safe_sheet_titles([long, long, "a/b:c", "Users", "users", "'quoted'"])
    assert all(len(t) <= MAX_TITLE_LENGTH for t in titles)
    assert len({t.lower() for t in titles}) == len(titles)
    assert titles[0] == long[:31]
    assert titles[1].endswith("~2")
    assert titles[2] == "a_b_c"
    assert titles[4] == "users~2"
    assert titles[5] == "quoted"


def test_valid_titles_are_kept():
    assert safe_sheet_titles(["organization", "orgs.department"]) == [
        "organization",
        "orgs.department",
    ]


def test_cell_values():
    aware = dt.datetime(2025, 1, 2, 15, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert cell_value(aware) == dt.datetime(2025, 1, 2, 20, 0)
    assert cell_value([3, 1, 2]) == "3, 1, 2"
    assert cell_value({"b": 1, "a": [1]}) == '{"a": [1], "b": 1}'
    assert cell_value(Decimal("1.50")) == Decimal("1.50")
    assert cell_value("bell\x07") == "bell"
    assert cell_value(None) is None


def test_write_and_read_back():
    buffer = io.BytesIO()
    write_tables(
        [
            SheetTable(
                "people",
                ["id", "name", "joined"],
                [[1, "Ana", dt.date(2024, 5, 1)], [2, "=1+1", None]],
            ),
            SheetTable("empty", ["id"], []),
        ],
        buffer,
    )
    buffer.seek(0)
    book = load_workbook(buffer)
    assert book.sheetnames == ["people", "empty"]
    rows = list(book["people"].iter_rows(values_only=True))
    assert rows[0] == ("id", "name", "joined")
    assert rows[1][:2] == (1, "Ana")
    assert rows[2][1] == "=1+1"
    assert book["people"]["B3"].data_type == "s"
    assert book["people"]["A1"].font.bold
    assert list(book["empty"].iter_rows(values_only=True)) == [("id",)]


def test_module_does_not_import_django():
    import subprocess
    import sys

    code = (
        "import sys, civicshift.formats.xlsx_tables; "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
