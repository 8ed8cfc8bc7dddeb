"""The funding deadlines as a calendar feed a calendar program subscribes to (Outlook, Google
Calendar, Apple Calendar poll the address; no one signs in), and the editors' actions on the
deadlines page that make, replace and revoke its address. The key handling is the
foundation's (``web.feeds``, ``orgs.services_feeds``); this module says what the feed holds:
the same deadlines as the page and the .ics download, every one ahead rather than 90 days
(a subscribed calendar should also show a report due in two years), and anything overdue."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicshift.formats.funding.ics import write_ics
from civicshift.web import feeds

from . import selectors_pipeline as selectors
from .models import DeadlineFeedToken
from .views_pipeline import DeadlinesView, PipelineMixin


class DeadlineFeedView(feeds.FeedView):
    """GET ``/funding/feed/<key>.ics``."""

    token_model = DeadlineFeedToken

    def feed_body(self, organization) -> str:
        found = selectors.deadlines(organization, today=timezone.localdate(), days=None)
        return write_ics(found, name=_("%s funding deadlines") % organization.name)


def deadline_feed_url(request, key: str) -> str:
    return request.build_absolute_uri(reverse("funding_feed:deadlines", args=[key]))


class DeadlineFeedTokenCreateView(PipelineMixin, feeds.FeedTokenCreateView):
    token_model = DeadlineFeedToken
    page_view = DeadlinesView

    def feed_urls(self, request, key: str) -> dict:
        return {"deadlines": deadline_feed_url(request, key)}


class DeadlineFeedTokenRevokeView(PipelineMixin, feeds.FeedTokenRevokeView):
    token_model = DeadlineFeedToken
    revoked_message = gettext_lazy(
        "Revoked the deadlines calendar address. Calendars subscribed to it no longer update; "
        "make a new address to subscribe again."
    )

    def page_url(self) -> str:
        return reverse("funding:deadlines", kwargs={"org_slug": self.organization.slug}) + (
            "#subscribe"
        )
