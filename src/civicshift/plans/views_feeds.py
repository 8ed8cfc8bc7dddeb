"""Calendar feeds of milestones that a calendar program subscribes to (Outlook, Google
Calendar, Apple Calendar poll the address; no one signs in): the organization's, and one
initiative's. The secret in the address is the only credential: it opens these two feeds of its
own organization and nothing else; a wrong, malformed or revoked one answers 404. The editors'
page makes, replaces and revokes the address. The key handling is the foundation's
(``web.feeds``, ``orgs.services_feeds``); this module says what the feeds hold."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from civicshift.orgs.roles import Role
from civicshift.web import feeds
from civicshift.web.org_views import OrgMixin

from . import services_feeds
from .models import MilestoneFeedToken, Plan
from .views_export import milestones_ics


class MilestoneFeedView(feeds.FeedView):
    """GET ``/milestones/feed/<key>.ics`` (the organization's) or
    ``/milestones/feed/<key>/initiatives/<pk>.ics`` (one initiative's)."""

    token_model = MilestoneFeedToken

    def feed_body(self, organization, pk: int | None = None) -> str:
        plans = Plan.objects.for_org(organization)
        if pk is None:
            name = _("%(org)s milestones") % {"org": organization.name}
        else:
            plans = plans.filter(initiative_id=pk)
            plan = plans.select_related("initiative").first()
            if plan is None:
                raise Http404(_("No calendar feed has this address."))
            name = _("%(initiative)s milestones") % {"initiative": plan.initiative.title}
        return milestones_ics(plans, name)


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


class FeedTokenCreateView(feeds.FeedTokenCreateView):
    token_model = MilestoneFeedToken
    page_view = FeedSettingsView

    def feed_urls(self, request, key: str) -> dict:
        return feed_urls(request, self.organization, key)


class FeedTokenRevokeView(feeds.FeedTokenRevokeView):
    token_model = MilestoneFeedToken
    revoked_message = gettext_lazy(
        "Revoked the calendar feed address. Calendars subscribed to it no longer "
        "update; make a new address to subscribe again."
    )

    def page_url(self) -> str:
        return reverse("plans:feed_settings", kwargs={"org_slug": self.organization.slug})
