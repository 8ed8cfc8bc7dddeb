"""The cells of a filled-in business-case template, read as the values they stand for.

Each ``as_*`` function takes a cell's value as openpyxl gives it (a number, text or None) and
returns what it means — a number, a rate, a period, yes or no — or raises ``BadValue`` with a
message for people; ``template_reader`` adds the sheet and cell. Text such as '1,200',
'$90,000' or '3%' is read as a person would read it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from gettext import gettext as _
from typing import Any


class BadValue(ValueError):
    """A cell value that cannot be used; the message is for people."""


def column_key(text: Any) -> str:
    """'First year' / 'first_year ' / 'Horizon (years)' → 'first_year' / 'horizon_years'."""
    return re.sub(r"[^a-z0-9]+", "_", str(text or "").strip().lower()).strip("_")


def shown(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_number(value: Any, *, percent: bool = False) -> float | None:
    """A cell as a number (None if blank); text such as '1,200', '$90,000' or '3%' is read."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise BadValue(_("{v} is not a number").format(v=shown(value)))
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip().replace(",", "").replace("$", "").replace(" ", "")
        scale = 1.0
        if text.endswith("%") and percent:
            text, scale = text[:-1], 0.01
        try:
            number = float(text) * scale
        except ValueError:
            raise BadValue(_("{v} is not a number").format(v=shown(value))) from None
    else:
        raise BadValue(_("{v} is not a number").format(v=shown(value)))
    if not math.isfinite(number):
        raise BadValue(_("{v} is not a finite number").format(v=shown(value)))
    return number


def as_whole(value: Any) -> int | None:
    number = as_number(value)
    if number is None:
        return None
    if not number.is_integer():
        raise BadValue(_("{v} is not a whole number").format(v=shown(value)))
    return int(number)


def as_rate(value: Any, what: str) -> float | None:
    number = as_number(value, percent=True)
    if number is not None and number <= -1:
        raise BadValue(
            _("the {what} must be above -100% (got {v})").format(what=what, v=shown(value))
        )
    if number is not None and number > 1:
        raise BadValue(
            _("{v} would be more than 100% a year: write a rate as 0.03 or 3%").format(
                v=shown(value)
            )
        )
    return number


def as_ramp(value: Any) -> tuple[float, ...]:
    if is_blank(value):
        return ()
    parts = [value] if isinstance(value, int | float) else str(value).replace(";", ",").split(",")
    shares = []
    for part in parts:
        if is_blank(part):
            continue
        share = as_number(part, percent=True)
        if not 0 <= share <= 1:
            raise BadValue(
                _("each ramp-up share is between 0 and 1, or 0% and 100% (got {v})").format(
                    v=shown(value)
                )
            )
        shares.append(share)
    return tuple(shares)


def as_amounts(value: Any) -> tuple[float, ...]:
    """Amounts per year: '10000; 25000; 0; 40000' (semicolons, or commas between amounts)."""
    if is_blank(value):
        return ()
    if isinstance(value, int | float):
        parts = [value]
    else:
        text = str(value)
        parts = text.split(";") if ";" in text else text.split(",")
    amounts = []
    for k, part in enumerate(parts, start=1):
        if is_blank(part):
            continue
        try:
            amount = as_number(part.strip() if isinstance(part, str) else part)
        except BadValue as exc:
            raise BadValue(_("amount {k}: {problem}").format(k=k, problem=exc)) from None
        if amount < 0:
            raise BadValue(
                _("amount {k} is negative ({v}): amounts are positive").format(k=k, v=shown(part))
            )
        amounts.append(amount)
    return tuple(amounts)


def as_yes_no(value: Any) -> bool | None:
    """Yes or no; None for a blank cell (the line's category decides)."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("yes", "y", "true", "1", "1.0", "x"):
        return True
    if text in ("no", "n", "false", "0", "0.0"):
        return False
    raise BadValue(_("{v} is not yes or no").format(v=shown(value)))


def as_period(value: Any, start_year: int | None, horizon: int | None) -> int | None:
    number = as_whole(value)
    if number is None or start_year is None or horizon is None:
        return number
    if 0 <= number <= horizon:
        return number
    if start_year <= number <= start_year + horizon:
        return number - start_year
    raise BadValue(
        _(
            "{v} is outside the case: use a period from 0 to {h}, or a fiscal year from {a} to {b}"
        ).format(v=number, h=horizon, a=start_year, b=start_year + horizon)
    )


def as_category(value: Any, categories: Mapping[str, str] | None) -> str:
    if is_blank(value):
        return ""
    text = str(value).strip()
    if categories is None:
        return text
    for key, label in categories.items():
        if text.lower() in (key.lower(), str(label).lower()):
            return key
    raise BadValue(
        _("{v} is not a category; choose one from the Lists sheet").format(v=shown(text))
    )
