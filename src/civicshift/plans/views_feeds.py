"""Calendar feeds of milestones that a calendar program subscribes to (Outlook, Google
Calendar, Apple Calendar poll the address; no one signs in): the organization's, and one
initiative's. The secret in the address is the only credential: it opens these two feeds of its
own organization and nothing else; a wrong, malformed or revoked one answers 404. The editors'
page makes, replaces and revokes the address."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from civicshift.orgs.roles import Role
from civicshift.web.org_views import OrgActionView, OrgMixin

from . import services_feeds
from .models import Plan
from .views_export import FORMATS, milestones_ics


class MilestoneFeedView(View):
    """GET ``/milestones/feed/<key>.ics`` (the organization's) or
    ``/milestones/feed/<key>/initiatives/<pk>.ics`` (one initiative's)."""

    http_method_names = ["get", "head"]

    def get(self, request, key: str, pk: int | None = None):
        token = services_feeds.feed_token_for_key(key)
        if token is None:
            raise Http404(_("No calendar feed has this address. Ask an editor for the new one."))
        organization = token.organization
        plans = Plan.objects.for_org(organization)
        if pk is None:
            name = _("%(org)s milestones") % {"org": organization.name}
        else:
            plans = plans.filter(initiative_id=pk)
            plan = plans.select_related("initiative").first()
            if plan is None:
                raise Http404(_("No calendar feed has this address."))
            name = _("%(initiative)s milestones") % {"initiative": plan.initiative.title}
        response = HttpResponse(milestones_ics(plans, name), content_type=FORMATS["ics"][0])
        # Private to the subscriber; calendar programs poll, an hour's staleness is normal.
        response["Cache-Control"] = "private, max-age=900"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
        return response


def feed_urls(request, organization, key: str) -> dict:
    """The feed addresses of ``key``: the organization's and each planned initiative's."""
    plans = Plan.objects.for_org(organization).select_related("initiative")
    return {
        "organization": request.build_absolute_uri(reverse("plans_feed:organization", args=[key])),
        "initiatives": [
            (
                plan.initiative.title,
                request.build_absolute_uri(
                    reverse("plans_feed:initiative", args=[key, plan.initiative_id])
                ),
            )
            for plan in plans.order_by("initiative__title")
        ],
    }


class FeedSettingsView(OrgMixin, TemplateView):
    """The organization's calendar-feed address: whether there is one, when it was made and
    last read; make, replace or revoke it (editors)."""

    template_name = "plans/feed.html"
    read_role = Role.EDITOR
    help_page = "plans#calendar-feeds"

    def get_breadcrumbs(self):
        return [(_("Calendar feeds"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["token"] = services_feeds.active_feed_token(self.organization)
        return context


class FeedTokenCreateView(OrgActionView):
    """Make (or replace) the address. The answer is the page showing the new addresses: the key
    is rendered in this one response only (never stored in clear, never put in the session),
    as API tokens are."""

    def post(self, request, *args, **kwargs):
        token, key = services_feeds.milestone_feed_token_create(
            actor=request.user, organization=self.organization
        )
        view = FeedSettingsView()
        view.setup(request, *args, **kwargs)
        view.organization, view.membership = self.organization, self.membership
        context = view.get_context_data(
            new_key=key, urls=feed_urls(request, self.organization, key)
        )
        response = render(request, view.template_name, context)
        response["Cache-Control"] = "no-store"
        return response


class FeedTokenRevokeView(OrgActionView):
    def post(self, request, *args, **kwargs):
        if services_feeds.milestone_feed_token_revoke(
            actor=request.user, organization=self.organization
        ):
            messages.success(
                request,
                _(
                    "Revoked the calendar feed address. Calendars subscribed to it no longer "
                    "update; make a new address to subscribe again."
                ),
            )
        return HttpResponseRedirect(
            reverse("plans:feed_settings", kwargs={"org_slug": self.organization.slug})
        )
