"""The catalog page (search, status and applicant filters, due-date order, shared and own
programs) and a program's page (facts, last checked, what each import changed)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from civicshift.funding.models import FundingNotice
from civicshift.funding.services_import import funding_import
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

from .conftest import REAL

pytestmark = pytest.mark.django_db

PROGRAMS = (
    "program_id,title,agency,eligible_applicants,close_date,award_ceiling,description\n"
    "cyber,State cybersecurity subgrants,Homeland Security,02,2099-03-01,250000,Cyber plans\n"
    "water,Water loans,Environment,01,2099-01-15,,Loans for water meters\n"
    "old,Old program,Commerce,99,2001-01-01,,Long closed\n"
    "nodate,Rolling rebates,Utility,02,,,Rebates\n"
)


@pytest.fixture
def setup(client):
    maple, oak = make_org("maple"), make_org("oak")
    viewer = make_member(maple, Role.VIEWER)
    funding_import(actor=None, source=PROGRAMS.encode(), name="state.csv", organization=maple)
    funding_import(actor=None, source=b"program_id,title\noaks,Oak only\n", organization=oak)
    funding_import(actor=None, source=REAL)  # shared, closed in 2011
    client.force_login(viewer)
    return client, maple, oak


def titles(response):
    return [p.title for p, _status in response.context["rows"]]


def test_catalog_lists_open_programs_soonest_due_first(setup):
    client, maple, _oak = setup
    response = client.get(reverse("funding:catalog", kwargs={"org_slug": "maple"}))
    assert response.status_code == 200
    assert titles(response) == ["Water loans", "State cybersecurity subgrants", "Rolling rebates"]
    everything = client.get(
        reverse("funding:catalog", kwargs={"org_slug": "maple"}), {"status": "all"}
    )
    assert "Old program" in titles(everything) and "Oak only" not in titles(everything)
    assert any(t.startswith("Cooperative Ecosystem") for t in titles(everything))  # shared


def test_catalog_search_and_applicant_filter(setup):
    client, _maple, _oak = setup
    url = reverse("funding:catalog", kwargs={"org_slug": "maple"})
    assert titles(client.get(url, {"q": "water meters"})) == ["Water loans"]
    assert titles(client.get(url, {"applicant": "01"})) == ["Water loans"]
    assert titles(client.get(url, {"applicant": "02"})) == [
        "State cybersecurity subgrants",
        "Rolling rebates",
    ]


def test_program_page_shows_facts_and_changes(setup):
    client, maple, _oak = setup
    program = FundingNotice.objects.for_org(maple).get(opportunity_id="cyber")
    response = client.get(reverse("funding:notice", kwargs={"org_slug": "maple", "pk": program.pk}))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Homeland Security" in text and "02: City or township governments" in text
    assert "Last checked" in text and "New" in text


def test_shared_program_is_readable_by_every_organization(setup):
    client, _maple, _oak = setup
    shared = FundingNotice.objects.shared().get()
    url = reverse("funding:notice", kwargs={"org_slug": "maple", "pk": shared.pk})
    assert client.get(url).status_code == 200


def test_another_organizations_program_is_not_found(setup):
    client, _maple, oak = setup
    theirs = FundingNotice.objects.for_org(oak).get()
    url = reverse("funding:notice", kwargs={"org_slug": "maple", "pk": theirs.pk})
    assert client.get(url).status_code == 404


def test_editor_uploads_a_file_and_the_job_imports_it(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from civicshift.jobs.models import Job, JobStatus

    maple = make_org("maple")
    editor = make_member(maple, Role.EDITOR)
    client.force_login(editor)
    url = reverse("funding:import", kwargs={"org_slug": "maple"})
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("state.csv", PROGRAMS.encode(), content_type="text/csv")
    response = client.post(url, {"file": upload})
    assert response.status_code == 302
    job = Job.objects.for_org(maple).get()
    assert job.status == JobStatus.DONE and job.result["data"]["imported"] == 4
    assert FundingNotice.objects.for_org(maple).count() == 4
    assert "state.csv" in client.get(url).content.decode()  # listed under the latest imports


def test_viewer_cannot_open_the_import_page(setup):
    client, _maple, _oak = setup
    assert client.get(reverse("funding:import", kwargs={"org_slug": "maple"})).status_code == 403
