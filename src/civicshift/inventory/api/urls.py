"""The inventory part of the API, found by ``civicshift.api.urls``: api:inventory-system-*,
api:inventory-component-*, api:inventory-integration-* and a system's assessments
(api:inventory-assessment-list, api:inventory-assessment-detail), registered with the tenancy
harness in ``inventory/tests/api/test_tenancy_api.py``."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .views import AssessmentViewSet, ComponentViewSet, IntegrationViewSet, SystemViewSet

router = SimpleRouter()
router.register("systems", SystemViewSet, basename="inventory-system")
router.register("components", ComponentViewSet, basename="inventory-component")
router.register("integrations", IntegrationViewSet, basename="inventory-integration")
assessment_router = SimpleRouter()
assessment_router.register("assessments", AssessmentViewSet, basename="inventory-assessment")

org_urlpatterns = [
    *router.urls,
    path("systems/<int:system_pk>/", include(assessment_router.urls)),
]
