"""The initiative hub's "Skills and training" tab: the skills each role needs, who is short of
them (the people × skills heat map), and the managers' ratings entered in place."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from civicshift.initiatives.hub import MODULES
from civicshift.initiatives.views import InitiativeMixin
from civicshift.web.forms import add_service_errors
from civicshift.web.org_views import OrgActionView, OrgTemplateView

from . import selectors, services
from .catalog import levels
from .forms import AssessmentForm, RequirementForm
from .models import AssessmentSource


class SkillsTabMixin(InitiativeMixin):
    section = "initiatives"
    help_page = "skills"

    def tab_url(self, name: str = "initiative") -> str:
        return reverse(
            f"skills:{name}",
            kwargs={"org_slug": self.organization.slug, "pk": self.get_initiative().pk},
        )

    def tab_crumbs(self, *tail):
        return self.initiative_crumbs(
            (_("Skills and training"), self.tab_url() if tail else None), *tail
        )

    def get_person(self):
        return get_object_or_404(
            selectors.people_in_scope(self.get_initiative()), pk=self.kwargs["person"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(initiative=self.get_initiative(), tab="skills", modules=MODULES.values())
        return context


def heat_map_context(initiative) -> dict:
    hm = selectors.heat_map(initiative)
    return {"heat": hm, "summary": hm.summary, "levels": levels()}


class SkillsTabView(SkillsTabMixin, OrgTemplateView):
    template_name = "skills/initiative.html"

    def get_breadcrumbs(self):
        return self.tab_crumbs()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative = self.get_initiative()
        context.update(heat_map_context(initiative))
        context.update(
            requirements=selectors.requirements_of(initiative),
            requirement_form=kwargs.get("requirement_form")
            or RequirementForm(organization=self.organization),
            has_skills=selectors.skills_for(self.organization).exists(),
        )
        return context


class RequirementSetView(SkillsTabMixin, OrgActionView):
    def post(self, request, *args, **kwargs):
        form = RequirementForm(request.POST, organization=self.organization)
        if form.is_valid():
            try:
                services.requirement_set(
                    actor=request.user, initiative=self.get_initiative(), **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(role)s now need level %(level)s in “%(skill)s”.")
                    % {
                        "role": form.cleaned_data["job_role"],
                        "level": form.cleaned_data["level"],
                        "skill": form.cleaned_data["skill"],
                    },
                )
                return HttpResponseRedirect(self.tab_url())
        view = SkillsTabView()
        view.setup(request, *args, **kwargs)
        view.organization, view.membership = self.organization, self.membership
        return view.render_to_response(view.get_context_data(requirement_form=form, form=form))


class RequirementDeleteView(SkillsTabMixin, OrgActionView):
    def post(self, request, *args, **kwargs):
        requirement = get_object_or_404(
            selectors.requirements_of(self.get_initiative()), pk=self.kwargs["requirement"]
        )
        services.requirement_delete(actor=request.user, requirement=requirement)
        messages.success(request, _("Removed “%s”.") % requirement)
        return HttpResponseRedirect(self.tab_url())


class AssessView(SkillsTabMixin, OrgTemplateView):
    """A manager's ratings of one person's required skills. GET: the form (alone for htmx,
    loaded beside the heat map); POST: saved, then the heat map again (htmx) or the tab."""

    template_name = "skills/assess.html"
    read_role = "editor"

    def get_template_names(self):
        if self.request.htmx and self.request.method == "GET":
            return ["skills/assess_form.html"]
        return [self.template_name]

    def get_breadcrumbs(self):
        return self.tab_crumbs((_("Assess %(name)s") % {"name": self.get_person().name}, None))

    def build_form(self, data=None):
        person = self.get_person()
        required = selectors.required_skills_of(self.get_initiative(), person)
        found = selectors.ratings(self.organization, [person])
        current = {
            skill.pk: found.get((person.pk, skill.pk), {}).get(AssessmentSource.MANAGER)
            for skill, _level in required
        }
        return AssessmentForm(data, skills=required, current=current, prefix="assess")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.get_person()
        found = selectors.ratings(self.organization, [person])
        form = kwargs.get("form") or self.build_form()
        context.update(
            person=person,
            form=form,
            inline=bool(self.request.htmx),
            self_levels={
                skill.pk: found.get((person.pk, skill.pk), {}).get(AssessmentSource.SELF)
                for skill, _l in form.skills
            },
            assess_url=reverse(
                "skills:assess",
                kwargs={
                    "org_slug": self.organization.slug,
                    "pk": self.get_initiative().pk,
                    "person": person.pk,
                },
            ),
        )
        return context

    def post(self, request, *args, **kwargs):
        person = self.get_person()
        form = self.build_form(request.POST)
        if form.is_valid():
            try:
                for skill, level in form.levels().items():
                    if level is None:
                        services.assessment_clear(
                            actor=request.user,
                            person=person,
                            skill=skill,
                            source=AssessmentSource.MANAGER,
                        )
                    else:
                        services.assessment_record(
                            actor=request.user,
                            person=person,
                            skill=skill,
                            level=level,
                            source=AssessmentSource.MANAGER,
                        )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                message = _("Saved the ratings of %(name)s.") % {"name": person.name}
                if request.htmx:
                    context = {
                        **heat_map_context(self.get_initiative()),
                        "org": self.organization,
                        "initiative": self.get_initiative(),
                        "can_edit": True,
                        "status_message": message,
                    }
                    return TemplateResponse(request, "skills/heat_map.html", context)
                messages.success(request, message)
                return HttpResponseRedirect(self.tab_url() + "#heat-map")
        if request.htmx:  # the form again, in its panel, with what was wrong
            response = TemplateResponse(
                request, "skills/assess_form.html", self.get_context_data(form=form)
            )
            response["HX-Retarget"] = "#assess-panel"
            response["HX-Reswap"] = "innerHTML"
            return response
        return self.render_to_response(self.get_context_data(form=form))
