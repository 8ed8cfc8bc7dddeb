"""Reading jobs: a person's recent work, and one job for its page."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from .models import Job
from .services import _require_owner_or_admin


def recent_jobs(organization, user, *, limit: int = 50):
    """The user's own jobs in this organization, newest first, without their files."""
    return (
        Job.objects.for_org(organization)
        .filter(user=user)
        .defer("input_content", "result_content", "inputs", "result")
        .order_by("-created_at", "-pk")[:limit]
    )


def job_for(organization, user, pk: int) -> Job:
    """The job ``pk`` of this organization (404 otherwise), if ``user`` started it or is an
    administrator (403 otherwise)."""
    job = get_object_or_404(
        Job.objects.for_org(organization).defer("input_content", "result_content"), pk=pk
    )
    _require_owner_or_admin(user, job)
    return job


def job_file(job: Job) -> bytes:
    content = Job.objects.filter(pk=job.pk).values_list("result_content", flat=True)[0]
    return bytes(content or b"")
