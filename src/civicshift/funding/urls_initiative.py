from django.urls import path

from . import views_alignment, views_pipeline
from . import views_initiative as views

urlpatterns = [
    path("", views.InitiativeFundingView.as_view(), name="initiative_funding"),
    path("alignment/", views_alignment.AlignmentView.as_view(), name="alignment"),
    path("track/", views_pipeline.ApplicationTrackView.as_view(), name="application_track"),
]
