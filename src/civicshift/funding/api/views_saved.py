"""Saved searches over the API (list, create, read, replace, change, delete through
``funding.services_saved``, with ETag and If-Match) and a saved search's digest, which
records the caller's visit as the web page does."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from civicshift.api.base import OrgScopedMixin, ServiceWriteMixin

from .. import selectors_saved as selectors
from .. import services_saved as services
from ..matching import match_refs
from ..models import SavedSearch
from ..views_saved import parse_since
from .serializers_saved import DigestSerializer, SavedSearchSerializer


@extend_schema_view(
    list=extend_schema(summary="The organization's saved searches of the funding catalog"),
    create=extend_schema(summary="Save a search of the funding catalog (editor)"),
    retrieve=extend_schema(summary="Read a saved search"),
    update=extend_schema(summary="Replace a saved search (editor)"),
    partial_update=extend_schema(summary="Rename or change a saved search (editor)"),
    destroy=extend_schema(summary="Delete a saved search (editor)"),
)
@extend_schema(tags=["funding"])
class SavedSearchViewSet(ServiceWriteMixin, viewsets.ModelViewSet):
    serializer_class = SavedSearchSerializer
    queryset = SavedSearch.objects.none()
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        organization, _membership = self.resolve_organization()
        return selectors.saved_searches_for(organization)

    def service_create(self, data: dict) -> SavedSearch:
        return services.saved_search_create(
            actor=self.request.user, organization=self.organization, **data
        )

    def service_update(self, instance: SavedSearch, data: dict) -> SavedSearch:
        return services.saved_search_update(actor=self.request.user, search=instance, **data)

    def service_delete(self, instance: SavedSearch) -> None:
        services.saved_search_delete(actor=self.request.user, search=instance)


def _news(news) -> dict | None:
    if news is None:
        return None
    return {
        "is_new": news.is_new,
        "now_open": news.now_open,
        "due_moves": [vars(m) for m in news.due_moves],
        "restored": news.restored,
        "other_fields": list(news.other_fields),
        "last_at": news.last_at,
    }


class SavedSearchDigestView(OrgScopedMixin, APIView):
    @extend_schema(
        summary="What a saved search finds that is new or changed since your last visit",
        description=(
            "Records this call as your visit (the next digest counts from now), as opening "
            "the web page does. Programs the organization cannot apply to are left out and "
            "counted in counts.left_out_ineligible. On a first visit every open program the "
            "search finds is listed, with news null."
        ),
        operation_id="funding_saved_search_digest",
        tags=["funding"],
        parameters=[
            OpenApiParameter(
                "since",
                OpenApiTypes.STR,
                description="A date (2026-03-31) or ISO date and time to count from instead "
                "of your last visit.",
            )
        ],
        responses=DigestSerializer,
    )
    def get(self, request, *args, **kwargs):
        organization, _membership = self.resolve_organization()
        saved = selectors.saved_search_get(organization, kwargs["pk"])
        asked = request.query_params.get("since", "")
        chosen = parse_since(asked)
        if asked and chosen is None:
            raise ValidationError(
                {"since": ["Give a date as 2026-03-31, or an ISO date and time."]}
            )
        now = timezone.now()
        previous = services.saved_search_visit(actor=request.user, search=saved, at=now)
        digest = selectors.digest_for(saved, since=chosen or previous, today=timezone.localdate())
        body = {
            "saved_search": saved.pk,
            "since": digest.since,
            "first_visit": digest.first_visit,
            "previous_visit": previous,
            "visited_at": now,
            "counts": vars(digest.counts),
            "more": digest.more,
            "entries": [
                {
                    **match_refs(row.result),
                    "score": row.result.match.score,
                    "eligible": row.result.match.eligible,
                    "status": row.result.match.status,
                    "due": row.result.match.due,
                    "matched_terms": list(row.result.match.matched_terms),
                    "reasons": [vars(x) for x in row.result.match.reasons],
                    "news": _news(row.news),
                }
                for row in digest.rows
            ],
        }
        return Response(DigestSerializer(body).data)
