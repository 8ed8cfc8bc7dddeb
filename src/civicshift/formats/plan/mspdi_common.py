"""What the MSPDI reader and writer share: codes, xsd:duration and date-time text.

Codes from Microsoft's MSPDI schema (mspdi_pj12.xsd, published as "XML Schema for the Tasks
element" / "…Calendars element" in MicrosoftDocs/office-developer-msproject-xml-docs) and the
element pages ``durationformat-element.md`` and ``linklag-element.md`` there; see
``../shared/notes/msproject-scheduling.md`` sections 1, 2 and 7.
"""

from __future__ import annotations

import re
from datetime import datetime

from civicshift.core.schedule.model import ConstraintType, LinkType

NAMESPACE = "http://schemas.microsoft.com/project"

#: PredecessorLink ``Type``: 0 FF, 1 FS, 2 SF, 3 SS.
LINK_TYPES: dict[int, LinkType] = {0: LinkType.FF, 1: LinkType.FS, 2: LinkType.SF, 3: LinkType.SS}
LINK_CODES: dict[LinkType, int] = {v: k for k, v in LINK_TYPES.items()}

#: Task ``ConstraintType`` 0–7, in ConstraintType's order.
CONSTRAINTS: dict[int, ConstraintType] = dict(enumerate(ConstraintType))
CONSTRAINT_CODES: dict[ConstraintType, int] = {v: k for k, v in CONSTRAINTS.items()}

#: ``DurationFormat`` / ``LagFormat`` code → (unit, elapsed). 19/20 are % / e% (lags only);
#: 21 and 53 are "null" in the schema (MPXJ reads them as days); code + 32 is the estimated
#: ("?") version of the same unit.
FORMAT_UNITS: dict[int, tuple[str, bool]] = {
    3: ("m", False),
    4: ("em", True),
    5: ("h", False),
    6: ("eh", True),
    7: ("d", False),
    8: ("ed", True),
    9: ("w", False),
    10: ("ew", True),
    11: ("mo", False),
    12: ("emo", True),
    19: ("%", False),
    20: ("e%", True),
    21: ("d", False),
}
FORMAT_UNITS.update({code + 32: unit for code, unit in list(FORMAT_UNITS.items())})
UNIT_FORMATS: dict[str, int] = {
    "m": 3,
    "em": 4,
    "h": 5,
    "eh": 6,
    "d": 7,
    "ed": 8,
    "w": 9,
    "ew": 10,
    "mo": 11,
    "emo": 12,
    "%": 19,
    "e%": 20,
}

_DURATION = re.compile(
    r"(?P<sign>-)?P(?:(?P<days>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?"
)


def parse_duration(text: str) -> int | None:
    """Minutes (rounded to the nearest minute, may be negative) of an xsd:duration such as
    ``PT8H0M0S`` or ``P2DT4H``; None when the text is not one. Years and months are refused
    (their length depends on the calendar)."""
    text = text.strip()
    match = _DURATION.fullmatch(text)
    if not match or text in {"P", "-P", "PT", "-PT"} or text.endswith("T"):
        return None
    total = 0.0
    for part, per in (("days", 1440), ("hours", 60), ("minutes", 1), ("seconds", 1 / 60)):
        value = match.group(part)
        if value is not None:
            total += float(value) * per
    minutes = round(total)
    return -minutes if match.group("sign") else minutes


def format_duration(minutes: int) -> str:
    """``PT8H0M0S`` for 480 minutes, as Microsoft Project writes it."""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}PT{hours}H{rest}M0S"


def parse_datetime(text: str) -> datetime | None:
    """A naive local date-time from ``2006-09-21T08:00:00`` (a date alone is midnight)."""
    text = text.strip()
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value.replace(tzinfo=None)


def format_datetime(value: datetime) -> str:
    return value.replace(microsecond=0).isoformat(timespec="seconds")
