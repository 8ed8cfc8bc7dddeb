"""The portfolio roll-up page (``/o/<slug>/portfolio/``), its xlsx download, and the panel the
organization's overview shows (registered in ``CasesConfig.ready``). Anyone who may read the
business cases (viewer) sees them: the figures are the same the option pages show."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from civicshift.core.portfolio import (
    INVALID,
    NO_CASE,
    NO_LINES,
    NO_RECOMMENDED_OPTION,
    Entry,
    Rollup,
)
from civicshift.formats.cases.portfolio import write_portfolio_workbook
from civicshift.formats.cases.report import fiscal_year
from civicshift.initiatives.models import Status
from civicshift.web.org_views import OrgMixin, OrgTemplateView

from .portfolio import Portfolio, organization_portfolio
from .services import current_fiscal_year

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

MISSING = {
    NO_CASE: gettext_lazy("No business case yet."),
    NO_RECOMMENDED_OPTION: gettext_lazy("The business case has no recommended option yet."),
    NO_LINES: gettext_lazy("The recommended option has no costs or benefits yet."),
    INVALID: gettext_lazy("The recommended option cannot be analysed: %(detail)s"),
}

#: Columns before the fiscal years: (sort key, label, money column).
COLUMNS = (
    ("title", gettext_lazy("Initiative"), False),
    ("status", gettext_lazy("Status"), False),
    ("option", gettext_lazy("Recommended option"), False),
    ("npv_expected", gettext_lazy("Expected NPV"), True),
    ("npv_likely", gettext_lazy("Likely NPV"), True),
    ("one_time_cost", gettext_lazy("One-time cost"), True),
)


def note(entry: Entry) -> str:
    """Why an initiative has no figures, in plain words ("" when it has them)."""
    if not entry.missing:
        return ""
    return str(MISSING[entry.missing]) % {"detail": entry.detail}


def status_label(value: str) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return value


def fiscal_year_span(year: int, start_month: int) -> tuple[dt.date, dt.date]:
    """First and last month of fiscal ``year``, named by the calendar year it ends in."""
    first = dt.date(year if start_month == 1 else year - 1, start_month, 1)
    last_month = 12 if start_month == 1 else start_month - 1
    return first, dt.date(year, last_month, 1)


def sort_headers(result: Rollup) -> list[dict]:
    """Each column's header: label, ``aria-sort`` and the value its sort button sends."""
    columns = list(COLUMNS) + [
        (f"fy{year}", fiscal_year(year), True) for year in result.fiscal_years
    ]
    headers = []
    for key, label, is_money in columns:
        active = result.sort == key
        # The next click: the other direction; money columns start largest first, words A to Z.
        descending = not result.descending if active else is_money
        if is_money:
            action = _("sort largest first") if descending else _("sort smallest first")
        else:
            action = _("sort Z to A") if descending else _("sort A to Z")
        headers.append(
            {
                "key": key,
                "label": label,
                "money": is_money,
                "aria_sort": (
                    ("descending" if result.descending else "ascending") if active else ""
                ),
                "value": ("-" if descending else "") + key,
                "action": action,
            }
        )
    return headers


def portfolio_context(organization, portfolio: Portfolio) -> dict:
    result = portfolio.rollup
    rows = [
        {
            "entry": entry,
            "note": note(entry),
            "status_label": status_label(entry.status),
            "operating": [entry.operating(year) for year in result.fiscal_years],
        }
        for entry in result.entries
    ]
    t = result.totals
    years = [
        {
            "year": year,
            "label": fiscal_year(year),
            "span": fiscal_year_span(year, organization.fiscal_year_start_month),
            "one_time": t.year("one_time_costs", year),
            "recurring": t.year("recurring_costs", year),
            "benefits": t.year("recurring_budget_benefits", year),
            "operating": t.year("operating_impact", year),
        }
        for year in result.fiscal_years
    ]
    statuses = [
        {
            "status": status,
            "label": status_label(status),
            "totals": totals,
            "operating": [totals.year("operating_impact", y) for y in result.fiscal_years],
        }
        for status, totals in result.by_status
    ]
    return {
        "rollup": result,
        "rows": rows,
        "years": years,
        "statuses": statuses,
        "headers": sort_headers(result),
        "total_operating": [y["operating"] for y in years],
        "number_columns": 3 + len(years),
        "first_year_span": years[0]["span"] if years else None,
    }


HELP_PAGE = "business-case#portfolio-roll-up"


class PortfolioView(OrgTemplateView):
    template_name = "cases/portfolio.html"
    section = "portfolio"
    help_page = HELP_PAGE

    def get_breadcrumbs(self):
        return [(_("Portfolio roll-up"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        portfolio = organization_portfolio(
            self.organization, sort=self.request.GET.get("sort", "title")
        )
        context.update(portfolio_context(self.organization, portfolio))
        return context


class PortfolioDownloadView(OrgMixin, View):
    """GET: the roll-up as an xlsx workbook, in the order of the page's ``sort``."""

    http_method_names = ["get"]
    help_page = HELP_PAGE

    def get(self, request, *args, **kwargs):
        portfolio = organization_portfolio(self.organization, sort=request.GET.get("sort", "title"))
        content = write_portfolio_workbook(
            portfolio.rollup,
            currency=self.organization.currency,
            status_label=status_label,
            notes={e.key: note(e) for e in portfolio.rollup.entries},
        )
        response = HttpResponse(content, content_type=XLSX)
        stem = slugify(self.organization.slug)[:60] or "organization"
        response["Content-Disposition"] = f'attachment; filename="{stem}-portfolio.xlsx"'
        patch_cache_control(response, private=True, no_store=True)
        return response


def overview_panel(organization, membership) -> dict:
    """The overview page's money panel: the totals, and the next fiscal years' impact."""
    portfolio = organization_portfolio(organization)
    result = portfolio.rollup
    now = current_fiscal_year(organization)
    upcoming = [y for y in result.fiscal_years if y >= now][:5] or list(result.fiscal_years[-5:])
    return {
        "totals": result.totals,
        "years": [
            {
                "label": fiscal_year(y),
                "one_time": result.totals.year("one_time_costs", y),
                "operating": result.totals.year("operating_impact", y),
            }
            for y in upcoming
        ],
        "url": reverse("portfolio:table", args=[organization.slug]),
    }
