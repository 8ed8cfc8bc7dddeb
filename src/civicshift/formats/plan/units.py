"""Durations and lags written into plan files and workbooks: minutes → ``3d``, ``2ed``, ``-1d``,
``50%``. Reading them is ``civicshift.core.schedule.durations`` (grammar ``PLAN_FILE``), the one
parser of duration text.

Working units convert with the project's settings, as Microsoft Project does (``m`` 1, ``h`` 60,
``d`` minutes_per_day, ``w`` minutes_per_week, ``mo`` days_per_month × minutes_per_day);
elapsed units are wall-clock (``em`` 1, ``eh`` 60, ``ed`` 1440, ``ew`` 10080, ``emo`` 30 ×
1440, MPXJ's reading of an elapsed month). Source: ``../shared/notes/msproject-scheduling.md``
section 1.
"""

from __future__ import annotations

from civicshift.core.schedule.durations import Units
from civicshift.core.schedule.model import DURATION_UNITS, Duration, Lag


def factor(unit: str, *, minutes_per_day: int, minutes_per_week: int, days_per_month: int) -> int:
    """Minutes in one ``unit``."""
    return Units(minutes_per_day, minutes_per_week, days_per_month).minutes(unit)


def _number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def format_amount(minutes: int, unit: str, **settings: int) -> str:
    """``minutes`` shown in ``unit`` (falls back to minutes when the unit is unknown)."""
    if unit not in DURATION_UNITS:
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
