"""Reading a town's inventory spreadsheet (xlsx or csv) into rows of typed values and problems.

Three steps, each usable alone (the web pages show the result of each):

1. ``read_table(source)`` finds the header row and keeps the data rows' raw values. An xlsx is
   opened only through ``formats.safety.open_workbook`` (size and zip directory checked before
   openpyxl, read-only so rows stream, ``iter_rows(values_only=True)``); a csv is read through
   ``safety.read_bounded``, its encoding detected (UTF-8 with or without a byte-order mark,
   UTF-16 with one — Excel's "Unicode text" — else Windows-1252, what Access and Excel on
   Windows write) and its separator (``,`` ``;`` tab or ``|``) by ``csv.Sniffer`` on the first
   64 KB, checked against how evenly each candidate splits the first lines. Title rows above
   the headers, blank rows, repeated header rows and section headings ("Public Safety" alone on
   a row) are skipped and reported as notes.
2. ``suggest_mapping(headers)`` proposes a field per header (``mapping.py``).
3. ``parse_rows(table, mapping)`` turns each row into a dict of typed values plus problems
   ``{row, column, message}``: ``row`` is the spreadsheet's own row number (what Excel shows at
   the left; for a csv the record number, a quoted cell spanning lines being one row) and
   ``column`` the header text (``cell`` adds "D7" for a workbook). A row with any problem is
   rejected whole; duplicates inside the file (same id, or same name and vendor) are problems
   on the later row naming the earlier one.

Bounds: 20 MB per file, 200 columns (a 16,000-column sheet is refused at its first such row,
naming the file, row and column), 50,000 data rows, 32,767 characters per cell (Excel's own
limit). A formula cell is read by its cached result (``data_only=True``); a formula Excel never
calculated (no cached result, e.g. a file written by a script) is a problem naming the cell.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from gettext import gettext as _
from typing import Any

from openpyxl.utils import get_column_letter

from civicshift.formats import safety

from . import columns
from .mapping import MappingError, Suggestion, match_header, resolve_mapping, suggest_mapping
from .values import ValueProblem, is_blank, parse_value
from .workbook import scan_parts, unescape

__all__ = [
    "MappingError",
    "Parsed",
    "ParsedRow",
    "Problem",
    "Suggestion",
    "Table",
    "parse_rows",
    "read_table",
    "suggest_mapping",
]

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_COLUMNS = 200
MAX_ROWS = 50_000
MAX_CELL_CHARS = 32_767
#: Header row searched among the first rows (title rows and notes above it are skipped).
HEADER_SCAN_ROWS = 30
#: Reading stops after this many blank rows in a row (formatted but empty rows to row 1,048,576).
MAX_BLANK_RUN = 5_000
SNIFF_BYTES = 64 * 1024
DELIMITERS = ",;\t|"
NOT_CALCULATED = (
    "the cell holds a formula whose result was never calculated; open the file in Excel or "
    "LibreOffice, save it, and import it again (or type the value)."
)
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2: legacy .xls, or an encrypted .xlsx


@dataclass
class Problem:
    row: int | None
    column: str
    message: str
    cell: str = ""

    def as_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {"row": self.row, "column": self.column, "message": self.message}
        if self.cell:
            result["cell"] = self.cell
        return result

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(_("row %(n)s") % {"n": self.row})
        if self.column:
            where.append(_("column “%(c)s”") % {"c": self.column})
        if self.cell:
            where.append(_("cell %(c)s") % {"c": self.cell})
        return (", ".join(where) + ": " if where else "") + self.message


@dataclass
class Table:
    """The raw rows under the header row, as read."""

    name: str
    kind: str  # "xlsx" or "csv"
    headers: list[str]
    header_row: int
    rows: list[tuple[int, tuple]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sheet: str = ""
    encoding: str = ""
    delimiter: str = ""
    #: (row, column index) of formula cells with no cached result, and of over-long cells.
    formula_cells: set[tuple[int, int]] = field(default_factory=set)
    long_cells: set[tuple[int, int]] = field(default_factory=set)

    def cell(self, row: int, index: int) -> str:
        return f"{get_column_letter(index + 1)}{row}" if self.kind == "xlsx" else ""


@dataclass
class ParsedRow:
    row: int
    values: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Parsed:
    rows: list[ParsedRow]
    mapping: dict[int, str]
    ignored_columns: list[str]
    notes: list[str]
    #: Problems that concern the whole file (no column mapped to the system name).
    general: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> list[ParsedRow]:
        return [] if self.general else [r for r in self.rows if r.ok]

    @property
    def rejected(self) -> list[ParsedRow]:
        return self.rows if self.general else [r for r in self.rows if not r.ok]

    @property
    def problems(self) -> list[Problem]:
        return self.general + [p for r in self.rows for p in r.problems]


# Reading ---------------------------------------------------------------------------------------


def read_table(
    source: safety.Source,
    *,
    name: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    max_columns: int = MAX_COLUMNS,
    max_rows: int = MAX_ROWS,
) -> Table:
    """The header row and the data rows of an xlsx or csv file; ``UnsafeFileError`` naming the
    file when it cannot be read at all."""
    name = safety.source_name(source, name)
    data = safety.read_bounded(source, max_bytes=max_bytes, name=name)
    if data[:8] == CFB_MAGIC:
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise safety.UnsafeFileError(
                name,
                _(
                    "the workbook is protected by a password (encrypted), so it cannot be read. "
                    "Open it in Excel, remove the password (File > Info > Protect Workbook > "
                    "Encrypt with Password, clear the box), save, and import it again."
                ),
            )
        raise safety.UnsafeFileError(
            name,
            _(
                "this is an old Excel 97-2003 workbook (.xls); open it in Excel or LibreOffice, "
                "save it as 'Excel Workbook (.xlsx)' or as CSV, and import that."
            ),
        )
    if data[:2] == b"PK" or name.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data, name, max_bytes, max_columns, max_rows)
    return _read_csv(data, name, max_columns, max_rows)


def _read_xlsx(data: bytes, name: str, max_bytes: int, max_columns: int, max_rows: int) -> Table:
    safety.read_bounded(data, max_bytes=max_bytes, name=name)
    scanned = scan_parts(data, name)
    workbook = safety.open_workbook(data, name=name, max_bytes=max_bytes, data_only=True)
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise safety.UnsafeFileError(name, _("the workbook has no worksheet."))
        sheet = sheets[0]
        notes = []
        if len(sheets) > 1:
            notes.append(
                _("The workbook has %(n)s sheets; the first, “%(sheet)s”, was read.")
                % {"n": len(sheets), "sheet": sheet.title}
            )
        declared = sheet.max_column
        if declared is not None and declared > max_columns:
            # The <dimension> element Excel writes: refused before a row is parsed.
            raise safety.UnsafeFileError(
                name,
                _(
                    "the sheet “%(sheet)s” is %(n)s columns wide (to column %(letter)s); at most "
                    "%(max)s columns are read. Is this the right sheet?"
                )
                % {
                    "sheet": sheet.title,
                    "n": f"{declared:,}",
                    "letter": get_column_letter(min(declared, 18278)),
                    "max": max_columns,
                },
            )
        # openpyxl keeps the part's name privately; every read-only worksheet has it.
        formula_cells = scanned.get(getattr(sheet, "_worksheet_path", ""), set())
        # The declared dimension can be wrong (some programs write A1:A1); read rows as they are.
        sheet.reset_dimensions()
        table = _collect(
            name, "xlsx", sheet.iter_rows(values_only=True), max_columns, max_rows, notes
        )
        table.sheet = sheet.title
        table.formula_cells = formula_cells
    finally:
        workbook.close()
    return table


def _decode(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8 (BOM)"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise safety.NotTextError(name, _("the file is not readable UTF-16 text.")) from None
    if b"\x00" in data[:8192]:
        raise safety.NotTextError(
            name,
            _("the file is not a spreadsheet this importer reads: save it as .xlsx or .csv."),
        )
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass  # not UTF-8: an Access or Excel export in Windows-1252, tried next
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        # Five bytes are undefined in cp1252; Latin-1 reads them as control characters.
        return data.decode("latin-1"), "Latin-1"


def _delimiter(sample: str) -> str:
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    try:
        sniffed = csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = None

    def score(delimiter: str) -> tuple[int, int]:
        widths = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        if not widths:
            return (0, 0)
        common = max(set(widths), key=widths.count)
        return (widths.count(common) if common > 1 else 0, common)

    best = max(DELIMITERS, key=score)
    if sniffed and score(sniffed)[0] >= score(best)[0]:
        return sniffed
    return best if score(best)[0] else ","


def _read_csv(data: bytes, name: str, max_columns: int, max_rows: int) -> Table:
    text, encoding = _decode(data, name)
    del data
    sample = text[:SNIFF_BYTES]
    if len(text) > SNIFF_BYTES and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    delimiter = _delimiter(sample)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def rows() -> Iterator[list[str]]:
        number = 0
        try:
            for number, row in enumerate(reader, 1):  # noqa: B007 - used in the message
                yield row
        except csv.Error as exc:
            raise safety.UnsafeFileError(
                name,
                _("row %(n)s cannot be read as csv (%(reason)s).")
                % {"n": number + 1, "reason": exc},
            ) from None

    notes = []
    names = {",": _("commas"), ";": _("semicolons"), "\t": _("tabs"), "|": _("vertical bars")}
    notes.append(
        _("Read as %(encoding)s text, columns separated by %(sep)s.")
        % {"encoding": encoding, "sep": names[delimiter]}
    )
    table = _collect(name, "csv", rows(), max_columns, max_rows, notes)
    table.encoding, table.delimiter = encoding, delimiter
    return table


def _trimmed(cells: Iterable[Any], decode: bool = False) -> list[Any]:
    if decode:
        cells = [unescape(c) if isinstance(c, str) else c for c in cells]
    values = [c.strip() if isinstance(c, str) else c for c in cells]
    while values and (values[-1] is None or values[-1] == ""):
        values.pop()
    return values


def _header_score(values: list[Any]) -> int:
    score = 0
    for value in values:
        if isinstance(value, str) and match_header(value)[1] >= 0.8:
            score += 1
    return score


def _ranges(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10])
    return shown + (_(" and %(n)s more") % {"n": len(numbers) - 10} if len(numbers) > 10 else "")


def _collect(
    name: str, kind: str, rows: Iterable[Any], max_columns: int, max_rows: int, notes: list[str]
) -> Table:
    def letter(index: int) -> str:
        return get_column_letter(index + 1) if index < 18278 else str(index + 1)

    def checked(number: int, cells: Any) -> list[Any]:
        values = _trimmed(cells, decode=kind == "xlsx")
        if len(values) > max_columns:
            raise safety.UnsafeFileError(
                name,
                _(
                    "row %(row)s has a value in column %(letter)s (column %(n)s); at most "
                    "%(max)s columns are read. Is this the right sheet?"
                )
                % {
                    "row": number,
                    "letter": letter(len(values) - 1),
                    "n": len(values),
                    "max": max_columns,
                },
            )
        return values

    iterator = iter(rows)
    scanned: list[tuple[int, list[Any]]] = []
    for number, cells in enumerate(iterator, 1):
        values = checked(number, cells)
        scanned.append((number, values))
        if number >= HEADER_SCAN_ROWS:
            break
    candidates = [(n, v) for n, v in scanned if any(not is_blank(x) for x in v)]
    if not candidates:
        raise safety.UnsafeFileError(name, _("the file has no rows with values."))
    best = max(candidates, key=lambda item: (_header_score(item[1]), -item[0]))
    if _header_score(best[1]) == 0:
        best = candidates[0]
        notes.append(
            _("No header matched a known column; row %(n)s was taken as the headers.")
            % {"n": best[0]}
        )
    header_row, header_values = best
    headers = ["" if v is None else str(v).strip() for v in header_values]
    above = [n for n, v in candidates if n < header_row]
    if above:
        notes.append(
            _("Row(s) %(rows)s above the headers (row %(header)s) were skipped as a title.")
            % {"rows": _ranges(above), "header": header_row}
        )
    table = Table(name=name, kind=kind, headers=headers, header_row=header_row, notes=notes)
    header_key = [columns.normalise(h) for h in headers]
    width = len(headers)
    blank, repeated, sections, beyond = [], [], [], []
    blank_run = 0

    def take(number: int, values: list[Any]) -> None:
        nonlocal blank_run
        filled = [i for i, v in enumerate(values) if not (v is None or v == "")]
        if not filled:
            blank.append(number)
            blank_run += 1
            return
        blank_run = 0
        first = filled[0]
        if (
            isinstance(values[first], str)
            and values[first].lower() == headers[first].lower()
            and len(filled) >= max(1, len(headers) // 2)
            and [columns.normalise(v) if v is not None else "" for v in values]
            == header_key[: len(values)]
        ):
            repeated.append(number)
            return
        if len(filled) == 1 and width >= 3 and isinstance(values[filled[0]], str):
            sections.append(f"{number} (“{values[filled[0]][:60]}”)")
            return
        if len(values) > width and filled[-1] >= width:
            beyond.append(number)
        for i in filled:
            value = values[i]
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                table.long_cells.add((number, i))
                values[i] = None
        if len(table.rows) >= max_rows:
            raise safety.UnsafeFileError(
                name,
                _("the file has more than %(n)s rows of systems; split it into smaller files.")
                % {"n": f"{max_rows:,}"},
            )
        table.rows.append((number, tuple(values[:width])))

    for number, values in scanned:
        if number > header_row:
            take(number, values)
    start = len(scanned) + 1
    for number, cells in enumerate(iterator, start):
        take(number, checked(number, cells))
        if blank_run >= MAX_BLANK_RUN:
            notes.append(
                _("Reading stopped at row %(n)s after %(run)s blank rows.")
                % {"n": number, "run": f"{MAX_BLANK_RUN:,}"}
            )
            break
    while blank and table.rows and blank[-1] > table.rows[-1][0]:
        blank.pop()  # blank rows after the last system are not worth a note
    if blank:
        notes.append(_("Blank rows skipped: %(rows)s.") % {"rows": _ranges(blank)})
    if repeated:
        notes.append(_("Repeated header rows skipped: %(rows)s.") % {"rows": _ranges(repeated)})
    if sections:
        notes.append(
            _("Rows with a single value, read as section headings and skipped: %(rows)s.")
            % {"rows": ", ".join(sections[:10])}
        )
    if beyond:
        notes.append(
            _("Values right of the last headed column were ignored in rows %(rows)s.")
            % {"rows": _ranges(beyond)}
        )
    return table


# Parsing ---------------------------------------------------------------------------------------


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def parse_rows(table: Table, mapping: dict[str, str | None] | None = None) -> Parsed:
    """Every data row as typed values plus its problems, with ``mapping`` {header: field key}
    (a header missing from it, or mapped to None, is ignored). Without a mapping, the
    suggested one is used."""
    if mapping is None:
        mapping = {s.header: s.field for s in suggest_mapping(table.headers)}
    by_index = resolve_mapping(table.headers, mapping)
    fields = [(i, columns.FIELDS_BY_KEY[key]) for i, key in sorted(by_index.items())]
    ignored = [h for i, h in enumerate(table.headers) if h and i not in by_index]
    notes = list(table.notes)
    general = []
    if "name" not in by_index.values():
        general.append(
            Problem(
                None,
                "",
                _(
                    "No column is mapped to “System name”; every system needs one. "
                    "Choose the column that holds the systems' names."
                ),
            )
        )
    name_index = next((i for i, key in by_index.items() if key == "name"), None)
    id_index = next((i for i, key in by_index.items() if key == "external_id"), None)
    seen_ids: dict[str, int] = {}
    seen_names: dict[tuple[str, str], int] = {}
    parsed = []
    for number, cells in table.rows:
        values: dict[str, Any] = {}
        problems = []
        for index, target in fields:
            header = table.headers[index]
            raw = cells[index] if index < len(cells) else None
            if raw is None and (number, index) in table.formula_cells:
                problems.append(
                    Problem(
                        number,
                        header,
                        _(NOT_CALCULATED),
                        table.cell(number, index),
                    )
                )
                continue
            if raw is None and (number, index) in table.long_cells:
                problems.append(
                    Problem(
                        number,
                        header,
                        _("the cell holds more than %(n)s characters, more than Excel allows.")
                        % {"n": f"{MAX_CELL_CHARS:,}"},
                        table.cell(number, index),
                    )
                )
                continue
            try:
                value = parse_value(raw, target)
            except ValueProblem as exc:
                problems.append(Problem(number, header, str(exc), table.cell(number, index)))
                continue
            if value is not None and value != "" and value != []:
                values[target.key] = value
        if (
            name_index is not None
            and not values.get("name")
            and not any(p.column == table.headers[name_index] for p in problems)
        ):
            problems.append(
                Problem(
                    number,
                    table.headers[name_index],
                    _("the system name is empty; every system needs a name."),
                    table.cell(number, name_index),
                )
            )
        if values.get("external_id"):
            earlier = seen_ids.get(_key(values["external_id"]))
            if earlier is not None:
                problems.append(
                    Problem(
                        number,
                        table.headers[id_index],
                        _("the id “%(id)s” is also on row %(row)s; each system once, please.")
                        % {"id": values["external_id"], "row": earlier},
                        table.cell(number, id_index),
                    )
                )
            else:
                seen_ids[_key(values["external_id"])] = number
        if values.get("name"):
            pair = (_key(values["name"]), _key(values.get("vendor", "")))
            earlier = seen_names.get(pair)
            if earlier is not None:
                problems.append(
                    Problem(
                        number,
                        table.headers[name_index],
                        _("“%(name)s”%(vendor)s is also on row %(row)s; each system once, please.")
                        % {
                            "name": values["name"],
                            "vendor": (_(" from %(v)s") % {"v": values["vendor"]})
                            if values.get("vendor")
                            else "",
                            "row": earlier,
                        },
                        table.cell(number, name_index),
                    )
                )
            else:
                seen_names.setdefault(pair, number)
        parsed.append(ParsedRow(number, values, problems))
    if ignored:
        notes.append(
            _("Columns ignored (not mapped to a field): %(cols)s.")
            % {"cols": ", ".join(f"“{h}”" for h in ignored)}
        )
    return Parsed(parsed, by_index, ignored, notes, general)
