"""Views for calendar feeds polled without signing in, for any module with a ``FeedToken``
model (``orgs.feed_tokens``): the feed itself, answered to whoever holds the key, and the
editors' actions that make (or replace) and revoke the address. A module subclasses them,
naming its model and saying what its feed holds and which page shows the address."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from civicshift.orgs import services_feeds
from civicshift.orgs.feed_tokens import FeedToken

from .org_views import OrgActionView

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


class FeedView(View):
    """GET ``<prefix>/<key>.ics`` (and any more URL arguments the module's feed takes). The key
    is the only credential: a wrong, malformed, replaced or revoked one answers 404, and a
    key opens only its own model's feed of its own organization."""

    http_method_names = ["get", "head"]
    token_model: type[FeedToken]

    def feed_body(self, organization, **kwargs) -> str:
        """The iCalendar text of ``organization``'s feed; raise ``Http404`` for an argument
        that names nothing of this organization. Each module's feed view says it (plans:
        milestones, funding: deadlines); the base class has no feed of its own."""
        raise NotImplementedError(f"{type(self).__name__} must define feed_body()")

    def get(self, request, key: str, **kwargs):
        token = services_feeds.feed_token_for_key(self.token_model, key)
        if token is None:
            raise Http404(_("No calendar feed has this address. Ask an editor for the new one."))
        response = HttpResponse(
            self.feed_body(token.organization, **kwargs), content_type=ICS_CONTENT_TYPE
        )
        # Private to the subscriber; calendar programs poll, an hour's staleness is normal.
        response["Cache-Control"] = "private, max-age=900"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
        return response


class FeedTokenCreateView(OrgActionView):
    """Make (or replace) the address. The answer is the page that shows the address, with the
    new key: it is rendered in this one response only (never stored in clear, never put in the
    session), as API tokens are."""

    token_model: type[FeedToken]
    #: The page showing the address (a template view of the same organization).
    page_view: type

    def feed_urls(self, request, key: str) -> dict:
        """What the page needs to show the new addresses of ``key``; each module's view says it
        (its feed URLs are its own)."""
        raise NotImplementedError(f"{type(self).__name__} must define feed_urls()")

    def post(self, request, *args, **kwargs):
        _token, key = services_feeds.feed_token_create(
            self.token_model, actor=request.user, organization=self.organization
        )
        view = self.page_view()
        view.setup(request, *args, **kwargs)
        view.organization, view.membership = self.organization, self.membership
        context = view.get_context_data(new_key=key, urls=self.feed_urls(request, key))
        response = render(request, view.template_name, context)
        response["Cache-Control"] = "no-store"
        return response


class FeedTokenRevokeView(OrgActionView):
    """Revoke the address, then back to the page that shows it, with a message."""

    token_model: type[FeedToken]
    revoked_message = ""

    def page_url(self) -> str:
        """The module's page that shows the address (where the editor goes back to)."""
        raise NotImplementedError(f"{type(self).__name__} must define page_url()")

    def post(self, request, *args, **kwargs):
        if services_feeds.feed_token_revoke(
            self.token_model, actor=request.user, organization=self.organization
        ):
            messages.success(request, self.revoked_message)
        return HttpResponseRedirect(self.page_url())
