"""Addresses of the API (``/api/v1/…``), its OpenAPI document and the token pages.

Every organization-scoped endpoint lives under ``/api/v1/o/<org_slug>/`` and is registered with
the tenancy harness in ``tests/test_tenancy.py``.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from . import token_views
from .views.cases import BusinessCaseViewSet, CaseLineViewSet, CaseOptionViewSet
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
# Business cases: api:business-case-list/-detail/-analyze/-runs.
org_router.register("business-cases", BusinessCaseViewSet, basename="business-case")

# Options within a case and lines within an option: api:case-option-list/-detail and
# api:case-line-list/-detail (registered with the harness in tests/test_tenancy_cases.py).
case_option_router = SimpleRouter()
case_option_router.register("options", CaseOptionViewSet, basename="case-option")
case_line_router = SimpleRouter()
case_line_router.register("lines", CaseLineViewSet, basename="case-line")
CASE_PREFIX = "v1/o/<slug:org_slug>/business-cases/<int:case_pk>/"

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
    path(CASE_PREFIX, include(case_option_router.urls)),
    path(CASE_PREFIX + "options/<int:option_pk>/", include(case_line_router.urls)),
]
