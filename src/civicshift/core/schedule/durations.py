"""Durations and lags as people type them: ``3d``, ``4h``, ``2w``, ``1mo``, ``30m``, elapsed
``2ed`` / ``12eh``, and a lag as a share of the predecessor, ``50%`` (``50e%`` elapsed).

This is the one parser of duration text in the project. Two grammars share it:

* ``TYPED`` — what a person types in a web form or an in-place edit: a comma or a dot before the
  decimals (``1,5d``), spaces anywhere between sign, number and unit, any letter case, and a
  missing unit read as working days (``3`` = ``3d``).
* ``PLAN_FILE`` — the project's plan file (and its JSON Schema): a dot before the decimals, no
  spaces inside, lower-case units, the unit required, ``e%`` allowed. A file is exchanged between
  programs, so it is strict: what one program writes, every other reads the same way.

Units convert with the plan's settings, as Microsoft Project does (not with the calendar):
d = ``minutes_per_day``, w = ``minutes_per_week``, mo = ``days_per_month`` days. Elapsed units
are wall-clock: 1 ed = 1,440 minutes, 1 ew = 7 ed, 1 emo = 30 ed (MPXJ's reading, see
``../shared/notes/msproject-scheduling.md`` section 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from civicshift.core.schedule.model import Duration, Lag

__all__ = [
    "PLAN_FILE",
    "TYPED",
    "Amount",
    "DurationSyntaxError",
    "Grammar",
    "Units",
    "format",
    "parse",
    "read",
    "read_duration",
    "read_lag",
]

_ELAPSED = {"em": 1, "eh": 60, "ed": 1440, "ew": 10080, "emo": 43200}
_WORKING = ("m", "h", "d", "w", "mo")
# Longest first, so that "emo" is not read as "em" + "o".
_UNITS = r"emo|mo|em|eh|ed|ew|e%|m|h|d|w|%"


@dataclass(frozen=True)
class Units:
    minutes_per_day: int = 480
    minutes_per_week: int = 2400
    days_per_month: int = 20

    def minutes(self, unit: str) -> int:
        """Minutes in one ``unit`` (a working unit with these settings, or an elapsed one)."""
        if unit in _ELAPSED:
            return _ELAPSED[unit]
        return {
            "m": 1,
            "h": 60,
            "d": self.minutes_per_day,
            "w": self.minutes_per_week,
            "mo": self.days_per_month * self.minutes_per_day,
        }[unit]


@dataclass(frozen=True)
class Grammar:
    """How forgiving the text may be (see the module docstring)."""

    decimal_comma: bool
    spaces: bool
    ignore_case: bool
    default_unit: str | None  # None: the unit is required
    elapsed_percent: bool

    def pattern(self) -> re.Pattern[str]:
        space = r"\s*" if self.spaces else ""
        decimals = r"[.,]" if self.decimal_comma else r"\."
        unit = f"(?P<unit>{_UNITS})" + ("?" if self.default_unit else "")
        number = f"(?P<value>\\d+(?:{decimals}\\d+)?)"
        text = f"{space}(?P<sign>[-+])?{space}{number}{space}{unit}{space}"
        return re.compile(text, re.IGNORECASE if self.ignore_case else 0)


TYPED = Grammar(
    decimal_comma=True, spaces=True, ignore_case=True, default_unit="d", elapsed_percent=False
)
PLAN_FILE = Grammar(
    decimal_comma=False, spaces=False, ignore_case=False, default_unit=None, elapsed_percent=True
)
_PATTERNS: dict[Grammar, re.Pattern[str]] = {}


class DurationSyntaxError(ValueError):
    """Text that is not a duration; the message says what to write instead."""


@dataclass(frozen=True)
class Amount:
    """Parsed text: ``minutes`` in ``unit`` (working or elapsed), or ``percent`` of the
    predecessor's duration for a lag such as ``50%`` (then ``minutes`` is 0)."""

    minutes: int
    elapsed: bool
    unit: str
    percent: float | None = None

    def duration(self) -> Duration:
        return Duration(self.minutes, elapsed=self.elapsed, unit=self.unit)

    def lag(self) -> Lag:
        return Lag(self.minutes, self.elapsed, self.percent, self.unit)


def read(
    text: str,
    units: Units | None = None,
    *,
    grammar: Grammar = TYPED,
    allow_negative: bool = False,
    allow_percent: bool = False,
) -> Amount:
    """Duration or lag text → ``Amount``; raises ``DurationSyntaxError`` saying why not."""
    units = units or Units()
    pattern = _PATTERNS.get(grammar)
    if pattern is None:
        pattern = _PATTERNS[grammar] = grammar.pattern()
    match = pattern.fullmatch(str(text).strip())
    if not match:
        example = "3d, 4h, 2w" + (", 50%" if allow_percent else "")
        raise DurationSyntaxError(
            f"“{str(text)[:20]}” is not a duration: write a number and a unit, e.g. {example}."
        )
    number = float(match.group("value").replace(",", "."))
    if match.group("sign") == "-":
        number = -number
    unit = (match.group("unit") or grammar.default_unit or "").lower()
    if number < 0 and not allow_negative:
        raise DurationSyntaxError("A duration cannot be negative.")
    if unit.endswith("%"):
        if not allow_percent:
            raise DurationSyntaxError("A percentage is only allowed for a lag.")
        if unit == "e%" and not grammar.elapsed_percent:
            raise DurationSyntaxError("Write a lag percentage as 50%, without “e”.")
        return Amount(0, unit == "e%", unit, number)
    minutes = round(number * units.minutes(unit))
    return Amount(minutes, unit in _ELAPSED, unit)


def parse(
    text: str,
    units: Units | None = None,
    *,
    default_unit: str = "d",
    allow_negative=False,
    allow_percent=False,
) -> tuple[Duration, float | None]:
    """Typed text (the ``TYPED`` grammar) → ``(duration, percent)``: percent is set (and the
    duration zero) for ``50%``."""
    grammar = TYPED
    if default_unit != TYPED.default_unit:
        grammar = replace(TYPED, default_unit=default_unit)
    amount = read(
        text, units, grammar=grammar, allow_negative=allow_negative, allow_percent=allow_percent
    )
    if amount.percent is not None:
        return Duration(0, unit="d"), amount.percent
    return amount.duration(), None


def read_duration(text: str, units: Units | None = None, *, grammar: Grammar = TYPED) -> Duration:
    """A task's duration (signed: whether a negative one is refused is the caller's rule,
    which names the task)."""
    return read(text, units, grammar=grammar, allow_negative=True).duration()


def read_lag(text: str, units: Units | None = None, *, grammar: Grammar = TYPED) -> Lag:
    """A link's lag: negative (a lead) and percentages allowed."""
    return read(text, units, grammar=grammar, allow_negative=True, allow_percent=True).lag()


def format(duration: Duration, units: Units | None = None) -> str:  # noqa: A001 - the module's verb
    """``Duration`` → ``3d``: in its own unit, with up to two decimals."""
    units = units or Units()
    unit = duration.unit if duration.unit in (*_ELAPSED, *_WORKING) else "d"
    value = duration.minutes / units.minutes(unit)
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text}{unit}"
