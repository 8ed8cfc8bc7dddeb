"""The self-assessment page a person opens from their own link, without signing in. It shows
only that person's required skills with the words of each level, says plainly what is stored,
and answers an unknown, malformed or revoked link with the same 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from . import services_links
from .forms import SelfAssessmentForm
from .models import AssessmentSource, RoleRequirement


def required_skills(person) -> list:
    """(skill, highest level needed) over every initiative that requires a skill of the
    person's role."""
    if person.job_role_id is None:
        return []
    best: dict = {}
    for r in (
        RoleRequirement.objects.for_org(person.organization)
        .filter(job_role_id=person.job_role_id)
        .select_related("skill")
    ):
        best[r.skill] = max(best.get(r.skill, 0), r.level)
    return sorted(best.items(), key=lambda kv: (kv[0].category, kv[0].name))


class SelfAssessView(View):
    template_name = "skills/self_assess.html"

    def setup_link(self, key):
        link = services_links.link_for_key(key)
        if link is None:
            raise Http404(_("This link does not work."))
        return link

    def form(self, link, data=None):
        person = link.person
        current = {
            a.skill_id: a.level for a in person.assessments.filter(source=AssessmentSource.SELF)
        }
        return SelfAssessmentForm(
            data, skills=required_skills(person), current=current, prefix="self"
        )

    def respond(self, request, link, form, saved=False):
        response = render(
            request,
            self.template_name,
            {
                "person": link.person,
                "org_name": link.organization.name,
                "form": form,
                "saved": saved,
            },
        )
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "same-origin"  # the key never leaves in a Referer
        return response

    def get(self, request, key):
        link = self.setup_link(key)
        return self.respond(request, link, self.form(link))

    def post(self, request, key):
        link = self.setup_link(key)
        form = self.form(link, request.POST)
        if form.is_valid():
            services_links.self_assessment_submit(link=link, levels=form.levels())
            return self.respond(request, link, self.form(link), saved=True)
        return self.respond(request, link, form)
