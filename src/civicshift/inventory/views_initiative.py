"""The initiative hub's "Systems" tab: what the initiative replaces, retires or connects to,
the migration work that follows, and the retired systems' running costs as avoided costs for
the business case (the business case's "add lines from a retired system" entry point)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from civicshift.core import inventory as engine
from civicshift.initiatives.hub import MODULES
from civicshift.initiatives.views import InitiativeMixin
from civicshift.web.forms import add_service_errors
from civicshift.web.org_views import OrgActionView, OrgTemplateView

from . import selectors, services
from .forms_initiative import AvoidedCostsForm, LinkForm
from .models import InitiativeSystem


class SystemsTabMixin(InitiativeMixin):
    section = "initiatives"

    def tab_url(self) -> str:
        return reverse(
            "inventory:initiative_systems",
            kwargs={"org_slug": self.organization.slug, "pk": self.get_initiative().pk},
        )

    def get_link(self) -> InitiativeSystem:
        return get_object_or_404(selectors.links_of(self.get_initiative()), pk=self.kwargs["link"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(initiative=self.get_initiative(), tab="systems", modules=MODULES.values())
        return context


class InitiativeSystemsView(SystemsTabMixin, OrgTemplateView):
    template_name = "inventory/initiative_systems.html"

    def get_breadcrumbs(self):
        return self.initiative_crumbs((_("Systems"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative = self.get_initiative()
        links = list(selectors.links_of(initiative))
        rows = {
            row.system.pk: row
            for row in selectors.rows(
                self.organization,
                queryset=selectors.systems_for(self.organization).filter(
                    pk__in=[link.system_id for link in links]
                ),
            )
        }
        context.update(
            links=[(link, rows[link.system_id]) for link in links],
            link_form=kwargs.get("link_form") or LinkForm(organization=self.organization),
            migration_work=selectors.migration_work(initiative),
            case=getattr(initiative, "business_case", None),
        )
        return context


class LinkCreateView(SystemsTabMixin, OrgActionView):
    def post(self, request, *args, **kwargs):
        form = LinkForm(request.POST, organization=self.organization)
        if form.is_valid():
            try:
                services.initiative_system_link(
                    actor=request.user,
                    initiative=self.get_initiative(),
                    system=form.cleaned_data["system"],
                    relation=form.cleaned_data["relation"],
                    notes=form.cleaned_data["notes"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Linked “%s”.") % form.cleaned_data["system"])
                return HttpResponseRedirect(self.tab_url())
        view = InitiativeSystemsView()
        view.setup(request, *args, **kwargs)
        view.organization, view.membership = self.organization, self.membership
        return view.render_to_response(view.get_context_data(link_form=form, form=form))


class LinkDeleteView(SystemsTabMixin, OrgActionView):
    def post(self, request, *args, **kwargs):
        link = self.get_link()
        services.initiative_system_unlink(actor=request.user, link=link)
        messages.success(request, _("“%s” is no longer linked.") % link.system)
        return HttpResponseRedirect(self.tab_url())


class AvoidedCostsView(SystemsTabMixin, OrgTemplateView):
    """GET: the lines that would be added, with their amounts and years; POST with
    ``add``: add them (``preview``: show them again for the changed choices)."""

    template_name = "inventory/avoided_costs.html"
    read_role = "editor"

    def get_breadcrumbs(self):
        return self.initiative_crumbs((_("Systems"), self.tab_url()), (_("Avoided costs"), None))

    def setup_case(self):
        link = self.get_link()
        if not link.is_successor:
            raise Http404(_("This initiative does not replace or retire this system."))
        case = getattr(self.get_initiative(), "business_case", None)
        return link, case

    def build_form(self, link, case, data=None):
        row = selectors.row_for(link.system)
        parts = [p for p, amount in row.report.costs.parts().items() if amount > 0]
        first = engine.first_period_after(
            link.system.lifecycle_retired,
            case.start_year,
            self.organization.fiscal_year_start_month,
            case.horizon_years,
        )
        options = case.options.all()
        wanted = self.request.GET.get("option")
        initial_option = options.filter(pk=wanted).first() if wanted else None
        initial_option = initial_option or case.recommended_option or options.first()
        form = AvoidedCostsForm(
            data,
            options=options,
            parts=parts,
            horizon=case.horizon_years,
            initial={
                "option": initial_option,
                "parts": parts,
                "first_period": first,
                "last_period": case.horizon_years,
            },
        )
        return form, row

    @staticmethod
    def choice(form):
        if form.is_bound:
            return form.cleaned_data if form.is_valid() else None
        return form.initial

    def proposed(self, form, row, link):
        """The lines of the form's current choices (or of its initial values)."""
        choice = self.choice(form)
        if choice is None:
            return []
        costs = row.report.costs
        lines = engine.avoided_lines(
            link.system.name, costs, choice["first_period"], choice["last_period"]
        )
        return [line for line in lines if line.part in set(choice["parts"])]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        link, case = self.setup_case()
        context.update(link=link, case=case)
        if case is not None:
            form, row = kwargs.get("form_and_row") or self.build_form(link, case)
            lines = self.proposed(form, row, link)
            choice = self.choice(form)
            option = choice["option"] if choice else None
            context.update(
                # Savings already typed into the option: shown so they are not counted twice.
                existing=option.lines.filter(
                    kind="benefit", category__in=set(engine.AVOIDED_CATEGORY.values())
                )
                if option
                else [],
                option=option,
                form=form,
                row=row,
                lines=lines,
                first_fiscal_year=case.start_year,
                fiscal_years={
                    line.part: (
                        case.start_year + line.first_period,
                        case.start_year + line.last_period,
                    )
                    for line in lines
                },
                today=timezone.localdate(),
            )
        return context

    def post(self, request, *args, **kwargs):
        link, case = self.setup_case()
        if case is None:
            raise Http404(_("Start the business case first."))
        form, row = self.build_form(link, case, data=request.POST)
        if "add" in request.POST and form.is_valid():
            lines = self.proposed(form, row, link)
            option = form.cleaned_data["option"]
            try:
                services.avoided_costs_add(
                    actor=request.user, link=link, option=option, lines=lines
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Added %(n)d line to “%(option)s”.",
                        "Added %(n)d lines to “%(option)s”.",
                        len(lines),
                    )
                    % {"n": len(lines), "option": option.name},
                )
                return HttpResponseRedirect(
                    reverse(
                        "cases:option",
                        kwargs={
                            "org_slug": self.organization.slug,
                            "pk": self.get_initiative().pk,
                            "option": option.pk,
                        },
                    )
                )
        return self.render_to_response(self.get_context_data(form_and_row=(form, row)))


def avoided_cost_sources(option) -> list[tuple[str, str]]:
    """The business case's "add lines from a retired system": one link per system the
    option's initiative replaces or retires (registered with ``cases.line_sources``)."""
    initiative = option.case.initiative
    links = [link for link in selectors.links_of(initiative) if link.is_successor]
    return [
        (
            _("Add avoided costs from %(system)s") % {"system": link.system.name},
            reverse(
                "inventory:avoided_costs",
                kwargs={
                    "org_slug": option.organization.slug,
                    "pk": initiative.pk,
                    "link": link.pk,
                },
            )
            + f"?option={option.pk}",
        )
        for link in links
    ]
