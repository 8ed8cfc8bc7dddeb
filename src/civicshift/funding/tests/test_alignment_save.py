"""Saving the alignment statement on the application (issue 10, item 7: "drafts the paragraph
… for the user to edit"): the edited text is kept on the initiative's application to that
notice or program (htmx and without JavaScript), audited with the old and new wording,
refused when saved from an older version; an initiative that does not track the notice yet
starts tracking it with the statement; the application's page and the API show it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from civicshift.audit.models import AuditEvent
from civicshift.funding import services_pipeline as pipeline
from civicshift.funding.models import FundingApplication, FundingNotice
from civicshift.funding.services_import import funding_import
from civicshift.initiatives.services import initiative_create
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db

ONE = (
    "program_id,title,aln_numbers,eligible_applicants,close_date,description\n"
    "state-cyber,State cybersecurity subgrants,11.111,02,2099-01-30,"
    "Subgrants for ransomware protection and backups\n"
)
EDITED = "Maple's offline backups answer the program's first priority:\nransomware recovery."


@pytest.fixture
def town():
    maple = make_org("maple")
    editor = make_member(maple, Role.EDITOR)
    viewer = make_member(maple, Role.VIEWER)
    funding_import(actor=editor, source=ONE.encode(), name="s.csv", organization=maple)
    notice = FundingNotice.objects.for_org(maple).get()
    initiative = initiative_create(
        actor=editor,
        organization=maple,
        title="Ransomware resilience",
        proposed_solution="Offline backups of the city servers.",
    )
    return maple, editor, viewer, notice, initiative


def _draft_url(initiative):
    return reverse("funding:alignment", kwargs={"org_slug": "maple", "pk": initiative.pk})


def _save_url(application):
    return reverse(
        "funding:application_alignment", kwargs={"org_slug": "maple", "pk": application.pk}
    )


def _events(application):
    return AuditEvent.objects.for_org(application.organization).filter(
        object_pk=str(application.pk), object_repr=application.title
    )


def test_an_untracked_notice_is_tracked_with_the_statement(town, client):
    maple, editor, _viewer, notice, initiative = town
    client.force_login(editor)
    page = client.get(_draft_url(initiative), {"notice": notice.pk}).content.decode()
    assert "Track this and save the statement" in page
    response = client.post(
        reverse("funding:alignment_track", kwargs={"org_slug": "maple", "pk": initiative.pk}),
        {"notice": notice.pk, "alignment_statement": f"  {EDITED}\r\n"},
    )
    application = FundingApplication.objects.for_org(maple).get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/funding/applications/{application.pk}/#alignment")
    assert application.notice == notice and application.stage == "researching"
    assert application.alignment_statement == EDITED  # CRLF made LF, outer space dropped
    created = _events(application).get(action="create")
    assert created.changes["alignment_statement"] == [None, EDITED]
    assert created.actor == editor


def test_a_tracked_notice_saves_with_htmx_and_keeps_the_old_wording_in_the_history(town, client):
    _maple, editor, _viewer, notice, initiative = town
    application = pipeline.application_create(actor=editor, initiative=initiative, notice=notice)
    client.force_login(editor)
    page = client.get(_draft_url(initiative), {"notice": notice.pk})
    html = page.content.decode()
    assert page.context["application"] == application
    assert "Track this and save the statement" not in html
    assert f'hx-post="{_save_url(application)}"' in html
    draft = page.context["draft"]
    assert page.context["form"]["alignment_statement"].value() == draft  # the draft to edit
    first = client.post(
        _save_url(application),
        {"alignment_statement": "First wording.", "version": application.version},
        HTTP_HX_REQUEST="true",
    )
    assert first.status_code == 200 and b"<html" not in first.content
    assert f'id="alignment-status-n{notice.pk}" hx-swap-oob="innerHTML"' in first.content.decode()
    application.refresh_from_db()
    assert application.alignment_statement == "First wording."
    second = client.post(
        _save_url(application),
        {"alignment_statement": EDITED, "version": application.version},
        HTTP_HX_REQUEST="true",
    )
    assert second.status_code == 200
    application.refresh_from_db()
    assert application.alignment_statement == EDITED
    updates = _events(application).filter(action="update").order_by("pk")
    assert [e.changes["alignment_statement"] for e in updates] == [
        ["", "First wording."],
        ["First wording.", EDITED],
    ]
    # Opened again, the box holds the saved text and the fresh draft is offered beside it.
    again = client.get(_draft_url(initiative), {"notice": notice.pk})
    assert again.context["form"]["alignment_statement"].value() == EDITED
    assert "A fresh draft from today’s data" in again.content.decode()


def test_without_javascript_the_save_goes_to_the_application_page(town, client):
    _maple, editor, _viewer, notice, initiative = town
    application = pipeline.application_create(actor=editor, initiative=initiative, notice=notice)
    client.force_login(editor)
    assert client.get(_save_url(application)).status_code == 200  # the form's own page
    response = client.post(
        _save_url(application), {"alignment_statement": EDITED, "version": application.version}
    )
    assert response.status_code == 302 and response["Location"].endswith("#alignment")
    shown = client.get(response["Location"]).content.decode()
    assert "Saved the alignment statement." in shown
    assert "Maple&#x27;s offline backups answer the program&#x27;s first priority" in shown


def test_a_save_from_an_older_version_is_refused_and_the_text_kept(town, client):
    _maple, editor, _viewer, notice, initiative = town
    application = pipeline.application_create(actor=editor, initiative=initiative, notice=notice)
    opened = application.version
    pipeline.application_alignment_save(
        actor=editor, application=application, alignment_statement="Someone else's."
    )
    client.force_login(editor)
    response = client.post(
        _save_url(application),
        {"alignment_statement": EDITED, "version": opened},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "since you opened it. Your changes were not saved" in html
    assert "Maple&#x27;s offline backups" in html  # what the user typed is still there
    application.refresh_from_db()
    assert application.alignment_statement == "Someone else's."


def test_too_long_a_statement_is_refused_naming_the_field(town, client):
    _maple, editor, _viewer, notice, initiative = town
    application = pipeline.application_create(actor=editor, initiative=initiative, notice=notice)
    client.force_login(editor)
    response = client.post(
        _save_url(application),
        {"alignment_statement": "x" * 10_001, "version": application.version},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["alignment_statement"]
    assert errors == [
        "The alignment statement is 10,001 characters long; keep it under 10,000 "
        "(funders ask for a paragraph or a page)."
    ]
    application.refresh_from_db()
    assert application.alignment_statement == ""


def test_viewers_read_the_statement_but_cannot_save_it(town, client):
    _maple, editor, viewer, notice, initiative = town
    application = pipeline.application_create(actor=editor, initiative=initiative, notice=notice)
    pipeline.application_alignment_save(
        actor=editor, application=application, alignment_statement=EDITED
    )
    client.force_login(viewer)
    page = client.get(_draft_url(initiative), {"notice": notice.pk}).content.decode()
    assert "The statement saved on the application" in page and "Save the statement" not in page
    app_page = client.get(
        reverse("funding:application", kwargs={"org_slug": "maple", "pk": application.pk})
    ).content.decode()
    assert "Maple&#x27;s offline backups" in app_page and "Edit the statement" not in app_page
    assert client.post(_save_url(application), {"alignment_statement": "No."}).status_code == 403
    application.refresh_from_db()
    assert application.alignment_statement == EDITED


def test_the_api_reads_and_writes_the_statement(town):
    _maple, editor, _viewer, notice, initiative = town
    application = pipeline.application_create(actor=editor, initiative=initiative, notice=notice)
    api = APIClient()
    api.force_authenticate(editor)
    url = reverse(
        "api:funding-application-detail", kwargs={"org_slug": "maple", "pk": application.pk}
    )
    assert api.get(url).json()["alignment_statement"] == ""
    response = api.patch(url, {"alignment_statement": EDITED}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["alignment_statement"] == EDITED
    too_long = api.patch(url, {"alignment_statement": "x" * 10_001}, format="json")
    assert too_long.status_code == 400 and "alignment_statement" in too_long.json()
    application.refresh_from_db()
    assert application.alignment_statement == EDITED
    assert _events(application).filter(action="update").count() == 1
