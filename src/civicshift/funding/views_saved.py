"""Saved searches of the funding catalog: save the current search by purpose from the catalog
page (htmx swaps the answer in place; without JavaScript an ordinary POST and redirect), the
list of the organization's saved searches, change or delete one (editors), and each one's
digest: what it finds that is new or changed since your last visit, ineligible programs left
out. Opening the digest is the visit: it is recorded as the page is drawn (``?since=`` shows
the news since another day without changing what counts as seen next time)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicshift.core.funding.codes import PURPOSES
from civicshift.orgs.roles import Role
from civicshift.web.forms import add_service_errors
from civicshift.web.org_views import OrgConfirmDeleteView, OrgServiceFormView, OrgTemplateView

from . import selectors_saved as selectors
from . import services_saved as services
from .forms_saved import SavedSearchForm
from .models import SAVED_SEARCH_FIELDS, FundingNotice, FundingProgram, SavedSearch
from .views import FundingMixin

HELP = "funding#saved-searches-and-digests"


def catalog_query(saved: SavedSearch) -> str:
    """The catalog page's query string that runs the saved search again."""
    pairs = [("purpose", saved.purpose)]
    pairs += [("purposes", p) for p in saved.purposes]
    pairs += [
        ("include", saved.include),
        ("exclude", saved.exclude),
        ("eligible", "1" if saved.eligible_only else ""),
        ("sort", saved.sort),
        ("status", "open"),
    ]
    return urlencode(pairs)


def save_values(data) -> dict:
    """What the catalog's "Save this search" form carries, from a query or a posted form."""
    values = {name: data.get(name, "") for name in SAVED_SEARCH_FIELDS if name != "purposes"}
    values["purposes"] = [p for p in data.getlist("purposes") if p in PURPOSES]
    return values


def describe(saved: SavedSearch) -> list[str]:
    """The search in words, one part a line: what it looks for and how."""
    parts = []
    if saved.purpose:
        parts.append(_("For: “%(text)s”") % {"text": saved.purpose})
    if saved.purposes:
        parts.append(
            _("Purposes: %(list)s") % {"list": ", ".join(PURPOSES[p] for p in saved.purposes)}
        )
    if saved.include:
        parts.append(_("Must mention: %(words)s") % {"words": saved.include})
    if saved.exclude:
        parts.append(_("Leaves out: %(words)s") % {"words": saved.exclude})
    return parts


def field_label(name: str) -> str:
    for model in (FundingNotice, FundingProgram):
        try:
            return str(model._meta.get_field(name).verbose_name)
        except Exception:  # noqa: BLE001, S112 - a field only the other model has
            continue
    return name.replace("_", " ")


class SavedMixin(FundingMixin):
    help_page = HELP

    def list_url(self) -> str:
        return reverse("funding:saved_searches", kwargs={"org_slug": self.organization.slug})

    def saved_crumbs(self, *tail):
        head = (gettext_lazy("Saved searches"), self.list_url() if tail else None)
        return [*self.catalog_crumbs(), head, *tail]

    def get_breadcrumbs(self):
        return self.saved_crumbs()

    def get_saved(self) -> SavedSearch:
        if not hasattr(self, "_saved"):
            self._saved = selectors.saved_search_get(self.organization, self.kwargs["pk"])
        return self._saved

    def digest_url(self, saved: SavedSearch) -> str:
        return reverse(
            "funding:saved_search_digest",
            kwargs={"org_slug": self.organization.slug, "pk": saved.pk},
        )


class SavedSearchListView(SavedMixin, OrgTemplateView):
    template_name = "funding/saved_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        visits = selectors.last_visits(self.organization, self.request.user)
        rows = []
        for saved in selectors.saved_searches_for(self.organization):
            last = visits.get(saved.pk)
            digest = selectors.digest_for(saved, since=last, today=today, limit=0)
            rows.append(
                {
                    "saved": saved,
                    "parts": describe(saved),
                    "last_visit": last,
                    "counts": digest.counts,
                    "digest_url": self.digest_url(saved),
                    "catalog_url": reverse(
                        "funding:catalog", kwargs={"org_slug": self.organization.slug}
                    )
                    + "?"
                    + catalog_query(saved),
                }
            )
        context["rows"] = rows
        return context


