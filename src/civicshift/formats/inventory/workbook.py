"""Checks of a workbook's XML that openpyxl does not make, done before it opens the file.

Used by ``reader``; the zip itself was checked by ``safety.check_zip`` (entries, sizes, ratios).
Every XML part (the sheets and shared strings, but also ``xl/workbook.xml``,
``xl/styles.xml``, the relationships and content types openpyxl reads first) is streamed once
through expat before openpyxl sees it:

* a document type declaration (``<!DOCTYPE``, which is where entity declarations live) is
  refused at once, naming the part: the Open Packaging Conventions forbid DTDs in package
  parts and tell readers to treat one as an error (ECMA-376 Part 2, "XML usage", rule
  M1.18), so no spreadsheet program writes one, and refusing it stops an entity ("billion
  laughs") bomb at its first bytes rather than at expat's own amplification limit;
* nesting deeper than ``MAX_XML_DEPTH`` is refused in every part;
* elements far beyond the cells are refused in the sheets and shared strings (openpyxl keeps
  what it does not know until the end), and beyond ``MAX_PART_ELEMENTS`` in any other part
  (openpyxl reads those whole).
"""

from __future__ import annotations

import io
import re
import zipfile
from gettext import gettext as _
from xml.parsers import expat

from openpyxl.utils import column_index_from_string

from civicshift.formats import safety

#: A worksheet nests 7 levels (worksheet/sheetData/row/c/is/r/t); anything deeper is hostile.
MAX_XML_DEPTH = 32
#: Elements per cell allowed in the sheet's XML (a rich-text cell has about ten) plus a margin.
MAX_ELEMENTS_PER_CELL = 40
ELEMENT_MARGIN = 100_000
#: Elements allowed in a part without cells (styles, workbook, relationships). Excel allows at
#: most 64,000 cell formats, a few elements each; a real styles.xml has hundreds.
MAX_PART_ELEMENTS = 300_000


def _has_cells(part: str) -> bool:
    return part.startswith("xl/worksheets/") or part == "xl/sharedStrings.xml"


def scan_parts(data: bytes, name: str) -> dict[str, set[tuple[int, int]]]:
    """Every XML part scanned by ``scan_part`` before openpyxl opens the workbook (it reads
    each sheet's dimension on opening, and without a ``<dimension>`` element that is the whole
    sheet); {worksheet part name: formula cells without a result}."""
    safety.check_zip(data, name=name, not_a_zip=safety.NOT_A_WORKBOOK)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [
            info.filename
            for info in archive.infolist()
            if info.filename.endswith((".xml", ".rels", ".vml"))
        ]
        # The small parts openpyxl reads first (content types, workbook, styles), then the
        # sheets: a hostile styles.xml is refused before a large sheet is read.
        parts.sort(key=_has_cells)
        found = {part: scan_part(archive, part, name) for part in parts}
    return {part: cells for part, cells in found.items() if _has_cells(part)}


def scan_part(archive: zipfile.ZipFile, path: str, name: str) -> set[tuple[int, int]]:
    """One pass of expat over a part's XML, streamed from the (already checked) archive.

    * Refuses a document type declaration (entity declarations) at once.
    * Refuses XML nested more than ``MAX_XML_DEPTH`` levels, or holding far more elements than
      cells (or shared strings): openpyxl's parser keeps every element it does not know until
      the end, so a few MB of ``<x/>`` elements would cost gigabytes. A part without cells
      may hold ``MAX_PART_ELEMENTS``.
    * Returns (row, column index) of every formula cell whose cached result is missing:
      openpyxl with ``data_only=True`` gives ``None`` for them, as for an empty cell.
    """
    depth = 0
    elements = 0
    cells = 0
    limit = None if _has_cells(path) else MAX_PART_ELEMENTS
    cell_ref = ""
    has_formula = has_value = in_value = False
    found: set[tuple[int, int]] = set()

    def _check_count(elements: int, cells: int) -> None:
        if limit is not None and elements > limit:
            raise safety.UnsafeFileError(
                name,
                _(
                    "the XML of part “%(part)s” holds more than %(n)s elements, which no "
                    "spreadsheet program writes."
                )
                % {"part": path, "n": f"{limit:,}"},
            )
        if limit is None and elements > MAX_ELEMENTS_PER_CELL * cells:
            raise safety.UnsafeFileError(
                name,
                _(
                    "the XML of part “%(part)s” holds %(n)s elements for %(cells)s cells, "
                    "which no spreadsheet program writes."
                )
                % {"part": path, "n": f"{elements:,}", "cells": f"{cells:,}"},
            )

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal depth, elements, cells, cell_ref, has_formula, has_value, in_value
        depth += 1
        elements += 1
        if depth > MAX_XML_DEPTH:
            raise safety.UnsafeFileError(
                name,
                _(
                    "the XML of part “%(part)s” nests more than %(n)s levels deep, which no "
                    "spreadsheet program writes."
                )
                % {"part": path, "n": MAX_XML_DEPTH},
            )
        if elements > ELEMENT_MARGIN:  # counts are checked only past the margin
            _check_count(elements, cells)
        if ":" in tag:  # a prefixed name ("x:c"); most workbooks use the default namespace
            tag = tag.rpartition(":")[2]
        if tag == "si":
            cells += 1
        elif tag == "c":
            cells += 1
            cell_ref = attrs.get("r", "")
            has_formula = has_value = False
        elif tag == "f":
            has_formula = True
            # Text is only looked at inside a formula's cell (a callback per text otherwise).
            parser.CharacterDataHandler = text
        elif tag == "v":
            in_value = True

    def end(tag: str) -> None:
        nonlocal depth, in_value
        depth -= 1
        if ":" in tag:
            tag = tag.rpartition(":")[2]
        if tag == "v":
            in_value = False
        elif tag == "c" and has_formula:
            parser.CharacterDataHandler = None
            if has_value:
                return
            match = re.fullmatch(r"([A-Z]+)(\d+)", cell_ref)
            if match:
                found.add((int(match[2]), column_index_from_string(match[1]) - 1))

    def text(content: str) -> None:
        nonlocal has_value
        if in_value and content.strip():
            has_value = True

    def doctype(*_args) -> None:
        raise safety.UnsafeFileError(
            name,
            _(
                "part “%(part)s” declares a document type (<!DOCTYPE>, where XML entities are "
                "declared), which no spreadsheet program writes and which can make a small "
                "file expand without limit; the workbook is refused. Save it again from Excel "
                "or LibreOffice."
            )
            % {"part": path},
        )

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    with archive.open(path) as part:
        try:
            parser.ParseFile(part)
        except expat.ExpatError:
            raise safety.UnsafeFileError(name, safety.NOT_A_WORKBOOK) from None
    return found


_OOXML_ESCAPE = re.compile(r"_x005F(_x[0-9A-Fa-f]{4}_)|_x([0-9A-Fa-f]{4})_")


def unescape(text: str) -> str:
    """OOXML's escapes for characters XML cannot hold (ECMA-376 Part 1, 22.9.2.19 ST_Xstring):
    ``_x000D_`` is a carriage return, ``_x005F_`` escapes a literal ``_xHHHH_``. Excel writes
    them; openpyxl leaves them in."""
    if "_x" not in text:
        return text
    return _OOXML_ESCAPE.sub(lambda m: m[1] or chr(int(m[2], 16)), text)
