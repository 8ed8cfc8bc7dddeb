import json

from django import template

from civicshift.cases.report import line_basis
from civicshift.core import formatting
from civicshift.web.templatetags.civicshift import active_locale

register = template.Library()


@register.filter
def basis(line, currency: str = "USD") -> str:
    """How a line's amount is built ("2,200 hours × $56 an hour"), or "" without a multiplier."""
    return line_basis(line, currency)


@register.filter
def chart_json(charts: dict, currency: str = "USD") -> str:
    """The chart data as JSON for a ``data-case-charts`` attribute (the template's autoescape
    turns the quotes into entities; the browser's ``getAttribute`` gives the JSON back)."""
    return json.dumps({**charts, "currency": currency or "USD"}, allow_nan=False)


@register.filter
def percent_points(value, digits: int = 0) -> str:
    """A figure already in percent (``change_pct`` = −37.6) shown like every other percentage:
    '−38%', rounded by ``core.formatting.percent``, not cut off."""
    if value is None:
        return formatting.DASH
    return formatting.percent(float(value) / 100, int(digits), locale=active_locale())
