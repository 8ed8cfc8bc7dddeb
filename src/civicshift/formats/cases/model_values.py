"""The input cells of the uploaded live-formula model, read as the workbook's formulas read them.

The model's figures are Excel's (or LibreOffice's) formulas of these cells, so each value is
taken the way those formulas take it, and anything they would read differently is refused
rather than guessed: text in a number cell ('12.5k', '$1,200' typed as text) is left out of
Excel's sums, so CivicShift does not read it as a number either; "yes"/"no", "cost"/"benefit",
"point"/"triangular"/"pert" are compared as words (in any case); a formula typed into an input
cell is refused (CivicShift reads typed values). Each function raises ``BadValue`` with a
message for people; the reader adds the sheet and cell.
"""

from __future__ import annotations

import math
from gettext import gettext as _
from typing import Any

from civicshift.formats.cases.template_values import BadValue, as_number, is_blank, shown


def _typed(value: Any) -> None:
    if isinstance(value, str) and value.strip().startswith("="):
        raise BadValue(
            _(
                "{v} is a formula in an input cell: CivicShift reads the values typed in the "
                "shaded cells; type the value itself"
            ).format(v=shown(value))
        )


def number(value: Any) -> float | None:
    """A number cell (None when empty); text is refused, even text that looks like a number."""
    if is_blank(value):
        return None
    _typed(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        hint = ""
        try:
            meant = as_number(value, percent=True)
        except BadValue:
            meant = None
        if meant is not None:
            hint = " " + _("(type {n} in the cell, and format it as you like)").format(
                n=f"{meant:g}"
            )
        raise BadValue(
            _(
                "{v} is text, not a number: Excel's formulas leave text out, so the model's "
                "figures would not use it. Type it as a number{hint}"
            ).format(v=shown(value), hint=hint)
        )
    if not math.isfinite(value):
        raise BadValue(_("{v} is not a finite number").format(v=shown(value)))
    return float(value)


def whole(value: Any, what: str) -> int:
    result = number(value)
    if result is None:
        raise BadValue(_("{what} is empty: type a number").format(what=what))
    if not result.is_integer():
        raise BadValue(_("{v} is not a whole number").format(v=shown(value)))
    return int(result)


def rate(value: Any, what: str, *, optional: bool = False) -> float | None:
    """A rate per year as a fraction (a cell formatted as a percentage holds 0.03 for 3%)."""
    result = number(value)
    if result is None:
        if optional:
            return None
        raise BadValue(_("the {what} is empty: type a rate such as 3%").format(what=what))
    if result <= -1:
        raise BadValue(
            _("the {what} must be above -100% (got {v})").format(what=what, v=shown(value))
        )
    if result > 1:
        raise BadValue(
            _("{v} would be more than 100% a year: write a rate as 0.03 or 3%").format(
                v=shown(value)
            )
        )
    return result


def word(value: Any, choices: tuple[str, ...], what: str) -> str:
    """One of ``choices`` (in any case), as the formulas compare it."""
    _typed(value)
    text = "" if is_blank(value) else str(value).strip().lower()
    if text in choices:
        return text
    options = " or ".join(choices) if len(choices) == 2 else ", ".join(choices)
    if not text:
        return _raise(_("{what} is empty: type {options}").format(what=what, options=options))
    return _raise(_("{v} is not {options}").format(v=shown(value), options=options))


def text(value: Any) -> str:
    """A text cell ('' when empty); a number typed there is kept as its text."""
    if is_blank(value):
        return ""
    _typed(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def flag(value: Any) -> bool:
    """A year flag: 1 (the line has an amount that year), or empty / 0."""
    if is_blank(value):
        return False
    result = number(value)
    if result in (0, 1):
        return result == 1
    raise BadValue(
        _("{v}: type 1 in the years the line has an amount, and leave the others empty").format(
            v=shown(value)
        )
    )


def _raise(message: str):
    raise BadValue(message)
