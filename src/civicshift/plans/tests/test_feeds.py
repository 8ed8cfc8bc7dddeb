"""Calendar feeds of milestones (issue 9, item 4): subscribable addresses polled without a
session, per organization and per initiative.

The feeds are read back with a small RFC 5545 reader (``civicshift.testing.ics``, shared with the
funding deadlines' feed: section 3.1, a line that starts with a space or tab continues the
previous one; section 3.6, a VEVENT is the lines between BEGIN:VEVENT and END:VEVENT), not with
the writer's own code. The milestone's date
follows Microsoft Project's rule for a milestone after a task (at the end of its predecessor's
working day: ``../shared/notes/msproject-scheduling.md``): a 3-day task from Monday
4 January 2027 08:00 on the Standard calendar (08:00–12:00, 13:00–17:00) finishes Wednesday
6 January 17:00, and so does the milestone after it.
"""

from __future__ import annotations

import hmac
from datetime import datetime

import pytest
from django.test import Client
from django.urls import reverse

from civicshift.audit.models import AuditEvent
from civicshift.orgs.roles import Role
from civicshift.plans import services_feeds
from civicshift.plans.models import MilestoneFeedToken
from civicshift.testing.factories import make_member, make_org
from civicshift.testing.ics import read_events

from .factories import make_initiative, make_link, make_plan, make_task

pytestmark = pytest.mark.django_db


def planned_milestone(org, user, name):
    """An initiative whose plan has a 3-day task and the milestone ``name`` after it."""
    plan = make_plan(org, user, start=datetime(2027, 1, 4, 8, 0))
    work = make_task(org, user, plan, name=f"Work before {name}", duration_minutes=3 * 480)
    milestone = make_task(org, user, plan, name=name, duration_minutes=0)
    make_link(org, user, plan, predecessor=work, successor=milestone)
    return plan


@pytest.fixture
def two_orgs(org, editor):
    other = make_org("birch")
    other_editor = make_member(other, Role.EDITOR)
    ours = planned_milestone(org, editor, "Council approves the contract")
    theirs = planned_milestone(other, other_editor, "Birch go-live")
    return ours, theirs, other, other_editor


def feed(key, pk=None):
    if pk is None:
        return reverse("plans_feed:organization", args=[key])
    return reverse("plans_feed:initiative", args=[key, pk])


def test_the_organization_feed_needs_no_session_and_holds_only_its_milestones(
    org, editor, two_orgs
):
    ours, _theirs, _other, _ = two_orgs
    second = planned_milestone(org, editor, "Go-live")
    _token, key = services_feeds.milestone_feed_token_create(actor=editor, organization=org)
    response = Client().get(feed(key))  # no one signed in
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    events = read_events(response.content.decode())
    assert sorted(e["SUMMARY"] for e in events) == ["Council approves the contract", "Go-live"]
    assert {e["DTSTART"] for e in events} == {"20270106T170000"}
    assert {e["CATEGORIES"] for e in events} == {
        ours.initiative.title.replace(",", "\\,"),
        second.initiative.title.replace(",", "\\,"),
    }


def test_an_initiative_feed_holds_that_initiatives_milestones(org, editor, two_orgs):
    ours, _theirs, _other, _ = two_orgs
    planned_milestone(org, editor, "Another initiative's milestone")
    _token, key = services_feeds.milestone_feed_token_create(actor=editor, organization=org)
    events = read_events(Client().get(feed(key, ours.initiative_id)).content.decode())
    assert [e["SUMMARY"] for e in events] == ["Council approves the contract"]


def test_a_key_of_one_organization_never_yields_anothers_milestones(org, editor, two_orgs):
    _ours, theirs, other, other_editor = two_orgs
    _token, key = services_feeds.milestone_feed_token_create(actor=editor, organization=org)
    _t, their_key = services_feeds.milestone_feed_token_create(
        actor=other_editor, organization=other
    )
    client = Client()
    # Their initiative through our key: 404, as if it did not exist.
    assert client.get(feed(key, theirs.initiative_id)).status_code == 404
    # Our organization feed does not list their milestone, theirs does.
    assert "Birch go-live" not in client.get(feed(key)).content.decode()
    assert "Birch go-live" in client.get(feed(their_key)).content.decode()
    # An initiative of ours without a plan: 404 too.
    bare = make_initiative(org, editor)
    assert client.get(feed(key, bare.pk)).status_code == 404


