"""Organizations: the caller's list, and one organization's settings.

Departments and strategic goals: the lists initiatives are classified by.

Members and invitations (administrators only).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from civicshift.orgs.models import (
    ORGANIZATION_SETTINGS,
    Department,
    Invitation,
    Membership,
    Organization,
    StrategicGoal,
)
from civicshift.orgs.roles import Role


class MyOrganizationSerializer(serializers.ModelSerializer):
    """One organization the caller belongs to, with the caller's role there."""

    slug = serializers.CharField(source="organization.slug", read_only=True)
    name = serializers.CharField(source="organization.name", read_only=True)
    kind = serializers.CharField(source="organization.kind", read_only=True)
    role = serializers.ChoiceField(
        choices=Role.choices, read_only=True, help_text=_("Your role in this organization.")
    )
    url = serializers.SerializerMethodField(help_text=_("Address of the organization's API."))

    class Meta:
        model = Membership
        fields = ["slug", "name", "kind", "role", "url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, membership: Membership) -> str:
        path = reverse("api:organization-detail", kwargs={"org_slug": membership.organization.slug})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class OrganizationSerializer(serializers.ModelSerializer):
    """An organization's settings. The slug is part of every address and never changes."""

    role = serializers.SerializerMethodField(help_text=_("Your role in this organization."))

    class Meta:
        model = Organization
        fields = ["slug", *ORGANIZATION_SETTINGS, "role", "created_at", "updated_at"]
        read_only_fields = ["slug", "created_at", "updated_at"]

    @extend_schema_field(serializers.ChoiceField(choices=Role.choices))
    def get_role(self, organization: Organization) -> str | None:
        membership = self.context.get("membership")
        return membership.role if membership is not None else None


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


class MemberSerializer(serializers.ModelSerializer):
    user = serializers.IntegerField(
        source="user_id", read_only=True, help_text=_("The person's user id (use it as an owner).")
    )
    email = serializers.EmailField(source="user.email", read_only=True)
    name = serializers.CharField(source="user.get_full_name", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "email", "name", "role", "created_at", "updated_at"]
        read_only_fields = fields


class MemberRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices, help_text=_("The member's new role."))


class InvitationSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(help_text=_("Where the invitation link is sent."))
    role = serializers.ChoiceField(
        choices=Role.choices,
        default=Role.VIEWER,
        help_text=_("The role the person gets on accepting."),
    )
    invited_by = serializers.IntegerField(source="invited_by_id", read_only=True, allow_null=True)

    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "invited_by", "expires_at", "accepted_at", "created_at"]
        read_only_fields = ["id", "invited_by", "expires_at", "accepted_at", "created_at"]
