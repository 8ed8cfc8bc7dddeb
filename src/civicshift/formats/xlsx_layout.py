"""Laying out a styled worksheet with openpyxl: cells, header rows, widths, printing, saving.

Shared by the business-case workbook (``workbook``) and the offline template
(``formats.cases.template``). Text that starts with ``=`` is written as text, never as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

MONEY = "#,##0"
MONEY_CENTS = "#,##0.00"
PERCENT = "0.0%"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE4EF")
NOTE_FONT = Font(italic=True, color="555555")


def put(
    sheet,
    row: int,
    column: int,
    value: Any,
    number_format: str | None = None,
    *,
    bold: bool = False,
    fill: PatternFill | None = None,
    font: Font | None = None,
):
    """Write one cell; ``number_format`` applies to numbers only."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text typed by a user never becomes a formula
    if number_format and isinstance(value, int | float):
        cell.number_format = number_format
    if bold:
        cell.font = HEADER_FONT
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell


def put_row(sheet, row: int, values: Iterable[tuple[Any, str | None]], *, start: int = 1) -> None:
    """Write (value, number format) pairs along ``row`` from column ``start``."""
    for column, (value, number_format) in enumerate(values, start=start):
        put(sheet, row, column, value, number_format)


def header(sheet, row: int, headers: Sequence[str]) -> None:
    """A bold, shaded row of column names that wrap."""
    for column, text in enumerate(headers, start=1):
        cell = put(sheet, row, column, text, bold=True, fill=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def widths(sheet, column_widths: Sequence[float]) -> None:
    for column, width in enumerate(column_widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def print_wide(sheet, orientation: str = "landscape") -> None:
    """Print every column on one page width."""
    sheet.page_setup.orientation = orientation
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def shares_text(shares: Iterable[float]) -> str:
    """Ramp-up shares as a cell's text: (0.5, 0.8) → '0.5, 0.8'."""
    return ", ".join(f"{s:g}" for s in shares)


def workbook_bytes(workbook: Workbook, *, title: str, creator: str) -> bytes:
    """The workbook, with its document title and creator set, as .xlsx bytes."""
    workbook.properties.title = title
    workbook.properties.creator = creator
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
