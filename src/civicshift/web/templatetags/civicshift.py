"""Formatting filters: money, percentages, dates and times by the active locale and the
organization's time zone. The formatting itself is ``civicshift.core.formatting``, the same
functions the documents and the command line use."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django import template
from django.utils import timezone, translation

from civicshift.core import formatting

register = template.Library()


def active_locale() -> str:
    """The page's language as a locale name for ``core.formatting`` (``en-us`` → ``en_US``)."""
    return _to_locale(translation.get_language() or "en-us")


_to_locale = lru_cache(maxsize=64)(translation.to_locale)  # called for every figure on a page


@register.filter
def percent(value, digits: int = 1) -> str:
    """0.03 → '3.0%' (locale-aware decimal separator)."""
    return formatting.percent(value, int(digits), locale=active_locale())


@register.filter
def money(value, currency: str = "USD") -> str:
    """1234567.5 → '$1,234,568'; -250000 → '-$250,000'; whole units, rounded half to even."""
    return formatting.money(value, currency or "USD", locale=active_locale())


@register.filter
def when(value) -> str:
    """A date and time in the active (the organization's) time zone: 'March 3, 2026, 2:05 PM'."""
    if not value:
        return formatting.DASH
    return formatting.datetime(value, timezone.get_current_timezone_name(), locale=active_locale())


@register.filter
def day(value) -> str:
    """A date in words: 'March 3, 2026' (an aware moment is taken in the active time zone)."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formatting.date(value, locale=active_locale())


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


@register.filter
def help_url(page: str) -> str:
    """``"admin#the-history"`` → ``/help/admin/#the-history`` (the in-application docs)."""
    from django.urls import reverse

    name, _sep, anchor = str(page).partition("#")
    url = reverse("web:help", args=[name])
    return f"{url}#{anchor}" if anchor else url
