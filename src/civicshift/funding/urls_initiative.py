from django.urls import include, path

from . import urls_mix, views_alignment, views_alignment_save, views_pipeline
from . import views_initiative as views

urlpatterns = [
    path("", views.InitiativeFundingView.as_view(), name="initiative_funding"),
    path("alignment/", views_alignment.AlignmentView.as_view(), name="alignment"),
    path(
        "alignment/track/",
        views_alignment_save.AlignmentTrackView.as_view(),
        name="alignment_track",
    ),
    path("track/", views_pipeline.ApplicationTrackView.as_view(), name="application_track"),
    path("mix/", include(urls_mix)),
]
