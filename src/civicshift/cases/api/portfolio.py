"""The portfolio roll-up over the API (read-only, viewer): ``GET /api/v1/o/<slug>/portfolio/``.

The same figures as the page ``/o/<slug>/portfolio/`` and its xlsx download, from
``civicshift.cases.portfolio``; amounts are numbers in the organization's currency, unrounded.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from civicshift.api.base import OrgScopedMixin
from civicshift.cases.portfolio import Portfolio, organization_portfolio
from civicshift.cases.views_portfolio import note, status_label
from civicshift.core.portfolio import SORT_COLUMNS, Totals, sort_column

AMOUNT = {"allow_null": True}


class YearTotalsSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField(help_text=gettext_lazy("Named by the year it ends in."))
    one_time_costs = serializers.FloatField()
    recurring_costs = serializers.FloatField()
    recurring_budget_benefits = serializers.FloatField(
        help_text=gettext_lazy("Cashable savings and new revenue over more than one year.")
    )
    operating_impact = serializers.FloatField(
        help_text=gettext_lazy("Recurring costs minus recurring budget benefits.")
    )


class TotalsSerializer(serializers.Serializer):
    initiatives = serializers.IntegerField()
    with_figures = serializers.IntegerField(
        help_text=gettext_lazy("Initiatives whose recommended option has figures.")
    )
    npv_expected = serializers.FloatField()
    npv_likely = serializers.FloatField()
    one_time_cost = serializers.FloatField()
    per_year = YearTotalsSerializer(many=True)


class StatusTotalsSerializer(TotalsSerializer):
    status = serializers.CharField()
    label = serializers.CharField()


class PortfolioEntrySerializer(serializers.Serializer):
    initiative = serializers.IntegerField(help_text=gettext_lazy("Id of the initiative."))
    title = serializers.CharField()
    status = serializers.CharField()
    business_case = serializers.IntegerField(allow_null=True)
    recommended_option = serializers.DictField(
        allow_null=True, help_text=gettext_lazy("{id, name} of the recommended option, or null.")
    )
    missing = serializers.ChoiceField(
        choices=["", "no_case", "no_recommended_option", "no_lines", "invalid"],
        help_text=gettext_lazy("Why there are no figures; empty when there are."),
    )
    note = serializers.CharField(help_text=gettext_lazy("The same reason in plain words."))
    npv_expected = serializers.FloatField(
        **AMOUNT, help_text=gettext_lazy("NPV at the mean of each line's range.")
    )
    npv_likely = serializers.FloatField(
        **AMOUNT, help_text=gettext_lazy("NPV at the likely amounts.")
    )
    one_time_cost = serializers.FloatField(
        **AMOUNT, help_text=gettext_lazy("One-time costs over the horizon, not discounted.")
    )
    operating_impact = serializers.ListField(
        child=serializers.FloatField(allow_null=True),
        help_text=gettext_lazy(
            "Per fiscal year of `fiscal_years`: recurring costs minus recurring budget "
            "benefits; null outside the case's years."
        ),
    )


class PortfolioSerializer(serializers.Serializer):
    currency = serializers.CharField()
    fiscal_years = serializers.ListField(child=serializers.IntegerField())
    sort = serializers.CharField()
    initiatives = PortfolioEntrySerializer(many=True)
    totals = TotalsSerializer()
    by_status = StatusTotalsSerializer(many=True)


def _totals(t: Totals, years) -> dict:
    return {
        "initiatives": t.initiatives,
        "with_figures": t.with_figures,
        "npv_expected": t.npv_expected,
        "npv_likely": t.npv_likely,
        "one_time_cost": t.one_time_cost,
        "per_year": [
            {
                "fiscal_year": year,
                "one_time_costs": t.year("one_time_costs", year),
                "recurring_costs": t.year("recurring_costs", year),
                "recurring_budget_benefits": t.year("recurring_budget_benefits", year),
                "operating_impact": t.year("operating_impact", year),
            }
            for year in years
        ],
    }


def portfolio_body(organization, portfolio: Portfolio) -> dict:
    result = portfolio.rollup
    years = result.fiscal_years
    entries = []
    for entry in result.entries:
        case = portfolio.cases.get(entry.key)
        option = case.recommended_option if case is not None and entry.option else None
        f = entry.figures
        entries.append(
            {
                "initiative": entry.key,
                "title": entry.title,
                "status": entry.status,
                "business_case": case.pk if case is not None else None,
                "recommended_option": {"id": option.pk, "name": option.name} if option else None,
                "missing": entry.missing,
                "note": note(entry),
                "npv_expected": f.npv_expected if f else None,
                "npv_likely": f.npv_likely if f else None,
                "one_time_cost": f.one_time_cost if f else None,
                "operating_impact": [entry.operating(year) for year in years],
            }
        )
    return {
        "currency": organization.currency,
        "fiscal_years": list(years),
        "sort": ("-" if result.descending else "") + result.sort,
        "initiatives": entries,
        "totals": _totals(result.totals, years),
        "by_status": [
            {"status": status, "label": status_label(status), **_totals(t, years)}
            for status, t in result.by_status
        ],
    }


class PortfolioView(OrgScopedMixin, APIView):
    @extend_schema(
        summary="The portfolio roll-up: every initiative's recommended option (viewer)",
        operation_id="portfolio_retrieve",
        tags=["business cases"],
        description=(
            "Each initiative with its business case's recommended option: NPV at the mean "
            "amounts (expected) and at the likely amounts, one-time cost, and the "
            "operating-budget impact per fiscal year (recurring costs minus recurring "
            "cashable savings and revenue, at the mean amounts), with totals per fiscal year "
            "and by initiative status. `missing` says why an initiative has no figures. "
            "Classification rules: docs/business-case.md, 'Portfolio roll-up'."
        ),
        parameters=[
            OpenApiParameter(
                "sort",
                OpenApiTypes.STR,
                description=(
                    "Column to sort by, `-` in front for descending: "
                    + ", ".join(SORT_COLUMNS)
                    + ", or fy<year> (operating impact). Default: title."
                ),
            )
        ],
        responses=PortfolioSerializer,
    )
    def get(self, request, *args, **kwargs):
        organization, _membership = self.resolve_organization()
        sort = request.query_params.get("sort", "title").strip() or "title"
        portfolio = organization_portfolio(organization, sort=sort)
        if sort_column(sort, portfolio.rollup.fiscal_years) is None:
            choices = ", ".join([*SORT_COLUMNS, "fy<year>"])
            raise ValidationError(
                {
                    "sort": [
                        _("Sort by one of %(choices)s, with - in front for descending.")
                        % {"choices": choices}
                    ]
                }
            )
        return Response(portfolio_body(organization, portfolio))
