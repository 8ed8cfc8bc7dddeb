"""Starting, cancelling and sweeping jobs. Views and task code call these, never the queue.

* ``job_start(*, actor, organization, kind, inputs, label, ...)`` — a cached result when the
  same inputs, seed and version were computed before; otherwise a new job, queued in the same
  transaction (so a worker never sees a task whose job is not saved yet). Analyses and
  documents are limited per user (``RateLimited``).
* ``job_cancel(*, actor, job)`` — a waiting job is cancelled at once; a running one at its next
  progress report.
* ``job_retry(*, actor, job)`` — the same work again, as a new job.
* ``sweep_stale_jobs()`` — run by every worker at start and periodically: a running job whose
  heartbeat stopped (its worker was killed) is marked failed with a clear message.
* ``prune_old_jobs()`` — finished jobs older than ``CIVICSHIFT_JOB_KEEP_DAYS`` are removed.

Jobs are bookkeeping, not the organization's data: they are not in the audit trail (the work
they do is, through the services it calls) nor in backups.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

import civicshift
from civicshift.core.jsonvalues import to_jsonable
from civicshift.orgs.permissions import is_site_admin, require_member, require_role
from civicshift.orgs.roles import Role, role_at_least

from .models import ACTIVE, Job, JobStatus
from .registry import JobKind, get_kind, registered_kinds
from .runner import execute

#: What a job whose worker disappeared says (the sweep writes it, translated).
STALE_MESSAGE = gettext_noop("The worker stopped while running this; start it again.")


class RateLimited(Exception):  # noqa: N818 - a refusal shown to the person, not a bug
    """Too many analyses or documents asked for at once; the message says what to do."""


def _canonical(value) -> bytes:
    return json.dumps(
        to_jsonable(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def cache_key_for(kind: JobKind, organization, inputs: dict) -> str:
    """Hash of what the result depends on: the kind's fingerprint of the inputs (which carries
    the seed), the kind's version and the software version. Empty when not cacheable."""
    fingerprint = kind.fingerprint(organization, inputs) if kind.fingerprint else None
    if fingerprint is None:  # not cacheable (or not for these inputs: work that writes)
        return ""
    payload = {
        "kind": kind.key,
        "kind_version": kind.version,
        "software": civicshift.__version__,
        "organization": organization.pk,
        "fingerprint": fingerprint,
    }
    return hashlib.sha256(_canonical(payload)).hexdigest()


def _check_rate_limit(actor) -> None:
    limited = [key for key, kind in registered_kinds().items() if kind.rate_limited]
    mine = Job.objects.filter(user=actor, kind__in=limited)
    active = mine.filter(status__in=ACTIVE).count()
    most = settings.CIVICSHIFT_JOBS_MAX_ACTIVE_PER_USER
    if active >= most:
        raise RateLimited(
            ngettext(
                "You already have %(n)d analysis or document being prepared. Wait until it is "
                "done (see “My recent work”), then ask again.",
                "You already have %(n)d analyses or documents being prepared. Wait until one "
                "is done (see “My recent work”), then ask again.",
                active,
            )
            % {"n": active}
        )
    per_minute = settings.CIVICSHIFT_JOBS_PER_MINUTE
    since = timezone.now() - dt.timedelta(minutes=1)
    if mine.filter(created_at__gte=since).count() >= per_minute:
        raise RateLimited(
            _(
                "You asked for %(n)d analyses or documents in the last minute, the most one "
                "person may. Wait a minute, then ask again."
            )
            % {"n": per_minute}
        )


def _copy_for(actor, cached: Job) -> Job:
    """A finished job of someone else with the same key: the same result, under the actor's
    name (so their own job page shows it), without computing it again."""
    now = timezone.now()
    return Job.objects.create(
        organization=cached.organization,
        user=actor,
        kind=cached.kind,
        label=cached.label,
        status=JobStatus.DONE,
        progress=1.0,
        progress_text=_("Done (the same figures had already been computed)."),
        inputs=cached.inputs,
        result=cached.result,
        result_content=cached.result_content,
        result_filename=cached.result_filename,
        result_content_type=cached.result_content_type,
        cache_key=cached.cache_key,
        started_at=now,
        finished_at=now,
    )