class SavedSearchCreateView(SavedMixin, OrgServiceFormView):
    """POST from the catalog page's "Save this search" form (htmx: the answer replaces the
    form; else a redirect to the new search's digest). GET: the same form on a page of its
    own, filled from the query string (the catalog's search)."""

    template_name = "funding/saved_form.html"
    form_class = SavedSearchForm

    def get_breadcrumbs(self):
        return self.saved_crumbs((_("Save a search"), None))

    def get_initial(self):
        values = save_values(self.request.GET)
        values["eligible_only"] = self.request.GET.get("eligible_only", "on") not in ("", "0")
        values["sort"] = values["sort"] or "relevance"
        return values

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("Save a search"), cancel_url=self.list_url())
        return context

    def perform(self, form):
        return services.saved_search_create(
            actor=self.request.user, organization=self.organization, **form.cleaned_data
        )

    def _partial(self, form, saved=None):
        context = {
            "org": self.organization,
            "save": save_values(self.request.POST),
            "save_form": form,
            "saved": saved,
            "saved_digest_url": self.digest_url(saved) if saved else "",
            "saved_list_url": self.list_url(),
        }
        return render(self.request, "funding/save_search.html", context)

    def form_valid(self, form):
        try:
            saved = self.perform(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        if self.request.htmx:
            return self._partial(form, saved)
        messages.success(
            self.request,
            _("Saved the search “%(name)s”. This is its digest: come back to see what is new.")
            % {"name": saved.name},
        )
        return HttpResponseRedirect(self.digest_url(saved))

    def form_invalid(self, form):
        if self.request.htmx:
            return self._partial(form)
        return super().form_invalid(form)


class SavedSearchEditView(SavedMixin, OrgServiceFormView):
    template_name = "funding/saved_form.html"
    form_class = SavedSearchForm

    def get_breadcrumbs(self):
        return self.saved_crumbs((str(self.get_saved()), None))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_saved()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Saved search “%(name)s”") % {"name": self.get_saved().name},
            cancel_url=self.list_url(),
            history_object=self.get_saved(),
        )
        return context

    def perform(self, form):
        return services.saved_search_update(
            actor=self.request.user,
            search=self.get_saved(),
            expected_version=form.expected_version,
            **form.cleaned_data,
        )

    def get_success_url(self, result=None):
        messages.success(self.request, _("Saved “%(name)s”.") % {"name": result.name})
        return self.list_url()


class SavedSearchDeleteView(SavedMixin, OrgConfirmDeleteView):
    object_label = gettext_lazy("saved search")

    def get_object(self):
        return self.get_saved()

    def get_breadcrumbs(self):
        return self.saved_crumbs((_("Delete a saved search"), None))

    def delete(self, obj):
        services.saved_search_delete(actor=self.request.user, search=obj)

    def get_success_url(self):
        return self.list_url()


def parse_since(value: str) -> datetime | None:
    """``?since=`` as a date (from the start of that day, in the organization's zone) or an
    ISO date and time; None when absent or unreadable."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            moment = datetime.combine(day, time.min) if day else None
    except ValueError:
        return None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class SavedSearchDigestView(SavedMixin, OrgTemplateView):
    template_name = "funding/saved_digest.html"

    def get_breadcrumbs(self):
        return self.saved_crumbs((str(self.get_saved()), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        saved = self.get_saved()
        now = timezone.now()
        previous = services.saved_search_visit(actor=self.request.user, search=saved, at=now)
        asked = self.request.GET.get("since", "")
        chosen = parse_since(asked)
        since = chosen or previous
        digest = selectors.digest_for(saved, since=since, today=timezone.localdate())
        context.update(
            saved=saved,
            digest=digest,
            counts=digest.counts,
            parts=describe(saved),
            previous_visit=previous,
            chosen_since=chosen,
            since_unreadable=bool(asked) and chosen is None,
            visited_now=now,
            week_ago=timezone.localdate() - timedelta(days=7),
            month_ago=timezone.localdate() - timedelta(days=30),
            field_labels={
                name: field_label(name)
                for row in digest.rows
                if row.news
                for name in row.news.other_fields
            },
            catalog_url=reverse("funding:catalog", kwargs={"org_slug": self.organization.slug})
            + "?"
            + catalog_query(saved),
            can_change=self.can(Role.EDITOR),
        )
        return context
