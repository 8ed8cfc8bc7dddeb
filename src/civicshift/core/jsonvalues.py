"""Turning Python values into what JSON can carry without loss (no Django needed)."""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import uuid
from typing import Any


def _iso_duration(value: dt.timedelta) -> str:
    """ISO 8601 duration in the form Django reads back, e.g. ``P1DT02H03M04S``."""
    sign = ""
    if value < dt.timedelta(0):
        sign, value = "-", -value
    minutes, seconds = divmod(value.seconds, 60)
    hours, minutes = divmod(minutes, 60)
    micro = f".{value.microseconds:06d}" if value.microseconds else ""
    return f"{sign}P{value.days}DT{hours:02d}H{minutes:02d}M{seconds:02d}{micro}S"


def to_jsonable(value: Any) -> Any:
    """A value as JSON can carry it: Decimal, dates and UUIDs as text, bytes as base64,
    durations as ISO 8601; lists, tuples and dicts converted item by item."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return _iso_duration(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, list | tuple):
        return [to_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    return str(value)
