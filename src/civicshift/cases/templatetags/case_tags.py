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


@register.filter
def described_by_live_message(field):
    """The line editor's bound field, its input also described by its live message (the element
    ``live-error-<name>`` that the preview fills in, ``cases/results.html``) after the ids
    Django gives it (help text, then the error of a refused save), so a screen reader reads
    the message with the field. For radio buttons (which Django describes through their
    fieldset) each button gets the list."""
    ids = []
    if field.auto_id and field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.auto_id and field.errors:
        ids.append(f"{field.auto_id}_error")
    ids.append(f"live-error-{field.name}")
    field.field.widget.attrs["aria-describedby"] = " ".join(ids)
    return field


@register.filter
def simulation_charts(simulation_data: dict, currency: str = "USD") -> dict:
    """A simulation job's result (``cases.jobs.simulation_data``) as its charts, tables and
    sentences (``cases.simulation_charts``), for the job page."""
    from civicshift.cases.jobs import simulation_from
    from civicshift.cases.simulation_charts import simulation_charts_context

    return simulation_charts_context(simulation_from(simulation_data), currency or "USD")
