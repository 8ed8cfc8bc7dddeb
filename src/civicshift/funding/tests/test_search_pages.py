"""Search by purpose on the catalog page, over the starter catalog loaded into the shared
catalog: what each search returns is argued from the programs' text and codes
(core/data/funding_programs.yaml)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from civicshift.funding.matching import clear_cache
from civicshift.funding.services_import import catalog_load
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(client):
    clear_cache()
    maple = make_org("maple")
    catalog_load()
    client.force_login(make_member(maple, Role.VIEWER))
    yield client, maple
    clear_cache()


def found(response):
    return [r.entry.key for r in response.context["purpose_results"]]


def test_purpose_search_ranks_public_safety_programs_for_police_equipment(city):
    client, _maple = city
    url = reverse("funding:catalog", kwargs={"org_slug": "maple"})
    response = client.get(url, {"purpose": "grants for police equipment", "eligible": "1"})
    assert response.status_code == 200
    # The three public-safety programs of the catalog say "equipment" and law enforcement
    # or police; programs without a notice of their own are listed by their program key.
    assert set(found(response)[:3]) == {"16.710", "16.738", "10.766"}
    assert b"fit 100 of 100" in response.content


def test_exclude_and_eligible_only_for_the_organizations_kind(city):
    client, maple = city
    url = reverse("funding:catalog", kwargs={"org_slug": "maple"})
    response = client.get(url, {"purpose": "police equipment", "exclude": "rural", "eligible": "1"})
    assert "10.766" not in found(response)  # Community Facilities says "rural"
    # SLCGP lists only states but is passed through: a city finds it, eligible.
    cyber = client.get(url, {"purpose": "ransomware backups", "eligible": "1"})
    assert found(cyber)[0] == "97.137"
    assert b"Eligible through your state" in cyber.content
    # A regional agency has no Grants.gov code of its own: the state-only program drops out.
    maple.kind = "regional"
    maple.save()
    clear_cache()
    regional = client.get(url, {"purpose": "ransomware backups", "eligible": "1"})
    assert "97.137" not in found(regional)


def test_without_purpose_words_the_page_is_the_plain_catalog(city):
    client, _maple = city
    response = client.get(reverse("funding:catalog", kwargs={"org_slug": "maple"}))
    assert response.context["purpose_results"] is None
    assert b"Search by purpose" in response.content
