import json

from django import template
from django.utils.translation import ngettext

from civicshift.cases import terms
from civicshift.cases.report import line_basis
from civicshift.core import formatting
from civicshift.web.templatetags.civicshift import active_locale

register = template.Library()


@register.filter
def basis(line, currency: str = "USD") -> str:
    """How a line's amount is built ("2,200 hours × $56 an hour"), or "" without a multiplier."""
    return line_basis(line, currency)


@register.simple_tag
def recommendation_warning(case, figures=None) -> str:
    """The case page's warning when the recommended option no longer has the best NPV and no
    reason is recorded (``cases.terms.recommendation_warning``, with the figures the page has
    already computed)."""
    return terms.recommendation_warning(case, figures)


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


def _fy(year: int) -> str:
    return f"FY{year}"


@register.filter
def fiscal_span(case) -> str:
    """'from FY2028 over 8 fiscal years (FY2028–FY2035)': year 0 is the start year."""
    count = case.horizon_years + 1
    first, last = case.start_year, case.start_year + case.horizon_years
    return ngettext(
        "from %(first)s over %(n)d fiscal year (%(first)s–%(last)s)",
        "from %(first)s over %(n)d fiscal years (%(first)s–%(last)s)",
        count,
    ) % {"first": _fy(first), "last": _fy(last), "n": count}


@register.filter
def line_years(line, case) -> str:
    """A line's periods as fiscal years: 'FY2028' or 'FY2028–FY2031' (not periods 0..3)."""
    first = case.start_year + line.first_period
    last = case.start_year + line.last_period
    return _fy(first) if first == last else f"{_fy(first)}–{_fy(last)}"


@register.filter
def ramp_percent(line) -> str:
    """The ramp-up shares as percentages, '50%, 100%', or '' when there is none (or it does
    not read: the form says why)."""
    try:
        shares = line.ramp_shares()
    except ValueError:
        return line.ramp or ""
    locale = active_locale()
    return ", ".join(formatting.percent(share, 0, locale=locale) for share in shares)
