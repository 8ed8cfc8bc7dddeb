"""Programs typed by hand in a spreadsheet and saved as csv (columns in docs/funding-files.md).

The first row names the columns (any order, case and spaces ignored); ``program_id`` and
``title`` are required. Lists (``aln_numbers``, ``eligible_applicants``, ``purposes``) are
separated by semicolons. Applicant types are Grants.gov's two-digit codes or Simpler.Grants.gov's
words (``city_or_township_governments``); dates are YYYY-MM-DD; amounts whole dollars (a ``$``
and thousands commas are accepted). A row with a problem is kept with the field left empty,
except a row without an id or a title, or with an id already used, which is skipped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal

from civicshift.formats.funding import codes, values
from civicshift.formats.funding.model import FundingFileError, FundingNotice, ReadReport
from civicshift.formats.safety import Source, UnsafeFileError, decode_text, read_bounded

MAX_CSV_BYTES = 5 * 1024 * 1024
MAX_FIELD_CHARS = 20_000

COLUMNS = (
    "program_id",
    "title",
    "agency",
    "aln_numbers",
    "instrument",
    "eligible_applicants",
    "eligibility_text",
    "purposes",
    "award_floor",
    "award_ceiling",
    "total_funding",
    "expected_awards",
    "local_match_percent",
    "post_date",
    "close_date",
    "archive_date",
    "forecast_close_date",
    "status",
    "recurrence",
    "link",
    "description",
)
REQUIRED = ("program_id", "title")
STATUSES = ("", "forecasted", "posted", "closed", "archived", "lapsed", "at_risk")


def _key(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def _list(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def read_programs_csv(
    source: Source, *, file: str = "programs.csv", report: ReadReport | None = None
) -> Iterator[FundingNotice]:
    report = report if report is not None else ReadReport(file)
    report.format = report.format or "csv"
    try:
        text = decode_text(read_bounded(source, max_bytes=MAX_CSV_BYTES, name=file), name=file)
    except UnsafeFileError as exc:
        raise FundingFileError(file, exc.problem) from None
    csv.field_size_limit(MAX_FIELD_CHARS)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise FundingFileError(file, f"row 1 cannot be read as csv: {exc}") from None
    if not header:
        raise FundingFileError(file, "the file is empty")
    keys = [_key(h) for h in header]
    missing = [c for c in REQUIRED if c not in keys]
    if missing:
        raise FundingFileError(
            file,
            f"the first row lacks the column(s) {', '.join(missing)}; the columns are "
            f"{', '.join(COLUMNS)} (see docs/funding-files.md)",
        )
    unknown_columns = [k for k in keys if k and k not in COLUMNS]
    for column in unknown_columns:
        report.add("row 1", column, "unknown column ignored", note=True)
    seen: set[str] = set()
    row_number = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise FundingFileError(
                file, f"row {row_number + 1} cannot be read as csv: {exc}"
            ) from None
        row_number += 1
        if not any(c.strip() for c in cells):
            continue
        row = {k: (cells[i].strip() if i < len(cells) else "") for i, k in enumerate(keys)}
        notice = _notice(row, row_number, report, seen)
        if notice is not None:
            yield notice


def _notice(
    row: dict[str, str], number: int, report: ReadReport, seen: set[str]
) -> FundingNotice | None:
    pid, title = row.get("program_id", ""), row.get("title", "")
    record = f"row {number}" + (f" ({pid})" if pid else "")
    if not pid or not title:
        report.add(record, "program_id" if not pid else "title", "required; row skipped", number)
        report.skipped += 1
        return None
    if pid in seen:
        report.add(
            record, "program_id", "this program_id is already used above; row skipped", number
        )
        report.skipped += 1
        return None
    seen.add(pid)
    applicants, unknown = [], []
    for word in _list(row.get("eligible_applicants", "")):
        code = (
            word
            if word in codes.APPLICANT_TYPES
            else codes.SIMPLER_APPLICANT_TYPES.get(word.lower())
        )
        if code is None:
            unknown.append(word)
            applicants.append(word)
            report.add(
                record,
                "eligible_applicants",
                f"unknown applicant type “{word[:60]}” kept",
                number,
                note=True,
            )
        else:
            applicants.append(code)
    purposes = []
    for word in _list(row.get("purposes", "")):
        if word.lower() not in codes.PURPOSES:
            report.add(record, "purposes", f"unknown purpose “{word[:40]}” kept", number, note=True)
        purposes.append(word.lower())
    kind = row.get("instrument", "").lower()
    if kind and kind not in codes.INSTRUMENT_KINDS:
        report.add(
            record,
            "instrument",
            f"unknown instrument “{kind[:40]}” kept as other",
            number,
            note=True,
        )
    status = row.get("status", "").lower().replace(" ", "_").replace("/", "_")
    if status not in STATUSES:
        report.add(
            record,
            "status",
            f"unknown status “{status[:20]}”; left to the dates",
            number,
            note=True,
        )
        status = ""
    match = values.amount(
        row.get("local_match_percent", "").rstrip("%"), report, record, "local_match_percent"
    )
    if match is not None and match > 100:
        report.add(record, "local_match_percent", f"{match} % is more than 100 %", number)
        match = None
    alns = tuple(
        a
        for a in (
            values.aln(t, report, record, "aln_numbers") for t in _list(row.get("aln_numbers", ""))
        )
        if a
    )
    report.records += 1
    report.synopses += 1
    return FundingNotice(
        source="csv",
        opportunity_id=pid,
        title=title,
        agency_name=row.get("agency", ""),
        aln_numbers=alns,
        funding_instruments=(codes.INSTRUMENT_KINDS.get(kind, "O"),) if kind else (),
        instrument_kind=kind,
        eligible_applicants=tuple(applicants),
        unknown_applicant_codes=tuple(unknown),
        eligibility_text=row.get("eligibility_text", ""),
        purposes=tuple(purposes),
        award_floor=values.amount(row.get("award_floor"), report, record, "award_floor"),
        award_ceiling=values.amount(row.get("award_ceiling"), report, record, "award_ceiling"),
        estimated_total_funding=values.amount(
            row.get("total_funding"), report, record, "total_funding"
        ),
        expected_number_of_awards=values.count(
            row.get("expected_awards"), report, record, "expected_awards"
        ),
        local_match_share=(match / Decimal(100)) if match is not None else None,
        cost_sharing=(match > 0) if match is not None else None,
        post_date=values.iso_date(row.get("post_date"), report, record, "post_date"),
        close_date=values.iso_date(row.get("close_date"), report, record, "close_date"),
        archive_date=values.iso_date(row.get("archive_date"), report, record, "archive_date"),
        forecast_close_date=values.iso_date(
            row.get("forecast_close_date"), report, record, "forecast_close_date"
        ),
        status=status,
        recurrence=row.get("recurrence", ""),
        link=row.get("link", ""),
        description=row.get("description", ""),
        line=number,
    )
