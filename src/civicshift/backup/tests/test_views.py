"""The export page and the two downloads."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from civicshift.audit.models import Action, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, rich_org):
    client.force_login(rich_org.admin_user)
    return client


def test_page_explains_the_export_and_links_the_downloads(admin_client, rich_org):
    response = admin_client.get(reverse("backup:export", args=[rich_org.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("backup:download_json", args=[rich_org.slug]) in html
    assert reverse("backup:download_xlsx", args=[rich_org.slug]) in html
    assert "civicshift import FILE.json --into NEW_SHORT_NAME" in html
    assert "initiatives.initiative" in html
    assert 'aria-current="page"' in html


def test_json_download_is_an_attachment_and_is_recorded(admin_client, rich_org):
    before = AuditEvent.objects.for_org(rich_org).filter(action=Action.EXPORT).count()
    response = admin_client.get(reverse("backup:download_json", args=[rich_org.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (f'attachment; filename="maple-falls-{today}.json"')
    data = json.loads(response.content)
    assert data["format"] == "civicshift-export"
    assert data["source_slug"] == "maple-falls"
    event = AuditEvent.objects.for_org(rich_org).filter(action=Action.EXPORT).latest("pk")
    assert event.actor == rich_org.admin_user
    assert "JSON" in event.reason
    assert AuditEvent.objects.for_org(rich_org).filter(action=Action.EXPORT).count() == before + 1


def test_xlsx_download(admin_client, rich_org):
    response = admin_client.get(reverse("backup:download_xlsx", args=[rich_org.slug]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert "orgs.department" in book.sheetnames
    assert AuditEvent.objects.for_org(rich_org).filter(action=Action.EXPORT).exists()


def test_editors_cannot_download(client, rich_org):
    client.force_login(rich_org.editor_user)
    response = client.get(reverse("backup:download_json", args=[rich_org.slug]))
    assert response.status_code == 403


def test_the_export_is_built_by_a_worker_and_offered_on_its_page(
    admin_client, rich_org, database_queue
):
    from civicshift.jobs.models import Job
    from civicshift.jobs.worker import drain_queue

    response = admin_client.get(reverse("backup:download_json", args=[rich_org.slug]))
    job = Job.objects.get()
    detail = reverse("jobs:detail", args=[rich_org.slug, job.pk])
    assert response.status_code == 302 and response["Location"] == detail
    assert not AuditEvent.objects.for_org(rich_org).filter(action=Action.EXPORT).exists()
    drain_queue()
    page = admin_client.get(detail).content.decode()
    download = reverse("jobs:download", args=[rich_org.slug, job.pk])
    assert f'href="{download}"' in page
    data = json.loads(admin_client.get(download).content)
    assert data["source_slug"] == "maple-falls"
    assert "jobs.job" not in data["tables"]
    event = AuditEvent.objects.for_org(rich_org).get(action=Action.EXPORT)
    assert event.actor == rich_org.admin_user
