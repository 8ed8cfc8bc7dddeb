"""The initiative hub's People tab, four pages under /o/<org>/initiatives/<pk>/people/: the
stakeholders with their power–interest grid, the ADKAR-style ratings, the change-impact
assessment and the change and communications plan. Rows are added, changed and deleted through
the generic item views of ``views_items``; the organization's champions network is
``ChampionsView``."""

from __future__ import annotations

import json

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicshift.core import people as core
from civicshift.initiatives.hub import MODULES
from civicshift.initiatives.views import InitiativeMixin
from civicshift.orgs.roles import Role
from civicshift.plans.selectors import plan_of
from civicshift.web.org_views import OrgTemplateView

from . import selectors
from .forms import (
    ActivityForm,
    AdkarRatingForm,
    ImpactGroupForm,
    ResistanceResponseForm,
    StakeholderForm,
)
from .models import Stance
from .services_plan import tasks_of

#: The People tab's pages: (url name, label), in the order of its menu.
PAGES = (
    ("initiative_people", gettext_lazy("Stakeholders")),
    ("adkar", gettext_lazy("ADKAR ratings")),
    ("impact", gettext_lazy("Change impact")),
    ("comms", gettext_lazy("Change and communications plan")),
)


class PeopleMixin(InitiativeMixin):
    section = "initiatives"
    #: The url name of the People page this view belongs to.
    page = "initiative_people"
    help_page = "people"

    def page_url(self, page: str | None = None) -> str:
        return reverse(
            f"people:{page or self.page}",
            kwargs={"org_slug": self.organization.slug, "pk": self.kwargs["pk"]},
        )

    def page_label(self) -> str:
        return dict(PAGES)[self.page]

    def people_crumbs(self, *tail):
        crumbs = [(_("People"), self.page_url("initiative_people"))]
        if self.page != "initiative_people":
            crumbs.append((self.page_label(), self.page_url()))
        if not tail:
            crumbs[-1] = (crumbs[-1][0], None)
        return self.initiative_crumbs(*crumbs, *tail)

    def get_breadcrumbs(self):
        return self.people_crumbs()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            initiative=self.get_initiative(),
            tab="people",
            modules=MODULES.values(),
            people_pages=[(self.page_url(name), label, name == self.page) for name, label in PAGES],
            page_url=self.page_url(),
        )
        return context


class PeoplePageView(PeopleMixin, OrgTemplateView):
    """A page of the tab, with its add form for editors (``form`` and ``notice`` are passed
    when an htmx submission renders the page again)."""

    form_class = None

    def new_form(self):
        return self.form_class(initiative=self.get_initiative(), initial=self.form_initial())

    def form_initial(self) -> dict:
        return {}

    def get_context_data(self, form=None, notice="", **kwargs):
        context = super().get_context_data(**kwargs)
        if form is None and self.form_class is not None and self.can(Role.EDITOR):
            form = self.new_form()
        context.update(form=form, notice=notice)
        return context


class StakeholdersView(PeoplePageView):
    template_name = "people/stakeholders.html"
    page = "initiative_people"
    help_page = "people#stakeholders-and-the-power-interest-grid"
    form_class = StakeholderForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        grid = selectors.grid_for(self.get_initiative())
        context.update(grid=grid, chart_json=json.dumps(grid.chart()))
        return context


class AdkarView(PeoplePageView):
    template_name = "people/adkar.html"
    page = "adkar"
    help_page = "people#adkar-ratings"
    form_class = AdkarRatingForm

    def form_initial(self):
        from django.utils import timezone

        return {"rated_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative = self.get_initiative()
        summary = selectors.barrier_summary(initiative)
        ratings = list(selectors.ratings_of(initiative).order_by("subject", "-rated_on", "-id"))
        context.update(
            summary=summary,
            ratings=[
                (
                    r,
                    selectors.barrier_words(r),
                    [(v, e == r.barrier) for e, v in r.ratings().items()],
                )
                for r in ratings
            ],
            latest_ids={r.pk for r in summary.latest},
            elements=selectors.elements(),
        )
        return context


class ImpactView(PeoplePageView):
    template_name = "people/impact.html"
    page = "impact"
    help_page = "people#change-impact"
    form_class = ImpactGroupForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        impact = selectors.impact_for(self.get_initiative())
        context.update(
            impact=impact,
            size_label=selectors.size_label(impact.summary.size) if impact.summary.size else "",
            size_labels={size: selectors.size_label(size) for size in core.SIZES},
        )
        return context


class CommsView(PeoplePageView):
    template_name = "people/comms.html"
    page = "comms"
    help_page = "people#the-change-and-communications-plan"
    form_class = ActivityForm

    def get_context_data(self, response_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative = self.get_initiative()
        plan = selectors.comms_plan_for(initiative)
        tasks = tasks_of(plan.activities)
        if response_form is None and self.can(Role.EDITOR):
            response_form = ResistanceResponseForm(initiative=initiative)
        context.update(
            plan=plan,
            activities=[(a, tasks.get(a.pk)) for a in plan.activities],
            response_form=response_form,
            has_plan=plan_of(initiative) is not None,
        )
        return context


class ChampionsView(OrgTemplateView):
    """The organization's champions network: every stakeholder who is a champion of one of its
    initiatives, by department."""

    template_name = "people/champions.html"
    section = "champions"
    help_page = "people#the-champions-network"

    def get_breadcrumbs(self):
        return [(_("Champions network"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = selectors.champions_of(self.organization)
        context.update(
            groups=groups, people=selectors.champions_count(groups), champion=Stance.CHAMPION
        )
        return context


#: Which page each form's submissions come back to (``views_items``).
PAGE_VIEWS = {
    "initiative_people": StakeholdersView,
    "adkar": AdkarView,
    "impact": ImpactView,
    "comms": CommsView,
}
FORMS = {
    "stakeholder": StakeholderForm,
    "rating": AdkarRatingForm,
    "group": ImpactGroupForm,
    "activity": ActivityForm,
    "response": ResistanceResponseForm,
}
