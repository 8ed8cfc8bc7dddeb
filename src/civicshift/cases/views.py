"""Business case pages, the 'Business case' tab of an initiative. Views stay thin: writes go
through ``services``, figures come from ``selectors`` (which call the core engine)."""

from __future__ import annotations

import copy
import html

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from civicshift.initiatives.hub import MODULES
from civicshift.initiatives.selectors import initiative_get
from civicshift.jobs.models import Job, JobStatus
from civicshift.jobs.services import RateLimited, job_start
from civicshift.jobs.views import rate_limited_response, started_response
from civicshift.orgs.roles import Role
from civicshift.web.org_views import (
    OrgActionView,
    OrgConfirmDeleteView,
    OrgMixin,
    OrgServiceFormView,
)

from . import services
from .forms import CaseSettingsForm, LineForm, NarrativeForm, OptionForm
from .jobs import INLINE_ITERATIONS, REPRODUCE_RUN, SAVE_RUN, SIMULATION, simulation_from
from .models import CaseLine, CaseRun, LineKind
from .narrative import narrative_guidance
from .results import comparison_context, figures_context
from .runs import compare_run, run_again
from .selectors import (
    case_figures,
    case_for_initiative,
    line_get,
    option_figures,
    option_for_initiative,
    option_get,
    option_lines,
)
from .terms import terms_panel


class CaseMixin(OrgMixin):
    section = "initiatives"
    help_page = "business-case"
    needs_case = True

    @property
    def initiative(self):
        if not hasattr(self, "_initiative"):
            self._initiative = initiative_get(self.organization, self.kwargs["pk"])
        return self._initiative

    @property
    def case(self):
        if not hasattr(self, "_case"):
            self._case = case_for_initiative(self.organization, self.initiative.pk)
            if self._case is None and self.needs_case:
                raise Http404("This initiative has no business case yet.")
            if self._case is not None:
                self._case.organization = self.organization  # the same row, not fetched again
        return self._case

    @property
    def option(self):
        if not hasattr(self, "_option"):
            self._option = option_get(self.case, self.kwargs["option"])
            # The rows fetched already (option_get filters by both), not fetched again.
            self._option.case = self.case
            self._option.organization = self.organization
        return self._option

    def case_url(self, name: str = "detail", **extra) -> str:
        return reverse(
            f"cases:{name}",
            kwargs={"org_slug": self.organization.slug, "pk": self.initiative.pk, **extra},
        )

    def get_breadcrumbs(self):
        crumbs = [
            (_("Initiatives"), reverse("initiatives:list", args=[self.organization.slug])),
            (
                self.initiative.title,
                reverse("initiatives:detail", args=[self.organization.slug, self.initiative.pk]),
            ),
            (_("Business case"), self.case_url()),
        ]
        return crumbs + self.extra_crumbs()

    def extra_crumbs(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            initiative=self.initiative,
            case=self.case,
            tab="business-case",
            modules=MODULES.values(),
        )
        return context


class CaseDetailView(CaseMixin, TemplateView):
    template_name = "cases/detail.html"
    needs_case = False

    def get_breadcrumbs(self):
        crumbs = super().get_breadcrumbs()
        crumbs[-1] = (_("Business case"), None)
        return crumbs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.case is not None:
            figures = case_figures(self.case)
            context["figures"] = figures
            context.update(comparison_context(self.case, figures))
            context["runs"] = self.case.runs.select_related("created_by")[:5]
        return context


class CaseCreateView(CaseMixin, OrgActionView):
    needs_case = False

    def post(self, request, *args, **kwargs):
        try:
            case = services.business_case_create(actor=request.user, initiative=self.initiative)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(self.case_url())
        messages.success(
            request,
            _("Business case started. Add the costs and benefits of the proposed solution."),
        )
        option = case.options.first()
        return redirect(self.case_url("option", option=option.pk))


