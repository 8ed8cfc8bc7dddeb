"""Departments and strategic goals: the lists initiatives are classified by."""

from __future__ import annotations

from rest_framework import serializers

from civicshift.orgs.models import Department, StrategicGoal


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "name", "code", "head", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
        # Uniqueness within the organization is checked by the service (it knows the
        # organization; the serializer does not).
        validators: list = []


class GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = StrategicGoal
        fields = ["id", "code", "statement", "description", "position", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
        validators: list = []
