"""Saved searches in the API (added to ``funding.api.urls``): api:funding-saved-search-* and
api:funding-saved-search-digest, registered with the tenancy harness in
``funding/tests/test_tenancy_saved.py``."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .views_saved import SavedSearchDigestView, SavedSearchViewSet

router = SimpleRouter()
router.register("funding-saved-searches", SavedSearchViewSet, basename="funding-saved-search")

org_urlpatterns = [
    *router.urls,
    path(
        "funding-saved-searches/<int:pk>/digest/",
        SavedSearchDigestView.as_view(),
        name="funding-saved-search-digest",
    ),
]
