"""Template filters of the plan pages."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter
def local_date(value: str | None) -> str:
    """An ISO date-time kept in a job's result, shown as a date in the reader's language."""
    if not value:
        return ""
    return date_format(datetime.fromisoformat(value), "DATE_FORMAT")
