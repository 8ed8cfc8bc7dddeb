"""The calendar-feed addresses calendar programs poll without signing in (``/milestones/feed/``):
outside ``/o/<org>/`` because the secret key, not the address, names the organization
(``views_feeds``)."""

from django.urls import path

from . import views_feeds as feeds

app_name = "plans_feed"

urlpatterns = [
    path("<str:key>.ics", feeds.MilestoneFeedView.as_view(), name="organization"),
    path(
        "<str:key>/initiatives/<int:pk>.ics",
        feeds.MilestoneFeedView.as_view(),
        name="initiative",
    ),
]
