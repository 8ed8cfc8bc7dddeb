"""The one queued task: run a job by id. The job's kind says what it does (``registry``)."""

from __future__ import annotations

from django_tasks import task

from .runner import execute


@task(takes_context=True)
def run_job(context, job_id: int) -> str:
    worker_ids = context.task_result.worker_ids
    return execute(job_id, worker_id=worker_ids[-1] if worker_ids else "")
