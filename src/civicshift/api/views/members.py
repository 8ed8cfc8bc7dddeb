"""Members and invitations: administrators only, for reading as well as writing (a member list
is personal data). New members join by invitation, as on the screens."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from civicshift.orgs.models import Invitation, Membership
from civicshift.orgs.roles import Role
from civicshift.orgs.services import invitation_create, membership_change_role, membership_remove

from ..serializers.members import InvitationSerializer, MemberRoleSerializer, MemberSerializer
from .base import ServiceWriteMixin


@extend_schema_view(
    list=extend_schema(summary="List members and their roles (administrator)"),
    retrieve=extend_schema(summary="Read one member (administrator)"),
    partial_update=extend_schema(
        summary="Change a member's role (administrator)",
        request=MemberRoleSerializer,
        responses=MemberSerializer,
    ),
    destroy=extend_schema(summary="Remove a member (administrator)"),
)
@extend_schema(tags=["members"])
class MemberViewSet(
    ServiceWriteMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = MemberSerializer
    queryset = Membership.objects.none()
    lookup_value_regex = r"\d+"
    read_role = Role.ADMIN
    write_role = Role.ADMIN
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def scoped_queryset(self):
        return (
            Membership.objects.for_org(self.organization)
            .select_related("user")
            .order_by("user__email", "pk")
        )

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        membership = self.get_object()
        serializer = MemberRoleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with self.service_errors():
            membership = membership_change_role(
                actor=request.user, membership=membership, role=serializer.validated_data["role"]
            )
        return Response(MemberSerializer(membership, context=self.get_serializer_context()).data)

    def service_delete(self, instance: Membership) -> None:
        membership_remove(actor=self.request.user, membership=instance)


@extend_schema_view(
    list=extend_schema(summary="List invitations not yet accepted (administrator)"),
    create=extend_schema(summary="Invite someone by e-mail (administrator)"),
)
@extend_schema(tags=["members"])
class InvitationViewSet(
    ServiceWriteMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """An invitation e-mails a one-time link; the person becomes a member when they accept.
    The link is sent only by e-mail, never returned here."""

    serializer_class = InvitationSerializer
    queryset = Invitation.objects.none()
    read_role = Role.ADMIN
    write_role = Role.ADMIN

    def scoped_queryset(self):
        return (
            Invitation.objects.for_org(self.organization)
            .filter(accepted_at__isnull=True)
            .order_by("-created_at", "-pk")
        )

    def service_create(self, data: dict) -> Invitation:
        invitation, _token = invitation_create(
            actor=self.request.user,
            organization=self.organization,
            email=data["email"],
            role=data["role"],
            accept_url_base=self.request.build_absolute_uri("/"),
        )
        return invitation
