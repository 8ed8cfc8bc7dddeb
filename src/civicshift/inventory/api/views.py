"""The inventory over the API: systems (with their evaluation), components, integrations and
each system's assessments. Writes go through ``civicshift.inventory.services`` (role check,
model validation, audit record); rows are always fetched through the organization."""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from civicshift.api.base import ServiceWriteMixin
from civicshift.inventory import labels, selectors, services
from civicshift.inventory.models import Assessment, Component, Integration, System

from .serializers import (
    AssessmentSerializer,
    ComponentSerializer,
    IntegrationFiltersSerializer,
    IntegrationSerializer,
    SystemFiltersSerializer,
    SystemSerializer,
)

STATE_OF_KEY = {key: int(state) for state, key in labels.SUPPORT_KEYS.items()}

SYSTEM_PK = OpenApiParameter(
    "system_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id of the system."
)


@extend_schema_view(
    list=extend_schema(
        summary="List systems with their evaluation", parameters=[SystemFiltersSerializer]
    ),
    create=extend_schema(summary="Record a system (editor)"),
    retrieve=extend_schema(summary="Read a system and its evaluation"),
    update=extend_schema(summary="Replace a system (editor)"),
    partial_update=extend_schema(summary="Change a system (editor)"),
    destroy=extend_schema(
        summary="Delete a system with its interfaces, assessments and accepted risks (editor)"
    ),
)
@extend_schema(tags=["inventory"])
class SystemViewSet(ServiceWriteMixin, viewsets.ModelViewSet):
    """The organization's systems. Each answer carries the evaluation of today: support
    roll-up (the least-supported component decides), annual cost and parts, disposition,
    modernisation priority and lifecycle risk with their parts, red flags, completeness."""

    serializer_class = SystemSerializer
    queryset = System.objects.none()
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        return selectors.systems_for(self.organization).prefetch_related(
            "departments", "components"
        )

    def list(self, request, *args, **kwargs):
        params = SystemFiltersSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        support = data.get("support")
        filters = selectors.SystemFilters(
            q=data.get("q", "").strip(),
            category=data.get("category", ""),
            department=data.get("department"),
            hosting=data.get("hosting", ""),
            disposition=data.get("disposition", ""),
            support=STATE_OF_KEY[support] if support else None,
            red_flags=data.get("red_flags", False),
            sort=data.get("ordering", "name"),
        )
        found = selectors.system_rows(self.organization, filters)
        page = self.paginate_queryset(found)
        context = {**self.get_serializer_context(), "rows": {r.system.pk: r for r in page}}
        body = SystemSerializer([r.system for r in page], many=True, context=context).data
        return self.get_paginated_response(body)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context.setdefault("rows", {})
        return context

    def service_create(self, data: dict) -> System:
        return services.system_create(
            actor=self.request.user, organization=self.organization, **data
        )

    def service_update(self, instance: System, data: dict) -> System:
        services.system_update(actor=self.request.user, system=instance, **data)
        return self.scoped_queryset().get(pk=instance.pk)

    def service_delete(self, instance: System) -> None:
        services.system_delete(actor=self.request.user, system=instance)


@extend_schema_view(
    list=extend_schema(summary="List components (operating systems, databases, platforms)"),
    create=extend_schema(summary="Record a component (editor)"),
    retrieve=extend_schema(summary="Read a component"),
    update=extend_schema(summary="Replace a component (editor)"),
    partial_update=extend_schema(summary="Change a component (editor)"),
    destroy=extend_schema(summary="Delete a component (editor)"),
)
@extend_schema(tags=["inventory"])
class ComponentViewSet(ServiceWriteMixin, viewsets.ModelViewSet):
    serializer_class = ComponentSerializer
    queryset = Component.objects.none()
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        return selectors.components_for(self.organization).prefetch_related("systems")

    def service_create(self, data: dict) -> Component:
        return services.component_create(
            actor=self.request.user, organization=self.organization, **data
        )

    def service_update(self, instance: Component, data: dict) -> Component:
        services.component_update(actor=self.request.user, component=instance, **data)
        return self.scoped_queryset().get(pk=instance.pk)

    def service_delete(self, instance: Component) -> None:
        services.component_delete(actor=self.request.user, component=instance)


