"""Sending a change activity to the initiative's plan (``services_plan``): a confirm step that
says what will be added or changed, then one POST. Without JavaScript the confirm step is a
page of its own; with htmx the communications plan loads the same form in place (the form alone
answers an htmx request), and its submission is an ordinary POST."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from civicshift.web.org_views import OrgTemplateView

from . import selectors
from .services_plan import ADD, SAME, UPDATE, activity_send_to_plan, activity_task_proposal
from .views import PeopleMixin


class ActivitySendView(PeopleMixin, OrgTemplateView):
    template_name = "people/send.html"
    read_role = "editor"
    page = "comms"
    help_page = "people#sending-an-activity-to-the-plan"

    def get_activity(self):
        return selectors.item_get(
            selectors.activities_of(self.get_initiative()), self.kwargs["item"]
        )

    def get_template_names(self):
        if self.request.htmx:
            return ["people/send_form.html"]
        return [self.template_name]

    def get_breadcrumbs(self):
        return self.people_crumbs((_("Send to the plan"), None))

    def get_context_data(self, error="", **kwargs):
        context = super().get_context_data(**kwargs)
        activity = self.get_activity()
        proposal = activity_task_proposal(activity)
        context.update(
            activity=activity,
            proposal=proposal,
            error=error,
            send_url=reverse(
                "people:activity_send",
                kwargs={
                    "org_slug": self.organization.slug,
                    "pk": self.kwargs["pk"],
                    "item": activity.pk,
                },
            ),
            ADD=ADD,
            UPDATE=UPDATE,
            SAME=SAME,
        )
        return context

    def post(self, request, *args, **kwargs):
        activity = self.get_activity()
        try:
            task, done = activity_send_to_plan(actor=request.user, activity=activity)
        except ValidationError as exc:
            return self.render_to_response(self.get_context_data(error=" ".join(exc.messages)))
        texts = {
            ADD: _("Added “%(task)s” to the plan, starting no earlier than %(date)s."),
            UPDATE: _("Updated “%(task)s” in the plan."),
            SAME: _("“%(task)s” is already in the plan as it is: nothing was changed."),
        }
        messages.success(
            request, texts[done] % {"task": task.name, "date": activity.date.isoformat()}
        )
        return HttpResponseRedirect(self.page_url() + f"#activity-{activity.pk}")
