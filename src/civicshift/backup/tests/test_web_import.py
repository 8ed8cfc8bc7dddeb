"""The web import: a site administrator uploads a backup, sees what it holds, ticks the existing
accounts that may get their role, and only then is anything written (issue #6, item 4)."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from civicshift.backup.models import PendingImport
from civicshift.backup.services import export_organization_data
from civicshift.formats.tests import hostile
from civicshift.orgs.models import Membership, Organization
from civicshift.testing.factories import make_user

from .conftest import database_counts

pytestmark = pytest.mark.django_db
UPLOAD = reverse("backup_import:upload")


@pytest.fixture
def site_admin(rich_org):
    return make_user("root@state.example", is_staff=True)


def upload(client, content: bytes, name="maple.json", slug="restored"):
    file = SimpleUploadedFile(name, content, content_type="application/json")
    return client.post(UPLOAD, {"file": file, "into_slug": slug, "name": ""})


def counts_without_pending() -> dict[str, int]:
    counts = database_counts()
    counts.pop("backup.pendingimport")
    return counts


def test_only_site_administrators_reach_the_import(client, rich_org, site_admin):
    client.force_login(rich_org.admin_user)  # an organization's administrator, not the site's
    assert client.get(UPLOAD).status_code == 403
    assert upload(client, b"{}").status_code == 403
    client.force_login(site_admin)
    assert client.get(UPLOAD).status_code == 200


def test_upload_shows_the_preview_and_writes_nothing_until_confirmed(client, rich_org, site_admin):
    data = export_organization_data(rich_org)
    data["users"][0]["email"] = "newcomer@county.example"
    client.force_login(site_admin)
    before = counts_without_pending()
    response = upload(client, json.dumps(data).encode())
    assert response.status_code == 302
    pending = PendingImport.objects.get()
    assert response["Location"] == reverse("backup_import:confirm", args=[pending.pk])
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "newcomer@county.example" in html
    assert 'name="confirm" value="Clerk.Jones@MapleFalls.example"' in html
    assert 'name="confirm" value="viewer@maplefalls.example"' in html
    assert "checked" not in html  # nobody is ticked for the administrator
    assert page.context["preview"].counts["initiatives"] == 2
    assert counts_without_pending() == before
    assert not Organization.objects.filter(slug="restored").exists()


def test_confirming_gives_roles_only_to_the_ticked_accounts(client, rich_org, site_admin):
    client.force_login(site_admin)
    response = upload(client, json.dumps(export_organization_data(rich_org)).encode())
    response = client.post(response["Location"], {"confirm": ["viewer@maplefalls.example"]})
    org = Organization.objects.get(slug="restored")
    assert response.status_code == 302
    assert response["Location"] == reverse("orgs:dashboard", args=[org.slug])
    assert [(m.user.email, m.role) for m in Membership.objects.for_org(org)] == [
        ("viewer@maplefalls.example", "viewer")
    ]
    assert not PendingImport.objects.exists()
    message = str(list(client.get(response["Location"]).context["messages"])[0])
    assert "Not given a role" in message and "it@maplefalls.example" in message


def test_another_administrators_upload_is_not_reachable(client, rich_org, site_admin):
    client.force_login(site_admin)
    location = upload(client, json.dumps(export_organization_data(rich_org)).encode())["Location"]
    client.force_login(make_user("other-root@state.example", is_staff=True))
    assert client.get(location).status_code == 404
    assert client.post(location, {}).status_code == 404
    assert not Organization.objects.filter(slug="restored").exists()


def test_cancel_forgets_the_upload(client, rich_org, site_admin):
    client.force_login(site_admin)
    location = upload(client, json.dumps(export_organization_data(rich_org)).encode())["Location"]
    response = client.post(location, {"cancel": "1"})
    assert response["Location"] == UPLOAD
    assert not PendingImport.objects.exists()
    assert not Organization.objects.filter(slug="restored").exists()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (hostile.DEEP_JSON.encode(), "100000 levels"),
        (b'{"format": "civicshift-export", "format": "x"}', "“format” appears twice"),
        (b"name,kind\n", "not valid JSON"),
    ],
)
def test_hostile_or_wrong_upload_is_refused_on_the_form(
    client, rich_org, site_admin, content, problem
):
    client.force_login(site_admin)
    before = database_counts()
    response = upload(client, content, name="evil.json")
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any("evil.json" in e and problem in e for e in errors), errors
    assert database_counts() == before


def test_upload_into_an_organization_with_data_is_refused_before_keeping_it(
    client, rich_org, site_admin
):
    client.force_login(site_admin)
    response = upload(
        client, json.dumps(export_organization_data(rich_org)).encode(), slug="maple-falls"
    )
    assert "already has data" in " ".join(response.context["form"].errors["file"])
    assert not PendingImport.objects.exists()
