"""The systems list, a system's page and form, and the components systems run on."""

from __future__ import annotations

from decimal import Decimal

from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicshift.core.inventory import SupportState
from civicshift.orgs.models import Department
from civicshift.orgs.roles import Role
from civicshift.web.org_views import OrgConfirmDeleteView, OrgServiceFormView, OrgTemplateView

from . import labels, selectors, services, views_eol
from .forms import ComponentForm, SystemForm
from .models import (
    LIFECYCLE_PHASES,
    Category,
    Component,
    Hosting,
    RegulatedData,
    Relation,
    System,
)

PAGE_SIZE = 25

SORT_CHOICES = [
    ("name", gettext_lazy("Name A–Z")),
    ("-cost", gettext_lazy("Highest annual cost first")),
    ("-priority", gettext_lazy("Highest modernisation priority first")),
    ("-support", gettext_lazy("Worst support state first")),
    ("-flags", gettext_lazy("Most open red flags first")),
    ("completeness", gettext_lazy("Least complete first")),
    ("reviewed", gettext_lazy("Least recently reviewed first")),
]


def _int_or_none(value):
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def list_url(organization) -> str:
    return reverse("inventory:list", args=[organization.slug])


def detail_url(system) -> str:
    return reverse("inventory:detail", args=[system.organization.slug, system.pk])


class SystemMixin:
    """A system of the URL's organization (404 for any other)."""

    section = "systems"
    help_page = "inventory"

    def get_system(self) -> System:
        if not hasattr(self, "_system"):
            self._system = get_object_or_404(
                selectors.systems_for(self.organization), pk=self.kwargs["pk"]
            )
        return self._system

    def system_crumbs(self, *tail):
        system = self.get_system()
        crumbs = [(_("Systems"), list_url(self.organization))]
        crumbs.append((system.name, detail_url(system) if tail else None))
        return crumbs + list(tail)


