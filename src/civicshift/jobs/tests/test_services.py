import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from civicshift.backup.schema import table_plans
from civicshift.jobs import services
from civicshift.jobs.models import Job, JobStatus
from civicshift.jobs.runner import Cancelled, JobContext, execute
from civicshift.jobs.worker import drain_queue
from civicshift.orgs.roles import Role
from civicshift.orgs.services import organization_update
from civicshift.testing.factories import make_member, make_org

from . import kinds

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org()


@pytest.fixture
def user(org):
    return make_member(org, Role.VIEWER)


def start(user, org, kind="tests.count", **inputs):
    return services.job_start(actor=user, organization=org, kind=kind, inputs=inputs, label="x")


def test_a_job_runs_and_keeps_its_result(user, org):
    job = start(user, org, steps=4)
    assert job.status == JobStatus.DONE
    assert job.progress == 1.0
    assert job.result["data"]["counted"] == 4
    assert job.finished_at >= job.started_at
    assert job.task_result_id


def test_a_job_waits_in_the_database_queue_until_a_worker_runs_it(user, org, database_queue):
    job = start(user, org, steps=2)
    assert job.status == JobStatus.QUEUED
    queued = DBTaskResult.objects.get(id=job.task_result_id)
    assert queued.status == "READY"
    assert queued.args_kwargs == {"args": [job.pk], "kwargs": {}}
    drain_queue(worker_id="w-test")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.worker_id == "w-test"
    assert DBTaskResult.objects.get(id=job.task_result_id).status == "SUCCESSFUL"


def test_a_failure_the_person_can_understand_is_shown_as_is(user, org):
    job = start(user, org, fail=True)
    assert job.status == JobStatus.FAILED
    assert job.error == "The count could not finish: the number is unlucky."


def test_an_unexpected_error_is_named_without_its_details(user, org):
    job = start(user, org, crash=True)
    assert job.status == JobStatus.FAILED
    assert "ZeroDivisionError" in job.error
    assert "internal detail" not in job.error
    assert "worker's log" in job.error


