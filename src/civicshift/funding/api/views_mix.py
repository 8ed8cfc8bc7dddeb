"""The funding mix over the API: an initiative's lines (list, create, read, update, delete,
through ``funding.services_mix``), its summary per fiscal year, and the financing calculator
(computes only)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from civicshift.api.base import OrgScopedMixin, ServiceWriteMixin
from civicshift.core.funding.financing import FinancingError, calculate
from civicshift.initiatives.models import Initiative
from civicshift.orgs.roles import Role

from .. import services_mix as services
from ..models import FundingMixLine
from ..selectors_mix import mix_lines, mix_summary
from .serializers_mix import (
    FinancingRequestSerializer,
    FinancingSerializer,
    MixLineSerializer,
    MixSummarySerializer,
)

INITIATIVE_PK = OpenApiParameter(
    "initiative_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id of the initiative."
)


@extend_schema_view(
    list=extend_schema(
        summary="List an initiative's funding mix lines", parameters=[INITIATIVE_PK]
    ),
    create=extend_schema(summary="Add a source of funding (editor)", parameters=[INITIATIVE_PK]),
    retrieve=extend_schema(summary="Read a funding mix line", parameters=[INITIATIVE_PK]),
    update=extend_schema(summary="Replace a funding mix line (editor)", parameters=[INITIATIVE_PK]),
    partial_update=extend_schema(
        summary="Change a funding mix line (editor)", parameters=[INITIATIVE_PK]
    ),
    destroy=extend_schema(summary="Delete a funding mix line (editor)", parameters=[INITIATIVE_PK]),
)
@extend_schema(tags=["funding"])
class MixLineViewSet(ServiceWriteMixin, viewsets.ModelViewSet):
    serializer_class = MixLineSerializer
    queryset = FundingMixLine.objects.none()
    lookup_value_regex = r"\d+"

    def get_initiative(self) -> Initiative:
        if not hasattr(self, "_initiative"):
            self.resolve_organization()
            self._initiative = get_object_or_404(
                Initiative.objects.for_org(self.organization), pk=self.kwargs["initiative_pk"]
            )
        return self._initiative

    def scoped_queryset(self):
        return mix_lines(self.get_initiative())

    def service_create(self, data: dict) -> FundingMixLine:
        return services.mix_line_create(
            actor=self.request.user, initiative=self.get_initiative(), **data
        )

    def service_update(self, instance: FundingMixLine, data: dict) -> FundingMixLine:
        return services.mix_line_update(actor=self.request.user, line=instance, **data)

    def service_delete(self, instance: FundingMixLine) -> None:
        services.mix_line_delete(actor=self.request.user, line=instance)


class MixSummaryView(OrgScopedMixin, APIView):
    @extend_schema(
        summary="An initiative's funding mix per fiscal year against its business case's costs",
        operation_id="funding_initiative_mix",
        tags=["funding"],
        responses=MixSummarySerializer,
    )
    def get(self, request, *args, **kwargs):
        organization, _membership = self.resolve_organization()
        initiative = get_object_or_404(Initiative.objects.for_org(organization), pk=kwargs["pk"])
        summary = mix_summary(initiative)
        mix = summary.mix
        body = {
            "initiative": initiative.pk,
            "has_costs": mix.has_costs,
            "missing": summary.missing,
            "option": summary.option_name,
            "years": [
                {
                    "fiscal_year": y.fiscal_year,
                    "in_case": y.in_case,
                    "one_time_cost": y.cost.one_time if y.cost else None,
                    "recurring_cost": y.cost.recurring if y.cost else None,
                    "cost": y.cost.total if y.cost else None,
                    "by_kind": dict(y.by_kind),
                    "by_status": dict(y.by_status),
                    "funded": y.funded,
                    "committed": y.committed,
                    "gap": y.gap,
                    "uncommitted_gap": y.uncommitted_gap,
                }
                for y in mix.years
            ],
            "total_cost": mix.total("cost"),
            "total_funded": mix.total("funded"),
            "total_gap": mix.total("gap"),
        }
        return Response(MixSummarySerializer(body).data)


class FinancingView(OrgScopedMixin, APIView):
    """POST because it takes a body of terms; it computes only and writes nothing, so any
    member (viewer) may call it."""

    write_role = Role.VIEWER

    @extend_schema(
        summary="Payments on a loan, a lease or subscription, or a bond (computes only)",
        operation_id="funding_financing",
        tags=["funding"],
        request=FinancingRequestSerializer,
        responses=FinancingSerializer,
    )
    def post(self, request, *args, **kwargs):
        self.resolve_organization()
        query = FinancingRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        q = query.validated_data
        try:
            result = calculate(
                q["kind"],
                amount=q["amount"],
                rate=q["rate"],
                years=q["years"],
                payments_per_year=1 if q["kind"] == "bond" else q["payments_per_year"],
                in_advance=q["in_advance"],
                issuance_cost=q["issuance_cost"],
            )
        except FinancingError as exc:
            raise ValidationError({exc.field: [exc.message]}) from None
        body = {
            "kind": result.kind,
            "amount": result.amount,
            "principal": result.principal,
            "issuance_cost": result.issuance_cost,
            "annual_rate": result.annual_rate,
            "years": result.years,
            "payments_per_year": result.payments_per_year,
            "in_advance": result.in_advance,
            "payment": result.payment,
            "annual_payment": result.annual_payment,
            "total_paid": result.total_paid,
            "total_interest": result.total_interest,
            "schedule": [vars(p) for p in result.schedule],
        }
        return Response(FinancingSerializer(body).data)
