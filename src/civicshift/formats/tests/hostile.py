"""Hostile files for tests, generated on the spot (nothing large is stored or held in memory).

Used by the safety tests and by the tests of every path that reads a user's file (the case
upload, ``civicshift case analyze``, the backup import).
"""

from __future__ import annotations

import textwrap
import zipfile
from pathlib import Path

GIB = 1024**3


def write_zip_bomb(path: Path, sheet: str = "xl/worksheets/sheet1.xml") -> Path:
    """A minimal xlsx whose sheet unpacks to 1 GiB of zeros (about 4.5 MB on disk), written in
    1 MiB chunks."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(sheet, "w", force_zip64=True) as part:
            chunk = b"0" * 2**20
            for _ in range(GIB // len(chunk)):
                part.write(chunk)
    return path


def write_many_entries(path: Path, count: int = 10_000) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for n in range(count):
            archive.writestr(f"xl/part{n}.xml", "")
    return path


def xml_entity_bomb(root: str = "worksheet") -> bytes:
    """An XML document whose internal DTD nests entities ten deep, ten to a level: ``&lol9;``
    expands to 10**9 "lol"s (the "billion laughs" attack), under a ``root`` element of the
    SpreadsheetML namespace."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE {root} [{entities}]>'
        f'<{root} xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<x>&lol9;</x></{root}>"
    ).encode()


def deep_xml(root: str = "worksheet", depth: int = 100_000) -> bytes:
    """``depth`` nested elements under a SpreadsheetML ``root`` element."""
    return (
        f'<{root} xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "<x>" * depth
        + "</x>" * depth
        + f"</{root}>"
    ).encode()


def replace_part(
    source: Path, path: Path, part: str, xml: bytes, compression: int = zipfile.ZIP_STORED
) -> Path:
    """A copy of the xlsx (or any zip) ``source`` at ``path`` with ``part`` replaced by
    ``xml``; stored, not compressed, by default, so a zip ratio check does not refuse it
    first."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", compression) as copy:
        for info in original.infolist():
            copy.writestr(info.filename, xml if info.filename == part else original.read(info))
    return path


#: Nine levels of nine aliases: 9**9 (387 million) "lol"s once expanded.
BILLION_LAUGHS = textwrap.dedent(
    """\
    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
    i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
    """
)

DEEP_JSON = "[" * 100_000 + "]" * 100_000
DUPLICATE_KEYS_JSON = '{"title": "Permits", "start_year": 2027, "title": "Other"}'
TEN_THOUSAND_DIGITS_JSON = '{"title": "Permits", "start_year": ' + "9" * 10_000 + "}"
OVERFLOW_JSON = '{"title": "Permits", "discount_rate": 1e999}'
