"""Import a backup from the web: upload and check, then a preview where the site administrator
confirms, account by account, the people who already exist here and would get a role; then the
import runs in the background (a site-wide job) and its page shows progress, then the link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import UserPassesTestMixin
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from civicshift.jobs.models import Job, JobStatus
from civicshift.jobs.services import job_cancel, job_start
from civicshift.orgs.permissions import is_site_admin

from . import services
from .errors import BackupError
from .forms import ImportUploadForm
from .jobs import IMPORT


class SiteAdminMixin(UserPassesTestMixin):
    def test_func(self):
        return is_site_admin(self.request.user)


class ImportUploadView(SiteAdminMixin, FormView):
    template_name = "backup/import_upload.html"
    form_class = ImportUploadForm

    def form_valid(self, form):
        try:
            pending, _preview = services.pending_import_create(
                actor=self.request.user,
                upload=form.cleaned_data["file"],
                into_slug=form.cleaned_data["into_slug"],
                name=form.cleaned_data["name"],
            )
        except BackupError as exc:
            form.add_error("file", str(exc))
            return self.form_invalid(form)
        return redirect("backup_import:confirm", pending_id=pending.pk)


class ImportConfirmView(SiteAdminMixin, TemplateView):
    template_name = "backup/import_confirm.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.test_func():
            return self.handle_no_permission()
        self.pending = services.pending_import_for(request.user, kwargs["pending_id"])
        if self.pending is None:
            raise Http404(_("This upload is no longer waiting for confirmation."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pending"] = self.pending
        context["preview"] = kwargs.get("preview") or services.pending_import_preview(self.pending)
        return context

    def post(self, request, *args, **kwargs):
        if "cancel" in request.POST:
            services.pending_import_cancel(pending=self.pending)
            messages.info(request, _("The import was cancelled; nothing was written."))
            return redirect("backup_import:upload")
        confirm = request.POST.getlist("confirm")
        job = job_start(
            actor=request.user,
            organization=None,
            kind=IMPORT,
            inputs={"pending": str(self.pending.pk), "confirm": confirm},
            label=_("Import of %(file)s into %(slug)s")
            % {"file": self.pending.file_name, "slug": self.pending.into_slug},
        )
        if job.status == JobStatus.DONE:  # a queue that runs at once (tests, small sites)
            data = job.result["data"]
            messages.success(request, data["message"])
            return redirect("orgs:dashboard", org_slug=data["slug"])
        if job.status == JobStatus.FAILED:
            context = self.get_context_data(error=job.error)
            return self.render_to_response(context)
        return redirect("backup_import:job", pk=job.pk)


class ImportJobMixin(SiteAdminMixin):
    def dispatch(self, request, *args, **kwargs):
        if not self.test_func():
            return self.handle_no_permission()
        job = Job.objects.filter(pk=kwargs["pk"], organization=None, kind=IMPORT).first()
        if job is None or job.user_id != request.user.pk:
            raise Http404(_("No such import."))
        self.job = job
        return super().dispatch(request, *args, **kwargs)


class ImportJobView(ImportJobMixin, TemplateView):
    """The import's progress, then a link to the new organization (or why it failed)."""

    def get_template_names(self):
        if self.request.htmx:
            return ["backup/_import_job_status.html"]
        return ["backup/import_job.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.job
        done = job.status == JobStatus.DONE
        context.update(
            job=job,
            result=(job.result or {}).get("data") if done else None,
            result_url=(job.result or {}).get("url", "") if done else "",
            status_url=reverse("backup_import:job", args=[job.pk]),
        )
        return context


class ImportJobCancelView(ImportJobMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        job = job_cancel(actor=request.user, job=self.job)
        if job.status == JobStatus.CANCELLED:
            messages.success(request, _("Cancelled; nothing was written."))
        elif job.cancel_requested:
            messages.info(request, _("Cancelling: everything written so far is undone."))
        return redirect("backup_import:job", pk=job.pk)
