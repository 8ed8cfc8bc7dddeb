"""Saved searches over the API: created, listed, changed with ETag and If-Match (a stale
If-Match is 412 and nothing changes), deleted; bad input 400 naming the field; the digest
lists what an import added after the caller's visit, ineligible programs counted not listed,
and records the visit."""

from __future__ import annotations

import pytest

from civicshift.funding.models import SavedSearch, SavedSearchVisit
from civicshift.orgs.roles import Role

from ..saved_factories import HEADER, import_rows, make_saved_search

pytestmark = pytest.mark.django_db

BASE = "/api/v1/o/maple-falls/funding-saved-searches/"


def test_create_change_with_if_match_and_delete(editor_api, viewer_api):
    body = {"name": "Backups", "purpose": "ransomware backups", "purposes": ["cybersecurity"]}
    created = editor_api.post(BASE, body, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["eligible_only"] is True and created.json()["sort"] == "relevance"
    listed = viewer_api.get(BASE).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [r["name"] for r in rows] == ["Backups"]
    assert viewer_api.post(BASE, body, format="json").status_code == 403
    etag = editor_api.get(f"{BASE}{pk}/")["ETag"]
    assert etag == '"1"'
    changed = editor_api.patch(f"{BASE}{pk}/", {"name": "Cyber"}, format="json", HTTP_IF_MATCH=etag)
    assert (changed.status_code, changed["ETag"]) == (200, '"2"')
    stale = editor_api.patch(f"{BASE}{pk}/", {"name": "Old"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert SavedSearch.objects.get(pk=pk).name == "Cyber"
    assert editor_api.delete(f"{BASE}{pk}/", HTTP_IF_MATCH='"2"').status_code == 204
    assert not SavedSearch.objects.filter(pk=pk).exists()


def test_bad_input_is_400_naming_the_field(editor_api):
    empty = editor_api.post(BASE, {"name": "All"}, format="json")
    assert empty.status_code == 400 and "purpose" in empty.json()
    unknown = editor_api.post(BASE, {"name": "X", "purposes": ["cyber"]}, format="json")
    assert unknown.status_code == 400 and "purposes" in unknown.json()
    assert not SavedSearch.objects.exists()


def test_digest_lists_what_is_new_since_the_visit_and_records_it(org, users, viewer_api):
    saved = make_saved_search(org, users[Role.EDITOR])
    url = f"{BASE}{saved.pk}/digest/"
    first = viewer_api.get(url).json()
    assert first["first_visit"] is True and first["since"] is None
    assert [e["notice"]["opportunity_id"] for e in first["entries"]] == ["backups-1"]
    assert first["entries"][0]["news"] is None
    import_rows(
        org,
        users[Role.EDITOR],
        HEADER
        + "backups-2,Backups for cities,02,2031-03-31,posted,Offline ransomware backups\n"
        + "backups-3,Nonprofit backups,12,2031-03-31,posted,Offline ransomware backups\n",
    )
    second = viewer_api.get(url).json()
    assert second["since"] == first["visited_at"]
    assert [(e["notice"]["opportunity_id"], e["news"]["is_new"]) for e in second["entries"]] == [
        ("backups-2", True)
    ]
    assert second["counts"]["new"] == 1 and second["counts"]["left_out_ineligible"] == 1
    assert SavedSearchVisit.objects.filter(search=saved, user=users[Role.VIEWER]).count() == 1
    bad = viewer_api.get(url, {"since": "last tuesday"})
    assert bad.status_code == 400 and "since" in bad.json()
