"""Organizations: the caller's list, and one organization's settings."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from civicshift.orgs.models import ORGANIZATION_SETTINGS, Membership, Organization
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