@extend_schema_view(
    list=extend_schema(
        summary="List interfaces between systems", parameters=[IntegrationFiltersSerializer]
    ),
    create=extend_schema(summary="Record an interface (editor)"),
    retrieve=extend_schema(summary="Read an interface"),
    update=extend_schema(summary="Replace an interface (editor)"),
    partial_update=extend_schema(summary="Change an interface (editor)"),
    destroy=extend_schema(summary="Delete an interface (editor)"),
)
@extend_schema(tags=["inventory"])
class IntegrationViewSet(ServiceWriteMixin, viewsets.ModelViewSet):
    serializer_class = IntegrationSerializer
    queryset = Integration.objects.none()
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        return selectors.integrations_for(self.organization)

    def filter_queryset(self, queryset):
        """``?system=`` (from or to it), ``?source=``, ``?target=``, ``?direction=``,
        ``?method=`` on the list, all of those given holding; an unknown value is a 400 naming
        the parameter."""
        if self.action != "list":
            return queryset
        params = IntegrationFiltersSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        if "system" in data:
            queryset = queryset.filter(Q(source_id=data["system"]) | Q(target_id=data["system"]))
        if "source" in data:
            queryset = queryset.filter(source_id=data["source"])
        if "target" in data:
            queryset = queryset.filter(target_id=data["target"])
        if data.get("direction"):
            queryset = queryset.filter(direction=data["direction"])
        if data.get("method"):
            queryset = queryset.filter(method=data["method"])
        return queryset

    def service_create(self, data: dict) -> Integration:
        return services.integration_create(
            actor=self.request.user, organization=self.organization, **data
        )

    def service_update(self, instance: Integration, data: dict) -> Integration:
        return services.integration_update(actor=self.request.user, integration=instance, **data)

    def service_delete(self, instance: Integration) -> None:
        services.integration_delete(actor=self.request.user, integration=instance)


@extend_schema_view(
    list=extend_schema(
        summary="List a system's assessments, the current one first", parameters=[SYSTEM_PK]
    ),
    create=extend_schema(
        summary="Record a new assessment of a system (editor); earlier ones are kept",
        parameters=[SYSTEM_PK],
    ),
    retrieve=extend_schema(summary="Read one assessment of a system", parameters=[SYSTEM_PK]),
    update=extend_schema(
        summary="Correct an assessment: answers, date, notes (editor)", parameters=[SYSTEM_PK]
    ),
    partial_update=extend_schema(
        summary="Correct part of an assessment (editor)", parameters=[SYSTEM_PK]
    ),
    destroy=extend_schema(
        summary="Delete an assessment; the one before it counts again (editor)",
        parameters=[SYSTEM_PK],
    ),
)
@extend_schema(tags=["inventory"])
class AssessmentViewSet(ServiceWriteMixin, viewsets.ModelViewSet):
    serializer_class = AssessmentSerializer
    queryset = Assessment.objects.none()
    lookup_value_regex = r"\d+"

    def get_system(self) -> System:
        if not hasattr(self, "_system"):
            self._system = get_object_or_404(
                selectors.systems_for(self.organization), pk=self.kwargs["system_pk"]
            )
        return self._system

    def scoped_queryset(self):
        return (
            Assessment.objects.for_org(self.organization)
            .filter(system=self.get_system())
            .select_related("assessor")
        )

    def service_create(self, data: dict) -> Assessment:
        return services.assessment_record(actor=self.request.user, system=self.get_system(), **data)

    def service_update(self, instance: Assessment, data: dict) -> Assessment:
        return services.assessment_update(actor=self.request.user, assessment=instance, **data)

    def service_delete(self, instance: Assessment) -> None:
        services.assessment_delete(actor=self.request.user, assessment=instance)
