"""The read-only funding API: programs the organization sees (shared and its own, never
another's), one program, and an initiative's ranked matches with reasons."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from civicshift.funding import matching
from civicshift.funding.models import FundingNotice
from civicshift.funding.services_import import funding_import
from civicshift.initiatives.services import initiative_create
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

from .conftest import REAL
from .test_matching import PROGRAMS

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    maple, oak = make_org("maple"), make_org("oak")
    viewer = make_member(maple, Role.VIEWER)
    funding_import(actor=None, source=PROGRAMS.encode(), name="state.csv", organization=maple)
    funding_import(actor=None, source=b"program_id,title\noaks,Oak only\n", organization=oak)
    funding_import(actor=None, source=REAL)
    client = APIClient()
    client.force_authenticate(viewer)
    matching.clear_cache()
    return client, maple, oak, viewer


def test_list_shows_shared_and_own_programs_only(api):
    client, _maple, _oak, _viewer = api
    response = client.get("/api/v1/o/maple/funding-notices/", {"status": "all"})
    assert response.status_code == 200
    data = response.json()
    rows = data["results"] if isinstance(data, dict) else data
    ids = {r["opportunity_id"]: r["shared"] for r in rows}
    assert ids == {"cyber": False, "county-cyber": False, "water": False, "131073": True}


def test_detail_of_another_organizations_program_is_404(api):
    client, _maple, oak, _viewer = api
    theirs = FundingNotice.objects.for_org(oak).get()
    assert client.get(f"/api/v1/o/maple/funding-notices/{theirs.pk}/").status_code == 404
    shared = FundingNotice.objects.shared().get()
    body = client.get(f"/api/v1/o/maple/funding-notices/{shared.pk}/").json()
    assert body["opportunity_number"] == "G12AS20003" and body["status"] in {"closed", "archived"}


def test_matches_rank_the_fitting_program_with_reasons(api):
    client, maple, _oak, viewer = api
    editor = make_member(maple, Role.EDITOR)
    initiative = initiative_create(
        actor=editor,
        organization=maple,
        title="Ransomware protection",
        problem_statement="City servers have no offline backups.",
    )
    response = client.get(
        f"/api/v1/o/maple/initiatives/{initiative.pk}/funding-matches/", {"gap": "100000"}
    )
    assert response.status_code == 200, response.content
    rows = response.json()
    assert [r["title"] for r in rows] == ["State cybersecurity subgrants"]
    assert {r["kind"] for r in rows[0]["reasons"]} >= {"eligibility", "purpose", "amount"}
    bad = client.get(f"/api/v1/o/maple/initiatives/{initiative.pk}/funding-matches/", {"gap": "x"})
    assert bad.status_code == 400
