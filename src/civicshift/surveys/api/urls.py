"""Surveys over the API: api:survey-*, api:survey-item-*, api:survey-results (under
/api/v1/o/<org>/) and api:survey-submit (under /api/v1/, open without signing in)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .views import SubmitView, SurveyItemViewSet, SurveyResultsView, SurveyViewSet

router = SimpleRouter()
router.register("surveys", SurveyViewSet, basename="survey")
items = SimpleRouter()
items.register("items", SurveyItemViewSet, basename="survey-item")

org_urlpatterns = [
    *router.urls,
    path("surveys/<int:survey_pk>/", include(items.urls)),
    path("surveys/<int:pk>/results/", SurveyResultsView.as_view(), name="survey-results"),
]

urlpatterns = [
    path("survey-responses/<str:token>/", SubmitView.as_view(), name="survey-submit"),
]
