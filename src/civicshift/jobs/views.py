"""A job's page (progress, cancel, result), its file, and the person's recent work.

The page refreshes itself: htmx asks for the status part every second while the job is not
finished (and stops when it is); without JavaScript a ``<meta http-equiv="refresh">`` reloads
the page. Only the person who started a job, or an administrator, sees it (403 otherwise; 404
from another organization).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views import View
from django_htmx.http import HttpResponseClientRedirect

from civicshift.orgs.roles import Role
from civicshift.web.org_views import OrgActionView, OrgMixin, OrgTemplateView

from . import selectors, services
from .models import Job, JobStatus
from .registry import registered_kinds


def job_url(job: Job) -> str:
    return reverse("jobs:detail", kwargs={"org_slug": job.organization.slug, "pk": job.pk})


def file_response(job: Job) -> HttpResponse:
    """The job's file as a download (private: council drafts are not cached anywhere)."""
    response = HttpResponse(selectors.job_file(job), content_type=job.result_content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.result_filename}"'
    patch_cache_control(response, private=True, no_store=True)
    return response


def started_response(
    request, job: Job, *, download: bool = False, done_url: str = "", done_message: str = ""
) -> HttpResponse:
    """What a page that started ``job`` answers. When the job is already done (a cached
    result, or a queue that runs at once): its file if ``download``, else ``done_url`` with
    ``done_message``. Otherwise the job's page, which shows progress and then the result (an
    htmx request is told to go there)."""
    if job.status == JobStatus.DONE:
        if download and job.has_file:
            return file_response(job)
        if done_url:
            if done_message:
                messages.success(request, done_message)
            return redirect(done_url)
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(job_url(job))
    return redirect(job_url(job))


def rate_limited_response(request, exc: Exception, back_url: str) -> HttpResponse:
    """The refusal of a per-user limit: what to do, and the way back (status 429)."""
    response = render(
        request,
        "jobs/rate_limited.html",
        {"message": str(exc), "back_url": back_url, "org": request.org},
        status=429,
    )
    response["Retry-After"] = "60"
    return response


class JobMixin(OrgMixin):
    section = "jobs"
    # Anyone in the organization may reach the page; the selector lets only the job's own
    # person or an administrator through.
    write_role = Role.VIEWER

    @property
    def job(self) -> Job:
        if not hasattr(self, "_job"):
            self._job = selectors.job_for(self.organization, self.request.user, self.kwargs["pk"])
        return self._job


class JobListView(OrgTemplateView):
    template_name = "jobs/list.html"
    section = "jobs"

    def get_breadcrumbs(self):
        return [(_("My recent work"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["jobs"] = selectors.recent_jobs(self.organization, self.request.user)
        return context


class JobDetailView(JobMixin, OrgTemplateView):
    template_name = "jobs/detail.html"

    def get_template_names(self):
        if self.request.htmx:
            return ["jobs/_status.html"]
        return [self.template_name]

    def get_breadcrumbs(self):
        return [
            (_("My recent work"), reverse("jobs:list", args=[self.organization.slug])),
            (str(self.job), None),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.job
        # A kind no longer installed still shows its job (status, error), without a result.
        kind = registered_kinds().get(job.kind)
        context.update(
            job=job,
            kind=kind,
            result=(job.result or {}).get("data") if job.status == JobStatus.DONE else None,
            result_url=(job.result or {}).get("url", "") if job.status == JobStatus.DONE else "",
            status_url=job_url(job),
        )
        return context


class JobCancelView(JobMixin, OrgActionView):
    def post(self, request, *args, **kwargs):
        job = services.job_cancel(actor=request.user, job=self.job)
        if job.status == JobStatus.CANCELLED:
            messages.success(request, _("Cancelled."))
        elif job.cancel_requested:
            messages.info(request, _("Cancelling: the work stops at its next step."))
        return redirect(job_url(job))


class JobRetryView(JobMixin, OrgActionView):
    def post(self, request, *args, **kwargs):
        try:
            job = services.job_retry(actor=request.user, job=self.job)
        except services.RateLimited as exc:
            messages.error(request, str(exc))
            return redirect(job_url(self.job))
        return redirect(job_url(job))


class JobDownloadView(JobMixin, View):
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        job = self.job
        if job.status != JobStatus.DONE or not job.has_file:
            messages.info(request, _("The file is not ready yet."))
            return redirect(job_url(job))
        return file_response(job)
