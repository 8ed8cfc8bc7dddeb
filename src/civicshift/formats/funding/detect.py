"""Any funding file, told apart by content, not by name: a zip (the Grants.gov daily extract,
or a zipped JSON extract), XML (``<``), JSON (``{`` or ``[``), else the hand-typed csv."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator

from civicshift.formats.funding.csv_programs import read_programs_csv
from civicshift.formats.funding.grantsgov_xml import read_grants_xml
from civicshift.formats.funding.limits import Source, is_zip
from civicshift.formats.funding.model import FundingFileError, FundingNotice, ReadReport
from civicshift.formats.funding.simpler_json import read_simpler_json
from civicshift.formats.safety import source_name

_BLANKS = b"\xef\xbb\xbf \t\r\n"


def _head(source: Source, size: int = 4096) -> bytes:
    if isinstance(source, bytes | bytearray):
        return bytes(source[:size])
    if isinstance(source, str | os.PathLike):
        try:
            with open(source, "rb") as handle:
                return handle.read(size)
        except FileNotFoundError:
            raise FundingFileError(source_name(source), "no such file.") from None
    position = source.tell()
    head = source.read(size)
    source.seek(position)
    return head


def detect_format(source: Source, file: str) -> str:
    """``grants.gov-xml``, ``simpler-json`` or ``csv``."""
    head = _head(source)
    if is_zip(head):
        try:
            opened = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
            with zipfile.ZipFile(opened) as archive:
                names = [n.lower() for n in archive.namelist()]
        except zipfile.BadZipFile:
            raise FundingFileError(file, "the file is not a zip archive.") from None
        finally:
            if not isinstance(source, str | os.PathLike | bytes | bytearray):
                source.seek(0)
        if any(n.endswith(".xml") for n in names):
            return "grants.gov-xml"
        if any(n.endswith(".json") for n in names):
            return "simpler-json"
        raise FundingFileError(file, "the zip holds neither a Grants.gov XML nor a JSON file.")
    first = head.lstrip(_BLANKS)[:1]
    if first == b"<":
        return "grants.gov-xml"
    if first in (b"{", b"["):
        return "simpler-json"
    if not first:
        raise FundingFileError(file, "the file is empty")
    return "csv"


def read_funding(
    source: Source, name: str | None = None, *, report: ReadReport | None = None
) -> tuple[ReadReport, Iterator[FundingNotice]]:
    """The report (filled as the records are consumed) and the records of any funding file.

    ``for notice in records`` streams them: import in batches, and read ``report`` after the
    loop for the problems and counts.
    """
    file = source_name(source, name)
    report = report if report is not None else ReadReport(file)
    kind = detect_format(source, file)
    report.format = kind
    if kind == "grants.gov-xml":
        return report, read_grants_xml(source, file=file, report=report)
    if kind == "simpler-json":
        return report, read_simpler_json(source, file=file, report=report)
    return report, read_programs_csv(source, file=file, report=report)