def job_start(
    *,
    actor,
    organization,
    kind: str,
    inputs: dict,
    label: str,
    input_content: bytes | None = None,
    input_filename: str = "",
    inline: bool = False,
) -> Job:
    """Queue ``kind`` on ``inputs`` for ``actor``, or give back the cached result.

    Returns the job: finished already when the result was cached (or when the queue runs
    tasks at once, as in the tests), else waiting for a worker. ``inline`` runs it here and
    now instead (small work that is still recorded, counted by the limits and cached)."""
    job_kind = get_kind(kind)
    if job_kind.site_wide:
        if organization is not None or not is_site_admin(actor):
            raise PermissionDenied(_("Only a site administrator can start this."))
    else:
        require_role(actor, organization, job_kind.role)
    inputs = to_jsonable(inputs)
    key = cache_key_for(job_kind, organization, inputs)
    if key:
        same = Job.objects.for_org(organization).filter(kind=kind, cache_key=key)
        cached = same.filter(status=JobStatus.DONE).order_by("-finished_at", "-pk").first()
        if cached is not None:
            return cached if cached.user_id == actor.pk else _copy_for(actor, cached)
        pending = same.filter(status__in=ACTIVE, user=actor).first()
        if pending is not None:  # asked twice before it finished: the same job
            return pending
    if job_kind.rate_limited:
        _check_rate_limit(actor)
    from .tasks import run_job

    fields = {
        "organization": organization,
        "user": actor,
        "kind": kind,
        "label": str(label)[:300],
        "inputs": inputs,
        "input_content": input_content,
        "input_filename": input_filename[:255],
        "cache_key": key,
    }
    if inline:
        job = Job.objects.create(**fields)
        execute(job.pk, worker_id="inline")
        job.refresh_from_db()
        return job
    with transaction.atomic():
        job = Job.objects.create(**fields, progress_text=_("Waiting for a worker to start it."))
        task_result = run_job.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_result_id=str(task_result.id))
    job.refresh_from_db()
    return job


def _require_owner_or_admin(actor, job: Job) -> None:
    if job.organization_id is None:  # site-wide work: its own site administrator only
        if job.user_id != actor.pk or not is_site_admin(actor):
            raise PermissionDenied(
                _("Only the site administrator who started this can see or change it.")
            )
        return
    membership = require_member(actor, job.organization)
    if job.user_id != actor.pk and not role_at_least(membership.role, Role.ADMIN):
        raise PermissionDenied(
            _("Only the person who started this, or an administrator, can see or change it.")
        )


def job_cancel(*, actor, job: Job) -> Job:
    _require_owner_or_admin(actor, job)
    now = timezone.now()
    waiting = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.CANCELLED,
        cancel_requested=True,
        finished_at=now,
        progress_text=_("Cancelled before it started."),
    )
    if not waiting:
        Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            cancel_requested=True, progress_text=_("Cancelling…")
        )
    job.refresh_from_db()
    return job


def job_retry(*, actor, job: Job) -> Job:
    """The same work again, as a new job of the actor's."""
    _require_owner_or_admin(actor, job)
    content = Job.objects.filter(pk=job.pk).values_list("input_content", flat=True)[0]
    return job_start(
        actor=actor,
        organization=job.organization,
        kind=job.kind,
        inputs=job.inputs,
        label=job.label,
        input_content=bytes(content) if content is not None else None,
        input_filename=job.input_filename,
    )


def sweep_stale_jobs(*, now: dt.datetime | None = None) -> int:
    """Mark failed every running job whose worker stopped sending heartbeats, and its queue
    entry too. Returns how many. Run by each worker at start and every few seconds."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.CIVICSHIFT_JOB_STALE_SECONDS)
    stale = list(
        Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=cutoff).values_list(
            "pk", "task_result_id"
        )
    )
    count = 0
    for pk, task_result_id in stale:
        count += Job.objects.filter(
            pk=pk, status=JobStatus.RUNNING, heartbeat_at__lt=cutoff
        ).update(
            status=JobStatus.FAILED,
            finished_at=now,
            error=_(STALE_MESSAGE),
            progress_text=_("Stopped."),
        )
        if task_result_id:
            DBTaskResult.objects.filter(id=task_result_id, status="RUNNING").update(
                status="FAILED",
                finished_at=now,
                exception_class_path="civicshift.jobs.services.WorkerStopped",
                traceback=STALE_MESSAGE,
            )
    return count


def prune_old_jobs(*, now: dt.datetime | None = None) -> int:
    """Remove finished jobs (and their files) older than ``CIVICSHIFT_JOB_KEEP_DAYS``."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.CIVICSHIFT_JOB_KEEP_DAYS)
    old = Job.objects.exclude(status__in=ACTIVE).filter(created_at__lt=cutoff)
    deleted, _rows = old.delete()
    return deleted
