"""The plan part of the API, found by ``civicshift.api.urls``: api:plans-plan-*,
api:plans-task-*, api:plans-link-*, api:plans-calendar-*, api:plans-risk-*, registered with
the tenancy harness in ``plans/tests/api/test_tenancy_api.py``."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .views import CalendarViewSet, LinkViewSet, PlanViewSet, RiskViewSet, TaskViewSet

router = SimpleRouter()
router.register("plans", PlanViewSet, basename="plans-plan")
router.register("calendars", CalendarViewSet, basename="plans-calendar")
router.register("risks", RiskViewSet, basename="plans-risk")
plan_router = SimpleRouter()
plan_router.register("tasks", TaskViewSet, basename="plans-task")
plan_router.register("links", LinkViewSet, basename="plans-link")

org_urlpatterns = [
    *router.urls,
    path("plans/<int:plan_pk>/", include(plan_router.urls)),
]
