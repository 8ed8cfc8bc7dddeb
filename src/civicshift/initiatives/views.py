"""Initiative pages: list (search, filters, sort, pages), hub, forms, status changes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicshift.core.lifecycle import allowed_targets
from civicshift.orgs.models import Department, StrategicGoal
from civicshift.web.org_views import (
    OrgActionView,
    OrgConfirmDeleteView,
    OrgServiceFormView,
    OrgTemplateView,
)

from . import services
from .forms import InitiativeForm, StatusChangeForm
from .hub import MODULES
from .models import STATUS_HELP, Status, Tag
from .selectors import SORTS, InitiativeFilters, initiative_get, initiative_list

PAGE_SIZE = 25


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


class InitiativeListView(OrgTemplateView):
    template_name = "initiatives/list.html"
    section = "initiatives"

    def get_template_names(self):
        if self.request.htmx and self.request.htmx.target == "initiative-results":
            return ["initiatives/results.html"]
        return [self.template_name]

    def get_breadcrumbs(self):
        return [(_("Initiatives"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        g = self.request.GET
        filters = InitiativeFilters(
            q=g.get("q", "").strip()[:200],
            status=g.get("status", "") if g.get("status") in Status.values else "",
            department=_int_or_none(g.get("department")),
            goal=_int_or_none(g.get("goal")),
            tag=_int_or_none(g.get("tag")),
            sort=g.get("sort", "updated") if g.get("sort") in SORTS else "updated",
        )
        page = Paginator(initiative_list(self.organization, filters), PAGE_SIZE).get_page(
            g.get("page")
        )
        query = g.copy()
        query.pop("page", None)
        context.update(
            filters=filters,
            page=page,
            initiatives=page.object_list,
            querystring=query.urlencode(),
            status_choices=Status.choices,
            departments=Department.objects.for_org(self.organization),
            goals=StrategicGoal.objects.for_org(self.organization),
            tags=Tag.objects.for_org(self.organization),
            sort_choices=[
                ("updated", _("Recently changed")),
                ("title", _("Title A–Z")),
                ("-title", _("Title Z–A")),
                ("status", _("Status, from idea to closed")),
                ("start", _("Target start, earliest first")),
                ("-start", _("Target start, latest first")),
                ("-cost", _("Highest cost first")),
                ("cost", _("Lowest cost first")),
            ],
        )
        return context


class InitiativeMixin:
    def get_initiative(self):
        if not hasattr(self, "_initiative"):
            self._initiative = initiative_get(self.organization, self.kwargs["pk"])
        return self._initiative

    def initiative_crumbs(self, *tail):
        initiative = self.get_initiative()
        crumbs = [(_("Initiatives"), reverse("initiatives:list", args=[self.organization.slug]))]
        url = reverse("initiatives:detail", args=[self.organization.slug, initiative.pk])
        crumbs.append((initiative.title, url if tail else None))
        return crumbs + list(tail)


class InitiativeDetailView(InitiativeMixin, OrgTemplateView):
    template_name = "initiatives/detail.html"
    section = "initiatives"
    tab = "overview"

    def get_breadcrumbs(self):
        return self.initiative_crumbs()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative = self.get_initiative()
        targets = allowed_targets(initiative.status, initiative.status_before_hold or None)
        context.update(
            initiative=initiative,
            tab=self.tab,
            modules=MODULES.values(),
            status_help=STATUS_HELP,
            status_changes=initiative.status_changes.select_related("changed_by")[:20],
            status_form=StatusChangeForm(targets=targets) if targets else None,
            history_object=initiative,
        )
        return context


class InitiativeModuleView(InitiativeDetailView):
    """A module tab of the hub. Installed modules link to their own pages instead."""

    def get(self, request, *args, **kwargs):
        module = MODULES.get(kwargs["module"])
        if module is None:
            raise Http404("No such module.")
        if module.url_name:
            return redirect(module.url_name, org_slug=self.organization.slug, pk=kwargs["pk"])
        self.tab = module.key
        self.module = module
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return self.initiative_crumbs((self.module.label, None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["module"] = self.module
        return context


class InitiativeFormView(OrgServiceFormView):
    template_name = "web/object_form.html"
    form_class = InitiativeForm
    section = "initiatives"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["organization"] = self.organization
        return kwargs

    def get_success_url(self, result=None):
        return reverse("initiatives:detail", args=[self.organization.slug, result.pk])


class InitiativeCreateView(InitiativeFormView):
    success_message = gettext_lazy("Initiative created.")

    def perform(self, form):
        return services.initiative_create(
            actor=self.request.user, organization=self.organization, **form.service_fields()
        )

    def get_breadcrumbs(self):
        return [
            (_("Initiatives"), reverse("initiatives:list", args=[self.organization.slug])),
            (_("New initiative"), None),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Propose an initiative")
        context["intro"] = _(
            "Describe the problem and the idea in plain words. Only the title "
            "is required now; you can add the rest as it becomes clear."
        )
        context["cancel_url"] = reverse("initiatives:list", args=[self.organization.slug])
        return context


class InitiativeUpdateView(InitiativeMixin, InitiativeFormView):
    success_message = gettext_lazy("Changes saved.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_initiative()
        return kwargs

    def perform(self, form):
        fresh = initiative_get(self.organization, self.kwargs["pk"])
        return services.initiative_update(
            actor=self.request.user,
            initiative=fresh,
            expected_version=form.expected_version,
            **form.service_fields(),
        )

    def get_breadcrumbs(self):
        return self.initiative_crumbs((_("Edit"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Edit “%(title)s”") % {"title": self.get_initiative().title}
        context["cancel_url"] = reverse(
            "initiatives:detail", args=[self.organization.slug, self.kwargs["pk"]]
        )
        return context


class InitiativeDeleteView(InitiativeMixin, OrgConfirmDeleteView):
    object_label = gettext_lazy("initiative")
    section = "initiatives"

    def get_object(self):
        return self.get_initiative()

    def delete(self, obj):
        services.initiative_delete(actor=self.request.user, initiative=obj)

    def get_success_url(self):
        return reverse("initiatives:list", args=[self.organization.slug])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = reverse(
            "initiatives:detail", args=[self.organization.slug, self.kwargs["pk"]]
        )
        return context


class InitiativeStatusView(InitiativeMixin, OrgActionView):
    def post(self, request, org_slug, pk):
        initiative = self.get_initiative()
        targets = allowed_targets(initiative.status, initiative.status_before_hold or None)
        form = StatusChangeForm(request.POST, targets=targets)
        if form.is_valid():
            try:
                services.initiative_change_status(
                    actor=request.user,
                    initiative=initiative,
                    to_status=form.cleaned_data["to_status"],
                    reason=form.cleaned_data["reason"],
                )
                messages.success(
                    request,
                    _("Status changed to %(status)s.")
                    % {"status": Status(form.cleaned_data["to_status"]).label},
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        else:
            problems = "; ".join(
                f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()
            )
            messages.error(
                request, _("The status was not changed. %(problems)s") % {"problems": problems}
            )
        return redirect("initiatives:detail", org_slug=org_slug, pk=pk)
