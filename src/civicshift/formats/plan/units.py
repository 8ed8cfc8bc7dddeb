"""Durations and lags as people type them (``3d``, ``4h``, ``2ed``, ``-1d``, ``50%``) ↔ minutes.

Working units convert with the project's settings, as Microsoft Project does (``m`` 1, ``h`` 60,
``d`` minutes_per_day, ``w`` minutes_per_week, ``mo`` days_per_month × minutes_per_day);
elapsed units are wall-clock (``em`` 1, ``eh`` 60, ``ed`` 1440, ``ew`` 10080, ``emo`` 30 ×
1440, MPXJ's reading of an elapsed month). Source: ``../shared/notes/msproject-scheduling.md``
section 1.
"""

from __future__ import annotations

import re

from civicshift.core.schedule.model import Duration, Lag

_TEXT = re.compile(
    r"(?P<sign>[-+])?(?P<value>\d+(?:\.\d+)?)(?P<unit>emo|em|eh|ed|ew|mo|m|h|d|w|e%|%)"
)

ELAPSED_FACTORS = {"em": 1, "eh": 60, "ed": 1440, "ew": 10080, "emo": 30 * 1440}


def factor(unit: str, *, minutes_per_day: int, minutes_per_week: int, days_per_month: int) -> int:
    """Minutes in one ``unit``."""
    if unit in ELAPSED_FACTORS:
        return ELAPSED_FACTORS[unit]
    return {
        "m": 1,
        "h": 60,
        "d": minutes_per_day,
        "w": minutes_per_week,
        "mo": days_per_month * minutes_per_day,
    }[unit]


def split(text: str) -> tuple[float, str] | None:
    """(signed value, unit) of ``-1.5d``; None when the text is not a duration."""
    match = _TEXT.fullmatch(text.strip())
    if not match:
        return None
    value = float(match.group("value"))
    return (-value if match.group("sign") == "-" else value), match.group("unit")


def parse_duration_text(text: str, **settings: int) -> Duration | None:
    parts = split(text)
    if parts is None or parts[1].endswith("%"):
        return None
    value, unit = parts
    return Duration(round(value * factor(unit, **settings)), unit.startswith("e"), unit)


def parse_lag_text(text: str, **settings: int) -> Lag | None:
    parts = split(text)
    if parts is None:
        return None
    value, unit = parts
    if unit.endswith("%"):
        return Lag(0, unit == "e%", value, unit)
    return Lag(round(value * factor(unit, **settings)), unit.startswith("e"), None, unit)


def _number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def format_amount(minutes: int, unit: str, **settings: int) -> str:
    """``minutes`` shown in ``unit`` (falls back to minutes when the unit is unknown)."""
    if unit.endswith("%") or unit not in {*ELAPSED_FACTORS, "m", "h", "d", "w", "mo"}:
        unit = "m"
    value = minutes / factor(unit, **settings)
    if round(float(_number(value)) * factor(unit, **settings)) != minutes:
        unit, value = ("em" if unit.startswith("e") else "m"), minutes
    return f"{_number(value)}{unit}"


def format_duration_text(duration: Duration, **settings: int) -> str:
    unit = duration.unit
    if duration.elapsed and not unit.startswith("e"):
        unit = "ed"
    if not duration.elapsed and unit.startswith("e"):
        unit = "d"
    return format_amount(duration.minutes, unit, **settings)


def format_lag_text(lag: Lag, **settings: int) -> str:
    if lag.percent is not None:
        return f"{_number(lag.percent)}{'e%' if lag.elapsed else '%'}"
    unit = lag.unit
    if lag.elapsed and not unit.startswith("e"):
        unit = "ed"
    if not lag.elapsed and (unit.startswith("e") or unit.endswith("%")):
        unit = "d"
    return format_amount(lag.minutes, unit, **settings)
