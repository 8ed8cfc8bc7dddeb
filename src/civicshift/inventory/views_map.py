"""Integrations between systems: the list, the forms, the map, and what a system's retirement
affects. Reads come from ``selectors_map``; writes go through ``services``."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicshift.web.org_views import (
    OrgConfirmDeleteView,
    OrgServiceFormView,
    OrgTemplateView,
)

from . import selectors, selectors_map, services
from .forms_map import IntegrationFilterForm, IntegrationForm, MapFilterForm
from .models import Integration, Method, System


class InventoryPagesMixin:
    section = "systems"
    help_page = "inventory#integrations-and-the-map"

    def page_url(self, name: str, **kwargs) -> str:
        return reverse(f"inventory:{name}", kwargs={"org_slug": self.organization.slug, **kwargs})

    def get_breadcrumbs(self):
        return [(_("Systems"), selectors_map.systems_url(self.organization.slug))]


class IntegrationListView(InventoryPagesMixin, OrgTemplateView):
    template_name = "inventory/map_integrations.html"

    def get_breadcrumbs(self):
        return [*super().get_breadcrumbs(), (_("Integrations"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = IntegrationFilterForm(self.request.GET or None, organization=self.organization)
        system = method = None
        if form.is_bound and form.is_valid():
            if form.cleaned_data["system"]:
                system = selectors.systems_for(self.organization).get(
                    pk=form.cleaned_data["system"]
                )
            method = form.cleaned_data["method"]
        found = list(
            selectors_map.integrations(self.organization, system=system, method=method or "")
        )
        slug = self.organization.slug
        context.update(
            filter_form=form,
            integrations=[
                (
                    i,
                    selectors_map.system_url(slug, i.source_id),
                    selectors_map.system_url(slug, i.target_id),
                )
                for i in found
            ],
            filtered_system=system,
            filtered=bool(system or method),
            manual_count=sum(1 for i in found if i.method == Method.MANUAL_REKEYING),
            has_systems=selectors.systems_for(self.organization).exists(),
        )
        return context


class IntegrationFormMixin(InventoryPagesMixin):
    template_name = "inventory/map_integration_form.html"
    form_class = IntegrationForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["organization"] = self.organization
        return kwargs

    def get_success_url(self, result=None):
        return self.page_url("integrations")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = self.page_url("integrations")
        return context


class IntegrationCreateView(IntegrationFormMixin, OrgServiceFormView):
    success_message = gettext_lazy("Interface added.")

    def get_initial(self):
        initial = super().get_initial()
        chosen = self.request.GET.get("from", "")
        if chosen.isdigit():  # "Add an interface" from a system's list starts from it
            initial["source"] = int(chosen)
        return initial

    def get_breadcrumbs(self):
        return [
            *super().get_breadcrumbs(),
            (_("Integrations"), self.page_url("integrations")),
            (_("New interface"), None),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("New interface")
        return context

    def perform(self, form):
        data = dict(form.cleaned_data)
        return services.integration_create(
            actor=self.request.user,
            organization=self.organization,
            source=data.pop("source"),
            target=data.pop("target"),
            **data,
        )


class IntegrationObjectMixin(InventoryPagesMixin):
    def get_object(self) -> Integration:
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(
                selectors.integrations_for(self.organization), pk=self.kwargs["pk"]
            )
        return self._object


class IntegrationUpdateView(IntegrationObjectMixin, IntegrationFormMixin, OrgServiceFormView):
    success_message = gettext_lazy("Interface saved.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_object()
        return kwargs

    def get_breadcrumbs(self):
        return [
            *super().get_breadcrumbs(),
            (_("Integrations"), self.page_url("integrations")),
            (str(self.get_object()), None),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Edit interface “%(name)s”") % {"name": self.get_object()}
        context["history_object"] = self.get_object()
        return context

    def perform(self, form):
        return services.integration_update(
            actor=self.request.user,
            integration=self.get_object(),
            expected_version=form.expected_version,
            **form.cleaned_data,
        )


class IntegrationDeleteView(IntegrationObjectMixin, OrgConfirmDeleteView):
    object_label = gettext_lazy("interface")

    def get_success_url(self):
        return self.page_url("integrations")

    def get_breadcrumbs(self):
        return [
            *super().get_breadcrumbs(),
            (_("Integrations"), self.page_url("integrations")),
            (_("Delete"), None),
        ]

    def delete(self, obj):
        services.integration_delete(actor=self.request.user, integration=obj)


class MapView(InventoryPagesMixin, OrgTemplateView):
    template_name = "inventory/map.html"

    def get_breadcrumbs(self):
        return [*super().get_breadcrumbs(), (_("Integrations map"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = MapFilterForm(self.request.GET or None, organization=self.organization)
        category, department = "", None
        if form.is_bound and form.is_valid():
            category = form.cleaned_data["category"]
            if form.cleaned_data["department"]:
                department = form.departments[form.cleaned_data["department"]]
        found = selectors_map.integrations_map(
            self.organization, category=category, department=department
        )
        slug = self.organization.slug
        context.update(
            filter_form=form,
            found=found,
            interface_rows=[
                (
                    i,
                    selectors_map.system_url(slug, i.source_id),
                    selectors_map.system_url(slug, i.target_id),
                )
                for i in found.interfaces
            ],
            drawing=found.drawing,
            legend=selectors_map.legend(),
            method_legend=selectors_map.method_legend(),
            filtered=bool(category or department),
            manual_count=sum(1 for e in found.drawing.edges if e.manual),
        )
        return context


class ImpactView(InventoryPagesMixin, OrgTemplateView):
    template_name = "inventory/map_impact.html"
    help_page = "inventory#what-is-affected-if-a-system-goes"

    def get_system(self) -> System:
        try:
            return selectors.system_for(self.organization, self.kwargs["pk"])
        except System.DoesNotExist:
            raise Http404(_("No such system in this organization.")) from None

    def get_breadcrumbs(self):
        system = self.system
        return [
            *super().get_breadcrumbs(),
            (system.name, selectors_map.system_url(self.organization.slug, system.pk)),
            (_("What is affected"), None),
        ]

    def get(self, request, *args, **kwargs):
        self.system = self.get_system()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = selectors_map.impact(self.system)
        context.update(
            system=self.system,
            impact=report,
            drawing=report.drawing,
            legend=selectors_map.legend(),
            method_legend=selectors_map.method_legend(),
            system_url=selectors_map.system_url(self.organization.slug, self.system.pk),
            manual_count=sum(1 for e in report.drawing.edges if e.manual),
        )
        return context
