"""The funding deadlines' calendar-feed address calendar programs poll without signing in
(``/funding/feed/``): outside ``/o/<org>/`` because the secret key, not the address, names the
organization (``views_feeds``)."""

from django.urls import path

from . import views_feeds as feeds

app_name = "funding_feed"

urlpatterns = [
    path("<str:key>.ics", feeds.DeadlineFeedView.as_view(), name="deadlines"),
]
