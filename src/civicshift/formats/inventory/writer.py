"""Writing the inventory back out as xlsx or csv, in the columns the importer reads.

The header of each column is the field's label (``columns.FIELDS``), so an exported file
imports back without a mapping step. Choices are written as their labels, lists joined by
"; ", dates as dates (ISO in csv), amounts as numbers.

**Formula injection** (OWASP, "CSV Injection",
https://owasp.org/www-community/attacks/CSV_Injection): a text cell a resident or a colleague
typed that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be run as a
formula when the file is opened in a spreadsheet. OWASP's advice is followed in both formats:
such a cell is prefixed with a single quote, so it is shown as text. In the xlsx the cell is also
written with ``write_string`` (never as a formula). The importer drops that one quote again, so
an exported file imports back to the same values.

The xlsx is written by XlsxWriter in ``constant_memory`` mode (each row goes to disk as it is
written); the csv is UTF-8 with a byte-order mark, which Excel needs to open it as UTF-8.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from . import columns

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """``text`` made safe to open in a spreadsheet (OWASP: prefix a single quote)."""
    return "'" + text if text.startswith(DANGEROUS_FIRST) else text


def _label(field: columns.Field, key: str) -> str:
    for choice in field.choices:
        if choice.key == key:
            return choice.label
    return key


def cell_value(field: columns.Field, value: Any) -> Any:
    """One value as written: a number, a date, or text (neutralised)."""
    if value is None or value == "" or value == []:
        return None
    if field.kind == columns.CHOICE:
        return neutralise(_label(field, value))
    if field.kind == columns.CHOICES:
        return neutralise("; ".join(_label(field, v) for v in value))
    if field.kind == columns.DEPARTMENTS:
        return neutralise("; ".join(str(v) for v in value))
    if isinstance(value, Decimal | int | float | dt.date) and not isinstance(value, bool):
        return value
    return neutralise(str(value))


def _headers(fields: tuple[columns.Field, ...]) -> list[str]:
    return [f.label for f in fields]


def write_csv(
    rows: Iterable[dict[str, Any]],
    target: str | Path | IO[bytes],
    fields: tuple[columns.Field, ...] = columns.FIELDS,
) -> None:
    """Rows ({field key: value}) as a UTF-8 csv with a byte-order mark."""

    def text(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)

    def write(handle: IO[str]) -> None:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(_headers(fields))
        for row in rows:
            writer.writerow([text(cell_value(f, row.get(f.key))) for f in fields])

    if isinstance(target, str | Path):
        with open(target, "w", encoding="utf-8-sig", newline="") as handle:
            write(handle)
    else:
        wrapper = io.TextIOWrapper(target, encoding="utf-8-sig", newline="", write_through=True)
        try:
            write(wrapper)
        finally:
            wrapper.detach()


def write_xlsx(
    rows: Iterable[dict[str, Any]],
    target: str | Path | IO[bytes],
    fields: tuple[columns.Field, ...] = columns.FIELDS,
    sheet_name: str = "Systems",
) -> None:
    """Rows as one worksheet with a bold, frozen header row and real date and number cells."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        target
        if isinstance(target, str)
        else (str(target) if isinstance(target, Path) else target),
        {"constant_memory": True, "in_memory": False},
    )
    try:
        sheet = workbook.add_worksheet(sheet_name)
        bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        date = workbook.add_format({"num_format": "yyyy-mm-dd"})
        money = workbook.add_format({"num_format": "#,##0.00"})
        sheet.freeze_panes(1, 0)
        for column, (f, header) in enumerate(zip(fields, _headers(fields), strict=True)):
            sheet.write_string(0, column, header, bold)
            sheet.set_column(column, column, 22 if f.kind == columns.TEXT else 16)
        for r, row in enumerate(rows, 1):
            for column, f in enumerate(fields):
                value = cell_value(f, row.get(f.key))
                if value is None:
                    continue
                if isinstance(value, dt.datetime):
                    sheet.write_datetime(r, column, value, date)
                elif isinstance(value, dt.date):
                    sheet.write_datetime(
                        r, column, dt.datetime(value.year, value.month, value.day), date
                    )
                elif isinstance(value, Decimal):
                    sheet.write_number(
                        r, column, float(value), money if f.kind == columns.MONEY else None
                    )
                elif isinstance(value, int | float):
                    sheet.write_number(r, column, value)
                else:
                    sheet.write_string(r, column, value)
    finally:
        workbook.close()