class CaseFormView(CaseMixin, OrgServiceFormView):
    template_name = "cases/form.html"
    title = ""
    intro = ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.case
        return kwargs

    def perform(self, form):
        fresh = case_for_initiative(self.organization, self.initiative.pk)
        return services.business_case_update(
            actor=self.request.user,
            case=fresh,
            expected_version=form.expected_version,
            **form.cleaned_data,
        )

    def get_success_url(self, result=None):
        return self.case_url()

    def extra_crumbs(self):
        return [(self.title, None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=self.title, intro=self.intro, cancel_url=self.case_url())
        return context


class CaseSettingsView(CaseFormView):
    form_class = CaseSettingsForm
    template_name = "cases/settings.html"
    title = gettext_lazy("Case settings")
    intro = gettext_lazy(
        "The years the comparison covers, the discount rate and whether it is real or "
        "nominal, the figures the case leads with, the optimism bias, the recommendation and "
        "the simulation. The discount rate starts at your organization's policy."
    )
    success_message = gettext_lazy("Settings saved; the figures are recalculated.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context.get("form")
        typed = form.cleaned_data if form is not None and form.is_bound else None
        context["panel"] = terms_panel(self.case, typed)
        return context


class FragmentMixin(CaseMixin):
    """An htmx fragment posted at every keystroke (the live previews): the same checks as every
    page of the case (signed in, a member of the organization in the URL, the role, two-factor
    when the organization requires it, the CSRF token by the middleware), then only what the
    fragment shows. It is rendered from its own context alone: no breadcrumbs, tabs or
    membership list, no context processors (the fragment uses none of them)."""

    http_method_names = ["post"]
    write_role = Role.EDITOR

    @property
    def initiative(self):
        # The case's initiative (fetched with it, same organization): the breadcrumbs and the
        # tabs are not part of the fragment, so its departments, goals and tags are not needed.
        return self.case.initiative

    def render_fragment(self, context: dict) -> HttpResponse:
        context.update(org=self.organization, case=self.case)
        return HttpResponse(render_to_string(self.template_name, context))


class SettingsPreviewView(FragmentMixin, View):
    """htmx: the settings page's notes (Fisher, ranges, warnings) for the values typed so far,
    swapped in out of band; nothing is saved."""

    template_name = "cases/settings_preview.html"

    @property
    def case(self):
        if not hasattr(self, "_case"):
            self._case = case_for_initiative(self.organization, self.kwargs["pk"])
            if self._case is None:
                raise Http404("This initiative has no business case yet.")
            self._case.organization = self.organization
        return self._case

    def post(self, request, *args, **kwargs):
        form = CaseSettingsForm(request.POST, instance=copy.copy(self.case))
        form.is_valid()  # the valid fields are in cleaned_data; the rest keep the saved values
        return self.render_fragment(
            {
                "panel": terms_panel(self.case, form.cleaned_data),
                "parts": ("fisher", "warnings", "citation", "bounds", "outside", "recommendation"),
            }
        )


class NarrativeView(CaseFormView):
    form_class = NarrativeForm
    template_name = "cases/narrative.html"
    title = gettext_lazy("Five Case narrative")
    read_role = Role.VIEWER  # everyone reads it; editors change it
    success_message = gettext_lazy("Narrative saved.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["guidance"] = narrative_guidance(self.case, case_figures(self.case))
        return context


class OptionFormView(CaseMixin, OrgServiceFormView):
    template_name = "cases/form.html"
    form_class = OptionForm

    def get_success_url(self, result=None):
        return self.case_url("option", option=result.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title,
            cancel_url=self.case_url(),
            intro=_(
                "Describe one way to solve the problem. Its costs and benefits "
                "are entered as the difference it makes compared with carrying "
                "on as today (the status quo)."
            ),
        )
        return context


class OptionCreateView(OptionFormView):
    title = gettext_lazy("Add an option")

    def perform(self, form):
        return services.option_create(actor=self.request.user, case=self.case, **form.cleaned_data)

    def extra_crumbs(self):
        return [(self.title, None)]


class OptionUpdateView(OptionFormView):
    title = gettext_lazy("Edit option")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.option
        return kwargs

    def perform(self, form):
        fresh = option_get(self.case, self.option.pk)
        return services.option_update(
            actor=self.request.user,
            option=fresh,
            expected_version=form.expected_version,
            **form.cleaned_data,
        )

    def extra_crumbs(self):
        return [
            (self.option.name, self.case_url("option", option=self.option.pk)),
            (_("Edit"), None),
        ]


class OptionDeleteView(CaseMixin, OrgConfirmDeleteView):
    object_label = gettext_lazy("option")

    def get_object(self):
        return self.option

    def delete(self, obj):
        services.option_delete(actor=self.request.user, option=obj)

    def get_success_url(self):
        return self.case_url()


class OptionDuplicateView(CaseMixin, OrgActionView):
    """Copy the option and its lines as a variant, then open the copy."""

    def post(self, request, *args, **kwargs):
        try:
            variant = services.option_duplicate(actor=request.user, option=self.option)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(self.case_url("option", option=self.option.pk))
        messages.success(
            request,
            _("“%(name)s” created as a copy of “%(source)s”: change what differs.")
            % {"name": variant.name, "source": self.option.name},
        )
        return redirect(self.case_url("option", option=variant.pk))


class OptionDetailView(CaseMixin, TemplateView):
    """One option: its lines, its figures (recalculated as you type in the line form) and the
    uncertainty analysis."""

    template_name = "cases/option.html"
    simulate = False

    def extra_crumbs(self):
        return [(self.option.name, None)]

    def get_template_names(self):
        if self.request.htmx and self.request.htmx.target == "case-results":
            return ["cases/results.html"]
        return [self.template_name]

    def figures(self):
        return option_figures(self.case, self.option, simulate=self.simulate)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = self.figures()
        context.update(
            option=self.option,
            figures=figures,
            line_form=LineForm(option=self.option, initial={"kind": LineKind.COST}),
            **figures_context(self.case, figures),
        )
        return context


class SimulateView(OptionDetailView):
    """The option page with its simulation. Up to ``INLINE_ITERATIONS`` runs it is computed
    here; more run in the background (a job), and the page shows the job's cached result, or
    sends the person to the job's progress page."""

    simulate = True

    def get(self, request, *args, **kwargs):
        if self.case.iterations <= INLINE_ITERATIONS:
            return super().get(request, *args, **kwargs)
        option = self.option
        try:
            job = job_start(
                actor=request.user,
                organization=self.organization,
                kind=SIMULATION,
                inputs={"case": self.case.pk, "option": option.pk},
                label=_("Simulation of “%(option)s” (%(n)s runs), %(initiative)s")
                % {
                    "option": option.name,
                    "n": f"{self.case.iterations:,}",
                    "initiative": self.initiative.title,
                },
            )
        except RateLimited as exc:
            return rate_limited_response(request, exc, self.case_url("option", option=option.pk))
        if job.status != JobStatus.DONE:
            return started_response(request, job)
        self.simulation = simulation_from(job.result["data"]["simulation"])
        return super().get(request, *args, **kwargs)

    def figures(self):
        simulation = getattr(self, "simulation", None)
        if simulation is None:
            return super().figures()
        figures = option_figures(self.case, self.option)
        figures.simulation = simulation
        return figures


#: The core's field names (``CaseError.field``) as the line form's fields.
CORE_FIELDS = {
    "name": "name",
    "kind": "kind",
    "amount": "likely",
    "amount.low": "low",
    "amount.likely": "likely",
    "amount.high": "high",
    "amount.dist": "distribution",
    "periods": "first_period",
    "escalation": "escalation",
    "ramp": "ramp",
}


def live_errors(form: LineForm, figures, index: int | None) -> list[tuple[str, str]]:
    """(field name, message) for every visible field of the line form, the message empty when
    the field is fine: shown beside each field as the person types (the preview swaps them in
    out of band). Fields still empty are left alone (the save says what is missing); a field
    the core refuses for the line being edited (``index`` in the case's lines) gets the core's
    message."""
    messages_by_field: dict[str, str] = {}
    for name, errors in form.errors.items():
        if name in form.fields and form.data.get(name, "") not in ("", None):
            messages_by_field[name] = " ".join(str(e) for e in errors)
    error = figures.error
    if error is not None and index is not None and error.line_index == index:
        core_field = (error.field or "").split("[")[0]
        name = CORE_FIELDS.get(core_field)
        if name:
            messages_by_field.setdefault(name, error.detail[:1].upper() + error.detail[1:] + ".")
    return [(field.name, messages_by_field.get(field.name, "")) for field in form.visible_fields()]


def live_errors_html(errors: list[tuple[str, str]]) -> str:
    """The preview's message beside each field of the line form (``live_errors``), swapped in
    out of band: one span per field, joined here rather than by a template loop (14 fields at
    every keystroke), escaped as the template escaped them
    (``test_live_errors_html_as_a_template_loop_writes_it``)."""
    return mark_safe(  # noqa: S308 - the name and the message are escaped
        "".join(
            f'<span class="usa-error-message cs-live-error" id="live-error-{_escape(name)}" '
            f'data-invalid="{"true" if message else "false"}" hx-swap-oob="outerHTML">'
            f"{_escape(message)}</span>"
            for name, message in errors
        )
    )


def cash_flow_rows_html(rows: list[dict]) -> str:
    """The body of the cash-flow table, as the loop in cases/results.html writes it (the same
    characters: ``test_preview_cash_flow_rows_as_the_template_writes_them``), joined here: the
    live preview's table has one cell per column and fiscal year (168 for 20 years), and one
    template variable per cell was half of its template's time. Plain strings are escaped by
    ``html.escape``, as Django's ``escape`` does it (the same characters) but without its lazy
    wrapper, which checked every one of the 168 cells for a lazy translation."""
    return mark_safe(  # noqa: S308 - every value below is escaped
        "".join(
            f'<tr><th scope="row">FY{_escape(localize(row["year"]))}</th>'
            + "".join(f"<td>{_escape(cell)}</td>" for cell in row["cells"])
            + "</tr>"
            for row in rows
        )
    )


def _escape(value: object) -> str:
    """``conditional_escape`` for the cash-flow cells: a plain string through ``html.escape``
    (Django's ``escape`` is ``html.escape(str(value))``), anything else through Django."""
    if type(value) is str:
        return html.escape(value)
    if isinstance(value, SafeData):
        return value
    return conditional_escape(value)


class LinePreviewView(FragmentMixin, View):
    """htmx: the figures with the line being typed in, before it is saved. It runs on every
    keystroke (after htmx's pause), so it does only what the compact figures need: two queries
    of its own (the option with its case and initiative; the lines, among which the line being
    edited), the form once, the analysis once (no tornado or switching values, which the
    compact figures do not show), and the fragment rendered from its own context."""

    template_name = "cases/results.html"

    @property
    def option(self):
        if not hasattr(self, "_option"):
            self._option = option_for_initiative(
                self.organization, self.kwargs["pk"], self.kwargs["option"]
            )
        return self._option

    @property
    def case(self):
        return self.option.case

    def post(self, request, *args, **kwargs):
        option = self.option
        lines = option_lines(option)
        line_pk = request.POST.get("line_pk")
        editing = None
        if line_pk and line_pk.isdigit():
            # The option's own line (the organization's lines of this option, as line_get), or
            # 404; left out of the figures and replaced by the line as typed.
            editing = next((line for line in lines if line.pk == int(line_pk)), None)
            if editing is None:
                raise Http404("No such line in this option.")
            lines = [line for line in lines if line is not editing]
        form = LineForm(request.POST, instance=editing or CaseLine(), option=option)
        preview_problem = ""
        valid = form.is_valid()
        if valid:
            lines.append(form.instance)
        else:
            preview_problem = _(
                "The figures below leave out the line being edited until its "
                "fields are complete and valid."
            )
        figures = option_figures(self.case, option, lines, sensitivity=False, compact=True)
        context = figures_context(self.case, figures, compact=True)
        context.update(
            option=option,
            figures=figures,
            live_errors_html=live_errors_html(
                live_errors(form, figures, len(lines) - 1 if valid else None)
            ),
            preview_problem=preview_problem,
            preview=True,
            compact=True,
            rows_html=cash_flow_rows_html(context["rows"]),
        )
        return self.render_fragment(context)


class LineFormView(CaseMixin, OrgServiceFormView):
    template_name = "cases/line_form.html"
    form_class = LineForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["option"] = self.option
        return kwargs

    def get_success_url(self, result=None):
        return self.case_url("option", option=self.option.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = option_figures(self.case, self.option)
        context.update(
            option=self.option,
            title=self.title,
            cancel_url=self.get_success_url(),
            figures=figures,
            compact=True,
            **figures_context(self.case, figures, compact=True),
        )
        return context


class LineCreateView(LineFormView):
    title = gettext_lazy("Add a cost or benefit")
    success_message = gettext_lazy("Line added.")

    def perform(self, form):
        return services.line_create(
            actor=self.request.user, option=self.option, **form.service_fields()
        )

    def extra_crumbs(self):
        return [(self.option.name, self.get_success_url()), (self.title, None)]


class LineUpdateView(LineFormView):
    title = gettext_lazy("Edit line")
    success_message = gettext_lazy("Line saved.")

    @property
    def line(self):
        return line_get(self.option, self.kwargs["line"])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.line
        return kwargs

    def perform(self, form):
        return services.line_update(
            actor=self.request.user,
            line=self.line,
            expected_version=form.expected_version,
            **form.service_fields(),
        )

    def extra_crumbs(self):
        return [(self.option.name, self.get_success_url()), (_("Edit line"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["line_pk"] = self.kwargs["line"]
        return context


class LineDeleteView(CaseMixin, OrgConfirmDeleteView):
    object_label = gettext_lazy("line")

    def get_object(self):
        return line_get(self.option, self.kwargs["line"])

    def delete(self, obj):
        services.line_delete(actor=self.request.user, line=obj)

    def get_success_url(self):
        return self.case_url("option", option=self.option.pk)


class RunListView(CaseMixin, TemplateView):
    template_name = "cases/runs.html"

    def extra_crumbs(self):
        return [(_("Saved analyses"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["runs"] = self.case.runs.select_related("created_by")
        return context


class RunMixin(CaseMixin):
    @property
    def run(self):
        if not hasattr(self, "_run"):
            self._run = get_object_or_404(
                CaseRun.objects.for_org(self.organization)
                .filter(case=self.case)
                .select_related("created_by"),
                pk=self.kwargs["run"],
            )
        return self._run


class RunDetailView(RunMixin, TemplateView):
    """A saved analysis beside today's figures: what changed, and a button to run it again
    from its saved inputs."""

    template_name = "cases/run_detail.html"

    def extra_crumbs(self):
        return [(_("Saved analyses"), self.case_url("runs")), (str(self.run), None)]

    def reproduction(self):
        job_pk = self.request.GET.get("job", "")
        if not job_pk.isdigit():
            return None
        job = (
            Job.objects.for_org(self.organization)
            .filter(pk=int(job_pk), kind=REPRODUCE_RUN, status=JobStatus.DONE)
            .first()
        )
        if job is None or (job.result or {}).get("data", {}).get("run") != self.run.pk:
            return None
        return job.result["data"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            run=self.run, comparison=compare_run(self.run), reproduction=self.reproduction()
        )
        return context


class RunReproduceView(RunMixin, OrgActionView):
    """Run a saved analysis again from its saved inputs, seed and iterations (a job)."""

    write_role = Role.VIEWER  # it changes nothing

    def post(self, request, *args, **kwargs):
        run = self.run
        back = self.case_url("run", run=run.pk)
        try:
            job = run_again(actor=request.user, run=run)
        except RateLimited as exc:
            return rate_limited_response(request, exc, back)
        return started_response(
            request,
            job,
            done_url=f"{back}?job={job.pk}",
            done_message=_("The saved analysis was computed again from its inputs."),
        )


class RunSaveView(CaseMixin, OrgActionView):
    write_role = Role.EDITOR

    def post(self, request, *args, **kwargs):
        label = request.POST.get("label", "").strip()
        try:
            job = job_start(
                actor=request.user,
                organization=self.organization,
                kind=SAVE_RUN,
                inputs={"case": self.case.pk, "label": label},
                label=_("Saved analysis of %(initiative)s") % {"initiative": self.initiative.title},
            )
        except RateLimited as exc:
            return rate_limited_response(request, exc, self.case_url("runs"))
        return started_response(
            request,
            job,
            done_url=self.case_url("runs"),
            done_message=_("Analysis saved with its inputs, seed and version."),
        )
