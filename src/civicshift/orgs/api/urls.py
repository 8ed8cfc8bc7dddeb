"""The organizations part of the API, found by ``civicshift.api.urls``.

``urlpatterns`` sit under ``/api/v1/``; ``org_urlpatterns`` under ``/api/v1/o/<org_slug>/``.
"""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import (
    DepartmentViewSet,
    GoalViewSet,
    InvitationViewSet,
    MemberViewSet,
    MyOrganizationListView,
    OrganizationDetailView,
)

router = SimpleRouter()
router.register("departments", DepartmentViewSet, basename="department")
router.register("goals", GoalViewSet, basename="goal")
router.register("members", MemberViewSet, basename="member")
router.register("invitations", InvitationViewSet, basename="invitation")

urlpatterns = [path("orgs/", MyOrganizationListView.as_view(), name="orgs")]

org_urlpatterns = [
    path("", OrganizationDetailView.as_view(), name="organization-detail"),
    *router.urls,
]
