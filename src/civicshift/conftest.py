"""Shared pytest fixtures for every app's tests."""

import pytest

from civicshift.testing.concurrency import concurrent_database  # noqa: F401 - a fixture


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres_only`` (database roles and privileges) cannot mean anything on
    SQLite: there they are deselected — reported in the summary as deselected, never skipped or
    passed silently. ``make test-sqlite`` also deselects them by name (``-m``)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    kept, dropped = [], []
    for item in items:
        (dropped if item.get_closest_marker("postgres_only") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings, request):
    """Argon2 is deliberately slow; tests that are not about hashing use a fast hasher.
    Tests marked ``real_hashing`` keep the production hashers."""
    if "real_hashing" not in request.keywords:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _email_in_memory(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Background work runs inside the request in tests (django-tasks' immediate backend), so
    a page that starts a job finds it finished. Tests of the real queue use ``database_queue``."""
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture
def database_queue(settings):
    """The real database queue: jobs wait until a worker (e.g. ``jobs.worker.drain_queue``)
    runs them."""
    settings.TASKS = DATABASE_TASKS
