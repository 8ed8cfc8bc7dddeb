"""Run work in several threads at once against a real database, for tests of what happens when
two people save at the same moment.

``run_together`` starts each function in its own thread (so each has its own database
connection, as two web requests would) and returns what each returned or raised.

``concurrent_database`` (a pytest fixture; use it with ``django_db(transaction=True)``) makes
that meaningful on both databases:

* PostgreSQL: nothing to do; each thread's connection is a real second session.
* SQLite: the test database is in memory, shared by the threads through SQLite's shared cache,
  whose table locks answer "database table is locked" at once instead of waiting. The fixture
  moves the test (its own thread and the new ones) to a file copy of the database opened the
  way the project's settings open one, so the threads meet SQLite's real file locking, WAL
  journal and busy timeout.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connections

#: What every SQLite connection needs for concurrent writers (see docs/decisions.md), as
#: settings.py sets it: the write lock taken at BEGIN, so a transaction that read never finds
#: it cannot write (SQLITE_BUSY, a 500), a WAL journal so readers do not wait for writers, and a
#: busy timeout to queue. Used where the settings leave an option out.
SQLITE_CONCURRENCY_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL;",
}


def rendezvous(parties: int, timeout: float = 0.5) -> Callable[[], None]:
    """A meeting point for threads: each waits there until all ``parties`` arrived or
    ``timeout`` passed. Put inside a critical section, it makes two threads overlap there if
    nothing keeps them apart (so a missing lock shows), and costs one timeout if a lock does."""
    barrier = threading.Barrier(parties, timeout=timeout)

    def meet() -> None:
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()

    return meet


def run_together(*functions: Callable[[], Any]) -> list[Any]:
    """Call each function in its own thread, all released at the same moment. Returns, in
    order, each function's result or the exception it raised."""
    start = threading.Barrier(len(functions))
    outcomes: list[Any] = [None] * len(functions)

    def run(index: int, function: Callable[[], Any]) -> None:
        try:
            start.wait()
            outcomes[index] = function()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test, which asserts
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a thread is stuck (deadlock?)"
    return outcomes


@pytest.fixture
def concurrent_database(tmp_path):
    """Make ``run_together`` meet the database's real locking (see the module docstring)."""
    original = connections["default"]
    if original.vendor != "sqlite":
        yield original
        return
    original.ensure_connection()
    path = tmp_path / "concurrent.sqlite3"
    target = sqlite3.connect(path)
    original.connection.backup(target)  # the migrated schema (the test's rows come later)
    target.close()
    # The project's settings win; these fill in what they leave out.
    options = {**SQLITE_CONCURRENCY_OPTIONS, **original.settings_dict.get("OPTIONS", {})}
    file_settings = {**original.settings_dict, "NAME": str(path), "OPTIONS": options}
    saved_settings = connections.settings["default"]
    connections.settings["default"] = file_settings  # for the threads' new connections
    main = connections.create_connection("default")
    connections["default"] = main  # and for this thread
    try:
        yield main
    finally:
        main.close()
        connections["default"] = original
        connections.settings["default"] = saved_settings
