"""Matching an initiative against what its organization sees: ranking and reasons on the
Funding tab, the index cached per catalog version, the ``funding_match`` command.

The expected order follows from the engine's rules (``core/funding/matching.py``): a program
sharing no term with the initiative is left out, and one the organization cannot apply to is
left out; amounts inside [floor, ceiling] fit the gap."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from civicshift.funding import matching
from civicshift.funding.services_import import funding_import
from civicshift.initiatives.services import initiative_create
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db

PROGRAMS = (
    "program_id,title,eligible_applicants,award_floor,award_ceiling,close_date,purposes,"
    "description\n"
    "cyber,State cybersecurity subgrants,02,25000,250000,2099-03-01,cybersecurity,"
    "Subgrants for ransomware protection and backups of city servers\n"
    "county-cyber,County ransomware fund,01,,,2099-03-01,cybersecurity,"
    "Ransomware protection for county servers\n"
    "water,Water meter loans,02,,,2099-01-15,water_utilities,Loans for smart water meters\n"
)


@pytest.fixture
def town():
    maple = make_org("maple")
    editor = make_member(maple, Role.EDITOR)
    funding_import(actor=None, source=PROGRAMS.encode(), name="state.csv", organization=maple)
    initiative = initiative_create(
        actor=editor,
        organization=maple,
        title="Ransomware protection",
        problem_statement="City servers have no offline backups.",
        proposed_solution="Immutable backups and endpoint protection.",
    )
    matching.clear_cache()
    return maple, editor, initiative


def test_tab_ranks_the_fitting_eligible_program_with_reasons(town, client):
    maple, editor, initiative = town
    client.force_login(editor)
    url = reverse("funding:initiative_funding", kwargs={"org_slug": "maple", "pk": initiative.pk})
    response = client.get(url, {"funding_gap": "100000", "applicant_type": "02"})
    assert response.status_code == 200
    results = response.context["results"]
    assert [r.notice.opportunity_id for r, _s, _key in results] == ["cyber"]
    match = results[0][0].match
    kinds = {r.kind: r for r in match.reasons}
    assert kinds["eligibility"].passed is True
    assert "ransomware" in match.matched_terms
    assert kinds["amount"].passed is True  # 100,000 is within 25,000 to 250,000
    text = response.content.decode()
    assert kinds["purpose"].text in text


def test_county_applicant_sees_the_county_program(town):
    maple, _editor, initiative = town
    need = matching.need_for(initiative, applicant_type="01")
    found = matching.matches_for(maple, need, today=date(2026, 12, 2))
    assert [r.notice.opportunity_id for r in found] == ["county-cyber"]


def test_index_is_built_once_per_catalog_version(town):
    maple, _editor, _initiative = town
    first = matching.index_for(maple)
    assert matching.index_for(maple) is first
    funding_import(
        actor=None, source=b"program_id,title\nnew,New ransomware grant\n", organization=maple
    )
    second = matching.index_for(maple)
    assert second is not first
    # A re-import that only changes a program (same count) is a new version too.
    moved = PROGRAMS.replace("2099-01-15", "2099-02-15").encode()
    funding_import(actor=None, source=moved, name="state.csv", organization=maple)
    assert matching.index_for(maple) is not second


def test_other_organizations_programs_are_never_matched(town):
    maple, editor, initiative = town
    oak = make_org("oak")
    funding_import(
        actor=None,
        source=b"program_id,title,eligible_applicants,description\n"
        b"oak-cyber,Oak ransomware grant,02,Ransomware protection for servers\n",
        organization=oak,
    )
    need = matching.need_for(initiative)
    found = matching.matches_for(maple, need, today=date(2026, 12, 2))
    assert "oak-cyber" not in {r.notice.opportunity_id for r in found}


def test_match_command_prints_json(town):
    maple, _editor, initiative = town
    out = io.StringIO()
    call_command(
        "funding_match", "maple", str(initiative.pk), "--gap", "$100,000", "--json", stdout=out
    )
    rows = json.loads(out.getvalue())
    assert [r["notice"]["opportunity_id"] for r in rows] == ["cyber"]
    assert {r["kind"] for r in rows[0]["reasons"]} >= {"eligibility", "purpose", "amount"}


def test_a_program_without_notices_is_matched_itself_and_one_with_notices_through_them(town):
    """The starter catalog's SLCGP (97.137) has no notice: it is ranked as the program. Once a
    round of it is imported, the round is ranked instead (once), carrying the program's
    at-risk flag and "through the state" (SLCGP: states apply, cities are subrecipients)."""
    from civicshift.funding.services_import import catalog_load

    maple, _editor, initiative = town
    catalog_load()
    need = matching.need_for(initiative)
    found = matching.matches_for(maple, need, today=date(2026, 12, 2), limit=50)
    slcgp = [r for r in found if r.program is not None and r.program.key == "97.137"]
    assert len(slcgp) == 1 and slcgp[0].notice is None
    assert slcgp[0].url_name == "funding:program" and slcgp[0].match.status == "at_risk"
    assert slcgp[0].match.eligible is True  # a city, through its state
    rounds = (
        "program_id,title,aln_numbers,eligible_applicants,close_date,purposes,description\n"
        "slcgp-26,SLCGP fiscal year 2026,97.137,00,2099-01-30,cybersecurity,"
        "Ransomware protection and backups for local governments\n"
    )
    funding_import(actor=None, source=rounds.encode(), name="r.csv", full_extract=False)
    found = matching.matches_for(maple, need, today=date(2026, 12, 2), limit=50)
    slcgp = [r for r in found if r.program is not None and r.program.key == "97.137"]
    assert [r.notice.opportunity_id for r in slcgp] == ["slcgp-26"]
    assert slcgp[0].match.status == "at_risk" and slcgp[0].match.eligible is True
    refs = matching.match_refs(slcgp[0])
    assert refs["program"]["key"] == "97.137" and refs["notice"]["opportunity_id"] == "slcgp-26"
