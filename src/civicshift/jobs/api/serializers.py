from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from civicshift.jobs.models import Job, JobStatus


class JobSerializer(serializers.Serializer):
    """A background job: poll ``url`` until ``status`` is done, failed or cancelled."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    label = serializers.CharField()
    status = serializers.ChoiceField(choices=JobStatus.choices)
    progress = serializers.FloatField(help_text="From 0 to 1.")
    progress_text = serializers.CharField(help_text="What it is doing, in one sentence.")
    error = serializers.CharField(help_text="Why it failed, when it did.")
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    url = serializers.CharField(help_text="This job in the API.")
    page = serializers.CharField(help_text="This job's page on the site.")
    download = serializers.CharField(allow_null=True, help_text="Its file, when done.")
    result = serializers.JSONField(allow_null=True, help_text="Its figures, when done.")


def job_summary(job: Job, request) -> dict:
    kwargs = {"org_slug": job.organization.slug, "pk": job.pk}
    done = job.status == JobStatus.DONE
    return {
        "id": job.pk,
        "kind": job.kind,
        "label": job.label,
        "status": job.status,
        "progress": job.progress,
        "progress_text": job.progress_text,
        "error": job.error,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "url": request.build_absolute_uri(reverse("api:job-detail", kwargs=kwargs)),
        "page": request.build_absolute_uri(reverse("jobs:detail", kwargs=kwargs)),
        "download": request.build_absolute_uri(reverse("jobs:download", kwargs=kwargs))
        if done and job.has_file
        else None,
        "result": (job.result or {}).get("data") if done else None,
    }
