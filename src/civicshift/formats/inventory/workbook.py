"""Checks of a workbook's XML that openpyxl does not make, done before it opens the file.

Used by ``reader``; the zip itself was checked by ``safety.check_zip`` (entries, sizes, ratios).
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


def scan_parts(data: bytes, name: str) -> dict[str, set[tuple[int, int]]]:
    """Every worksheet and the shared strings scanned by ``scan_part`` before openpyxl opens
    the workbook (it reads each sheet's dimension on opening, and without a ``<dimension>``
    element that is the whole sheet); {part name: formula cells without a result}."""
    safety.check_zip(data, name=name, not_a_zip=safety.NOT_A_WORKBOOK)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [
            info.filename
            for info in archive.infolist()
            if info.filename.endswith(".xml")
            and (
                info.filename.startswith("xl/worksheets/")
                or info.filename == "xl/sharedStrings.xml"
            )
        ]
        return {part: scan_part(archive, part, name) for part in parts}


def scan_part(archive: zipfile.ZipFile, path: str, name: str) -> set[tuple[int, int]]:
    """One pass of expat over a part's XML, streamed from the (already checked) archive.

    * Refuses XML nested more than ``MAX_XML_DEPTH`` levels, or holding far more elements than
      cells (or shared strings): openpyxl's parser keeps every element it does not know until
      the end, so a few MB of ``<x/>`` elements would cost gigabytes.
    * Returns (row, column index) of every formula cell whose cached result is missing:
      openpyxl with ``data_only=True`` gives ``None`` for them, as for an empty cell.
    """
    depth = 0
    elements = 0
    cells = 0
    cell_ref = ""
    has_formula = has_value = in_value = False
    found: set[tuple[int, int]] = set()

    def local(tag: str) -> str:
        return tag.rpartition(":")[2]

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal depth, elements, cells, cell_ref, has_formula, has_value, in_value
        depth += 1
        elements += 1
        if depth > MAX_XML_DEPTH:
            raise safety.UnsafeFileError(
                name,
                _(
                    "the sheet's XML nests more than %(n)s levels deep, which no "
                    "spreadsheet program writes."
                )
                % {"n": MAX_XML_DEPTH},
            )
        if elements > ELEMENT_MARGIN and elements > MAX_ELEMENTS_PER_CELL * cells:
            raise safety.UnsafeFileError(
                name,
                _(
                    "the sheet's XML holds %(n)s elements for %(cells)s cells, which no "
                    "spreadsheet program writes."
                )
                % {"n": f"{elements:,}", "cells": f"{cells:,}"},
            )
        tag = local(tag)
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
        tag = local(tag)
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

    parser = expat.ParserCreate()
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
