"""Write plain tables to an xlsx workbook: one sheet per table, a header row of column names.

No Django here: callers pass a sheet title, the column names and rows of plain Python values.

* Sheet titles are made valid for Excel (at most 31 characters, none of ``[]:*?/\\``, not
  starting or ending with an apostrophe) and unique, case-insensitively, as Excel requires.
* Values become native cells where Excel has a type (numbers, Decimal, dates, booleans); lists
  become comma-separated text, dictionaries JSON text. Excel has no time zones, so aware
  datetimes are written as UTC without a zone; convert them first to show local time.
* Text that starts with ``=`` is written as text, never as a formula, so a value typed by a user
  cannot run in the reader's spreadsheet program.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

#: Excel's limits.
MAX_TITLE_LENGTH = 31
MAX_CELL_TEXT = 32767
_INVALID_TITLE_CHARACTERS = re.compile(r"[\[\]:*?/\\]")


@dataclass
class SheetTable:
    """One sheet: its title, the column names and the rows (each a sequence of values)."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]


def safe_sheet_titles(titles: Sequence[str]) -> list[str]:
    """Excel-valid, unique sheet titles for ``titles``, in the same order.

    Titles already valid and unique are kept as they are; others are cleaned, cut to 31
    characters and, when that makes two alike, given a ``~2``, ``~3``... suffix.
    """
    used: set[str] = set()
    result: list[str] = []
    for title in titles:
        base = _INVALID_TITLE_CHARACTERS.sub("_", str(title)).strip("'") or "sheet"
        base = base[:MAX_TITLE_LENGTH]
        candidate = base
        counter = 2
        while candidate.lower() in used:
            suffix = f"~{counter}"
            candidate = base[: MAX_TITLE_LENGTH - len(suffix)] + suffix
            counter += 1
        used.add(candidate.lower())
        result.append(candidate)
    return result


def cell_value(value: Any) -> Any:
    """A value openpyxl can write without loss of meaning."""
    if value is None or isinstance(value, bool | int | float | decimal.Decimal):
        return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value
    if isinstance(value, dt.date | dt.time):
        return value
    if isinstance(value, dt.timedelta | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(_list_item(item) for item in value)
    if isinstance(value, dict):
        return _text(json.dumps(value, ensure_ascii=False, default=str, sort_keys=True))
    return _text(str(value))


def _list_item(item: Any) -> str:
    if isinstance(item, list | tuple):
        return "/".join(str(part) for part in item)
    return str(item)


def _text(value: str) -> str:
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(value) > MAX_CELL_TEXT:
        value = value[: MAX_CELL_TEXT - 1] + "…"
    return value


def _cell(sheet, value: Any, *, bold: bool = False):
    value = cell_value(value)
    if not bold and not (isinstance(value, str) and value.startswith("=")):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula
    if bold:
        cell.font = Font(bold=True)
    return cell


def write_tables(tables: Iterable[SheetTable], target: str | Path | IO[bytes]) -> None:
    """Write the tables to ``target`` (a path or a binary file), one sheet each.

    Titles are passed through :func:`safe_sheet_titles`.
    """
    tables = list(tables)
    titles = safe_sheet_titles([table.title for table in tables])
    workbook = Workbook(write_only=True)
    for title, table in zip(titles, tables, strict=True):
        sheet = workbook.create_sheet(title)
        sheet.freeze_panes = "A2"
        sheet.append([_cell(sheet, header, bold=True) for header in table.headers])
        for row in table.rows:
            sheet.append([_cell(sheet, value) for value in row])
    if not tables:
        workbook.create_sheet("empty")
    workbook.save(target)
