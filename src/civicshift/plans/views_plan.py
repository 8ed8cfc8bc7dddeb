"""The initiative hub's "Plan" tab: the schedule as a table and a Gantt chart, and the pages
that change it (plan settings, tasks, links, baselines)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic.base import ContextMixin

from civicshift.core.schedule import durations
from civicshift.initiatives.hub import MODULES
from civicshift.initiatives.views import InitiativeMixin
from civicshift.web.forms import add_service_errors
from civicshift.web.org_views import (
    OrgActionView,
    OrgConfirmDeleteView,
    OrgMixin,
    OrgServiceFormView,
    OrgTemplateView,
)

from . import selectors, services
from .forms import (
    BaselineForm,
    LinkForm,
    PlanForm,
    PlanImportForm,
    QuickTaskForm,
    SimulationForm,
    TaskForm,
    TemplateForm,
    units_of,
)
from .gantt import page_of_task, plan_view
from .models import Baseline, PlanTask


def _with_lag_text(plan, links):
    units = units_of(plan)
    links = list(links)
    for link in links:
        if link.lag_percent is not None:
            link.lag_text = f"{link.lag_percent:g} %"
        elif link.lag_minutes:
            link.lag_text = durations.format(
                durations.Duration(link.lag_minutes, unit=link.lag_unit), units
            )
        else:
            link.lag_text = "—"
    return links


class PlanTabMixin(InitiativeMixin):
    section = "initiatives"

    def get_plan(self):
        if not hasattr(self, "_plan"):
            self._plan = selectors.plan_of(self.get_initiative())
        return self._plan

    def require_plan(self):
        plan = self.get_plan()
        if plan is None:
            raise Http404(_("This initiative has no plan yet."))
        return plan

    def tab_url(self) -> str:
        return reverse(
            "plans:plan",
            kwargs={"org_slug": self.organization.slug, "pk": self.get_initiative().pk},
        )

    def task_url(self, task: PlanTask) -> str:
        """The plan page at ``task``'s row, on the page of the table that shows it."""
        page = page_of_task(self.require_plan(), task)
        return self.tab_url() + (f"?page={page}" if page > 1 else "") + f"#task-{task.pk}"

    def plan_crumbs(self, *tail):
        return self.initiative_crumbs((_("Plan"), self.tab_url() if tail else None), *tail)

    def get_task(self) -> PlanTask:
        return get_object_or_404(selectors.tasks_of(self.require_plan()), pk=self.kwargs["task"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            initiative=self.get_initiative(),
            tab="plan",
            modules=MODULES.values(),
            plan=self.get_plan(),
            tab_url=self.tab_url(),
        )
        return context


class PlanView(PlanTabMixin, OrgTemplateView):
    template_name = "plans/plan.html"

    def get_breadcrumbs(self):
        return self.plan_crumbs()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.get_plan()
        if plan is None:
            start = timezone.localdate()
            context["plan_form"] = kwargs.get("plan_form") or PlanForm(
                organization=self.organization,
                initial={"start": f"{start.isoformat()}T08:00"},
            )
            context["import_form"] = PlanImportForm()
            context["template_form"] = kwargs.get("template_form") or TemplateForm(
                initial={"start": f"{start.isoformat()}T08:00"}
            )
            return context
        baselines = list(plan.baselines.all())
        chosen = self.request.GET.get("baseline")
        baseline = next(
            (b for b in baselines if str(b.pk) == chosen), baselines[0] if baselines else None
        )
        now = timezone.localtime().replace(tzinfo=None)
        from .simulation_job import latest_simulation

        page = kwargs.get("page") or self.request.GET.get("page")
        view = plan_view(
            plan, today=now, baseline=baseline, simulated=latest_simulation(plan), page=page
        )
        keep = {"baseline": chosen} if chosen else {}
        context.update(
            view=view,
            page_query=urlencode(keep),
            baselines=baselines,
            baseline=baseline,
            baseline_form=BaselineForm(),
            simulation_form=SimulationForm(),
        )
        return context


class TaskQuickEditView(PlanTabMixin, OrgActionView):
    """One cell of the task table saved in place (htmx: the schedule part of the page comes
    back recomputed; without JavaScript: back to the page)."""

    def post(self, request, *args, **kwargs):
        plan, task = self.require_plan(), self.get_task()
        form = QuickTaskForm(request.POST, plan=plan)
        error = ""
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["after"] is not None:
                    services.task_set_predecessors(
                        actor=request.user, task=task, links=data["after"]
                    )
                if data["duration"] is not None:
                    duration = data["duration"][0]
                    services.task_update(
                        actor=request.user,
                        task=task,
                        expected_version=data["version"],
                        duration_minutes=duration.minutes,
                        duration_unit=duration.unit,
                    )
            except ValidationError as exc:
                error = " ".join(exc.messages)
        else:
            error = " ".join(e for errs in form.errors.values() for e in errs)
        if error:
            error = _("“%(task)s” was not changed: %(why)s") % {"task": task.name, "why": error}
        if not request.htmx:
            (messages.error if error else messages.success)(
                request, error or _("Saved “%s”.") % task.name
            )
            return HttpResponseRedirect(self.task_url(task))
        view = PlanView()
        view.setup(request, *args, **kwargs)
        view.organization, view.membership = self.organization, self.membership
        context = view.get_context_data(quick_error=error, page=request.POST.get("page"))
        if not error and context["view"].schedule:
            finish = context["view"].schedule.project_finish
            context["status_message"] = _("Saved “%(task)s”. The plan now finishes %(date)s.") % {
                "task": task.name,
                "date": date_format(finish, "DATE_FORMAT"),
            }
        return TemplateResponse(request, "plans/plan_schedule.html", context)


class PlanImportView(PlanTabMixin, OrgActionView):
    """Upload a plan file: read and written by a background job, whose page shows progress and
    then leads to the plan."""

    def post(self, request, *args, **kwargs):
        from civicshift.jobs.models import JobStatus
        from civicshift.jobs.services import RateLimited, job_start
        from civicshift.jobs.views import started_response

        from . import jobs

        form = PlanImportForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
            return HttpResponseRedirect(self.tab_url() + "#import")
        if self.get_plan() is not None:
            messages.error(request, _("This initiative already has a plan."))
            return HttpResponseRedirect(self.tab_url())
        upload = form.cleaned_data["file"]
        try:
            job = job_start(
                actor=request.user,
                organization=self.organization,
                kind=jobs.IMPORT,
                inputs={"initiative": self.get_initiative().pk},
                label=_("Import of %(file)s") % {"file": upload.name},
                input_content=form.content,
                input_filename=upload.name,
            )
        except RateLimited as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(self.tab_url())
        done = (job.result or {}).get("url", "") if job.status == JobStatus.DONE else ""
        return started_response(request, job, done_url=done)


class PlanFromTemplateView(PlanTabMixin, OrgActionView):
    def post(self, request, *args, **kwargs):
        from .services_import import plan_from_template

        form = TemplateForm(request.POST)
        if form.is_valid():
            try:
                plan_from_template(
                    actor=request.user,
                    initiative=self.get_initiative(),
                    template_id=form.cleaned_data["template"],
                    start=form.cleaned_data["start"],
                    budget=form.cleaned_data["budget"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The plan is made from the template. Adjust it."))
                return HttpResponseRedirect(self.tab_url())
        view = PlanView()
        view.setup(request, *args, **kwargs)
        view.organization, view.membership = self.organization, self.membership
        return view.render_to_response(view.get_context_data(template_form=form, form=form))


class SimulateView(PlanTabMixin, OrgActionView):
    """Start the schedule-risk simulation (a background job; its page shows the progress and
    then the P50/P80/P90 finishes before and after the risks' responses)."""

    write_role = "viewer"  # it only computes: any member may ask how sure the date is

    def post(self, request, *args, **kwargs):
        from civicshift.jobs.services import RateLimited, job_start
        from civicshift.jobs.views import started_response

        from .simulation_job import SIMULATE

        plan = self.require_plan()
        form = SimulationForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
            return HttpResponseRedirect(self.tab_url() + "#schedule-risk")
        try:
            job = job_start(
                actor=request.user,
                organization=self.organization,
                kind=SIMULATE,
                inputs={"plan": plan.pk, **form.cleaned_data},
                label=_("Schedule risk of %(plan)s") % {"plan": plan.initiative.title},
            )
        except RateLimited as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(self.tab_url())
        return started_response(request, job)  # its page shows the figures


class HealthView(PlanTabMixin, OrgTemplateView):
    """The schedule health check (DCMA 14-point) and, at the status date, earned value."""

    template_name = "plans/health.html"

    def get_breadcrumbs(self):
        return self.plan_crumbs((_("Schedule health"), None))

    def get_context_data(self, **kwargs):
        from civicshift.core.schedule.cpm import schedule
        from civicshift.core.schedule.earned_value import earned_value
        from civicshift.core.schedule.health import health_check
        from civicshift.core.schedule.model import ScheduleError

        context = super().get_context_data(**kwargs)
        plan = self.require_plan()
        baseline = plan.baselines.first()
        project = selectors.project_of(plan, baseline=baseline)
        try:
            result = schedule(project)
        except ScheduleError as exc:
            context["error"] = str(exc)
            return context
        context.update(report=health_check(project, result), baseline=baseline)
        if plan.status_date is not None:
            try:
                context["ev"] = earned_value(project, schedule=result)
            except ValueError as exc:
                context["ev_error"] = str(exc)
        return context


class PlanCreateView(PlanTabMixin, OrgActionView):
    def post(self, request, *args, **kwargs):
        form = PlanForm(request.POST, organization=self.organization)
        if form.is_valid():
            try:
                services.plan_create(
                    actor=request.user, initiative=self.get_initiative(), **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The plan is started. Add its tasks."))
                return HttpResponseRedirect(self.tab_url())
        view = PlanView()
        view.setup(request, *args, **kwargs)
        view.organization, view.membership = self.organization, self.membership
        return view.render_to_response(view.get_context_data(plan_form=form, form=form))


class PlanEditView(PlanTabMixin, OrgServiceFormView):
    template_name = "plans/form.html"
    form_class = PlanForm

    def get_breadcrumbs(self):
        return self.plan_crumbs((_("Plan settings"), None))

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "organization": self.organization,
            "instance": self.require_plan(),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Plan settings"), cancel_url=self.tab_url(), history_object=self.require_plan()
        )
        return context

    def perform(self, form):
        return services.plan_update(
            actor=self.request.user,
            plan=self.require_plan(),
            expected_version=form.expected_version,
            **form.cleaned_data,
        )

    def get_success_url(self, result=None):
        return self.tab_url()


class PlanDeleteView(PlanTabMixin, OrgConfirmDeleteView):
    object_label = _("plan")

    def get_object(self):
        return self.require_plan()

    def delete(self, obj):
        services.plan_delete(actor=self.request.user, plan=obj)

    def get_success_url(self):
        return self.tab_url()


class TaskCreateView(PlanTabMixin, OrgServiceFormView):
    template_name = "plans/form.html"
    form_class = TaskForm

    def get_breadcrumbs(self):
        return self.plan_crumbs((_("New task"), None))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.require_plan()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("New task"), cancel_url=self.tab_url())
        return context

    def perform(self, form):
        return services.task_create(
            actor=self.request.user, plan=self.require_plan(), **form.cleaned_data
        )

    def get_success_url(self, result=None):
        messages.success(self.request, _("Added “%s”.") % result.name)
        return self.task_url(result)


class TaskEditView(PlanTabMixin, OrgServiceFormView):
    template_name = "plans/task_form.html"
    form_class = TaskForm

    def get_breadcrumbs(self):
        return self.plan_crumbs((self.get_task().name, None))

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "plan": self.require_plan(),
            "instance": self.get_task(),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        task = self.get_task()
        plan = self.require_plan()
        context.update(
            title=_("Task “%s”") % task.name,
            task=task,
            cancel_url=self.tab_url(),
            history_object=task,
            incoming=_with_lag_text(plan, selectors.links_of(plan).filter(successor=task)),
            outgoing=_with_lag_text(plan, selectors.links_of(plan).filter(predecessor=task)),
            link_form=kwargs.get("link_form") or LinkForm(plan=plan, initial={"successor": task}),
        )
        return context

    def perform(self, form):
        return services.task_update(
            actor=self.request.user,
            task=self.get_task(),
            expected_version=form.expected_version,
            **form.cleaned_data,
        )

    def get_success_url(self, result=None):
        messages.success(self.request, _("Saved “%s”.") % result.name)
        return self.task_url(result)


class TaskDeleteView(PlanTabMixin, OrgConfirmDeleteView):
    object_label = _("task")

    def get_object(self):
        return self.get_task()

    def delete(self, obj):
        services.task_delete(actor=self.request.user, task=obj)

    def get_success_url(self):
        return self.tab_url()


class LinkCreateView(PlanTabMixin, OrgMixin, ContextMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        plan = self.require_plan()
        form = LinkForm(request.POST, plan=plan)
        if form.is_valid():
            try:
                link = services.link_create(actor=request.user, plan=plan, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Linked: %s.") % link)
                return HttpResponseRedirect(self._back(link.successor_id))
        # Shown again with its errors: on the successor's page when it is known, else alone.
        successor = getattr(form, "cleaned_data", {}).get("successor")
        if successor is None:
            return TemplateResponse(
                request,
                "plans/form.html",
                {
                    **self.get_context_data(),
                    "form": form,
                    "title": _("Add a link"),
                    "cancel_url": self.tab_url(),
                },
            )
        view = TaskEditView()
        view.setup(request, *args, task=successor.pk, **kwargs)
        view.organization, view.membership = self.organization, self.membership
        # ``form`` is the one that failed (the page shows the task's own form as task_form).
        context = view.get_context_data(
            link_form=form, form=form, task_form=TaskForm(plan=plan, instance=successor)
        )
        return view.render_to_response(context)

    def _back(self, task_pk) -> str:
        return reverse(
            "plans:task_edit",
            kwargs={
                "org_slug": self.organization.slug,
                "pk": self.get_initiative().pk,
                "task": task_pk,
            },
        )


class LinkDeleteView(PlanTabMixin, OrgActionView):
    def post(self, request, *args, **kwargs):
        plan = self.require_plan()
        link = get_object_or_404(selectors.links_of(plan), pk=self.kwargs["link"])
        services.link_delete(actor=request.user, link=link)
        messages.success(request, _("Removed the link %s.") % link)
        return HttpResponseRedirect(
            reverse(
                "plans:task_edit",
                kwargs={
                    "org_slug": self.organization.slug,
                    "pk": self.get_initiative().pk,
                    "task": link.successor_id,
                },
            )
        )


class BaselineSaveView(PlanTabMixin, OrgActionView):
    def post(self, request, *args, **kwargs):
        form = BaselineForm(request.POST)
        name = form.cleaned_data["name"] if form.is_valid() else ""
        try:
            baseline = services.baseline_save(
                actor=request.user, plan=self.require_plan(), name=name
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Saved the baseline “%s”.") % baseline.name)
        return HttpResponseRedirect(self.tab_url())


class BaselineDeleteView(PlanTabMixin, OrgActionView):
    def post(self, request, *args, **kwargs):
        baseline = get_object_or_404(
            Baseline.objects.for_org(self.organization).filter(plan=self.require_plan()),
            pk=self.kwargs["baseline"],
        )
        services.baseline_delete(actor=request.user, baseline=baseline)
        messages.success(request, _("Deleted the baseline “%s”.") % baseline.name)
        return HttpResponseRedirect(self.tab_url())
