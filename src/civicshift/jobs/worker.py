"""``civicshift worker``: django-tasks' database worker, with the jobs' housekeeping.

Each worker process takes one task at a time; tasks are claimed with ``SELECT … FOR UPDATE SKIP
LOCKED`` on PostgreSQL (an exclusive transaction on SQLite), so any number of workers, on any
machines that share the database, each take different tasks. Beside the library's loop a
housekeeping thread sweeps stale jobs (``services.sweep_stale_jobs``) at start and every
``CIVICSHIFT_JOB_SWEEP_SECONDS``, and the running job gets a heartbeat thread (``runner``).
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import connection
from django.utils.crypto import get_random_string

from . import runner
from .services import prune_old_jobs, sweep_stale_jobs

logger = logging.getLogger("civicshift.jobs")


def _library_worker(**options):
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(
        queue_names=options.get("queue_names", ["default"]),
        interval=options.get("interval", 1.0),
        batch=options.get("batch", False),
        backend_name="default",
        startup_delay=options.get("startup_delay", True),
        max_tasks=options.get("max_tasks"),
        worker_id=options.get("worker_id") or get_random_string(32),
        excluded_queue_names=[],
    )


def housekeeping() -> None:
    stale = sweep_stale_jobs()
    if stale:
        logger.warning("Marked %d job(s) failed: their worker stopped while running them.", stale)
    prune_old_jobs()


def run_worker(
    *,
    batch: bool = False,
    max_tasks: int | None = None,
    interval: float = 1.0,
    worker_id: str = "",
) -> None:
    """Run tasks until stopped (Ctrl+C or SIGTERM finish the current task first)."""
    runner.enable_heartbeat_thread()
    housekeeping()
    stop = threading.Event()

    def sweep_periodically() -> None:
        try:
            while not stop.wait(settings.CIVICSHIFT_JOB_SWEEP_SECONDS):
                try:
                    housekeeping()
                except Exception:  # a database hiccup must not stop the sweeps
                    logger.exception("Sweeping stale jobs failed; trying again later")
        finally:
            connection.close()

    thread = threading.Thread(target=sweep_periodically, name="jobs-sweep", daemon=True)
    thread.start()
    worker = _library_worker(
        batch=batch, max_tasks=max_tasks, interval=interval, worker_id=worker_id
    )
    logger.info("Worker %s started; waiting for background work.", worker.worker_id)
    worker.configure_signals()
    try:
        worker.run()
    finally:
        stop.set()


def drain_queue(*, worker_id: str = "in-process") -> int:
    """Run every waiting task in this process, then return how many ran (tests, maintenance).

    The library's claim and run steps without its loop, which closes the database connection
    between tasks (and so would end a test's transaction)."""
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    housekeeping()
    worker = _library_worker(batch=True, interval=0, startup_delay=False, worker_id=worker_id)
    ran = 0
    while True:
        waiting = DBTaskResult.objects.ready().filter(backend_name="default")
        with exclusive_transaction(waiting.db):
            task_result = waiting.get_locked()
            if task_result is not None:
                task_result.claim(worker_id)
        if task_result is None:
            return ran
        worker.run_task(task_result)
        ran += 1
