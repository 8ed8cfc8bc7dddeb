"""The starter catalog: every program real, sourced and dated; the facts the session could
check against public sources (cited in the file) are asserted here."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from civicshift.core.funding import InitiativeNeed, MatchIndex
from civicshift.core.funding.catalog import CatalogError, catalog_from_data, load_catalog


def test_catalog_loads_and_every_program_is_sourced_and_dated():
    catalog = load_catalog()
    keys = {p.program.key for p in catalog.programs}
    assert {
        "slcgp",
        "smart",
        "byrne-jag",
        "cdbg-entitlement",
        "usda-community-facilities",
        "bric",
        "bead",
        "cops-ctep",
    } <= keys
    for entry in catalog.programs:
        assert entry.source and entry.link.startswith("https://")
        assert entry.facts_last_checked <= date.today()


def test_facts_checked_against_public_sources():
    by_key = {p.program.key: p for p in load_catalog().programs}
    # FEMA SLCGP FAQ: states and territories are the only eligible entities; locals subrecipients.
    assert by_key["slcgp"].aln_numbers == ("97.137",) and by_key["slcgp"].via_state
    assert by_key["slcgp"].program.eligible_applicants == ("00",)
    # USDOT: "the SMART Grants Program does not have a matching funds requirement".
    assert by_key["smart"].program.local_match_share == Decimal(0)
    assert by_key["smart"].aln_numbers == ("20.941",)
    # FEMA ended BRIC on 2025-04-04; courts barred termination; still frozen in February 2026.
    assert by_key["bric"].program.status == "at_risk"
    # NTIA terminated the Digital Equity Act programs on 2025-05-09.
    assert by_key["digital-equity-competitive"].program.status == "lapsed"
    # USDA CF: grants up to 75 % of the project, towns up to 20,000 residents.
    assert by_key["usda-community-facilities"].program.local_match_share == Decimal("0.25")


def test_catalog_matches_a_city_initiative():
    programs = [p.program for p in load_catalog().programs]
    index = MatchIndex(programs)
    need = InitiativeNeed(
        "smart traffic signals and connected vehicle sensors",
        applicant_type="02",
        funding_gap=Decimal(1_000_000),
    )
    matches = index.match(need, today=date(2026, 12, 2))
    assert matches[0].program.key == "smart"
    assert matches[0].eligible is True


def test_catalog_errors_name_the_program_and_field():
    data = {
        "id": "x",
        "version": "1",
        "programs": [
            {
                "key": "a",
                "title": "A",
                "agency": "Ag",
                "link": "https://x",
                "source": "s",
                "description": "d",
                "facts_last_checked": date(2026, 1, 1),
                "eligible_applicants": ["03"],
                "purposes": ["cybersecurity"],
                "instrument": "loan",
            }
        ],
    }
    with pytest.raises(CatalogError, match=r"program 1 \(a\), eligible_applicants"):
        catalog_from_data(data)


def test_a_city_reaches_a_pass_through_program_through_its_state():
    """FEMA's SLCGP FAQ: "states and territories are the only eligible entities. Local and
    Tribal governments are eligible subrecipients" — so a city (02) or county (01) is eligible
    through its state and told so, while a nonprofit (12) is not, and a state-only program that
    passes nothing on (Byrne JAG's state award, listed as 00 without via_state) stays closed
    to a city."""
    catalog = load_catalog()
    index = MatchIndex([entry.program for entry in catalog.programs])
    need = dict(
        description="ransomware protection: immutable offsite backups of the city's servers",
        funding_gap=Decimal(150_000),
        preparation_days=30,
        local_match_capacity=Decimal(50_000),
    )
    for code in ("02", "01"):
        matches = index.match(InitiativeNeed(applicant_type=code, **need), today=date(2026, 12, 2))
        slcgp = next(m for m in matches if m.program.key == "slcgp")
        assert slcgp.eligible is True
        assert "through your state" in slcgp.reasons[0].text
    nonprofit = index.match(InitiativeNeed(applicant_type="12", **need), today=date(2026, 12, 2))
    assert "slcgp" not in [m.program.key for m in nonprofit]
