"""The training plan's cost and backfill hours as business-case lines, and its sessions as plan
tasks: each a page that shows what would be added, then adds it (``services_case``)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from civicshift.web.forms import Form, add_service_errors
from civicshift.web.org_views import OrgTemplateView

from . import selectors, services_case
from .forms import TrainingLinesForm
from .views_training import TrainingMixin

DEFAULT_RATE = Decimal("45")


def training_cost_sources(option) -> list[tuple[str, str]]:
    """One link on the option page when the initiative's training plan has courses."""
    initiative = option.case.initiative
    if not selectors.courses_of(initiative).exists():
        return []
    url = reverse(
        "skills:case_lines", kwargs={"org_slug": option.organization.slug, "pk": initiative.pk}
    )
    return [(_("Add the training plan's cost and backfill"), f"{url}?option={option.pk}")]


class TrainingLinesView(TrainingMixin, OrgTemplateView):
    """GET: the lines that would be added; POST with ``add``: add them (without: show them
    again for the changed option or rate)."""

    template_name = "skills/case_lines.html"
    read_role = "editor"
    help_page = "skills#into-the-business-case"

    def get_breadcrumbs(self):
        return self.training_crumbs((_("Add to the business case"), None))

    def case(self):
        case = getattr(self.get_initiative(), "business_case", None)
        if case is None:
            raise Http404(_("Start the business case first."))
        return case

    def build_form(self, data=None):
        case = self.case()
        options = case.options.all()
        wanted = self.request.GET.get("option")
        initial = options.filter(pk=wanted).first() if wanted and wanted.isdigit() else None
        initial = initial or case.recommended_option or options.first()
        rate = services_case.last_rate(self.get_initiative()) or DEFAULT_RATE
        return TrainingLinesForm(
            data, options=options, initial={"option": initial, "hourly_rate": rate}
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.case()
        form = kwargs.get("form") or self.build_form()
        choice = form.cleaned_data if form.is_bound and form.is_valid() else form.initial
        rate = choice.get("hourly_rate")
        rate = DEFAULT_RATE if rate is None else rate
        proposal = services_case.training_proposal(self.get_initiative(), case, Decimal(rate))
        context.update(
            form=form,
            case=case,
            option=choice.get("option"),
            proposal=proposal,
            rate=rate,
            existing=list(services_case.lines_added(self.get_initiative())),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = self.build_form(request.POST)
        if form.is_valid() and "add" in request.POST:
            option = form.cleaned_data["option"]
            try:
                made = services_case.training_lines_apply(
                    actor=request.user,
                    initiative=self.get_initiative(),
                    option=option,
                    hourly_rate=form.cleaned_data["hourly_rate"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Added %(n)d line to “%(option)s”.",
                        "Added %(n)d lines to “%(option)s”.",
                        len(made),
                    )
                    % {"n": len(made), "option": option.name},
                )
                return HttpResponseRedirect(
                    reverse(
                        "cases:option",
                        kwargs={
                            "org_slug": self.organization.slug,
                            "pk": self.kwargs["pk"],
                            "option": option.pk,
                        },
                    )
                )
        return self.render_to_response(self.get_context_data(form=form))


class SessionTasksView(TrainingMixin, OrgTemplateView):
    """GET: the tasks the sessions would become; POST with ``add``: make or update them."""

    template_name = "skills/plan_tasks.html"
    read_role = "editor"
    help_page = "skills#into-the-plan"

    def get_breadcrumbs(self):
        return self.training_crumbs((_("Add to the plan"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan, proposed = services_case.tasks_proposal(self.get_initiative())
        if plan is None:
            raise Http404(_("This initiative has no plan yet."))
        context.update(
            plan=plan,
            proposed=proposed,
            form=kwargs.get("form") or Form(),
            new_count=sum(1 for p in proposed if p.existing is None),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = Form(request.POST)
        if "add" in request.POST:
            try:
                tasks = services_case.session_tasks_apply(
                    actor=request.user, initiative=self.get_initiative()
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    ngettext(
                        "The plan now has %(n)d training task.",
                        "The plan now has %(n)d training tasks.",
                        len(tasks),
                    )
                    % {"n": len(tasks)},
                )
                return HttpResponseRedirect(
                    reverse(
                        "plans:plan",
                        kwargs={"org_slug": self.organization.slug, "pk": self.kwargs["pk"]},
                    )
                )
        return self.render_to_response(self.get_context_data(form=form))
