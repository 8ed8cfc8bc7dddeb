"""The funding part of the API, found by ``civicshift.api.urls``: notices and programs (read
only) and an initiative's matches, registered with the tenancy harness in
``funding/tests/test_tenancy.py``."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import (
    ApplicationViewSet,
    InitiativeMatchesView,
    NoticeDetailView,
    NoticeListView,
    ProgramDetailView,
    ProgramListView,
)

router = SimpleRouter()
router.register("funding-applications", ApplicationViewSet, basename="funding-application")

org_urlpatterns = [
    *router.urls,
    path("funding-notices/", NoticeListView.as_view(), name="funding-notice-list"),
    path("funding-notices/<int:pk>/", NoticeDetailView.as_view(), name="funding-notice-detail"),
    path("funding-programs/", ProgramListView.as_view(), name="funding-program-list"),
    path("funding-programs/<int:pk>/", ProgramDetailView.as_view(), name="funding-program-detail"),
    path(
        "initiatives/<int:pk>/funding-matches/",
        InitiativeMatchesView.as_view(),
        name="funding-initiative-matches",
    ),
]

from .urls_mix import org_urlpatterns as mix_urlpatterns  # noqa: E402

org_urlpatterns += mix_urlpatterns

from .urls_saved import org_urlpatterns as saved_urlpatterns  # noqa: E402

org_urlpatterns += saved_urlpatterns