class SystemListView(OrgTemplateView):
    template_name = "inventory/list.html"
    section = "systems"
    help_page = "inventory"

    def get_template_names(self):
        if self.request.htmx and self.request.htmx.target == "system-results":
            return ["inventory/results.html"]
        return [self.template_name]

    def get_breadcrumbs(self):
        return [(_("Systems"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        g = self.request.GET
        support = _int_or_none(g.get("support"))
        filters = selectors.SystemFilters(
            q=g.get("q", "").strip()[:200],
            category=g.get("category", "") if g.get("category") in Category.values else "",
            department=_int_or_none(g.get("department")),
            hosting=g.get("hosting", "") if g.get("hosting") in Hosting.values else "",
            disposition=g.get("disposition", "")
            if g.get("disposition") in (*labels.DISPOSITIONS, "none")
            else "",
            support=support if support in {int(s) for s in SupportState} else None,
            red_flags=g.get("red_flags") == "1",
            sort=g.get("sort", "name") if g.get("sort") in selectors.SORTS else "name",
        )
        found = selectors.system_rows(self.organization, filters)
        page = Paginator(found, PAGE_SIZE).get_page(g.get("page"))
        query = g.copy()
        query.pop("page", None)
        total = sum((r.report.annual_cost for r in found), Decimal(0))
        context.update(
            filters=filters,
            filtered=any(
                (
                    filters.q,
                    filters.category,
                    filters.department,
                    filters.hosting,
                    filters.disposition,
                    filters.support is not None,
                    filters.red_flags,
                )
            ),
            page=page,
            rows=page.object_list,
            total_cost=total,
            total_open_flags=sum(len(r.report.open_flags) for r in found),
            querystring=query.urlencode(),
            categories=Category.choices,
            hostings=Hosting.choices,
            departments=Department.objects.for_org(self.organization),
            dispositions=[(k, v[0]) for k, v in labels.DISPOSITIONS.items()],
            support_states=[(int(k), v) for k, v in labels.SUPPORT_STATES.items()],
            support_labels=labels.SUPPORT_STATES,
            disposition_labels=labels.DISPOSITIONS,
            # The non-zero parts of each annual cost, shown under it.
            cost_parts={
                r.system.pk: [
                    (labels.COST_SHORT[k], v) for k, v in r.report.costs.parts().items() if v
                ]
                for r in page.object_list
            },
            sort_choices=SORT_CHOICES,
        )
        return context


class SystemDetailView(SystemMixin, OrgTemplateView):
    template_name = "inventory/detail.html"

    def get_breadcrumbs(self):
        return self.system_crumbs()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        system = self.get_system()
        row = selectors.row_for(system)
        report = row.report
        assessment = report.assessment
        q = selectors.engine.questionnaire()
        by_key = q.by_key()
        latest = next(iter(row.system.assessments.all()), None)
        today = timezone.localdate()
        flagged = {f.key for f in report.flags}
        context.update(
            eol_panel=views_eol.eol_panel(
                self.organization,
                row.system,
                "system",
                can_edit=self.can(Role.EDITOR),
                next_url=self.request.get_full_path(),
            ),
            system=row.system,
            row=row,
            report=report,
            support_rows=[(None, report.support.own)]
            + list(zip(row.system.components.all(), report.support.components, strict=True)),
            support_labels=labels.SUPPORT_STATES,
            cost_parts=[(labels.COST_LABELS[k], v) for k, v in report.costs.parts().items()],
            disposition=labels.DISPOSITIONS.get(assessment.disposition),
            assessment_parts=[
                (by_key[key], dimension, level, weight, by_key[key].levels[level])
                for key, dimension, level, weight in assessment.parts
            ],
            unanswered=[by_key[k] for k in assessment.unanswered],
            latest_assessment=latest,
            assessments=row.system.assessments.all(),
            priority_parts=[
                (labels.PRIORITY_LABELS[k], v, labels.PRIORITY_PARTS[k])
                for k, v in report.priority.parts.items()
            ],
            lifecycle_parts=[(labels.MILESTONES[p.milestone], p) for p in report.lifecycle.parts],
            lifecycle_help=labels.LIFECYCLE_HELP,
            acceptances=[
                (a, a.until >= today, a.flag in flagged) for a in row.system.acceptances.all()
            ],
            missing=labels.missing_fields(row.completeness),
            open_requests=system.review_requests.filter(completed_at__isnull=True).select_related(
                "requested_of", "requested_by"
            ),
            successors=system.initiative_links.select_related("initiative").order_by(
                "relation", "initiative__title"
            ),
            successor_relations={Relation.REPLACES, Relation.RETIRES},
            is_owner=system.owner_id == self.request.user.pk,
            lifecycle_phase=dict(LIFECYCLE_PHASES).get(system.lifecycle_phase(today)),
            regulated=[RegulatedData(v).label for v in system.regulated_data or ()],
            history_object=system,
        )
        return context


class SystemFormView(OrgServiceFormView):
    template_name = "inventory/system_form.html"
    form_class = SystemForm
    section = "systems"
    help_page = "inventory#recording-your-systems"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["organization"] = self.organization
        return kwargs

    def get_success_url(self, result=None):
        return detail_url(result)


class SystemCreateView(SystemFormView):
    success_message = gettext_lazy("System recorded.")

    @transaction.atomic
    def perform(self, form):
        system = services.system_create(
            actor=self.request.user, organization=self.organization, **form.service_fields()
        )
        if form.operating_system_changed():
            services.system_operating_system_set(
                actor=self.request.user, system=system, name=form.cleaned_data["operating_system"]
            )
        return system

    def get_breadcrumbs(self):
        return [(_("Systems"), list_url(self.organization)), (_("New system"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Record a system"),
            intro=_(
                "Only the name is required now. Every field you add makes the reports more "
                "useful; the system's page says which are missing and why each matters."
            ),
            cancel_url=list_url(self.organization),
        )
        return context


class SystemUpdateView(SystemMixin, SystemFormView):
    success_message = gettext_lazy("Changes saved.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_system()
        return kwargs

    @transaction.atomic
    def perform(self, form):
        fresh = selectors.system_for(self.organization, self.kwargs["pk"])
        system = services.system_update(
            actor=self.request.user,
            system=fresh,
            expected_version=form.expected_version,
            **form.service_fields(),
        )
        if form.operating_system_changed():
            services.system_operating_system_set(
                actor=self.request.user, system=system, name=form.cleaned_data["operating_system"]
            )
        return system

    def get_breadcrumbs(self):
        return self.system_crumbs((_("Edit"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Edit “%(name)s”") % {"name": self.get_system().name},
            cancel_url=detail_url(self.get_system()),
        )
        return context


class SystemDeleteView(SystemMixin, OrgConfirmDeleteView):
    object_label = gettext_lazy("system")

    def get_object(self):
        return self.get_system()

    def delete(self, obj):
        services.system_delete(actor=self.request.user, system=obj)

    def get_success_url(self):
        return list_url(self.organization)

    def get_breadcrumbs(self):
        return self.system_crumbs((_("Delete"), None))


# --- components ------------------------------------------------------------------------------


def component_list_url(organization) -> str:
    return reverse("inventory:component_list", args=[organization.slug])


class ComponentMixin:
    section = "systems"
    help_page = "inventory#recording-your-systems"

    def get_component(self) -> Component:
        if not hasattr(self, "_component"):
            self._component = get_object_or_404(
                selectors.components_for(self.organization), pk=self.kwargs["pk"]
            )
        return self._component

    def component_crumbs(self, *tail):
        crumbs = [
            (_("Systems"), list_url(self.organization)),
            (_("Components"), component_list_url(self.organization)),
        ]
        if "pk" in self.kwargs:
            component = self.get_component()
            url = reverse("inventory:component_detail", args=[self.organization.slug, component.pk])
            crumbs.append((component.name, url if tail else None))
        elif not tail:
            crumbs[-1] = (_("Components"), None)
        return crumbs + list(tail)


class ComponentListView(ComponentMixin, OrgTemplateView):
    template_name = "inventory/component_list.html"

    def get_breadcrumbs(self):
        return self.component_crumbs()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        components = selectors.components_for(self.organization).prefetch_related("systems")
        context.update(
            components=[
                (c, selectors.engine.support_status(selectors.milestones_of(c), today))
                for c in components
            ],
            support_labels=labels.SUPPORT_STATES,
        )
        return context


class ComponentDetailView(ComponentMixin, OrgTemplateView):
    template_name = "inventory/component_detail.html"

    def get_breadcrumbs(self):
        return self.component_crumbs()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        component = self.get_component()
        today = timezone.localdate()
        context.update(
            eol_panel=views_eol.eol_panel(
                self.organization,
                component,
                "component",
                can_edit=self.can(Role.EDITOR),
                next_url=self.request.get_full_path(),
            ),
            component=component,
            support=selectors.engine.support_status(selectors.milestones_of(component), today),
            support_labels=labels.SUPPORT_STATES,
            rows=selectors.systems_of_component(component),
            history_object=component,
        )
        return context


class ComponentFormView(ComponentMixin, OrgServiceFormView):
    template_name = "web/object_form.html"
    form_class = ComponentForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["organization"] = self.organization
        return kwargs

    def get_success_url(self, result=None):
        return reverse("inventory:component_detail", args=[self.organization.slug, result.pk])


class ComponentCreateView(ComponentFormView):
    success_message = gettext_lazy("Component recorded.")

    def get_initial(self):
        initial = super().get_initial()
        system = _int_or_none(self.request.GET.get("system"))
        if system:
            initial["systems"] = list(selectors.systems_for(self.organization).filter(pk=system))
        return initial

    def perform(self, form):
        return services.component_create(
            actor=self.request.user, organization=self.organization, **form.service_fields()
        )

    def get_breadcrumbs(self):
        return self.component_crumbs((_("New component"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Record a component"),
            intro=_(
                "An operating system, database or server platform that systems run on, with "
                "its vendor's support dates. Link the systems that run on it."
            ),
            cancel_url=component_list_url(self.organization),
        )
        return context


class ComponentUpdateView(ComponentFormView):
    success_message = gettext_lazy("Changes saved.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_component()
        return kwargs

    def perform(self, form):
        fresh = get_object_or_404(selectors.components_for(self.organization), pk=self.kwargs["pk"])
        return services.component_update(
            actor=self.request.user,
            component=fresh,
            expected_version=form.expected_version,
            **form.service_fields(),
        )

    def get_breadcrumbs(self):
        return self.component_crumbs((_("Edit"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        component = self.get_component()
        context.update(
            title=_("Edit “%(name)s”") % {"name": component.name},
            cancel_url=reverse(
                "inventory:component_detail", args=[self.organization.slug, component.pk]
            ),
            history_object=component,
        )
        return context


class ComponentDeleteView(ComponentMixin, OrgConfirmDeleteView):
    object_label = gettext_lazy("component")

    def get_object(self):
        return self.get_component()

    def delete(self, obj):
        services.component_delete(actor=self.request.user, component=obj)

    def get_success_url(self):
        return component_list_url(self.organization)

    def get_breadcrumbs(self):
        return self.component_crumbs((_("Delete"), None))
