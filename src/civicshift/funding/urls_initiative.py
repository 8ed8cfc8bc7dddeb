from django.urls import path

from . import views_initiative as views
from . import views_pipeline

urlpatterns = [
    path("", views.InitiativeFundingView.as_view(), name="initiative_funding"),
    path("track/", views_pipeline.ApplicationTrackView.as_view(), name="application_track"),
]
