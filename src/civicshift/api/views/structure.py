"""Departments and strategic goals: read by any member, written by editors."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from civicshift.orgs.models import Department, StrategicGoal
from civicshift.orgs.services import (
    department_create,
    department_delete,
    department_update,
    goal_create,
    goal_delete,
    goal_update,
)

from ..serializers.structure import DepartmentSerializer, GoalSerializer
from .base import ServiceWriteMixin


@extend_schema_view(
    list=extend_schema(summary="List departments"),
    create=extend_schema(summary="Add a department (editor)"),
    retrieve=extend_schema(summary="Read a department"),
    update=extend_schema(summary="Replace a department (editor)"),
    partial_update=extend_schema(summary="Change a department (editor)"),
    destroy=extend_schema(summary="Delete a department (editor)"),
)
@extend_schema(tags=["departments"])
class DepartmentViewSet(ServiceWriteMixin, viewsets.ModelViewSet):
    serializer_class = DepartmentSerializer
    queryset = Department.objects.none()
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        return Department.objects.for_org(self.organization).order_by("name", "pk")

    def service_create(self, data: dict) -> Department:
        return department_create(actor=self.request.user, organization=self.organization, **data)

    def service_update(self, instance: Department, data: dict) -> Department:
        return department_update(actor=self.request.user, department=instance, **data)

    def service_delete(self, instance: Department) -> None:
        department_delete(actor=self.request.user, department=instance)


@extend_schema_view(
    list=extend_schema(summary="List strategic goals"),
    create=extend_schema(summary="Add a strategic goal (editor)"),
    retrieve=extend_schema(summary="Read a strategic goal"),
    update=extend_schema(summary="Replace a strategic goal (editor)"),
    partial_update=extend_schema(summary="Change a strategic goal (editor)"),
    destroy=extend_schema(summary="Delete a strategic goal (editor)"),
)
@extend_schema(tags=["goals"])
class GoalViewSet(ServiceWriteMixin, viewsets.ModelViewSet):
    serializer_class = GoalSerializer
    queryset = StrategicGoal.objects.none()
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        return StrategicGoal.objects.for_org(self.organization).order_by("position", "code", "pk")

    def service_create(self, data: dict) -> StrategicGoal:
        return goal_create(actor=self.request.user, organization=self.organization, **data)

    def service_update(self, instance: StrategicGoal, data: dict) -> StrategicGoal:
        return goal_update(actor=self.request.user, goal=instance, **data)

    def service_delete(self, instance: StrategicGoal) -> None:
        goal_delete(actor=self.request.user, goal=instance)
