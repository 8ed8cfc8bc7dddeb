"""Turning one spreadsheet cell into a typed value, or a plain-language problem.

The formats met in towns' inventories and legacy exports:

* **Dates**: ISO ``2026-10-13``; US ``10/13/2026`` and ``10/13/26`` (and ``13/10/2026`` when the
  first number cannot be a month); ``13-Oct-2026``, ``13 Oct 2026``, ``Oct 13, 2026``; an Access
  ``10/13/2026 0:00:00``; a date cell (``datetime``); an Excel serial number (days since
  1899-12-30, the 1900 leap-year bug included, as Excel counts them: serial 45000 is
  2023-03-15); AS/400 ``YYYYMMDD`` (``20261013``) and ``CYYMMDD`` (``1261013``: century digit
  0 is 19xx, 1 is 20xx, IBM i's ``*CYMD`` format). ``0``/``00000000`` (an AS/400 "no date")
  reads as blank.
* **Amounts**: ``$12,500``, ``12500.00``, ``USD 1,000``, ``12.5k``, ``1.2M``; ``(500)`` and
  ``-500`` are negative and refused for a cost.
* **Percentages** for FTE: ``50%`` is 0.5. **Hours** for RTO/RPO: ``4``, ``4h``, ``2 days``.
* **Choices** by key, label or synonym, case and punctuation ignored.

Every parser takes the raw cell (``str``, ``int``, ``float``, ``datetime``, ``bool`` or ``None``)
and returns the value or raises ``ValueProblem`` with a sentence for the person.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from gettext import gettext as _

from . import columns
from .columns import Field

#: Excel's day zero (serial 1 is 1900-01-01; the fictitious 1900-02-29 shifts the origin by one).
EXCEL_EPOCH = dt.date(1899, 12, 30)
#: Serial numbers accepted as dates: 1950-01-01 .. 2100-12-31 (the years the model stores).
SERIAL_RANGE = (18264, 73415)
BLANKS = {"", "-", "--", "n/a", "na", "none", "null", "tbd", "?", "unknown", "n.a.", "#n/a"}
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}


class ValueProblem(ValueError):
    """A cell that cannot be read; the message is shown beside the row and column."""


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip().lower() in BLANKS
    return False


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _make_date(year: int, month: int, day: int, raw: object) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueProblem(
            _("“%(value)s” is not a real date (day %(day)s of month %(month)s of %(year)s).")
            % {"value": raw, "day": day, "month": month, "year": year}
        ) from None


def _two_digit_year(year: int) -> int:
    # Excel's own rule for two-digit years: 00-29 are 20xx, 30-99 are 19xx.
    return year + (2000 if year < 30 else 1900)


def _from_serial(number: float, raw: object) -> dt.date:
    if not SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
        raise ValueProblem(
            _("“%(value)s” is a number, not a date; write it as 2026-10-13 or 10/13/2026.")
            % {"value": raw}
        )
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$")
_SLASHED = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}.*)?$")
_DAY_MON_YEAR = re.compile(r"^(\d{1,2})[\s\-/.]+([a-z]{3,9})\.?[\s\-/.,]+(\d{2}|\d{4})$")
_MON_DAY_YEAR = re.compile(r"^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_MON_YEAR = re.compile(r"^([a-z]{3,9})\.?[\s\-/,]+(\d{4})$")


def parse_date(value: object) -> dt.date | None:
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueProblem(_("“%(value)s” is not a date.") % {"value": value})
    if isinstance(value, int | float):
        if value == 0:
            return None
        if isinstance(value, int) or float(value).is_integer():
            text = str(int(value))
            if len(text) in (6, 7, 8) and not SERIAL_RANGE[0] <= int(value) <= SERIAL_RANGE[1]:
                return parse_date(text)
        return _from_serial(float(value), value)
    text = str(value).strip().lower()
    if text.strip("0") == "":
        return None  # AS/400 "no date": 0, 0000000, 00000000
    if text.isdigit():
        if len(text) == 8:  # YYYYMMDD
            return _make_date(int(text[:4]), int(text[4:6]), int(text[6:]), value)
        if len(text) in (6, 7):  # CYYMMDD (a leading 0 century may have been dropped)
            text = text.rjust(7, "0")
            century = int(text[0])
            if century > 1:
                raise ValueProblem(
                    _(
                        "“%(value)s” looks like an AS/400 CYYMMDD date but its century digit is "
                        "%(c)s (0 is 19xx, 1 is 20xx)."
                    )
                    % {"value": value, "c": century}
                )
            return _make_date(
                1900 + 100 * century + int(text[1:3]), int(text[3:5]), int(text[5:]), value
            )
        if len(text) == 5:
            return _from_serial(int(text), value)
    match = _ISO.match(text)
    if match:
        return _make_date(int(match[1]), int(match[2]), int(match[3]), value)
    match = _SLASHED.match(text)
    if match:
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        if len(match[3]) == 2:
            year = _two_digit_year(year)
        if first > 12 >= second:  # 13/10/2026 can only be day/month
            return _make_date(year, second, first, value)
        return _make_date(year, first, second, value)
    match = _DAY_MON_YEAR.match(text)
    if match and match[2] in MONTHS:
        year = int(match[3]) if len(match[3]) == 4 else _two_digit_year(int(match[3]))
        return _make_date(year, MONTHS[match[2]], int(match[1]), value)
    match = _MON_DAY_YEAR.match(text)
    if match and match[1] in MONTHS:
        return _make_date(int(match[3]), MONTHS[match[1]], int(match[2]), value)
    match = _MON_YEAR.match(text)
    if match and match[1] in MONTHS:
        raise ValueProblem(
            _("“%(value)s” has no day; write the full date, e.g. %(example)s.")
            % {"value": value, "example": f"{match[2]}-{MONTHS[match[1]]:02d}-01"}
        )
    raise ValueProblem(
        _("“%(value)s” is not a date this importer reads; write it as 2026-10-13 or 10/13/2026.")
        % {"value": value}
    )


_MULTIPLIERS = {"k": Decimal(1000), "m": Decimal(1_000_000), "mm": Decimal(1_000_000)}
_AMOUNT = re.compile(
    r"^(?P<neg>-)?\s*(?:usd|us\$|\$)?\s*(?P<neg2>-)?\s*(?P<number>\d[\d,\s]*(?:\.\d+)?|\.\d+)"
    r"\s*(?P<mult>k|m|mm|thousand|million)?\s*(?:usd|dollars|/\s*(?:yr|year)|per year|pa)?$"
)


def _decimal_text(value: object, field: Field) -> tuple[Decimal, bool]:
    """A number written the way people write amounts: (value, whether it was negative)."""
    if isinstance(value, bool):
        raise ValueProblem(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, int | float):
        number = Decimal(str(value))
        return number, number < 0
    text = str(value).strip().lower().replace("\u00a0", " ")
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    match = _AMOUNT.match(text)
    if not match:
        raise ValueProblem(
            _("“%(value)s” is not an amount; write it as 12500, $12,500 or 12.5k.")
            % {"value": value}
        )
    digits = re.sub(r"[,\s]", "", match["number"])
    try:
        number = Decimal(digits)
    except InvalidOperation:
        raise ValueProblem(_("“%(value)s” is not a number.") % {"value": value}) from None
    multiplier = match["mult"]
    if multiplier:
        number *= {"thousand": Decimal(1000), "million": Decimal(1_000_000)}.get(
            multiplier, _MULTIPLIERS.get(multiplier, Decimal(1))
        )
    negative = negative or bool(match["neg"]) or bool(match["neg2"])
    return (-number if negative else number), negative


def parse_money(value: object, field: Field) -> Decimal | None:
    if is_blank(value):
        return None
    number, negative = _decimal_text(value, field)
    if negative:
        raise ValueProblem(
            _(
                "“%(value)s” is negative; a cost cannot be below zero (a credit or refund is "
                "not a cost)."
            )
            % {"value": value}
        )
    if number > Decimal("999999999999"):
        raise ValueProblem(_("“%(value)s” is too large for an annual cost.") % {"value": value})
    return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _bounded(number: Decimal | int, value: object, field: Field) -> None:
    if field.minimum is not None and number < field.minimum:
        raise ValueProblem(
            _("“%(value)s” is below %(min)s, the least allowed.")
            % {"value": value, "min": field.minimum}
        )
    if field.maximum is not None and number > field.maximum:
        raise ValueProblem(
            _("“%(value)s” is above %(max)s, the most allowed.")
            % {"value": value, "max": field.maximum}
        )


def parse_decimal(value: object, field: Field) -> Decimal | None:
    if is_blank(value):
        return None
    text = value.strip() if isinstance(value, str) else None
    if text and text.endswith("%"):
        number, _negative = _decimal_text(text[:-1], field)
        number = number / 100
    else:
        number, _negative = _decimal_text(value, field)
    _bounded(number, value, field)
    return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


_HOURS = re.compile(
    r"^(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>h|hr|hrs|hour|hours|d|day|days|w|wk|week|weeks|"
    r"m|min|mins|minute|minutes)?$"
)
_UNIT_HOURS = {"d": 24, "day": 24, "days": 24, "w": 168, "wk": 168, "week": 168, "weeks": 168}


def parse_hours(value: object, field: Field) -> Decimal | None:
    if is_blank(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = Decimal(str(value))
    else:
        match = _HOURS.match(str(value).strip().lower())
        if not match:
            raise ValueProblem(
                _("“%(value)s” is not a duration; write hours (4), or 4h, 2 days, 1 week.")
                % {"value": value}
            )
        number = Decimal(match["number"])
        unit = match["unit"] or "h"
        if unit.startswith("m"):
            number = number / 60
        else:
            number *= _UNIT_HOURS.get(unit, 1)
    _bounded(number, value, field)
    return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def parse_integer(value: object, field: Field) -> int | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueProblem(_("“%(value)s” is not a whole number.") % {"value": value})
    if isinstance(value, dt.date | dt.datetime):
        if field.kind == columns.YEAR:
            return value.year
        raise ValueProblem(_("“%(value)s” is a date, not a number.") % {"value": value})
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueProblem(_("“%(value)s” is not a whole number.") % {"value": value})
        number = int(value)
    elif isinstance(value, int):
        number = value
    else:
        text = str(value).strip().replace(",", "")
        if re.fullmatch(r"\d+\.0+", text):
            text = text.split(".")[0]
        if not re.fullmatch(r"-?\d{1,12}", text):
            if field.kind == columns.YEAR:
                try:
                    found = parse_date(value)
                except ValueProblem:
                    found = None
                if found:
                    return found.year
            raise ValueProblem(_("“%(value)s” is not a whole number.") % {"value": value})
        number = int(text)
    _bounded(number, value, field)
    return number


_INDEXES: dict[str, columns.ChoiceIndex] = {}


def choice_index(field: Field) -> columns.ChoiceIndex:
    if field.key not in _INDEXES:
        _INDEXES[field.key] = columns.ChoiceIndex(field)
    return _INDEXES[field.key]


def parse_choice(value: object, field: Field) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        value = "yes" if value else "no"
    text = _text(value)
    if not columns.normalise(text):
        return None
    index = choice_index(field)
    found = index.find(text)
    if found is None:
        if is_blank(text):  # "n/a", "none", "TBD" where the field has no such choice
            return None
        raise ValueProblem(
            _("“%(value)s” is not a known %(field)s; use one of: %(allowed)s.")
            % {"value": text, "field": field.label.lower(), "allowed": index.allowed()}
        )
    return found


_SPLIT = re.compile(r"\s*[;,/\n]\s*")


def split_list(value: object) -> list[str]:
    if is_blank(value):
        return []
    parts, seen = [], set()
    for part in _SPLIT.split(_text(value)):
        part = " ".join(part.split())
        if part and part.lower() not in seen:
            seen.add(part.lower())
            parts.append(part)
    return parts


def parse_choices(value: object, field: Field) -> list[str]:
    index = choice_index(field)
    keys: list[str] = []
    unknown: list[str] = []
    for part in split_list(value):
        if part.lower() in ("none", "no", "n/a"):
            continue
        found = index.find(part)
        if found is None:
            unknown.append(part)
        elif found not in keys:
            keys.append(found)
    if unknown:
        raise ValueProblem(
            _("“%(value)s” is not a kind of regulated data this knows; use any of: %(allowed)s.")
            % {"value": "; ".join(unknown), "allowed": index.allowed()}
        )
    return keys


def parse_text(value: object, field: Field) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        text = value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    else:
        text = _text(value)
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        text = text[1:]  # the quote our export adds against formula injection
    if field.max_length is not None and len(text) > field.max_length:
        raise ValueProblem(
            _("the text is %(n)s characters long; at most %(max)s are allowed.")
            % {"n": len(text), "max": field.max_length}
        )
    return text


PARSERS = {
    columns.TEXT: parse_text,
    columns.CHOICE: parse_choice,
    columns.CHOICES: parse_choices,
    columns.DEPARTMENTS: lambda value, field: split_list(value),
    columns.INTEGER: parse_integer,
    columns.YEAR: parse_integer,
    columns.MONEY: parse_money,
    columns.DECIMAL: parse_decimal,
    columns.HOURS: parse_hours,
    columns.DATE: lambda value, field: parse_date(value),
}


def parse_value(value: object, field: Field) -> object:
    """The typed value of one cell for ``field``; ``ValueProblem`` if it cannot be read."""
    return PARSERS[field.kind](value, field)
