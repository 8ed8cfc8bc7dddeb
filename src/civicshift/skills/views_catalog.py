"""The organization's skills catalog, job roles and staff (side menu "Skills catalog"), and
each person's page with their ratings and self-assessment link."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from civicshift.web.org_views import (
    OrgActionView,
    OrgObjectCreateView,
    OrgObjectDeleteView,
    OrgObjectListView,
    OrgObjectUpdateView,
    OrgTemplateView,
)

from . import selectors, services, services_links
from .catalog import catalog, levels
from .forms import JobRoleForm, PersonForm, SkillForm
from .models import AssessmentSource, JobRole, Skill, StaffPerson


class SkillViews:
    model = Skill
    section = "skills"
    url_prefix = "skills:skill"
    plural_label = gettext_lazy("Skills catalog")
    form_class = SkillForm
    help_page = "skills#the-skills-catalog"


class SkillListView(SkillViews, OrgObjectListView):
    template_name = "skills/catalog.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            skills=selectors.skills_for(self.organization),
            levels=levels(),
            starter_count=len(catalog().skills),
            catalog_version=catalog().version,
        )
        return context


class SkillCreateView(SkillViews, OrgObjectCreateView):
    def perform(self, form):
        return services.skill_create(
            actor=self.request.user, organization=self.organization, **form.service_fields()
        )


class SkillUpdateView(SkillViews, OrgObjectUpdateView):
    def perform(self, form):
        return services.skill_update(
            actor=self.request.user,
            skill=self.get_object(),
            expected_version=form.expected_version,
            **form.service_fields(),
        )


class SkillDeleteView(SkillViews, OrgObjectDeleteView):
    form_class = None

    def delete(self, obj):
        services.skill_delete(actor=self.request.user, skill=obj)


class StarterLoadView(OrgActionView):
    section = "skills"

    def post(self, request, *args, **kwargs):
        made = services.starter_catalog_load(actor=request.user, organization=self.organization)
        messages.success(
            request,
            ngettext("Added %(n)d starter skill.", "Added %(n)d starter skills.", len(made))
            % {"n": len(made)},
        )
        return HttpResponseRedirect(reverse("skills:skill_list", args=[self.organization.slug]))


class JobRoleViews:
    model = JobRole
    section = "skills"
    url_prefix = "skills:jobrole"
    plural_label = gettext_lazy("Job roles")
    form_class = JobRoleForm
    help_page = "skills#job-roles-and-staff"


class JobRoleListView(JobRoleViews, OrgObjectListView):
    columns = [
        ("name", gettext_lazy("Job role")),
        ("description", gettext_lazy("What they do")),
        ("n_people", gettext_lazy("Staff in the role")),
    ]
    intro = gettext_lazy(
        "Kinds of jobs. An initiative says which skills each role needs, and everyone in the "
        "role is compared with that."
    )
    empty_text = gettext_lazy("No job roles yet.")

    def get_queryset(self):
        return selectors.job_roles_for(self.organization)


class JobRoleCreateView(JobRoleViews, OrgObjectCreateView):
    def perform(self, form):
        return services.job_role_create(
            actor=self.request.user, organization=self.organization, **form.cleaned_data
        )


class JobRoleUpdateView(JobRoleViews, OrgObjectUpdateView):
    def perform(self, form):
        return services.job_role_update(
            actor=self.request.user,
            job_role=self.get_object(),
            expected_version=form.expected_version,
            **form.cleaned_data,
        )


class JobRoleDeleteView(JobRoleViews, OrgObjectDeleteView):
    form_class = None

    def delete(self, obj):
        services.job_role_delete(actor=self.request.user, job_role=obj)


class PersonViews:
    model = StaffPerson
    section = "skills"
    url_prefix = "skills:person"
    plural_label = gettext_lazy("Staff")
    form_class = PersonForm
    help_page = "skills#job-roles-and-staff"

    def url(self, action: str, **kwargs) -> str:
        return reverse(
            f"skills:person_{action}", kwargs={"org_slug": self.organization.slug, **kwargs}
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["organization"] = self.organization
        return kwargs


class PersonListView(PersonViews, OrgObjectListView):
    template_name = "skills/person_list.html"
    columns = [
        ("name", gettext_lazy("Name")),
        ("department", gettext_lazy("Department")),
        ("job_role", gettext_lazy("Job role")),
    ]
    intro = gettext_lazy(
        "The staff whose skills are assessed. They need no CivicShift account: each can rate "
        "their own skills through a link of their own."
    )
    empty_text = gettext_lazy("No staff recorded yet.")

    def get_queryset(self):
        return selectors.people_for(self.organization)


class PersonCreateView(PersonViews, OrgObjectCreateView):
    def perform(self, form):
        return services.person_create(
            actor=self.request.user, organization=self.organization, **form.cleaned_data
        )


class PersonUpdateView(PersonViews, OrgObjectUpdateView):
    def perform(self, form):
        return services.person_update(
            actor=self.request.user,
            person=self.get_object(),
            expected_version=form.expected_version,
            **form.cleaned_data,
        )


class PersonDeleteView(PersonViews, OrgObjectDeleteView):
    form_class = None

    def delete(self, obj):
        services.person_delete(actor=self.request.user, person=obj)


class PersonDetailView(PersonViews, OrgTemplateView):
    template_name = "skills/person_detail.html"

    def get_object(self):
        return get_object_or_404(selectors.people_for(self.organization), pk=self.kwargs["pk"])

    def get_breadcrumbs(self):
        return [(self.plural_label, self.url("list")), (str(self.get_object()), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.get_object()
        rows = {}
        for a in person.assessments.select_related("skill", "assessed_by"):
            rows.setdefault(a.skill, {})[a.source] = a
        context.update(
            person=person,
            ratings=sorted(rows.items(), key=lambda kv: kv[0].name),
            manager=AssessmentSource.MANAGER,
            self_source=AssessmentSource.SELF,
            link=services_links.active_link(person),
            history_object=person,
        )
        return context


class PersonLinkCreateView(PersonViews, OrgActionView):
    """Make (or replace) the person's self-assessment link; the page shows it this once."""

    form_class = None

    def post(self, request, *args, **kwargs):
        person = get_object_or_404(selectors.people_for(self.organization), pk=self.kwargs["pk"])
        _link, key = services_links.self_link_create(actor=request.user, person=person)
        view = PersonDetailView()
        view.setup(request, *args, **kwargs)
        view.organization, view.membership = self.organization, self.membership
        context = view.get_context_data(
            new_url=request.build_absolute_uri(reverse("skills:self_assess", args=[key]))
        )
        response = render(request, view.template_name, context)
        response["Cache-Control"] = "no-store"
        return response


class PersonLinkRevokeView(PersonViews, OrgActionView):
    form_class = None

    def post(self, request, *args, **kwargs):
        person = get_object_or_404(selectors.people_for(self.organization), pk=self.kwargs["pk"])
        if services_links.self_link_revoke(actor=request.user, person=person):
            messages.success(request, _("The self-assessment link no longer works."))
        return HttpResponseRedirect(self.url("detail", pk=person.pk))
