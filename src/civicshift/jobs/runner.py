"""Running one job inside a worker: claim it, report progress, store the result or the error.

Task code receives a :class:`JobContext` and calls ``context.report_progress(fraction,
sentence)`` as it goes; that call also checks whether someone asked to cancel and raises
:class:`Cancelled` if so. A problem the person can fix is raised as :class:`JobFailed` with a
plain-language message; any other exception is logged with its traceback for the operator and
shown as a short, honest sentence.

While a job runs in a worker (``civicshift worker``), a thread refreshes the job's
``heartbeat_at`` every ``CIVICSHIFT_JOB_HEARTBEAT_SECONDS``, so a job whose worker was killed is
recognised by its stale heartbeat and marked failed by the next sweep
(``services.sweep_stale_jobs``) instead of staying "running" forever.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterator

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Job, JobStatus
from .registry import JobOutcome, get_kind

logger = logging.getLogger("civicshift.jobs")


class Cancelled(Exception):  # noqa: N818 - it is not an error: the person asked for it
    """Raised by ``report_progress`` when the job's cancellation was requested."""


class JobFailed(Exception):
    """A failure to show to the person as it is (plain language, no traceback)."""


_heartbeat_thread_enabled = False


def enable_heartbeat_thread() -> None:
    """Called by the worker: jobs it runs get a heartbeat thread (not in the web process,
    where the immediate backend of the tests runs them inside the request)."""
    global _heartbeat_thread_enabled
    _heartbeat_thread_enabled = True


class JobContext:
    """What task code gets: the job, its organization, user and inputs, and progress reports."""

    #: Writes of progress are at most this often (the last one, 100 %, always goes through).
    MIN_INTERVAL = 0.2

    def __init__(self, job: Job):
        self.job = job
        self.organization = job.organization
        self.user = job.user
        self.inputs = job.inputs
        self._last_write = 0.0

    @property
    def input_content(self) -> bytes:
        content = Job.objects.filter(pk=self.job.pk).values_list("input_content", flat=True)[0]
        return bytes(content or b"")

    def report_progress(self, fraction: float, sentence: str = "") -> None:
        """Record how far the work has got (0 to 1) and what it is doing, in one sentence.
        Raises :class:`Cancelled` if someone asked to cancel it."""
        now = time.monotonic()
        if now - self._last_write < self.MIN_INTERVAL and fraction < 1:
            return
        self._last_write = now
        fraction = max(0.0, min(1.0, float(fraction)))

        def write() -> None:
            Job.objects.filter(pk=self.job.pk).update(
                progress=fraction, progress_text=sentence[:300], heartbeat_at=timezone.now()
            )

        _outside_transaction(write)
        self.check_cancelled()

    def check_cancelled(self) -> None:
        if Job.objects.filter(pk=self.job.pk, cancel_requested=True).exists():
            raise Cancelled


def _outside_transaction(write) -> None:
    """Run ``write`` so that others see it now. Work that runs inside one transaction (the
    backup import) would otherwise hold its progress back until it commits. In a worker on
    PostgreSQL, the write goes through a connection of its own (a short thread); on SQLite the
    transaction holds the only write lock, so progress shows at the end there."""
    if not (
        _heartbeat_thread_enabled and connection.in_atomic_block and connection.vendor != "sqlite"
    ):
        write()
        return

    def run() -> None:
        try:
            write()
        finally:
            connection.close()

    thread = threading.Thread(target=run, name="job-progress", daemon=True)
    thread.start()
    thread.join()


@contextlib.contextmanager
def _heartbeat(job_id: int) -> Iterator[None]:
    if not _heartbeat_thread_enabled:
        yield
        return
    stop = threading.Event()
    interval = settings.CIVICSHIFT_JOB_HEARTBEAT_SECONDS

    def beat() -> None:
        try:
            while not stop.wait(interval):
                Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=interval + 5)


def _finish(job_id: int, status: str, **fields) -> None:
    Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        status=status, finished_at=timezone.now(), heartbeat_at=timezone.now(), **fields
    )


def _outcome_fields(outcome: JobOutcome | None) -> dict:
    outcome = outcome or JobOutcome()
    return {
        "result": {"data": outcome.data, "url": outcome.url},
        "result_content": outcome.content,
        "result_filename": outcome.filename,
        "result_content_type": outcome.content_type,
    }


def execute(job_id: int, *, worker_id: str = "") -> str:
    """Run the job ``job_id`` if it is still waiting; return its final status."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        started_at=now,
        heartbeat_at=now,
        worker_id=worker_id[:64],
        progress=0.0,
        progress_text=_("Starting."),
    )
    if not claimed:  # cancelled while waiting, or already run
        return Job.objects.filter(pk=job_id).values_list("status", flat=True).first() or ""
    job = Job.objects.select_related("organization", "user").defer("input_content").get(pk=job_id)
    context = JobContext(job)
    with _heartbeat(job_id):
        try:
            context.check_cancelled()
            kind = get_kind(job.kind)
            if job.cache_key:
                # The inputs as they are now, which the result will show (they may have been
                # edited since the job was asked for).
                from .services import cache_key_for

                key = cache_key_for(kind, job.organization, job.inputs)
                Job.objects.filter(pk=job_id).update(cache_key=key)
            outcome = kind.run(context)
        except Cancelled:
            _finish(job_id, JobStatus.CANCELLED, progress_text=_("Cancelled."))
        except JobFailed as exc:
            _finish(job_id, JobStatus.FAILED, error=str(exc))
        except ValidationError as exc:
            _finish(job_id, JobStatus.FAILED, error=" ".join(exc.messages))
        except Exception as exc:
            logger.exception("Job %s (%s) failed", job_id, job.kind)
            message = _(
                "Something went wrong while doing this (%(problem)s). Try again; if it fails "
                "again, tell your administrator, who will find the details in the worker's log."
            ) % {"problem": type(exc).__name__}
            _finish(job_id, JobStatus.FAILED, error=message)
        else:
            _finish(
                job_id,
                JobStatus.DONE,
                progress=1.0,
                progress_text=_("Done."),
                **_outcome_fields(outcome),
            )
    return Job.objects.filter(pk=job_id).values_list("status", flat=True).first() or ""
