"""The risks' schedule buffer added to the plan as a task before its final milestone
(``services_buffer``): a confirm step that says how many working days and where the task goes,
then one POST. Without JavaScript the confirm step is a page of its own; with htmx the risk
register and the plan tab load the same form in place (the form alone answers an htmx request)
and its submission is an ordinary POST."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicshift.web.forms import Form, RadioSelect, add_service_errors
from civicshift.web.org_views import OrgTemplateView

from . import services_buffer
from .views_plan import PlanTabMixin


class ScheduleBufferForm(Form):
    basis = forms.ChoiceField(
        label=gettext_lazy("How long"),
        choices=list(services_buffer.BASES.items()),
        widget=RadioSelect,
    )


class ScheduleBufferView(PlanTabMixin, OrgTemplateView):
    """GET: what would be added (``?basis=`` to choose the figure); POST with ``add``: add it
    (or update the buffer already there); POST without: show it again for the chosen basis."""

    template_name = "plans/buffer.html"
    read_role = "editor"
    help_page = "plans#the-schedule-buffer-in-the-plan"

    def get_template_names(self):
        if self.request.htmx:
            return ["plans/buffer_form.html"]
        return [self.template_name]

    def get_breadcrumbs(self):
        return self.plan_crumbs((_("Schedule buffer"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.require_plan()
        form = kwargs.get("form")
        if form is None:
            wanted = self.request.GET.get("basis")
            proposal = services_buffer.schedule_buffer_proposal(plan, wanted)
            form = ScheduleBufferForm(initial={"basis": proposal.basis})
        else:
            proposal = services_buffer.schedule_buffer_proposal(plan, form.data.get("basis"))
        context.update(
            form=form,
            proposal=proposal,
            current_days=(
                proposal.existing.duration_minutes / plan.minutes_per_day
                if proposal.existing
                else None
            ),
            buffer_url=reverse(
                "plans:schedule_buffer",
                kwargs={"org_slug": self.organization.slug, "pk": self.kwargs["pk"]},
            ),
            risks_url=reverse(
                "plans:risks", kwargs={"org_slug": self.organization.slug, "pk": self.kwargs["pk"]}
            ),
        )
        return context

    def post(self, request, *args, **kwargs):
        plan = self.require_plan()
        form = ScheduleBufferForm(request.POST)
        if form.is_valid() and "add" in request.POST:
            try:
                buffer = services_buffer.schedule_buffer_apply(
                    actor=request.user, plan=plan, basis=form.cleaned_data["basis"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The plan now holds a schedule contingency buffer of %(days)s working days.")
                    % {"days": buffer.duration_minutes // plan.minutes_per_day},
                )
                return HttpResponseRedirect(self.task_url(buffer))
        return self.render_to_response(self.get_context_data(form=form))
