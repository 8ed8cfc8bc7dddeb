"""Real worker processes on a scratch database of the suite's own kind (a SQLite file, or a
PostgreSQL database beside the test database): a worker killed in the middle of a job, and two
workers sharing one queue."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection

from civicshift.cli import stop_process

SCENARIO = [sys.executable, "-m", "civicshift.jobs.tests.scenario"]


def _pg_admin(dbname: str, sql: str) -> None:
    import psycopg

    params = connection.settings_dict
    with psycopg.connect(
        dbname="postgres",
        user=params["USER"] or "postgres",
        host=params["HOST"] or "127.0.0.1",
        port=params["PORT"] or 5432,
        password=params["PASSWORD"] or None,
        autocommit=True,
    ) as admin:
        admin.execute(sql.format(name=dbname))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """Environment for the subprocesses: a migrated scratch database with one organization."""
    folder = tmp_path_factory.mktemp("workers")
    env = {
        **os.environ,
        "CIVICSHIFT_DATA_DIR": str(folder),
        "CIVICSHIFT_JOB_HEARTBEAT_SECONDS": "0.5",
        "CIVICSHIFT_JOB_STALE_SECONDS": "3",
        "CIVICSHIFT_JOB_SWEEP_SECONDS": "1",
        "CIVICSHIFT_DEBUG": "0",
        "CIVICSHIFT_JOBS_MAX_ACTIVE": "100",
        "CIVICSHIFT_JOBS_PER_MINUTE": "100",
        "PYTHONUNBUFFERED": "1",
    }
    pg_name = None
    if connection.vendor == "postgresql":
        params = connection.settings_dict
        pg_name = f"{params['NAME']}_workers"[:63]
        _pg_admin(pg_name, 'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _pg_admin(pg_name, 'CREATE DATABASE "{name}"')
        host = params["HOST"] or "127.0.0.1"
        env["DATABASE_URL"] = f"postgres://{params['USER']}@{host}:{params['PORT']}/{pg_name}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{folder / 'scratch.sqlite3'}"
    migrate = [sys.executable, "-m", "civicshift", "manage", "migrate", "-v", "0"]
    subprocess.run(migrate, env=env, check=True, timeout=300)
    _run(env, "setup")
    yield env
    if pg_name:
        _pg_admin(pg_name, 'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(env, *args):
    done = subprocess.run(
        [*SCENARIO, *map(str, args)], env=env, check=True, timeout=120, capture_output=True
    )
    return json.loads(done.stdout)


def _worker(env, worker_id, *extra):
    return subprocess.Popen(
        [*SCENARIO, "worker", "--worker-id", worker_id, "--interval", "0.2", *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for(env, ids, condition, timeout=90):
    deadline = time.monotonic() + timeout
    while True:
        rows = _run(env, "show", *ids)
        if condition(rows):
            return rows
        assert time.monotonic() < deadline, f"gave up waiting: {rows}"
        time.sleep(0.5)


def test_a_job_whose_worker_is_killed_is_marked_failed_not_left_running(scratch):
    [job] = _run(scratch, "start", 1, 600, 0.1)  # a minute of work
    first = _worker(scratch, "doomed")
    try:
        _wait_for(scratch, [job], lambda r: r[0]["status"] == "running" and r[0]["progress"] > 0)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    [row] = _run(scratch, "show", job)
    assert row["status"] == "running" and row["worker_id"] == "doomed"
    second = _worker(scratch, "rescuer")
    try:
        [row] = _wait_for(scratch, [job], lambda r: r[0]["status"] != "running")
        assert row["status"] == "failed"
        assert row["error"] == "The worker stopped while running this; start it again."
        assert row["task_status"] == "FAILED"
        # The new worker goes on with the queue.
        [later] = _run(scratch, "start", 1, 2, 0)
        [done] = _wait_for(scratch, [later], lambda r: r[0]["status"] == "done")
        assert done["worker_id"] == "rescuer"
    finally:
        stop_process(second)


def test_two_workers_take_different_jobs(scratch):
    ids = _run(scratch, "start", 6, 10, 0.15)  # 1.5 s each
    workers = [_worker(scratch, name, "--batch") for name in ("left", "right")]
    try:
        for worker in workers:
            assert worker.wait(timeout=180) == 0
    finally:
        for worker in workers:
            stop_process(worker)
    rows = _run(scratch, "show", *ids)
    assert [r["status"] for r in rows] == ["done"] * 6
    assert all(r["task_status"] == "SUCCESSFUL" for r in rows)
    # Each job was claimed once, by the worker that ran it.
    assert all(r["task_workers"] == [r["worker_id"]] for r in rows)
    assert {r["worker_id"] for r in rows} == {"left", "right"}
