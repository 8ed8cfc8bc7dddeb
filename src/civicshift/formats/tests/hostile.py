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
