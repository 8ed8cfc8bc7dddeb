"""Funding notices, programs and an initiative's matches over the API: read only, and always
through ``visible_to(organization)`` (the shared catalog and the organization's own)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from civicshift.api.base import OrgScopedMixin, ServiceWriteMixin
from civicshift.initiatives.models import Initiative

from .. import selectors, selectors_pipeline, services_pipeline
from ..matching import match_refs, matches_for, need_for
from ..models import FundingApplication, FundingNotice, FundingProgram
from .serializers import (
    ApplicationSerializer,
    MatchSerializer,
    NoticeSerializer,
    ProgramDetailSerializer,
    ProgramSerializer,
)


class TodayMixin(OrgScopedMixin):
    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}


class NoticeMixin(TodayMixin):
    serializer_class = NoticeSerializer
    queryset = FundingNotice.objects.none()

    def get_queryset(self):
        if self.is_schema_view:
            return FundingNotice.objects.none()
        organization, _membership = self.resolve_organization()
        return (
            FundingNotice.objects.visible_to(organization)
            .select_related("program")
            .order_by("close_date", "pk")
        )


@extend_schema(
    summary="Funding notices the organization sees (shared and its own)",
    parameters=[
        OpenApiParameter("q", OpenApiTypes.STR, description="Words in title or description."),
        OpenApiParameter("status", OpenApiTypes.STR, description="open (default) or all."),
        OpenApiParameter("applicant", OpenApiTypes.STR, description="Grants.gov code, e.g. 02."),
    ],
)
class NoticeListView(NoticeMixin, generics.ListAPIView):
    def get_queryset(self):
        if self.is_schema_view:
            return FundingNotice.objects.none()
        organization, _membership = self.resolve_organization()
        status = self.request.query_params.get("status", "open")
        return selectors.notices_for(
            organization,
            query=self.request.query_params.get("q", "")[:200],
            status=status if status in selectors.STATUS_FILTERS else "open",
            applicant=self.request.query_params.get("applicant", "")[:2],
            today=timezone.localdate(),
        )


@extend_schema(summary="One funding notice")
class NoticeDetailView(NoticeMixin, generics.RetrieveAPIView):
    """The mixin's notices (shared plus the organization's own), one by id."""


class ProgramMixin(TodayMixin):
    serializer_class = ProgramSerializer
    queryset = FundingProgram.objects.none()

    def get_queryset(self):
        if self.is_schema_view:
            return FundingProgram.objects.none()
        organization, _membership = self.resolve_organization()
        return FundingProgram.objects.visible_to(organization).order_by("title", "pk")


@extend_schema(summary="Funding programs (Assistance Listings, state programs) it sees")
class ProgramListView(ProgramMixin, generics.ListAPIView):
    """Shared programs and the organization's own, by title."""


@extend_schema(summary="One funding program")
class ProgramDetailView(ProgramMixin, generics.RetrieveAPIView):
    """The mixin's programs (shared plus the organization's own), one by id, with when its
    next round is expected when none is forecasted or open (``next_round``, an estimate)."""

    serializer_class = ProgramDetailSerializer


class InitiativeMatchesView(OrgScopedMixin, APIView):
    @extend_schema(
        summary="Funding programs that fit an initiative, ranked, with the reasons",
        operation_id="funding_initiative_matches",
        parameters=[
            OpenApiParameter("gap", OpenApiTypes.NUMBER, description="Funding gap, dollars."),
            OpenApiParameter("applicant", OpenApiTypes.STR, description="Grants.gov code (02)."),
        ],
        responses=MatchSerializer(many=True),
    )
    def get(self, request, *args, **kwargs):
        organization, _membership = self.resolve_organization()
        initiative = get_object_or_404(Initiative.objects.for_org(organization), pk=kwargs["pk"])
        gap = None
        if request.query_params.get("gap"):
            try:
                gap = Decimal(request.query_params["gap"])
            except InvalidOperation:
                raise ValidationError({"gap": ["A number of dollars."]}) from None
        need = need_for(
            initiative,
            funding_gap=gap,
            applicant_type=request.query_params.get("applicant", "02")[:2],
        )
        rows = [
            {
                **match_refs(r),
                "score": r.match.score,
                "eligible": r.match.eligible,
                "status": r.match.status,
                "due": r.match.due,
                "matched_terms": list(r.match.matched_terms),
                "reasons": [vars(x) for x in r.match.reasons],
            }
            for r in matches_for(organization, need, today=timezone.localdate())
        ]
        return Response(MatchSerializer(rows, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary="The organization's funding applications",
        parameters=[
            OpenApiParameter("initiative", OpenApiTypes.INT, description="Only this initiative's."),
            OpenApiParameter("stage", OpenApiTypes.STR, description="A stage, or open."),
        ],
    ),
    retrieve=extend_schema(summary="One funding application, with its checklist"),
    create=extend_schema(summary="Track a notice or program for an initiative (editor)"),
    update=extend_schema(summary="Change an application (editor; If-Match)"),
    partial_update=extend_schema(summary="Change some fields of an application (editor)"),
    destroy=extend_schema(summary="Delete an application with its checklist (editor)"),
)
@extend_schema(tags=["funding"])
class ApplicationViewSet(ServiceWriteMixin, viewsets.ModelViewSet):
    serializer_class = ApplicationSerializer
    queryset = FundingApplication.objects.none()
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        rows = selectors_pipeline.applications_for(
            self.organization, stage=self.request.query_params.get("stage", "")[:20]
        ).prefetch_related("items")
        wanted = self.request.query_params.get("initiative")
        if wanted is not None and self.action == "list":
            if not wanted.isdigit():
                raise ValidationError({"initiative": ["Give an initiative id."]})
            rows = rows.filter(initiative=int(wanted))
        return rows

    def service_create(self, data: dict) -> FundingApplication:
        return services_pipeline.application_create(actor=self.request.user, **data)

    def service_update(self, instance: FundingApplication, data: dict) -> FundingApplication:
        data.pop("initiative", None)
        return services_pipeline.application_update(
            actor=self.request.user, application=instance, **data
        )

    def service_delete(self, instance: FundingApplication) -> None:
        services_pipeline.application_delete(actor=self.request.user, application=instance)
