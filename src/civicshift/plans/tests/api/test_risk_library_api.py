"""risks/library/ and risks/from-library/ (the tenancy harness in test_tenancy_api.py checks
roles, other organizations and foreign ids; these check what the endpoints answer)."""

import pytest
from django.urls import reverse

from civicshift.core.risk_library import load_library
from civicshift.orgs.roles import Role
from civicshift.plans.models import Risk

from ..factories import make_initiative

pytestmark = pytest.mark.django_db
LIBRARY = load_library()


def url(name, org):
    return reverse(f"api:plans-risk-{name}", kwargs={"org_slug": org.slug})


def test_the_library_lists_every_entry(org, viewer_api):
    body = viewer_api.get(url("library", org)).json()
    assert [e["id"] for e in body] == [e.id for e in LIBRARY.risks]
    entry = next(e for e in LIBRARY.risks if e.schedule_days)
    shown = next(e for e in body if e["id"] == entry.id)
    days = entry.schedule_days
    assert shown["schedule_days"] == [days.low, days.likely, days.high]


def test_from_library_adds_drafts_and_skips_what_is_there(org, users, editor_api):
    initiative = make_initiative(org, users[Role.EDITOR])
    ids = [LIBRARY.risks[0].id, LIBRARY.risks[1].id]
    data = {"initiative": initiative.pk, "library_ids": ids}
    response = editor_api.post(url("from-library", org), data, format="json")
    assert response.status_code == 201
    assert sorted(r["library_id"] for r in response.json()) == sorted(ids)
    assert {r["status"] for r in response.json()} == {"draft"}
    again = editor_api.post(url("from-library", org), data, format="json")
    assert again.status_code == 201 and again.json() == []
    assert Risk.objects.for_org(org).filter(initiative=initiative).count() == 2


def test_an_unknown_entry_is_a_400_on_library_ids(org, editor_api):
    data = {"library_ids": ["no-such-risk"]}
    response = editor_api.post(url("from-library", org), data, format="json")
    assert response.status_code == 400 and "library_ids" in response.json()


def test_a_risk_that_occurs_becomes_an_issue_once(org, users, editor_api):
    from ..factories import make_risk

    risk = make_risk(org, users[Role.EDITOR], initiative=make_initiative(org, users[Role.EDITOR]))
    occurred = reverse("api:plans-risk-occurred", kwargs={"org_slug": org.slug, "pk": risk.pk})
    response = editor_api.post(occurred, {"title": "Conversion failed"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["risk"], body["initiative"], body["title"]) == (
        risk.pk,
        risk.initiative_id,
        "Conversion failed",
    )
    risk.refresh_from_db()
    assert risk.status == "occurred"
    again = editor_api.post(occurred, {}, format="json")
    assert again.status_code == 400 and "status" in again.json()
