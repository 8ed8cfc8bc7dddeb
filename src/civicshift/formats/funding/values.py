"""Reading one value of a funding record: dates, whole-dollar amounts, yes/no, codes.

Each function returns the value or ``None`` and, when the text cannot be read, adds a problem
to the report naming the record and the field; the record is kept (the field left empty).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from civicshift.formats.funding.model import ReadReport

#: The extract's MMDDYYYYType (OpportunityDetail-V1.0.xsd): month 01-12, day 01-31, four digits.
_MMDDYYYY = re.compile(r"(0[1-9]|1[012])(0[1-9]|[12][0-9]|3[01])(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DIGITS = re.compile(r"[0-9]{1,15}")
_ALN = re.compile(r"[0-9]{2}\.[0-9]{2,3}")
#: Dates read so far (an extract's 80,000 records carry a few thousand distinct days, nine
#: dates a record): only valid ones, so every bad date is still reported where it stands.
_DATES: dict[str, date] = {}
_DATES_AT_MOST = 50_000
#: Largest amount accepted (the schema allows 15 digits).
MAX_AMOUNT = Decimal("999999999999999")


def mmddyyyy(text: str, report: ReadReport, record: str, field: str) -> date | None:
    """A date in the extract's MMDDYYYY form (whitespace collapsed, as the schema says)."""
    text = text.strip()
    if not text:
        return None
    known = _DATES.get(text)
    if known is not None:
        return known
    match = _MMDDYYYY.fullmatch(text)
    if match:
        month, day, year = (int(g) for g in match.groups())
        try:
            read = date(year, month, day)
        except ValueError:
            pass  # digits in the right form but no such day (02302025): reported below
        else:
            if len(_DATES) < _DATES_AT_MOST:
                _DATES[text] = read
            return read
    report.add(record, field, f"“{_short(text)}” is not a date in the form MMDDYYYY")
    return None


def iso_date(text: object, report: ReadReport, record: str, field: str) -> date | None:
    """A date in the form YYYY-MM-DD (Simpler.Grants.gov, the csv)."""
    if text is None or text == "":
        return None
    if isinstance(text, str):
        match = _ISO.fullmatch(text.strip())
        if match:
            try:
                return date(*(int(g) for g in match.groups()))
            except ValueError:
                pass  # no such day (2025-02-30): reported below, as any other bad date
    report.add(record, field, f"“{_short(str(text))}” is not a date in the form YYYY-MM-DD")
    return None


def amount(
    text: object, report: ReadReport, record: str, field: str, *, none_word: bool = False
) -> Decimal | None:
    """Whole US dollars: digits only in the extract (``none`` allowed for AwardCeiling)."""
    if text is None:
        return None
    if isinstance(text, bool):
        report.add(record, field, f"“{text}” is not an amount in dollars")
        return None
    if isinstance(text, int):
        value = Decimal(text)
    else:
        raw = str(text).strip()
        if not raw or (none_word and raw.lower() == "none"):
            return None
        cleaned = raw.replace(",", "").removeprefix("$")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            report.add(record, field, f"“{_short(raw)}” is not an amount in dollars")
            return None
        if not value.is_finite():
            report.add(record, field, f"“{_short(raw)}” is not an amount in dollars")
            return None
    if value < 0 or value > MAX_AMOUNT:
        report.add(record, field, f"the amount {value} is out of range (0 to 15 digits)")
        return None
    return value


def count(text: object, report: ReadReport, record: str, field: str) -> int | None:
    if text is None or text == "":
        return None
    if isinstance(text, int) and not isinstance(text, bool) and 0 <= text < 10**15:
        return text
    if isinstance(text, str) and _DIGITS.fullmatch(text.strip()):
        return int(text.strip())
    report.add(record, field, f"“{_short(str(text))}” is not a whole number")
    return None


def yes_no(text: object, report: ReadReport, record: str, field: str) -> bool | None:
    if text is None or text == "":
        return None
    if isinstance(text, bool):
        return text
    word = str(text).strip().lower()
    if word in {"yes", "y", "true", "1"}:
        return True
    if word in {"no", "n", "false", "0"}:
        return False
    report.add(record, field, f"“{_short(str(text))}” is neither Yes nor No")
    return None


def aln(text: str, report: ReadReport, record: str, field: str) -> str | None:
    """An Assistance Listing number, ``NN.NNN``; one that does not look like one is kept and
    flagged (real extracts carry a few)."""
    text = text.strip()
    if not text:
        return None
    if not _ALN.fullmatch(text):
        report.add(record, field, f"“{_short(text)}” is not an assistance listing number NN.NNN")
    return text


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
