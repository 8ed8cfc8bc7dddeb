"""Addresses of the API (``/api/v1/…``), its OpenAPI document and the token pages.

Every organization-scoped endpoint lives under ``/api/v1/o/<org_slug>/`` and is registered with
the tenancy harness in ``tests/test_tenancy.py``.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from . import token_views
from .views.initiatives import InitiativeViewSet
from .views.members import InvitationViewSet, MemberViewSet
from .views.organizations import MyOrganizationListView, OrganizationDetailView
from .views.structure import DepartmentViewSet, GoalViewSet

app_name = "api"

org_router = SimpleRouter()
org_router.register("departments", DepartmentViewSet, basename="department")
org_router.register("goals", GoalViewSet, basename="goal")
org_router.register("members", MemberViewSet, basename="member")
org_router.register("invitations", InvitationViewSet, basename="invitation")
org_router.register("initiatives", InitiativeViewSet, basename="initiative")

urlpatterns = [
    # Token pages (web, signed-in users).
    path("tokens/", token_views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", token_views.token_revoke, name="token_revoke"),
    # The OpenAPI 3 document: YAML by default, JSON with ?format=json. Open to anyone: it
    # describes the shape of the API, never any organization's data.
    path(
        "v1/schema/",
        SpectacularAPIView.as_view(permission_classes=[AllowAny]),
        name="schema",
    ),
    path("v1/orgs/", MyOrganizationListView.as_view(), name="orgs"),
    path("v1/o/<slug:org_slug>/", OrganizationDetailView.as_view(), name="organization-detail"),
    path("v1/o/<slug:org_slug>/", include(org_router.urls)),
]
