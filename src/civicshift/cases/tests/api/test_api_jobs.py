# ruff: noqa: F811 - the fixtures imported from test_api are parameters of the tests
"""The API's analysis as background work: above 10,000 runs it answers 202 with a job to
follow; every analysis is counted by the per-user limits (429)."""

import pytest

from civicshift.cases.models import CaseRun
from civicshift.jobs.models import Job, JobStatus
from civicshift.jobs.worker import drain_queue
from civicshift.orgs.roles import Role

from .test_api import case, editor, initiative, url  # noqa: F401 - the module's fixtures

pytestmark = pytest.mark.django_db


def test_a_large_analysis_is_accepted_and_followed_to_its_result(
    org,
    users,
    viewer_api,
    case,
    database_queue,
):
    analyze = url("business-case-analyze", org, pk=case.pk)
    response = viewer_api.post(analyze, {"iterations": 20_000, "seed": 3}, format="json")
    assert response.status_code == 202, response.content
    job = Job.objects.get()
    accepted = response.json()
    assert accepted["status"] == "queued" and accepted["id"] == job.pk
    assert accepted["url"] == f"http://testserver{url('job-detail', org, pk=job.pk)}"
    assert accepted["result"] is None
    drain_queue()
    done = viewer_api.get(accepted["url"]).json()
    assert done["status"] == "done" and done["progress"] == 1.0
    assert [o["monte_carlo"]["iterations"] for o in done["result"]["options"]] == [20_000] * 2
    # The same analysis again is the cached result, at once, equal to the worker's.
    again = viewer_api.post(analyze, {"iterations": 20_000, "seed": 3}, format="json")
    assert again.status_code == 200
    assert again.json() == done["result"]
    assert Job.objects.count() == 1


def test_a_small_analysis_answers_at_once_and_is_recorded(
    org,
    editor_api,
    case,
    database_queue,
):
    analyze = url("business-case-analyze", org, pk=case.pk)
    response = editor_api.post(analyze, {"iterations": 500, "save": True}, format="json")
    assert response.status_code == 201
    assert response.json()["run"] == CaseRun.objects.get().pk
    job = Job.objects.get()
    assert (job.status, job.worker_id, job.kind) == (JobStatus.DONE, "inline", "cases.analysis")


def test_analyses_are_limited_per_person_with_429(
    org,
    users,
    viewer_api,
    case,
    settings,
):
    settings.CIVICSHIFT_JOBS_PER_MINUTE = 2
    analyze = url("business-case-analyze", org, pk=case.pk)
    for seed in (1, 2):
        assert (
            viewer_api.post(analyze, {"iterations": 100, "seed": seed}, format="json").status_code
            == 200
        )
    refused = viewer_api.post(analyze, {"iterations": 100, "seed": 9}, format="json")
    assert refused.status_code == 429
    assert "in the last minute" in refused.json()["detail"]
    assert refused["Retry-After"] == "60"
    # A cached analysis is not counted.
    assert (
        viewer_api.post(analyze, {"iterations": 100, "seed": 1}, format="json").status_code == 200
    )


def test_someone_elses_job_is_refused_over_the_api(
    org,
    users,
    viewer_api,
    token_client,
    case,
    database_queue,
):
    analyze = url("business-case-analyze", org, pk=case.pk)
    accepted = viewer_api.post(analyze, {"iterations": 20_000}, format="json").json()
    colleague = token_client(users[Role.EDITOR])
    assert colleague.get(accepted["url"]).status_code == 403
    assert token_client(users[Role.ADMIN]).get(accepted["url"]).status_code == 200