def test_revoked_replaced_and_wrong_keys_are_refused(org, editor, two_orgs):
    _token, key = services_feeds.milestone_feed_token_create(actor=editor, organization=org)
    client = Client()
    assert client.get(feed(key)).status_code == 200
    _new, new_key = services_feeds.milestone_feed_token_create(actor=editor, organization=org)
    assert client.get(feed(key)).status_code == 404  # replaced: the old one stops at once
    assert client.get(feed(new_key)).status_code == 200
    assert services_feeds.milestone_feed_token_revoke(actor=editor, organization=org) == 1
    assert client.get(feed(new_key)).status_code == 404
    assert client.get(feed(new_key, _token.organization_id)).status_code == 404
    # Same length and prefix with another secret part; too short; another prefix.
    forged = new_key[:12] + ("A" if new_key[12] != "A" else "B") + new_key[13:]
    for wrong in (forged, new_key[:-1], "cs_" + new_key[3:], "x"):
        assert client.get(feed(wrong)).status_code == 404
    assert MilestoneFeedToken.objects.for_org(org).filter(revoked_at__isnull=True).count() == 0


def test_the_key_is_compared_in_constant_time(org, editor, monkeypatch):
    _token, key = services_feeds.milestone_feed_token_create(actor=editor, organization=org)
    calls = []
    real = hmac.compare_digest
    # The comparison is the foundation's, shared with the funding deadlines' feed.
    from civicshift.orgs import services_feeds as shared

    monkeypatch.setattr(shared.hmac, "compare_digest", lambda a, b: calls.append(1) or real(a, b))
    assert services_feeds.feed_token_for_key(key) is not None
    assert calls


def test_the_key_opens_the_feeds_only(org, editor, two_orgs):
    """Not the organization's pages, not the API."""
    _token, key = services_feeds.milestone_feed_token_create(actor=editor, organization=org)
    client = Client()
    page = client.get(reverse("plans:milestones", kwargs={"org_slug": org.slug}))
    assert page.status_code == 302  # sent to sign in
    api = client.get(
        reverse("api:plans-plan-list", kwargs={"org_slug": org.slug}),
        headers={"Authorization": f"Token {key}"},
    )
    assert api.status_code == 401


def test_making_and_revoking_is_audited_without_the_secret(org, editor):
    before = AuditEvent.objects.for_org(org).count()
    token, key = services_feeds.milestone_feed_token_create(actor=editor, organization=org)
    services_feeds.milestone_feed_token_revoke(actor=editor, organization=org)
    events = AuditEvent.objects.for_org(org).order_by("pk")[before:]
    assert len(events) == 2
    for event in events:
        text = str(event.__dict__)
        assert key not in text and token.key_hash not in text
    assert token.key_hash != key and len(token.key_hash) == 64  # only a hash is stored


def test_a_read_is_recorded(org, editor):
    token, key = services_feeds.milestone_feed_token_create(actor=editor, organization=org)
    assert token.last_used_at is None
    Client().get(feed(key))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_viewers_cannot_make_an_address(org, viewer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services_feeds.milestone_feed_token_create(actor=viewer, organization=org)
    assert not MilestoneFeedToken.objects.for_org(org).exists()


# --- the editors' page -------------------------------------------------------------------------


def test_the_page_shows_the_addresses_once_with_copy_buttons(client, org, editor, two_orgs):
    ours, *_ = two_orgs
    client.force_login(editor)
    settings_url = reverse("plans:feed_settings", kwargs={"org_slug": org.slug})
    assert "There is no calendar feed address" in client.get(settings_url).content.decode()
    response = client.post(reverse("plans:feed_create", kwargs={"org_slug": org.slug}))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    html = response.content.decode()
    token = MilestoneFeedToken.objects.for_org(org).get()
    key = response.context["new_key"]
    assert "http://testserver" + feed(key) in html
    assert "http://testserver" + feed(key, ours.initiative_id) in html
    assert 'data-copy="feed-organization"' in html and 'for="feed-organization"' in html
    # Afterwards only the start of the key is shown.
    later = client.get(settings_url).content.decode()
    assert key not in later and f"<code>{token.lookup}…</code>" in later
    client.post(reverse("plans:feed_revoke", kwargs={"org_slug": org.slug}))
    assert Client().get(feed(key)).status_code == 404


def test_a_copy_of_the_organization_does_not_open_the_originals_feed(org, editor, two_orgs):
    """Backups leave the key's hash out; the imported address comes back revoked."""
    from civicshift.backup.services import export_organization_data
    from civicshift.backup.tests.conftest import import_confirmed

    _token, key = services_feeds.milestone_feed_token_create(actor=editor, organization=org)
    data = export_organization_data(org)
    (exported,) = data["tables"]["plans.milestonefeedtoken"]
    assert "key_hash" not in exported and "lookup" not in exported
    copy = import_confirmed(data, into_slug="maple-copy")
    restored = MilestoneFeedToken.objects.for_org(copy).get()
    assert restored.revoked_at is not None and restored.lookup == ""
    assert services_feeds.active_feed_token(copy) is None
    # The original key still opens the original's feed, and only it.
    assert services_feeds.feed_token_for_key(key).organization == org
