"""Durations and lags as people type them: ``3d``, ``4h``, ``2w``, ``1mo``, ``30m``, elapsed
``2ed`` / ``12eh``, and a lag as a share of the predecessor, ``50%``.

Units convert with the plan's settings, as Microsoft Project does (not with the calendar):
d = ``minutes_per_day``, w = ``minutes_per_week``, mo = ``days_per_month`` days. Elapsed units
are wall-clock: 1 ed = 1,440 minutes, 1 ew = 7 ed, 1 emo = 30 ed (MPXJ's reading, see
``../shared/notes/msproject-scheduling.md`` section 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from civicshift.core.schedule.model import Duration

_PATTERN = re.compile(r"^\s*([+-]?\d+(?:[.,]\d+)?)\s*(emo|mo|em|eh|ed|ew|m|h|d|w|%)?\s*$", re.I)
_ELAPSED = {"em": 1, "eh": 60, "ed": 1440, "ew": 10080, "emo": 43200}


@dataclass(frozen=True)
class Units:
    minutes_per_day: int = 480
    minutes_per_week: int = 2400
    days_per_month: int = 20

    def minutes(self, unit: str) -> int:
        working = {
            "m": 1,
            "h": 60,
            "d": self.minutes_per_day,
            "w": self.minutes_per_week,
            "mo": self.days_per_month * self.minutes_per_day,
        }
        return working.get(unit) or _ELAPSED[unit]


class DurationSyntaxError(ValueError):
    """Text that is not a duration; the message says what to write instead."""


def parse(
    text: str,
    units: Units | None = None,
    *,
    default_unit: str = "d",
    allow_negative=False,
    allow_percent=False,
) -> tuple[Duration, float | None]:
    """``(duration, percent)``: percent is set (and the duration zero) for ``50%``."""
    units = units or Units()
    match = _PATTERN.match(str(text))
    if not match:
        raise DurationSyntaxError(
            f"“{str(text)[:20]}” is not a duration: write a number and a unit, e.g. 3d, 4h, 2w."
        )
    number = float(match.group(1).replace(",", "."))
    unit = (match.group(2) or default_unit).lower()
    if number < 0 and not allow_negative:
        raise DurationSyntaxError("A duration cannot be negative.")
    if unit == "%":
        if not allow_percent:
            raise DurationSyntaxError("A percentage is only allowed for a lag.")
        return Duration(0, unit="d"), number
    minutes = round(number * units.minutes(unit))
    return Duration(minutes, elapsed=unit in _ELAPSED, unit=unit), None


def format(duration: Duration, units: Units | None = None) -> str:  # noqa: A001 - the module's verb
    """``Duration`` → ``3d``: in its own unit, with up to two decimals."""
    units = units or Units()
    unit = duration.unit if duration.unit in (*_ELAPSED, "m", "h", "d", "w", "mo") else "d"
    value = duration.minutes / units.minutes(unit)
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text}{unit}"