def test_cancelling_a_waiting_job_stops_it_before_it_starts(user, org, database_queue):
    job = start(user, org)
    services.job_cancel(actor=user, job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    before = kinds.RUNS.get("tests.count", 0)
    drain_queue()
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert kinds.RUNS.get("tests.count", 0) == before


def test_cancelling_a_running_job_stops_it_at_its_next_progress_report(user, org):
    job = Job.objects.create(
        organization=org, user=user, kind="tests.count", label="x", status=JobStatus.RUNNING
    )
    context = JobContext(job)
    context.report_progress(0.1, "one")
    services.job_cancel(actor=user, job=job)
    assert Job.objects.get(pk=job.pk).cancel_requested
    context._last_write = 0
    with pytest.raises(Cancelled):
        context.report_progress(0.2, "two")
    assert Job.objects.get(pk=job.pk).progress_text == "two"


def test_a_cancel_recorded_before_the_worker_claims_the_job_is_honoured(user, org):
    job = Job.objects.create(
        organization=org, user=user, kind="tests.count", label="x", cancel_requested=True
    )
    assert execute(job.pk) == JobStatus.CANCELLED


def test_only_the_person_or_an_administrator_may_cancel(user, org):
    job = start(user, org)
    other = make_member(org, Role.EDITOR)
    with pytest.raises(PermissionDenied):
        services.job_cancel(actor=other, job=job)
    services.job_cancel(actor=make_member(org, Role.ADMIN), job=job)


def test_the_same_inputs_are_computed_once(user, org):
    before = kinds.RUNS.get("tests.greeting", 0)
    first = start(user, org, kind="tests.greeting", who="council")
    second = start(user, org, kind="tests.greeting", who="council")
    assert kinds.RUNS["tests.greeting"] == before + 1
    assert second.pk == first.pk
    assert bytes(Job.objects.get(pk=first.pk).result_content) == (
        f"Hello council from {org.name}\n".encode()
    )


def test_someone_else_gets_the_cached_result_as_their_own_job(user, org):
    before = kinds.RUNS.get("tests.greeting", 0)
    first = start(user, org, kind="tests.greeting", who="council")
    colleague = make_member(org, Role.VIEWER)
    theirs = start(colleague, org, kind="tests.greeting", who="council")
    assert kinds.RUNS["tests.greeting"] == before + 1
    assert theirs.pk != first.pk and theirs.user == colleague
    assert theirs.status == JobStatus.DONE
    assert bytes(theirs.result_content) == bytes(Job.objects.get(pk=first.pk).result_content)


def test_an_edit_of_what_the_result_depends_on_changes_the_key(user, org):
    admin = make_member(org, Role.ADMIN)
    before = kinds.RUNS.get("tests.greeting", 0)
    first = start(user, org, kind="tests.greeting", who="council")
    organization_update(actor=admin, organization=org, name="Town of Elsewhere")
    org.refresh_from_db()
    second = start(user, org, kind="tests.greeting", who="council")
    assert kinds.RUNS["tests.greeting"] == before + 2
    assert second.cache_key != first.cache_key
    assert bytes(second.result_content) == b"Hello council from Town of Elsewhere\n"


def test_other_inputs_have_another_key(user, org):
    first = start(user, org, kind="tests.greeting", who="council")
    second = start(user, org, kind="tests.greeting", who="residents")
    assert len(first.cache_key) == 64
    assert first.cache_key != second.cache_key


def test_at_most_n_analyses_or_documents_wait_per_person(user, org, settings, database_queue):
    settings.CIVICSHIFT_JOBS_MAX_ACTIVE_PER_USER = 2
    start(user, org)
    start(user, org)
    with pytest.raises(services.RateLimited, match="already have 2 analyses"):
        start(user, org)
    start(make_member(org, Role.VIEWER), org)  # another person is not held up
    drain_queue()
    start(user, org)


def test_at_most_m_analyses_or_documents_per_minute(user, org, settings):
    settings.CIVICSHIFT_JOBS_PER_MINUTE = 3
    for _ in range(3):
        start(user, org)
    with pytest.raises(services.RateLimited, match="in the last minute"):
        start(user, org)
    Job.objects.filter(user=user).update(created_at=timezone.now() - dt.timedelta(minutes=2))
    start(user, org)


def test_a_running_job_whose_heartbeat_stopped_is_marked_failed(user, org, database_queue):
    job = start(user, org)
    drain_queue_claim = DBTaskResult.objects.get(id=job.task_result_id)
    drain_queue_claim.claim("lost-worker")
    old = timezone.now() - dt.timedelta(minutes=5)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, heartbeat_at=old)
    alive = start(user, org)
    Job.objects.filter(pk=alive.pk).update(status=JobStatus.RUNNING, heartbeat_at=timezone.now())
    assert services.sweep_stale_jobs() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "The worker stopped while running this; start it again."
    assert DBTaskResult.objects.get(id=job.task_result_id).status == "FAILED"
    assert Job.objects.get(pk=alive.pk).status == JobStatus.RUNNING


def test_a_failed_job_can_be_started_again(user, org):
    job = start(user, org, fail=True)
    again = services.job_retry(actor=user, job=job)
    assert again.pk != job.pk and again.inputs == job.inputs


def test_old_finished_jobs_are_pruned(user, org):
    old = start(user, org)
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=30))
    recent = start(user, org)
    services.prune_old_jobs()
    assert list(Job.objects.values_list("pk", flat=True)) == [recent.pk]


def test_jobs_are_not_in_backups():
    assert "jobs.job" not in {plan.label for plan in table_plans()}


def test_the_key_is_the_one_of_the_inputs_the_worker_used(user, org, database_queue):
    admin = make_member(org, Role.ADMIN)
    job = start(user, org, kind="tests.greeting", who="council")
    asked_with = job.cache_key
    organization_update(actor=admin, organization=org, name="Town of Later")
    drain_queue()
    job.refresh_from_db()
    assert bytes(job.result_content) == b"Hello council from Town of Later\n"
    assert job.cache_key != asked_with
    org.refresh_from_db()
    assert start(user, org, kind="tests.greeting", who="council").pk == job.pk
