"""The web import runs as a site-wide background job: progress on its own page, then a link to
the new organization; cancelling it undoes everything it wrote (one transaction)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from civicshift.backup.models import PendingImport
from civicshift.backup.services import export_organization_data
from civicshift.jobs.models import Job, JobStatus
from civicshift.jobs.runner import JobContext
from civicshift.orgs.models import Organization
from civicshift.testing.factories import make_user

from .conftest import database_counts
from .test_web_import import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_admin(rich_org):
    return make_user("root@state.example", is_staff=True)


def without_bookkeeping(counts: dict[str, int]) -> dict[str, int]:
    counts = dict(counts)
    for label in ("backup.pendingimport", "jobs.job", "django_tasks_db.dbtaskresult"):
        counts.pop(label, None)
    return counts


def test_the_import_is_written_by_a_worker_and_links_to_the_new_organization(
    client, rich_org, site_admin, database_queue
):
    from civicshift.jobs.worker import drain_queue

    client.force_login(site_admin)
    response = upload(client, json.dumps(export_organization_data(rich_org)).encode())
    response = client.post(response["Location"], {"confirm": ["viewer@maplefalls.example"]})
    job = Job.objects.get()
    page_url = reverse("backup_import:job", args=[job.pk])
    assert response.status_code == 302 and response["Location"] == page_url
    assert job.organization is None and job.kind == "backup.import"
    assert not Organization.objects.filter(slug="restored").exists()  # not before a worker
    waiting = client.get(page_url).content.decode()
    assert reverse("backup_import:job_cancel", args=[job.pk]) in waiting
    assert drain_queue() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.progress == 1.0
    org = Organization.objects.get(slug="restored")
    page = client.get(page_url).content.decode()
    assert f'href="{reverse("orgs:dashboard", args=[org.slug])}"' in page
    assert "Not given a role" in page and "it@maplefalls.example" in page
    assert not PendingImport.objects.exists()


def test_only_the_site_administrator_who_started_it_sees_the_import_job(
    client, rich_org, site_admin, database_queue
):
    client.force_login(site_admin)
    response = upload(client, json.dumps(export_organization_data(rich_org)).encode())
    client.post(response["Location"], {})
    job = Job.objects.get()
    page_url = reverse("backup_import:job", args=[job.pk])
    cancel_url = reverse("backup_import:job_cancel", args=[job.pk])
    client.force_login(make_user("other-root@state.example", is_staff=True))
    assert client.get(page_url).status_code == 404
    assert client.post(cancel_url).status_code == 404
    client.force_login(rich_org.admin_user)  # an organization's administrator only
    assert client.get(page_url).status_code == 403
    assert client.post(cancel_url).status_code == 403
    job.refresh_from_db()
    assert not job.cancel_requested
    # Never reachable through an organization's job pages either.
    client.force_login(rich_org.admin_user)
    assert client.get(reverse("jobs:detail", args=[rich_org.slug, job.pk])).status_code == 404


def test_cancelling_while_writing_undoes_the_whole_import(
    client, rich_org, site_admin, database_queue, monkeypatch
):
    from civicshift.jobs.worker import drain_queue

    client.force_login(site_admin)
    response = upload(client, json.dumps(export_organization_data(rich_org)).encode())
    client.post(response["Location"], {"confirm": ["viewer@maplefalls.example"]})
    job = Job.objects.get()
    before = without_bookkeeping(database_counts())
    seen_mid_import = []
    original = JobContext.report_progress
    monkeypatch.setattr(JobContext, "MIN_INTERVAL", 0.0)

    def cancel_while_writing(self, fraction, sentence=""):
        if fraction > 0.3 and not seen_mid_import:
            # Someone presses Cancel on the job's page while tables are being written.
            seen_mid_import.append(Organization.objects.filter(slug="restored").exists())
            assert (
                client.post(reverse("backup_import:job_cancel", args=[job.pk])).status_code == 302
            )
        return original(self, fraction, sentence)

    monkeypatch.setattr(JobContext, "report_progress", cancel_while_writing)
    drain_queue()
    job.refresh_from_db()
    assert seen_mid_import == [True]  # the organization and rows were being written...
    assert job.status == JobStatus.CANCELLED
    assert not Organization.objects.filter(slug="restored").exists()  # ...and none stayed
    assert without_bookkeeping(database_counts()) == before
    assert PendingImport.objects.count() == 1  # the upload may be confirmed again
    page = client.get(reverse("backup_import:job", args=[job.pk])).content.decode()
    assert "nothing of the import was kept" in page
