"""The business case's background work through the real database queue and a worker:
documents, long simulations and saved analyses; their cache and the per-user limits."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document

from civicshift.cases import jobs as case_jobs
from civicshift.cases import services
from civicshift.cases.models import CaseRun
from civicshift.jobs.models import Job, JobStatus
from civicshift.jobs.worker import drain_queue
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(org):
    return make_member(org, Role.VIEWER, "viewer@example.org")


def url(case, name, **kwargs):
    return reverse(
        f"cases:{name}",
        kwargs={"org_slug": case.organization.slug, "pk": case.initiative_id, **kwargs},
    )


def job_url(job, name="detail"):
    return reverse(f"jobs:{name}", kwargs={"org_slug": job.organization.slug, "pk": job.pk})


@pytest.fixture
def counted_reports(monkeypatch):
    """How many times the documents' report (and so the simulations) was computed."""
    from civicshift.cases import report

    calls = []
    original = report.case_report

    def counting(case, **kwargs):
        calls.append(case.pk)
        return original(case, **kwargs)

    monkeypatch.setattr(report, "case_report", counting)
    return calls


def test_a_document_is_prepared_by_a_worker_then_downloaded(
    client, viewer, case, database_queue, counted_reports
):
    client.force_login(viewer)
    response = client.get(url(case, "docx"))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job_url(job)
    assert job.status == JobStatus.QUEUED and job.kind == "cases.document"
    assert job.label == "Word business case of Online permitting"
    page = client.get(job_url(job)).content.decode()
    assert "Waiting for a worker" in page and 'hx-trigger="every 1s"' in page
    assert drain_queue() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.progress == 1.0
    page = client.get(job_url(job)).content.decode()
    assert f'href="{job_url(job, "download")}"' in page
    download = client.get(job_url(job, "download"))
    assert download["Content-Disposition"] == (
        'attachment; filename="online-permitting-business-case.docx"'
    )
    assert "Online permitting" in "\n".join(
        p.text for p in Document(io.BytesIO(download.content)).paragraphs
    )
    assert counted_reports == [case.pk]


def test_the_same_document_twice_is_computed_once_and_an_edit_invalidates_it(
    client, viewer, editor, case, counted_reports
):
    client.force_login(viewer)
    first = client.get(url(case, "pdf"))
    second = client.get(url(case, "pdf"))
    assert first.status_code == second.status_code == 200
    assert first.content == second.content and first.content.startswith(b"%PDF")
    assert counted_reports == [case.pk]
    assert Job.objects.count() == 1
    line = case.options.get().lines.get(name="Subscription")
    services.line_update(actor=editor, line=line, likely=Decimal("110000"))
    third = client.get(url(case, "pdf"))
    assert third.status_code == 200
    assert counted_reports == [case.pk, case.pk]
    keys = list(Job.objects.order_by("pk").values_list("cache_key", flat=True))
    assert len(keys) == 2 and keys[0] != keys[1]
    # Another format is another document.
    client.get(url(case, "docx"))
    assert len(counted_reports) == 3


def test_the_fingerprint_follows_every_input(editor, case):
    before = case_jobs.case_fingerprint(case)
    assert before == case_jobs.case_fingerprint(case)
    services.business_case_update(actor=editor, case=case, seed=case.seed + 1)
    case.refresh_from_db()
    after_seed = case_jobs.case_fingerprint(case)
    assert after_seed != before
    case.initiative.title = "Renamed"
    assert case_jobs.case_fingerprint(case) != after_seed


def test_a_long_simulation_runs_in_the_background_and_then_shows_on_the_option_page(
    client, viewer, editor, case, database_queue
):
    services.business_case_update(actor=editor, case=case, iterations=20_000)
    option = case.options.get()
    client.force_login(viewer)
    simulate = url(case, "simulate", option=option.pk)
    response = client.get(simulate)
    job = Job.objects.get()
    assert response["Location"] == job_url(job)
    assert job.kind == "cases.simulation"
    htmx = client.get(simulate, headers={"HX-Request": "true", "HX-Target": "case-results"})
    assert htmx["HX-Redirect"] == job_url(job)
    assert Job.objects.count() == 1  # asked twice while waiting: the same job
    drain_queue()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.result["url"] == simulate
    page = client.get(job_url(job)).content.decode()
    assert "20,000 random futures" in page and "Chance the NPV is above zero" in page
    shown = client.get(simulate)
    assert shown.status_code == 200
    assert "20,000 random futures drawn" in shown.content.decode()
    simulation = case_jobs.simulation_from(job.result["data"]["simulation"])
    assert shown.context["figures"].simulation == simulation
    assert Job.objects.count() == 1  # shown from the cache


def test_a_short_simulation_stays_on_the_page(client, viewer, case):
    option = case.options.get()
    client.force_login(viewer)
    response = client.get(url(case, "simulate", option=option.pk))
    assert response.status_code == 200
    assert response.context["figures"].simulation.iterations == case.iterations <= 10_000
    assert not Job.objects.exists()


def test_save_analysis_runs_in_the_background(client, editor, case, database_queue):
    client.force_login(editor)
    response = client.post(url(case, "run_save"), {"label": "Council packet"})
    job = Job.objects.get()
    assert response["Location"] == job_url(job)
    assert not CaseRun.objects.exists()
    drain_queue()
    run = CaseRun.objects.get()
    assert (run.label, run.created_by) == ("Council packet", editor)
    job.refresh_from_db()
    assert job.result == {"data": {"run": run.pk}, "url": url(case, "runs")}


def test_documents_are_limited_per_person(client, viewer, case, settings, database_queue):
    settings.CIVICSHIFT_JOBS_MAX_ACTIVE_PER_USER = 1
    client.force_login(viewer)
    assert client.get(url(case, "docx")).status_code == 302
    refused = client.get(url(case, "pdf"))
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "You already have 1 analysis or document being prepared" in refused.content.decode()
    assert Job.objects.count() == 1
    assert client.get(url(case, "docx")).status_code == 302  # the same document: not counted
