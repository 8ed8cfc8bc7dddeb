"""The skills part of the API, found by ``civicshift.api.urls``: api:skills-skill-*,
api:skills-role-*, api:skills-person-*, api:skills-assessment-*, api:skills-course-*,
api:skills-enrolment-* and api:skills-gaps, registered with the tenancy harness in
``skills/tests/api/test_tenancy_api.py``."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import (
    AssessmentViewSet,
    CourseViewSet,
    EnrolmentViewSet,
    GapsView,
    JobRoleViewSet,
    SkillViewSet,
    StaffViewSet,
)

router = SimpleRouter()
router.register("skills/skills", SkillViewSet, basename="skills-skill")
router.register("skills/roles", JobRoleViewSet, basename="skills-role")
router.register("skills/staff", StaffViewSet, basename="skills-person")
router.register("skills/assessments", AssessmentViewSet, basename="skills-assessment")
router.register("skills/courses", CourseViewSet, basename="skills-course")
router.register("skills/enrolments", EnrolmentViewSet, basename="skills-enrolment")

org_urlpatterns = [
    *router.urls,
    path("initiatives/<int:pk>/skill-gaps/", GapsView.as_view(), name="skills-gaps"),
]
