"""Search by purpose over the starter catalog (core/data/funding_programs.yaml): each expected
result argued from the programs' text and eligibility codes."""

from __future__ import annotations

from datetime import date

import pytest

from civicshift.core.funding import MatchIndex
from civicshift.core.funding.catalog import load_catalog
from civicshift.core.funding.search import APPLICANT_FOR_KIND, search

TODAY = date(2026, 12, 3)


@pytest.fixture(scope="module")
def index():
    return MatchIndex([c.program for c in load_catalog().programs])


def keys(results):
    return [m.program.key for m in results]


def test_exclude_word_drops_the_rural_program(index):
    # Community Facilities is the only public-safety program whose text says "rural".
    found = keys(search(index, "police equipment", today=TODAY, applicant_type="02"))
    assert "usda-community-facilities" in found
    excluded = keys(
        search(index, "police equipment", today=TODAY, applicant_type="02", exclude=("rural",))
    )
    assert "usda-community-facilities" not in excluded and "cops-ctep" in excluded


def test_include_word_keeps_only_programs_holding_it(index):
    # Of the public-safety programs only CTEP says "dispatch" ("computer aided dispatch").
    assert keys(
        search(index, "police", today=TODAY, applicant_type="02", include=("dispatch",))
    ) == ["cops-ctep"]


def test_through_the_state_programs_are_eligible_for_a_city_not_a_nonprofit(index):
    # SLCGP lists only state governments (00) and is via_state: a city (02) reaches it through
    # its state; a nonprofit (12) does not.
    city = keys(search(index, "", purposes=("cybersecurity",), today=TODAY, applicant_type="02"))
    nonprofit = keys(
        search(index, "", purposes=("cybersecurity",), today=TODAY, applicant_type="12")
    )
    assert city == ["slcgp"] and nonprofit == []


def test_scores_are_relative_to_the_best_and_sort_by_due_keeps_the_set(index):
    by_relevance = search(index, "police equipment", today=TODAY, applicant_type="02")
    assert by_relevance[0].score == 100.0
    assert [m.score for m in by_relevance] == sorted((m.score for m in by_relevance), reverse=True)
    by_due = search(index, "police equipment", today=TODAY, applicant_type="02", sort="due")
    assert set(keys(by_due)) == set(keys(by_relevance))


def test_every_kind_of_organization_has_an_applicant_code():
    from civicshift.core.funding.codes import APPLICANT_TYPES

    assert all(code == "" or code in APPLICANT_TYPES for code in APPLICANT_FOR_KIND.values())
    assert APPLICANT_FOR_KIND["county"] == "01" and APPLICANT_FOR_KIND["town"] == "02"
