"""Saving the alignment statement on the application: the initiative's draft page offers it
(the application's page links to it), and an initiative that does not track the notice or
program yet can start tracking it with the statement in one step. With htmx the form is
swapped in place and the result announced; without JavaScript the save goes to the
application's page. Views are thin: the services write (audited, versioned)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from civicshift.initiatives.models import Initiative
from civicshift.web.forms import add_service_errors
from civicshift.web.org_views import OrgActionView, OrgServiceFormView

from . import services_pipeline as services
from .alignment_forms import alignment_form, alignment_page_url, dom_key
from .forms_pipeline import AlignmentStatementForm
from .views_pipeline import PipelineMixin


class ApplicationAlignmentView(PipelineMixin, OrgServiceFormView):
    """GET: the statement's form on a page of its own (editors); POST: save it."""

    template_name = "funding/application_alignment.html"
    form_class = AlignmentStatementForm
    help_page = "funding#alignment-statement"

    def get_template_names(self):
        if getattr(self.request, "htmx", False):
            return ["funding/alignment_form.html"]
        return [self.template_name]

    def get_breadcrumbs(self):
        application = self.get_application()
        return self.pipeline_crumbs(
            (application.title, self.application_url(application)),
            (_("Alignment statement"), None),
        )

    def get_form_kwargs(self):
        application = self.get_application()
        return {
            **super().get_form_kwargs(),
            "instance": application,
            "auto_id": f"id_%s_{dom_key(application)}",
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.get_application()
        context.update(
            application=application,
            dom_key=dom_key(application),
            draft_url=alignment_page_url(self.organization, application),
        )
        return context

    def perform(self, form):
        return services.application_alignment_save(
            actor=self.request.user,
            application=self.get_application(),
            expected_version=form.expected_version,
            alignment_statement=form.cleaned_data["alignment_statement"],
        )

    def form_valid(self, form):
        if not getattr(self.request, "htmx", False):
            return super().form_valid(form)
        try:
            saved = self.perform(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        self._application = saved
        context = self.get_context_data(form=alignment_form(saved), saved=True)
        return TemplateResponse(self.request, "funding/alignment_form.html", context)

    def get_success_url(self, result=None):
        messages.success(self.request, _("Saved the alignment statement."))
        return self.application_url(result) + "#alignment"


class AlignmentTrackView(PipelineMixin, OrgActionView):
    """From the draft page of an initiative that does not track the notice or program yet:
    start tracking it, with the statement saved on the new application."""

    def post(self, request, *args, **kwargs):
        initiative = get_object_or_404(
            Initiative.objects.for_org(self.organization), pk=kwargs["pk"]
        )
        notice, program = self.posted_target(request)
        query = {"notice": notice.pk} if notice else {"program": program.pk}
        try:
            application = services.application_track_with_alignment(
                actor=request.user,
                initiative=initiative,
                notice=notice,
                program=program,
                alignment_statement=request.POST.get("alignment_statement", ""),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            back = reverse(
                "funding:alignment",
                kwargs={"org_slug": self.organization.slug, "pk": initiative.pk},
            )
            return HttpResponseRedirect(f"{back}?{urlencode(query)}")
        messages.success(
            request,
            _("Now tracking “%s”, with the alignment statement saved on it.") % application.title,
        )
        return HttpResponseRedirect(self.application_url(application) + "#alignment")
