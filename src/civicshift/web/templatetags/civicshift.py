"""Formatting filters: percentages, money and audit values, formatted by the active locale."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(value, digits: int = 1) -> str:
    """0.03 → '3.0%' (locale-aware decimal separator)."""
    if value in (None, ""):
        return "—"
    try:
        return number_format(Decimal(value) * 100, decimal_pos=int(digits)) + "%"
    except (InvalidOperation, TypeError, ValueError):
        return str(value)


def _whole_units(value) -> int:
    """Round to whole currency units, half to even: the same figure Python's
    ``format(x, ",.0f")`` shows (and so the command line)."""
    if isinstance(value, float):
        return round(value)
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


@register.filter
def money(value, currency: str = "USD") -> str:
    """1234567.5 → '$1,234,568'; -250000 → '-$250,000'; other currencies get their code.

    Same rounding and layout as ``formats.cases.report.money`` (documents, no Django), but the
    digit grouping follows the page's locale, for the translated editions."""
    if value in (None, ""):
        return "—"
    try:
        whole = _whole_units(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    amount = number_format(abs(whole), decimal_pos=0, force_grouping=True)
    sign = "-" if whole < 0 else ""
    return f"{sign}${amount}" if currency == "USD" else f"{sign}{amount} {currency}"


@register.filter
def audit_value(value) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(none)"
    return str(value)


@register.filter
def get_item(mapping, key):
    """``mapping|get_item:key`` for dicts whose keys are not valid template names (numbers)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def sum_values(values) -> float:
    """The sum of a list or array of numbers (for chart summaries)."""
    return float(sum(values))
