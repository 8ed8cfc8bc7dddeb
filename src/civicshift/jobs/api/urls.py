"""The jobs part of the API, found by ``civicshift.api.urls``."""

from django.urls import path

from .views import JobDetailView

org_urlpatterns = [path("jobs/<int:pk>/", JobDetailView.as_view(), name="job-detail")]
