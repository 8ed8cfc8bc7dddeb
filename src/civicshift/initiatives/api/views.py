"""Initiatives: list (search, filters, sorting), create, read, change, delete, change status."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from civicshift.api.base import ServiceWriteMixin
from civicshift.initiatives.models import Initiative, Tag
from civicshift.initiatives.selectors import InitiativeFilters, initiative_get, initiative_list
from civicshift.initiatives.services import (
    initiative_change_status,
    initiative_create,
    initiative_delete,
    initiative_update,
)

from .serializers import (
    InitiativeFiltersSerializer,
    InitiativeSerializer,
    StatusChangeRequestSerializer,
)


@extend_schema_view(
    list=extend_schema(summary="List initiatives", parameters=[InitiativeFiltersSerializer]),
    create=extend_schema(summary="Add an initiative (editor)"),
    retrieve=extend_schema(summary="Read an initiative"),
    update=extend_schema(summary="Replace an initiative (editor)"),
    partial_update=extend_schema(summary="Change an initiative (editor)"),
    destroy=extend_schema(summary="Delete an initiative (editor)"),
)
@extend_schema(tags=["initiatives"])
class InitiativeViewSet(ServiceWriteMixin, viewsets.ModelViewSet):
    serializer_class = InitiativeSerializer
    queryset = Initiative.objects.none()
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        if self.action != "list":
            return Initiative.objects.for_org(self.organization)
        params = InitiativeFiltersSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        tag_id = self._tag_id(data.get("tag", ""))
        if tag_id == 0:
            return Initiative.objects.none()
        filters = InitiativeFilters(
            q=data.get("q", "").strip(),
            status=data.get("status", ""),
            department=data.get("department"),
            goal=data.get("goal"),
            tag=tag_id,
            sort=data.get("ordering", "updated"),
        )
        return initiative_list(self.organization, filters)

    def _tag_id(self, tag: str) -> int | None:
        """A tag given by id or by name; 0 when no tag of this organization has that name."""
        tag = tag.strip()
        if not tag:
            return None
        if tag.isdigit():
            return int(tag)
        found = Tag.objects.for_org(self.organization).filter(name__iexact=tag).first()
        return found.pk if found else 0

    def get_object(self) -> Initiative:
        # The selector fetches the organization's initiative (or 404) with its related rows.
        obj = initiative_get(self.organization, self._lookup_pk())
        self.check_object_permissions(self.request, obj)
        return obj

    def _lookup_pk(self) -> int:
        return int(self.kwargs[self.lookup_url_kwarg or self.lookup_field])

    def service_create(self, data: dict) -> Initiative:
        tag_names = data.pop("tags", [])
        initiative = initiative_create(
            actor=self.request.user, organization=self.organization, tag_names=tag_names, **data
        )
        return initiative_get(self.organization, initiative.pk)

    def service_update(self, instance: Initiative, data: dict) -> Initiative:
        tag_names = data.pop("tags", None)
        initiative_update(actor=self.request.user, initiative=instance, tag_names=tag_names, **data)
        return initiative_get(self.organization, instance.pk)

    def service_delete(self, instance: Initiative) -> None:
        initiative_delete(actor=self.request.user, initiative=instance)

    @extend_schema(
        summary="Move an initiative to another status (editor)",
        operation_id="initiatives_change_status",
        description="The reason is kept in the initiative's history. Answers with the "
        "initiative as it is now.",
        request=StatusChangeRequestSerializer,
        responses=InitiativeSerializer,
    )
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def change_status(self, request: Request, *args, **kwargs) -> Response:
        initiative = self.get_object()
        serializer = StatusChangeRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with self.service_errors():
            initiative_change_status(
                actor=request.user, initiative=initiative, **serializer.validated_data
            )
        initiative = initiative_get(self.organization, initiative.pk)
        return Response(self.get_serializer(initiative).data)
