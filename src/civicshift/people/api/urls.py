"""The People tab's part of the API, found by ``civicshift.api.urls``: api:people-stakeholder-*,
api:people-adkar-rating-*, api:people-impact-group-*, api:people-activity-* (with
send-to-plan), api:people-resistance-response-* and api:people-initiative-summary, registered
with the tenancy harness in ``people/tests/api/test_tenancy_api.py``."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .views import (
    ActivityViewSet,
    AdkarRatingViewSet,
    ImpactGroupViewSet,
    PeopleSummaryView,
    ResistanceResponseViewSet,
    StakeholderViewSet,
)

router = SimpleRouter()
router.register("stakeholders", StakeholderViewSet, basename="people-stakeholder")
router.register("adkar-ratings", AdkarRatingViewSet, basename="people-adkar-rating")
router.register("impact-groups", ImpactGroupViewSet, basename="people-impact-group")
router.register("activities", ActivityViewSet, basename="people-activity")
router.register(
    "resistance-responses", ResistanceResponseViewSet, basename="people-resistance-response"
)

org_urlpatterns = [
    path("initiatives/<int:initiative_pk>/people/", include(router.urls)),
    path(
        "initiatives/<int:pk>/people-summary/",
        PeopleSummaryView.as_view(),
        name="people-initiative-summary",
    ),
]
