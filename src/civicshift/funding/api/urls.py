"""The funding part of the API, found by ``civicshift.api.urls``: api:funding-program-list,
api:funding-program-detail, api:funding-initiative-matches (read only), registered with the
tenancy harness in ``funding/tests/test_tenancy.py``."""

from django.urls import path

from .views import InitiativeMatchesView, ProgramDetailView, ProgramListView

org_urlpatterns = [
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
