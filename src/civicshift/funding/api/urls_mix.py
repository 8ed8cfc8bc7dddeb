"""The funding mix part of the API (added to ``funding.api.urls``): api:funding-mix-line-*,
api:funding-initiative-mix, api:funding-financing, registered with the tenancy harness in
``funding/tests/test_tenancy_mix.py``."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .views_mix import FinancingView, MixLineViewSet, MixSummaryView

router = SimpleRouter()
router.register("lines", MixLineViewSet, basename="funding-mix-line")

org_urlpatterns = [
    path("initiatives/<int:initiative_pk>/funding-mix/", include(router.urls)),
    path(
        "initiatives/<int:pk>/funding-mix/", MixSummaryView.as_view(), name="funding-initiative-mix"
    ),
    path("funding-financing/", FinancingView.as_view(), name="funding-financing"),
]
