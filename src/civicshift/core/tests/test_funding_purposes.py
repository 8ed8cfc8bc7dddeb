"""The analyzer of funding search and matching: stop words, the light stem, purpose synonyms.

Every expected ranking below is argued from the programs' own text (the starter catalog,
core/data/funding_programs.yaml, or the short texts written here), not copied from output.
"""

from __future__ import annotations

from datetime import date

import pytest

from civicshift.core.funding import FundingProgram, InitiativeNeed, MatchIndex
from civicshift.core.funding.bm25 import stem, tokenize
from civicshift.core.funding.catalog import load_catalog
from civicshift.core.funding.purposes import (
    EXPANSION_WEIGHT,
    PurposeTermsError,
    analyze_query,
    describe_terms,
    document_tokens,
    marker,
    read_terms,
)

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        # Porter (1980), step 1b examples: "plastered" -> "plaster", "motoring" -> "motor",
        # "conflated" -> "conflate" (at + e), "hopping" -> "hop" (undoubled), "falling" ->
        # "fall" (l is not undoubled), "sing" and "bed" unchanged (no vowel / too short left),
        # "agreed" unchanged (-eed is step 1b's own rule, not "-ed").
        ("plastered", "plaster"),
        ("motoring", "motor"),
        ("conflated", "conflate"),
        ("hopping", "hop"),
        ("falling", "fall"),
        ("sing", "sing"),
        ("bed", "bed"),
        ("agreed", "agreed"),
        # A final "c" gets its "e" back, so the verb meets the noun.
        ("policing", "police"),
    ],
)
def test_light_stem_follows_porter_step_1b(word, expected):
    assert stem(word) == expected


def test_particles_are_stop_words():
    # "towns of up to 20,000 residents" (Community Facilities) must not meet "set up backups".
    assert tokenize("towns of up to 20,000 residents") == ["town", "20", "000", "resident"]
    assert tokenize("set up backups") == ["set", "backup"]


def test_query_drops_words_that_only_say_grant_and_expands_purposes():
    weights = analyze_query("grants for police equipment")
    assert "grant" not in weights
    assert weights["police"] == 1.0 and weights["equipment"] == 1.0
    # police -> public safety (purpose words) and law enforcement (synonym group), at half.
    assert weights[marker("public_safety")] == EXPANSION_WEIGHT
    assert weights["law"] == weights["enforcement"] == EXPANSION_WEIGHT


def test_label_words_share_the_expansion_weight():
    # Transportation and smart mobility has two label words: they share the half weight, so
    # a purpose with a long label is not worth more than one with a short label.
    weights = analyze_query("traffic signals")
    assert weights["transportation"] + weights["mobility"] == pytest.approx(EXPANSION_WEIGHT)
    assert analyze_query("ransomware")["cybersecurity"] == EXPANSION_WEIGHT


def test_a_purpose_given_explicitly_counts_fully():
    assert analyze_query("", purposes=("energy",))[marker("energy")] == 1.0


def test_document_tokens_carry_one_marker_per_purpose():
    tokens = document_tokens("Radios", ("public_safety",))
    assert tokens == ["radio", "safety", marker("public_safety")]
    assert describe_terms([marker("public_safety"), "radio"]) == [
        "purpose: Public safety",
        "radio",
    ]


def test_vocabulary_file_errors_name_the_purpose():
    with pytest.raises(PurposeTermsError, match="knitting"):
        read_terms({"purposes": {"knitting": {"words": ["yarn"]}}})
    with pytest.raises(PurposeTermsError, match="purposes"):
        read_terms({})


@pytest.fixture(scope="module")
def catalog_index():
    return MatchIndex([c.program for c in load_catalog().programs])


def _ranked(index, text):
    need = InitiativeNeed(description=text)
    return [m.program.key for m in index.match(need, today=TODAY, open_only=False)]


def test_backups_initiative_reaches_slcgp_not_community_facilities(catalog_index):
    # The example. SLCGP's text never says "backup", but it funds cybersecurity
    # (purposes: [cybersecurity]) and the CISA CPGs count backups as a cybersecurity goal.
    # Community Facilities shared only "up" ("towns of up to 20,000") with "set up offline
    # backups", now a stop word, so it no longer matches at all.
    ranked = _ranked(catalog_index, "Set up offline backups of the city servers")
    assert ranked[0] == "slcgp"
    assert "usda-community-facilities" not in ranked


def test_police_equipment_ranks_the_public_safety_programs_first(catalog_index):
    # CTEP ("law enforcement technology and equipment"), JAG ("law enforcement equipment")
    # and Community Facilities ("police and fire stations ... equipment") all fund public
    # safety and say "equipment"; SMART shares only the word "safety" ("safety" in its text),
    # BEAD (broadband) nothing. So the three come first, in any order, SMART after them.
    ranked = _ranked(catalog_index, "grants for police equipment")
    assert set(ranked[:3]) == {"cops-ctep", "byrne-jag", "usda-community-facilities"}
    assert "bead" not in ranked
    cops = next(
        m
        for m in catalog_index.match(
            InitiativeNeed(description="police equipment"), today=TODAY, open_only=False
        )
        if m.program.key == "cops-ctep"
    )
    # CTEP's text says "law enforcement", never "police": the synonym group found it.
    assert {"law", "enforcement"} <= set(cops.matched_terms)


def test_own_words_outrank_a_purpose_reached_through_a_synonym():
    # Both programs fund cybersecurity; only "vault" says "backup". The query's own word
    # (weight 1) outranks the purpose it names (weight 1/2), the documents being as long.
    programs = [
        FundingProgram("shield", "Shield", "cyber plans", purposes=("cybersecurity",)),
        FundingProgram("vault", "Vault", "backup plans", purposes=("cybersecurity",)),
    ]
    ranked = [
        m.program.key
        for m in MatchIndex(programs).match(
            InitiativeNeed(description="backups"), today=TODAY, open_only=False
        )
    ]
    assert ranked == ["vault", "shield"]
