"""The application pipeline on the web and the API: tracking a match from the Funding tab,
passing a notice over with a coded reason, moving through the stages, the checklist, the
Single Audit check per fiscal year, the SAM.gov flag, the deadline list and its .ics file.

References: 2 CFR 200.501(a) (Single Audit at $1,000,000 of federal expenditure in a fiscal
year, "or more", awards from 2024-10-01); 2 CFR 25.200(b) (an active SAM.gov registration
while an application is under consideration); RFC 5545 3.3.4 (DATE values, YYYYMMDD) and 3.1
(content lines folded at 75 octets)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from civicshift.funding import services_pipeline as services
from civicshift.funding.models import ApplicationItem, FundingApplication, FundingNotice, Stage
from civicshift.funding.services_import import catalog_load, funding_import
from civicshift.initiatives.services import initiative_create
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DUE = TODAY + timedelta(days=20)
ROUNDS = (
    "program_id,title,aln_numbers,eligible_applicants,award_floor,award_ceiling,close_date,"
    "purposes,description\n"
    f"slcgp-26,SLCGP fiscal year 2026,97.137,00,,,{DUE},cybersecurity,"
    "Ransomware protection and backups for local governments\n"
    f"cyber,State cybersecurity subgrants,,02,25000,250000,{DUE + timedelta(days=50)},"
    "cybersecurity,Subgrants for ransomware protection and backups of city servers\n"
)


@pytest.fixture
def town():
    maple = make_org("maple")
    editor = make_member(maple, Role.EDITOR)
    viewer = make_member(maple, Role.VIEWER)
    catalog_load()
    funding_import(actor=None, source=ROUNDS.encode(), name="rounds.csv", full_extract=False)
    initiative = initiative_create(
        actor=editor,
        organization=maple,
        title="Ransomware protection",
        problem_statement="City servers have no offline backups.",
        proposed_solution="Immutable backups and endpoint protection.",
    )
    return maple, editor, viewer, initiative


def _notice(oid):
    return FundingNotice.objects.get(opportunity_id=oid)


def _track(client, initiative, **data):
    url = reverse("funding:application_track", kwargs={"org_slug": "maple", "pk": initiative.pk})
    return client.post(url, data)


def test_track_from_the_funding_tab_makes_an_application_with_its_checklist(town, client):
    maple, editor, _viewer, initiative = town
    client.force_login(editor)
    slcgp = _notice("slcgp-26")
    response = _track(client, initiative, notice=slcgp.pk)
    application = FundingApplication.objects.for_org(maple).get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/funding/applications/{application.pk}/"
    )
    assert application.program == slcgp.program and application.program.key == "97.137"
    assert application.due_date == DUE and application.stage == Stage.RESEARCHING
    assert application.federal  # an Assistance Listing number: federal money
    assert application.items.count() == 7
    assert application.flag == "at_risk"  # the starter catalog flags SLCGP
    page = client.get(response["Location"]).content.decode()
    assert "at risk of losing its funding" in page
    tab = client.get(
        reverse("funding:initiative_funding", kwargs={"org_slug": "maple", "pk": initiative.pk})
    ).content.decode()
    assert "tracked" in tab and "Applications for this initiative" in tab
    again = _track(client, initiative, notice=slcgp.pk)
    assert again.status_code == 302 and FundingApplication.objects.count() == 1


def test_pass_over_needs_a_reason_which_is_counted(town, client):
    maple, editor, _viewer, initiative = town
    client.force_login(editor)
    cyber = _notice("cyber")
    _track(client, initiative, notice=cyber.pk, pass_reason="", **{"pass": "1"})
    assert not FundingApplication.objects.exists()
    _track(client, initiative, notice=cyber.pk, pass_reason="local_match", **{"pass": "1"})
    application = FundingApplication.objects.get()
    assert (application.stage, application.pass_reason) == (Stage.PASSED_OVER, "local_match")
    page = client.get(reverse("funding:pipeline", kwargs={"org_slug": "maple"}))
    assert "We cannot meet the local match" in page.content.decode()


def _edit(client, application, **changes):
    data = {
        "title": application.title,
        "stage": application.stage,
        "interest": application.interest,
        "pass_reason": application.pass_reason,
        "due_date": application.due_date or "",
        "fiscal_year": application.fiscal_year or "",
        "federal": "on" if application.federal else "",
        "amount_requested": application.amount_requested or "",
        "amount_awarded": application.amount_awarded or "",
        "local_match_committed": "",
        "submitted_on": application.submitted_on or "",
        "decided_on": application.decided_on or "",
        "decline_reason": "",
        "notes": "",
        "version": application.version,
        **changes,
    }
    url = reverse("funding:application", kwargs={"org_slug": "maple", "pk": application.pk})
    return client.post(url, data)


def test_stages_move_as_a_grants_office_works_and_bad_moves_name_the_field(town, client):
    maple, editor, viewer, initiative = town
    application = services.application_create(
        actor=editor, initiative=initiative, notice=_notice("cyber")
    )
    client.force_login(editor)
    skipped = _edit(client, application, stage="submitted")
    assert skipped.status_code == 200  # researching → submitted skips the draft
    assert "This stage cannot follow the current one." in skipped.content.decode()
    assert _edit(client, application, stage="drafting").status_code == 302
    application.refresh_from_db()
    assert _edit(client, application, stage="submitted").status_code == 302
    application.refresh_from_db()
    assert application.submitted_on == TODAY
    no_amount = _edit(client, application, stage="awarded")
    assert "Give the amount awarded" in no_amount.content.decode()
    assert _edit(client, application, stage="awarded", amount_awarded="150000").status_code == 302
    application.refresh_from_db()
    assert application.stage == Stage.AWARDED and application.decided_on == TODAY
    later = DUE + timedelta(days=80)
    assert _edit(client, application, due_date=later.isoformat()).status_code == 302
    # The documents still to do, due with the application, follow its new due date.
    assert set(application.items.values_list("due_date", flat=True)) == {later}
    negative = _edit(client, application, amount_requested="-5")
    assert "Give an amount from $0" in negative.content.decode()
    client.force_login(viewer)
    page = client.get(
        reverse("funding:application", kwargs={"org_slug": "maple", "pk": application.pk})
    )
    assert page.status_code == 200 and 'name="stage"' not in page.content.decode()
    assert _edit(client, application, title="Hijacked").status_code == 403


def test_checklist_item_toggles_in_place_with_htmx(town, client):
    _maple, editor, _viewer, initiative = town
    application = services.application_create(
        actor=editor, initiative=initiative, notice=_notice("cyber")
    )
    item = application.items.get(code="sam")
    client.force_login(editor)
    url = reverse(
        "funding:item_toggle",
        kwargs={"org_slug": "maple", "pk": application.pk, "item": item.pk},
    )
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'aria-pressed="true"' in response.content.decode()
    assert ApplicationItem.objects.get(pk=item.pk).done


def test_single_audit_year_and_sam_flag_on_the_pipeline_page(town, client):
    maple, editor, _viewer, initiative = town
    award = services.application_create(
        actor=editor,
        initiative=initiative,
        notice=_notice("slcgp-26"),
        stage=Stage.AWARDED,
        amount_awarded=Decimal("600000"),
        fiscal_year=2027,
    )
    services.application_create(
        actor=editor,
        initiative=initiative,
        notice=_notice("cyber"),
        amount_requested=Decimal("400000"),
        fiscal_year=2027,
        federal=True,
    )
    assert award.decided_on == TODAY
    services.profile_save(
        actor=editor, organization=maple, uei="J7M9HPTGJ1S9", sam_expires=DUE + timedelta(days=1)
    )
    client.force_login(editor)
    page = client.get(reverse("funding:pipeline", kwargs={"org_slug": "maple"})).content.decode()
    # 600,000 awarded + 400,000 requested = 1,000,000: "or more" reaches the threshold.
    assert "FY2027" in page and "Reaches the threshold" in page
    # The state program is due 70 days out, after the registration expires (21 days out).
    assert "before an application due on" in page


def test_deadlines_window_and_calendar_file(town, client):
    _maple, editor, _viewer, initiative = town
    application = services.application_create(
        actor=editor, initiative=initiative, notice=_notice("slcgp-26")
    )
    services.application_create(actor=editor, initiative=initiative, notice=_notice("cyber"))
    services.item_create(
        actor=editor,
        application=application,
        kind="report",
        label="Quarterly progress report",
        due_date=TODAY + timedelta(days=5),
    )  # a report counts only once awarded: left out
    client.force_login(editor)
    url = reverse("funding:deadlines", kwargs={"org_slug": "maple"})
    thirty = client.get(url).content.decode()
    assert "SLCGP fiscal year 2026" in thirty and "State cybersecurity subgrants" not in thirty
    assert "Quarterly progress report" not in thirty
    ninety = client.get(url, {"days": 90}).content.decode()
    assert "State cybersecurity subgrants" in ninety
    assert "For “Ransomware protection”; 7 documents not ready" in ninety
    ics = client.get(reverse("funding:deadlines_ics", kwargs={"org_slug": "maple"}))
    assert ics["Content-Type"].startswith("text/calendar")
    text = ics.content.decode()
    assert f"DTSTART;VALUE=DATE:{DUE:%Y%m%d}" in text
    # Two applications; their 7 documents each are due with them, so counted on their line.
    assert text.count("BEGIN:VEVENT") == 2 and "7 documents not ready" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_api_tracks_and_refuses_bad_moves_naming_the_field(town):
    maple, editor, _viewer, initiative = town
    client = APIClient()
    client.force_authenticate(editor)
    base = "/api/v1/o/maple/funding-applications/"
    created = client.post(
        base, {"initiative": initiative.pk, "notice": _notice("cyber").pk}, format="json"
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["stage"] == "researching" and len(body["items"]) == 7
    url = f"{base}{body['id']}/"
    bad = client.patch(url, {"stage": "awarded"}, format="json")
    assert bad.status_code == 400 and "stage" in bad.json()
    negative = client.patch(url, {"amount_requested": "-1"}, format="json")
    assert negative.status_code == 400 and "amount_requested" in negative.json()
    etag = client.get(url)["ETag"]
    ok = client.patch(url, {"stage": "drafting"}, format="json", HTTP_IF_MATCH=etag)
    assert ok.status_code == 200 and ok.json()["stage"] == "drafting"
    stale = client.patch(url, {"notes": "x"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    listed = client.get(base, {"initiative": initiative.pk}).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [r["id"] for r in rows] == [body["id"]]
    other = make_org("oak")
    theirs = funding_import(
        actor=None, source=b"program_id,title\noaks,Oak only\n", organization=other
    )
    assert theirs.imported == 1
    foreign = client.post(
        base,
        {
            "initiative": initiative.pk,
            "notice": FundingNotice.objects.get(opportunity_id="oaks").pk,
        },
        format="json",
    )
    assert foreign.status_code == 400 and "notice" in foreign.json()
