"""A piece of background work someone asked for: its progress, its result or its error.

The queue itself (which worker runs what, and when) is django-tasks' database backend; a
``Job`` is what people see: who started it, in which organization, how far it has got in a
fraction and a sentence, and what came out. See docs/background-work.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicshift.orgs.base import OrgOwnedModel


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for a worker")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)
FINISHED = (JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED)


class Job(OrgOwnedModel):
    #: Empty only for site-wide work (a backup import, which creates its organization inside
    #: its own transaction): such a job is seen by site administrators only, never through an
    #: organization's pages (``for_org`` never matches it).
    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
        null=True,
        blank=True,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who asked for this work."),
    )
    kind = models.CharField(
        max_length=64, help_text=_("What sort of work this is, e.g. a Word document.")
    )
    label = models.CharField(max_length=300, help_text=_("What this work is, in a few words."))
    status = models.CharField(
        max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    progress = models.FloatField(default=0.0, help_text=_("How far it has got, from 0 to 1."))
    progress_text = models.CharField(
        max_length=300, blank=True, help_text=_("What it is doing now, in one sentence.")
    )
    inputs = models.JSONField(default=dict, blank=True, help_text=_("What the work runs on."))
    input_content = models.BinaryField(
        null=True, blank=True, help_text=_("An uploaded file the work reads (an import).")
    )
    input_filename = models.CharField(max_length=255, blank=True)
    result = models.JSONField(null=True, blank=True, help_text=_("Figures the work produced."))
    result_content = models.BinaryField(
        null=True, blank=True, help_text=_("The file the work produced (a document).")
    )
    result_filename = models.CharField(max_length=255, blank=True)
    result_content_type = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True, help_text=_("Why it failed, in plain words."))
    cancel_requested = models.BooleanField(default=False)
    task_result_id = models.CharField(
        max_length=64, blank=True, help_text=_("The queue's id for this work (django-tasks).")
    )
    cache_key = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_("Hash of the inputs, seed and software version: same key, same result."),
    )
    worker_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Last sign of life from the worker running it.")
    )

    #: Jobs are bookkeeping, not the organization's data: backups leave them out.
    backup_exported = False
    audit_exclude = ("created_at", "updated_at", "heartbeat_at", "progress", "progress_text")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [
            models.Index(fields=["organization", "user", "-created_at"], name="job_user_recent"),
            models.Index(fields=["organization", "kind", "cache_key"], name="job_cache"),
            models.Index(fields=["status", "heartbeat_at"], name="job_stale"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def has_file(self) -> bool:
        return bool(self.result_filename)

    @property
    def sentence(self) -> str:
        """What screen readers hear: the status and the job's own sentence, said once when
        the sentence already says it is done ("Done." rather than "Done. Done.")."""
        if self.status == JobStatus.DONE and self.progress_text:
            return self.progress_text
        return f"{self.get_status_display()}. {self.progress_text}".strip()

    @property
    def percent(self) -> int:
        return max(0, min(100, round(self.progress * 100)))
