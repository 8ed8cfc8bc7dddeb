"""Formatting filters: percentages, money and audit values, formatted by the active locale."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

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


@register.filter
def money(value, currency: str = "USD") -> str:
    """1234567.5 → '$1,234,568' for USD; other currencies get their code."""
    if value in (None, ""):
        return "—"
    try:
        amount = number_format(Decimal(value), decimal_pos=0, force_grouping=True)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    return f"${amount}" if currency == "USD" else f"{amount} {currency}"


@register.filter
def audit_value(value) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(none)"
    return str(value)
