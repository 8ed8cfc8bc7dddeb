"""The caller's organizations, and one organization's settings."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics

from civicshift.orgs.models import Membership, Organization
from civicshift.orgs.roles import Role
from civicshift.orgs.services import organization_update

from ..serializers.organizations import MyOrganizationSerializer, OrganizationSerializer
from .base import OrgScopedMixin


@extend_schema(tags=["organizations"], summary="Organizations you belong to, with your role")
class MyOrganizationListView(generics.ListAPIView):
    serializer_class = MyOrganizationSerializer
    queryset = Membership.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Membership.objects.none()
        return (
            Membership.objects.filter(user=self.request.user, user__is_active=True)
            .select_related("organization")
            .order_by("organization__name", "organization__pk")
        )


@extend_schema(tags=["organizations"])
class OrganizationDetailView(OrgScopedMixin, generics.RetrieveUpdateAPIView):
    """Read (any member) or change (administrators) an organization's settings."""

    serializer_class = OrganizationSerializer
    queryset = Organization.objects.none()
    write_role = Role.ADMIN

    def get_object(self) -> Organization:
        organization, _membership = self.resolve_organization()
        return organization

    def perform_update(self, serializer) -> None:
        with self.service_errors():
            serializer.instance = organization_update(
                actor=self.request.user,
                organization=serializer.instance,
                **serializer.validated_data,
            )
