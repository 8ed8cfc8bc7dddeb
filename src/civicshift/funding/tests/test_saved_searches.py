"""Saved searches and their digests: the services (roles, audit, validation, versions), the
visit recorded per person, and what the digest lists after a later import (a new notice, a
moved due date, a forecast now posted), ineligible programs left out and counted."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from civicshift.audit.models import AuditEvent
from civicshift.audit.services import StaleObjectError
from civicshift.funding import services_saved as services
from civicshift.funding.models import FundingNotice, SavedSearch, SavedSearchVisit
from civicshift.funding.selectors_saved import digest_for
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

from .saved_factories import HEADER, import_rows, make_saved_search

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 4)


@pytest.fixture
def city():
    org = make_org("maple", kind="city")
    editor = make_member(org, Role.EDITOR)
    return org, editor


def _key(org, opportunity_id):
    return str(FundingNotice.objects.for_org(org).get(opportunity_id=opportunity_id).pk)


# services ----------------------------------------------------------------------------------


def test_saving_needs_an_editor_and_is_audited(city):
    org, editor = city
    viewer = make_member(org, Role.VIEWER)
    with pytest.raises(PermissionDenied):
        services.saved_search_create(actor=viewer, organization=org, name="X", purpose="x")
    saved = make_saved_search(org, editor, purposes=["cybersecurity", "cybersecurity"])
    assert saved.created_by == editor and saved.purposes == ["cybersecurity"]
    event = AuditEvent.objects.for_org(org).get(action="create", object_pk=str(saved.pk))
    assert event.changes["name"] == [None, "Backups"]


def test_a_search_of_nothing_or_of_unknown_purposes_is_refused_naming_the_field(city):
    org, editor = city
    with pytest.raises(ValidationError) as empty:
        services.saved_search_create(actor=editor, organization=org, name="All")
    assert "purpose" in empty.value.message_dict
    with pytest.raises(ValidationError) as unknown:
        services.saved_search_create(
            actor=editor, organization=org, name="X", purposes=["cyber", "energy"]
        )
    assert "Unknown purpose: cyber" in unknown.value.message_dict["purposes"][0]
    assert not SavedSearch.objects.for_org(org).exists()


def test_rename_from_an_older_version_is_refused_and_delete_is_audited(city):
    org, editor = city
    saved = make_saved_search(org, editor)
    services.saved_search_update(actor=editor, search=saved, name="Backups, cyber")
    saved.refresh_from_db()
    assert (saved.name, saved.version) == ("Backups, cyber", 2)
    with pytest.raises(StaleObjectError):
        services.saved_search_update(actor=editor, search=saved, expected_version=1, name="Old")
    services.saved_search_visit(actor=editor, search=saved)
    pk = saved.pk
    services.saved_search_delete(actor=editor, search=saved)
    assert not SavedSearchVisit.objects.for_org(org).exists()
    assert AuditEvent.objects.for_org(org).filter(action="delete", object_pk=str(pk)).exists()


def test_each_person_has_their_own_last_visit(city):
    org, editor = city
    viewer = make_member(org, Role.VIEWER)
    saved = make_saved_search(org, editor)
    first = timezone.now() - timedelta(days=2)
    assert services.saved_search_visit(actor=editor, search=saved, at=first) is None
    assert services.saved_search_visit(actor=editor, search=saved) == first
    assert services.saved_search_visit(actor=viewer, search=saved) is None  # theirs is apart
    # An older moment (a slow second tab) does not move the visit back.
    before = SavedSearchVisit.objects.get(search=saved, user=editor).visited_at
    services.saved_search_visit(actor=editor, search=saved, at=first)
    assert SavedSearchVisit.objects.get(search=saved, user=editor).visited_at == before
    outsider = make_member(make_org(), Role.ADMIN)
    with pytest.raises(Exception, match="No such organization"):
        services.saved_search_visit(actor=outsider, search=saved)


# the digest ---------------------------------------------------------------------------------

LATER = (
    HEADER
    # The first notice again, its due date moved a month later.
    + "backups-1,Offline backups for towns,02,2031-02-28,posted,"
    "Immutable offline backups against ransomware for local governments\n"
    # New and open to cities: listed as new.
     + "backups-2,Backup appliances for counties and cities,01;02,2031-03-31,posted,"
    "Ransomware recovery and offline backups\n"
    # New but for nonprofits only: left out, counted.
    + "backups-3,Nonprofit backups,12,2031-03-31,posted,Offline backups against ransomware\n"
    # New, open to cities, about something else: the search does not find it.
    + "roads-1,Pavement sensors,02,2031-03-31,posted,Road surface sensors\n"
)


def test_the_digest_lists_what_is_new_or_moved_since_the_visit_without_ineligible(city):
    org, editor = city
    saved = make_saved_search(org, editor)
    first = digest_for(saved, since=None, today=TODAY)
    assert first.first_visit and [r.news for r in first.rows] == [None]
    assert first.counts.listed == 1

    visit = timezone.now()
    import_rows(org, editor, LATER, name="later.csv")
    digest = digest_for(saved, since=visit, today=TODAY)
    by_key = {row.result.match.program.key: row for row in digest.rows}
    assert set(by_key) == {_key(org, "backups-1"), _key(org, "backups-2")}
    moved = by_key[_key(org, "backups-1")].news
    assert [(m.field, m.before, m.after) for m in moved.due_moves] == [
        ("close_date", date(2031, 1, 30), date(2031, 2, 28))
    ]
    assert not moved.is_new
    assert by_key[_key(org, "backups-2")].news.is_new
    counts = digest.counts
    assert (counts.listed, counts.new, counts.due_moved, counts.left_out_ineligible) == (2, 1, 1, 1)

    # Nothing happened after a later moment: nothing to list.
    assert digest_for(saved, since=timezone.now(), today=TODAY).rows == []


def test_a_forecast_posted_after_the_visit_is_now_open(city):
    org, editor = city
    import_rows(
        org,
        editor,
        HEADER + "cyber-9,Cyber plans,02,2031-05-01,forecasted,Ransomware backups plans\n",
    )
    saved = make_saved_search(org, editor)
    visit = timezone.now()
    import_rows(
        org, editor, HEADER + "cyber-9,Cyber plans,02,2031-05-01,posted,Ransomware backups plans\n"
    )
    digest = digest_for(saved, since=visit, today=TODAY)
    assert [(r.result.match.program.key, r.news.now_open) for r in digest.rows] == [
        (_key(org, "cyber-9"), True)
    ]
    assert digest.counts.now_open == 1


# pages --------------------------------------------------------------------------------------


def test_opening_the_digest_records_the_visit_and_the_next_shows_since_then(city, client):
    org, editor = city
    saved = make_saved_search(org, editor)
    client.force_login(editor)
    url = reverse("funding:saved_search_digest", kwargs={"org_slug": org.slug, "pk": saved.pk})
    page = client.get(url).content.decode()
    assert "This is your first visit of this digest" in page
    visit = SavedSearchVisit.objects.get(search=saved, user=editor).visited_at
    import_rows(org, editor, LATER, name="later.csv")
    page = client.get(url).content.decode()
    assert "New or changed since your last visit" in page
    assert "Backup appliances for counties and cities" in page
    assert "Nonprofit backups" not in page  # ineligible for a city
    assert "Pavement sensors" not in page  # not what the search looks for
    assert 'data-count="left_out_ineligible"><strong>1</strong>' in page
    assert "January 30, 2031 → February 28, 2031" in page
    assert SavedSearchVisit.objects.get(search=saved, user=editor).visited_at > visit
    # Opened again: all of it was seen.
    assert "Backup appliances" not in client.get(url).content.decode()
    # Unless the reader asks for the news since a day.
    asked = client.get(url, {"since": (timezone.localdate() - timedelta(days=1)).isoformat()})
    assert "Backup appliances for counties and cities" in asked.content.decode()
    assert "the date you chose" in asked.content.decode()


def test_save_from_the_catalog_with_htmx_and_without(city, client):
    org, editor = city
    make_saved_search(org, editor)  # imports the notice
    client.force_login(editor)
    catalog = client.get(
        reverse("funding:catalog", kwargs={"org_slug": org.slug}),
        {"purpose": "offline backups", "include": "ransomware", "eligible": "1"},
    ).content.decode()
    assert 'id="save-search"' in catalog and 'value="ransomware"' in catalog
    url = reverse("funding:saved_search_create", kwargs={"org_slug": org.slug})
    data = {"name": "Offline", "purpose": "offline backups", "include": "ransomware"}
    swapped = client.post(
        url, {**data, "eligible_only": "on", "sort": "due"}, HTTP_HX_REQUEST="true"
    )
    assert swapped.status_code == 200 and "Saved the search “Offline”" in swapped.content.decode()
    saved = SavedSearch.objects.for_org(org).get(name="Offline")
    assert (saved.include, saved.sort, saved.eligible_only) == ("ransomware", "due", True)
    plain = client.post(url, {**data, "name": "Offline 2", "sort": "relevance"})
    second = SavedSearch.objects.for_org(org).get(name="Offline 2")
    assert plain.status_code == 302 and plain["Location"].endswith(f"/saved/{second.pk}/")
    assert second.eligible_only is False  # the box was not ticked
    refused = client.post(url, {"name": "Nothing", "sort": "relevance"}, HTTP_HX_REQUEST="true")
    assert "The search was not saved" in refused.content.decode()
    assert 'id="save-search"' in refused.content.decode()


def test_viewers_read_and_visit_but_cannot_save_and_other_orgs_get_404(city, client):
    org, editor = city
    saved = make_saved_search(org, editor)
    viewer = make_member(org, Role.VIEWER)
    client.force_login(viewer)
    kwargs = {"org_slug": org.slug, "pk": saved.pk}
    assert (
        client.get(reverse("funding:saved_searches", kwargs={"org_slug": org.slug})).status_code
        == 200
    )
    assert client.get(reverse("funding:saved_search_digest", kwargs=kwargs)).status_code == 200
    assert SavedSearchVisit.objects.filter(user=viewer).count() == 1
    create = reverse("funding:saved_search_create", kwargs={"org_slug": org.slug})
    assert client.post(create, {"name": "X", "purpose": "x"}).status_code == 403
    assert client.post(reverse("funding:saved_search_delete", kwargs=kwargs)).status_code == 403
    other = make_org()
    outsider = make_member(other, Role.ADMIN)
    client.force_login(outsider)
    theirs = {"org_slug": other.slug, "pk": saved.pk}
    assert client.get(reverse("funding:saved_search_digest", kwargs=theirs)).status_code == 404
    assert not SavedSearchVisit.objects.filter(user=outsider).exists()


def test_the_digest_command_prints_json_with_the_news(city):
    import json
    from io import StringIO

    from django.core.management import CommandError, call_command

    org, editor = city
    saved = make_saved_search(org, editor)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    import_rows(org, editor, LATER, name="later.csv")
    out = StringIO()
    call_command(
        "funding_digest", org.slug, str(saved.pk), "--since", yesterday, "--json", stdout=out
    )
    body = json.loads(out.getvalue())
    # Since yesterday both notices are new (the first was imported today too).
    assert sorted(e["notice"]["opportunity_id"] for e in body["entries"]) == [
        "backups-1",
        "backups-2",
    ]
    assert body["counts"]["left_out_ineligible"] == 1
    with pytest.raises(CommandError, match="no saved search"):
        call_command("funding_digest", org.slug, "999999")
    with pytest.raises(CommandError, match="--since"):
        call_command("funding_digest", org.slug, str(saved.pk), "--since", "soon")
