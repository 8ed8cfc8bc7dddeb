"""The caller's organizations, and one organization's settings.

Departments and strategic goals: read by any member, written by editors.

Members and invitations: administrators only, for reading as well as writing (a member list
is personal data). New members join by invitation, as on the screens.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, mixins, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from civicshift.api.base import OrgScopedMixin, ServiceWriteMixin
from civicshift.orgs.models import Department, Invitation, Membership, Organization, StrategicGoal
from civicshift.orgs.roles import Role
from civicshift.orgs.services import (
    department_create,
    department_delete,
    department_update,
    goal_create,
    goal_delete,
    goal_update,
    invitation_create,
    membership_change_role,
    membership_remove,
    organization_update,
)

from .serializers import (
    DepartmentSerializer,
    GoalSerializer,
    InvitationSerializer,
    MemberRoleSerializer,
    MemberSerializer,
    MyOrganizationSerializer,
    OrganizationSerializer,
)


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
        expected = self.expected_version(serializer.instance)
        with self.service_errors():
            serializer.instance = organization_update(
                actor=self.request.user,
                organization=serializer.instance,
                expected_version=expected,
                **serializer.validated_data,
            )
        self.send_etag(serializer.instance)


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
        expected = self.expected_version(membership)  # If-Match first (412), then the body
        serializer = MemberRoleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with self.service_errors():
            membership = membership_change_role(
                actor=request.user,
                membership=membership,
                role=serializer.validated_data["role"],
                expected_version=expected,
            )
        self.send_etag(membership)
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
