"""The funding deadlines as a subscribable calendar feed (issue 10, item 5: "a deadline view
(next 30 / 60 / 90 days) and an iCalendar feed"): the address is made, replaced and revoked by
an editor on the deadlines page, polled without a session, and holds the same deadlines as the
page and the .ics download — application due dates, documents due on another day than their
application, reporting dates of awards, the SAM.gov renewal — every one ahead, not 90 days.

The feed is read back with ``civicshift.testing.ics`` (written from RFC 5545: 3.1 CRLF lines of
at most 75 octets, 3.6 VCALENDAR with VERSION and PRODID, 3.6.1 each VEVENT with UID, DTSTAMP
in UTC and DTSTART; 3.3.4 a DATE value is YYYYMMDD, so an all-day deadline is
``DTSTART;VALUE=DATE:20270130``)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from civicshift.audit.models import AuditEvent
from civicshift.funding import services_feeds
from civicshift.funding import services_pipeline as pipeline
from civicshift.funding.models import DeadlineFeedToken, FundingNotice
from civicshift.funding.services_import import funding_import
from civicshift.initiatives.services import initiative_create
from civicshift.orgs.roles import Role
from civicshift.plans import services_feeds as plan_feeds
from civicshift.testing.factories import make_member, make_org
from civicshift.testing.ics import dtstart_params, read_events

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DUE = TODAY + timedelta(days=20)
REPORT = TODAY + timedelta(days=400)  # beyond the page's 90 days: the feed still has it
DOCUMENT = TODAY + timedelta(days=10)


def _round(org, user, oid: str, title: str, close):
    funding_import(
        actor=user,
        source=(
            "program_id,title,aln_numbers,eligible_applicants,close_date,description\n"
            f'{oid},"{title}",,02,{close},Grants for backups\n'
        ).encode(),
        name=f"{oid}.csv",
        organization=org,
    )
    return FundingNotice.objects.for_org(org).get(opportunity_id=oid)


@pytest.fixture
def town():
    maple = make_org("maple")
    editor = make_member(maple, Role.EDITOR)
    viewer = make_member(maple, Role.VIEWER)
    initiative = initiative_create(actor=editor, organization=maple, title="Offline backups")
    drafting = pipeline.application_create(
        actor=editor,
        initiative=initiative,
        notice=_round(maple, editor, "backups-27", "Backups, round 2027", DUE),
    )
    pipeline.item_create(
        actor=editor,
        application=drafting,
        kind="document",
        label="Council resolution, a week ahead",
        due_date=DOCUMENT,
    )
    awarded = pipeline.application_create(
        actor=editor,
        initiative=initiative,
        notice=_round(maple, editor, "cyber-25", "Cyber, round 2025", TODAY - timedelta(days=300)),
    )
    for stage in ("drafting", "submitted"):
        awarded = pipeline.application_update(
            actor=editor, application=awarded, expected_version=awarded.version, stage=stage
        )
    awarded = pipeline.application_update(
        actor=editor,
        application=awarded,
        expected_version=awarded.version,
        stage="awarded",
        amount_awarded=Decimal("50000"),
    )
    pipeline.item_create(
        actor=editor,
        application=awarded,
        kind="report",
        label="Final performance report",
        due_date=REPORT,
    )
    return maple, editor, viewer


def feed(key: str) -> str:
    return reverse("funding_feed:deadlines", args=[key])


def test_the_feed_needs_no_session_and_holds_the_deadlines_as_valid_icalendar(town):
    maple, editor, _viewer = town
    _token, key = services_feeds.deadline_feed_token_create(actor=editor, organization=maple)
    response = Client().get(feed(key))  # no one signed in
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"] and response["Referrer-Policy"] == "no-referrer"
    text = response.content.decode()
    events = read_events(text)
    by_summary = {e["SUMMARY"]: e for e in events}
    assert set(by_summary) == {
        "Application due: Backups\\, round 2027",
        "Document due: Backups\\, round 2027: Council resolution\\, a week ahead",
        "Report due: Cyber\\, round 2025: Final performance report",
    }
    assert by_summary["Application due: Backups\\, round 2027"]["DTSTART"] == f"{DUE:%Y%m%d}"
    assert (
        by_summary["Report due: Cyber\\, round 2025: Final performance report"]["DTSTART"]
        == f"{REPORT:%Y%m%d}"
    )
    # All-day events (RFC 5545 3.3.4): DATE values, not date-times.
    assert set(dtstart_params(text)) == {"DTSTART;VALUE=DATE"}
    assert len({e["UID"] for e in events}) == 3
    assert f"X-WR-CALNAME:{maple.name} funding deadlines\r\n" in text


def test_the_feed_follows_changes_without_a_new_address(town):
    maple, editor, _viewer = town
    _token, key = services_feeds.deadline_feed_token_create(actor=editor, organization=maple)
    before = read_events(Client().get(feed(key)).content.decode())
    application = maple_application(maple, "Backups, round 2027")
    pipeline.application_update(
        actor=editor,
        application=application,
        expected_version=application.version,
        due_date=DUE + timedelta(days=7),
    )
    after = read_events(Client().get(feed(key)).content.decode())
    due = [e["DTSTART"] for e in after if e["SUMMARY"].startswith("Application due")]
    assert due == [f"{DUE + timedelta(days=7):%Y%m%d}"] and len(after) == len(before)


def maple_application(org, title):
    from civicshift.funding.models import FundingApplication

    return FundingApplication.objects.for_org(org).get(title=title)


def test_a_key_of_one_organization_never_yields_anothers_deadlines(town):
    maple, editor, _viewer = town
    birch = make_org("birch")
    birch_editor = make_member(birch, Role.EDITOR)
    theirs = initiative_create(actor=birch_editor, organization=birch, title="Birch fiber")
    pipeline.application_create(
        actor=birch_editor,
        initiative=theirs,
        notice=_round(birch, birch_editor, "birch-fiber", "Birch broadband round", DUE),
    )
    _t, key = services_feeds.deadline_feed_token_create(actor=editor, organization=maple)
    _t, their_key = services_feeds.deadline_feed_token_create(
        actor=birch_editor, organization=birch
    )
    ours = Client().get(feed(key)).content.decode()
    assert "Birch broadband round" not in ours and "Backups" in ours
    birchs = Client().get(feed(their_key)).content.decode()
    assert "Birch broadband round" in birchs and "Backups" not in birchs


def test_wrong_replaced_and_revoked_keys_are_404(town):
    maple, editor, _viewer = town
    _token, key = services_feeds.deadline_feed_token_create(actor=editor, organization=maple)
    client = Client()
    assert client.get(feed(key)).status_code == 200
    _new, new_key = services_feeds.deadline_feed_token_create(actor=editor, organization=maple)
    assert client.get(feed(key)).status_code == 404  # replaced: the old one stops at once
    assert client.get(feed(new_key)).status_code == 200
    assert services_feeds.deadline_feed_token_revoke(actor=editor, organization=maple) == 1
    assert client.get(feed(new_key)).status_code == 404
    forged = new_key[:12] + ("A" if new_key[12] != "A" else "B") + new_key[13:]
    for wrong in (forged, new_key[:-1], "csf_" + new_key[4:], "x"):
        assert client.get(feed(wrong)).status_code == 404
    assert not DeadlineFeedToken.objects.for_org(maple).filter(revoked_at__isnull=True).exists()


def test_a_milestone_feed_key_does_not_open_the_deadlines_nor_the_reverse(town):
    maple, editor, _viewer = town
    _t, milestones_key = plan_feeds.milestone_feed_token_create(actor=editor, organization=maple)
    _t, deadlines_key = services_feeds.deadline_feed_token_create(actor=editor, organization=maple)
    assert deadlines_key.startswith("csd_") and milestones_key.startswith("csf_")
    client = Client()
    assert client.get(feed(milestones_key)).status_code == 404
    milestones = reverse("plans_feed:organization", args=[deadlines_key])
    assert client.get(milestones).status_code == 404


def test_making_and_revoking_is_audited_without_the_secret(town):
    maple, editor, viewer = town
    before = AuditEvent.objects.for_org(maple).count()
    token, key = services_feeds.deadline_feed_token_create(actor=editor, organization=maple)
    services_feeds.deadline_feed_token_revoke(actor=editor, organization=maple)
    events = list(AuditEvent.objects.for_org(maple).order_by("pk")[before:])
    assert len(events) == 2
    assert {e.action for e in events} == {"create", "update"}
    for event in events:
        assert event.actor == editor
        text = str(event.__dict__)
        assert key not in text and token.key_hash not in text
    assert len(token.key_hash) == 64 and token.key_hash != key
    with pytest.raises(PermissionDenied):
        services_feeds.deadline_feed_token_create(actor=viewer, organization=maple)


# --- the deadlines page -----------------------------------------------------------------------


def test_the_page_shows_the_address_once_then_only_its_start(town, client):
    maple, editor, _viewer = town
    client.force_login(editor)
    page = reverse("funding:deadlines", kwargs={"org_slug": "maple"})
    html = client.get(page).content.decode()
    assert "Subscribe in your calendar" in html and "There is no calendar address" in html
    response = client.post(reverse("funding:deadlines_feed_create", kwargs={"org_slug": "maple"}))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    key = response.context["new_key"]
    html = response.content.decode()
    assert f'value="http://testserver{feed(key)}"' in html
    assert 'data-copy="feed-deadlines"' in html and 'for="feed-deadlines"' in html
    token = DeadlineFeedToken.objects.for_org(maple).get()
    later = client.get(page).content.decode()
    assert key not in later and f"<code>{token.lookup}…</code>" in later
    assert "Make a new address" in later and "Revoke the address" in later
    revoked = client.post(reverse("funding:deadlines_feed_revoke", kwargs={"org_slug": "maple"}))
    assert revoked.status_code == 302 and revoked["Location"].endswith("#subscribe")
    assert Client().get(feed(key)).status_code == 404


def test_viewers_see_the_deadlines_but_not_the_address_controls(town, client):
    _maple, _editor, viewer = town
    client.force_login(viewer)
    html = client.get(reverse("funding:deadlines", kwargs={"org_slug": "maple"})).content.decode()
    assert "Backups, round 2027" in html
    assert "An editor of your organization can make the address" in html
    assert "deadlines_feed_create" not in html and "calendar-feed/new/" not in html
    response = client.post(reverse("funding:deadlines_feed_create", kwargs={"org_slug": "maple"}))
    assert response.status_code == 403


def test_a_copy_of_the_organization_does_not_open_the_originals_feed(town):
    """Backups leave the key's hash out; the imported address comes back revoked."""
    from civicshift.backup.services import export_organization_data
    from civicshift.backup.tests.conftest import import_confirmed

    maple, editor, _viewer = town
    _token, key = services_feeds.deadline_feed_token_create(actor=editor, organization=maple)
    data = export_organization_data(maple)
    (exported,) = data["tables"]["funding.deadlinefeedtoken"]
    assert "key_hash" not in exported and "lookup" not in exported
    copy = import_confirmed(data, into_slug="maple-copy")
    assert DeadlineFeedToken.objects.for_org(copy).get().revoked_at is not None
    assert services_feeds.active_deadline_feed_token(copy) is None
    assert services_feeds.deadline_feed_token_for_key(key).organization == maple
