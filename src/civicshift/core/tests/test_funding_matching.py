"""Matching: each criterion checked on programs built so the expected answer is plain.

Amounts and local match follow from arithmetic stated beside each test; BM25 itself is checked
against a worked example in test_funding_bm25.py.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from civicshift.core.funding import FundingProgram, InitiativeNeed, MatchIndex

TODAY = date(2026, 12, 2)
POLICE = "police body cameras and records management equipment"
PROGRAMS = [
    FundingProgram(
        "cops",
        "COPS Technology and Equipment",
        POLICE,
        eligible_applicants=("02", "01"),
        award_floor=Decimal(50_000),
        award_ceiling=Decimal(500_000),
        close_date=date(2027, 3, 1),
    ),
    FundingProgram(
        "jag",
        "Byrne Justice Assistance Grant",
        "police equipment and training",
        eligible_applicants=("00",),
        close_date=date(2027, 2, 1),
    ),
    FundingProgram(
        "slcgp",
        "State and Local Cybersecurity Grant Program",
        "cybersecurity ransomware protection for local governments",
        eligible_applicants=("99",),
        award_ceiling=Decimal(100_000),
        local_match_share=Decimal("0.4"),
        close_date=date(2026, 12, 20),
    ),
    FundingProgram(
        "text",
        "Community technology",
        "police and library technology",
        eligible_applicants=("25",),
    ),
    FundingProgram(
        "old",
        "Police equipment 2020",
        POLICE,
        eligible_applicants=("02",),
        close_date=date(2020, 5, 1),
    ),
]


@pytest.fixture(scope="module")
def index():
    return MatchIndex(PROGRAMS)


def _need(**kwargs):
    base = {
        "description": "new police body cameras",
        "applicant_type": "02",
        "funding_gap": Decimal(200_000),
        "preparation_days": 30,
        "local_match_capacity": Decimal(20_000),
    }
    base.update(kwargs)
    return InitiativeNeed(**base)


def _reason(match, kind):
    return next(r for r in match.reasons if r.kind == kind)


def test_ineligible_excluded_closed_left_out_and_best_first(index):
    keys = [m.program.key for m in index.match(_need(), today=TODAY)]
    assert keys[0] == "cops"
    assert "jag" not in keys  # state governments only (00)
    assert "old" not in keys  # closed in 2020
    assert "text" in keys  # code 25: check the text, kept and flagged


def test_ineligible_ranked_last_and_flagged_when_asked(index):
    matches = index.match(_need(), today=TODAY, include_ineligible=True)
    assert matches[-1].program.key == "jag"
    assert matches[-1].eligible is False
    assert _reason(matches[-1], "eligibility").text.startswith("Not eligible")
    flagged = next(m for m in matches if m.program.key == "text")
    assert flagged.eligible is None and _reason(flagged, "eligibility").passed is None


def test_amount_fit(index):
    (cops,) = [m for m in index.match(_need(), today=TODAY) if m.program.key == "cops"]
    assert _reason(cops, "amount").score == 1.0  # 200,000 within 50,000–500,000
    small = index.match(_need(funding_gap=Decimal(20_000)), today=TODAY)
    cops_small = next(m for m in small if m.program.key == "cops")
    assert _reason(cops_small, "amount").score == 0.5
    assert "$50,000" in _reason(cops_small, "amount").text


def test_amount_over_ceiling_and_local_match(index):
    need = _need(description="ransomware protection", funding_gap=Decimal(300_000))
    (slcgp,) = index.match(need, today=TODAY)
    # Ceiling 100,000 of a 300,000 gap: 1/3.
    assert _reason(slcgp, "amount").score == pytest.approx(1 / 3)
    # Match for a 40 % non-federal share: 300,000 × 0.4 / 0.6 = 200,000; capacity 20,000: 0.1.
    match = _reason(slcgp, "match")
    assert match.score == pytest.approx(0.1)
    assert "$200,000" in match.text and "$20,000" in match.text


def test_deadline_feasibility(index):
    need = _need(description="ransomware protection", preparation_days=36)
    (slcgp,) = index.match(need, today=TODAY)
    # 2026-12-02 → 2026-12-20 is 18 days of the 36 needed: 0.5.
    deadline = _reason(slcgp, "deadline")
    assert deadline.score == pytest.approx(0.5)
    assert deadline.text == "Due 2026-12-20: only 18 days, you need 36."


def test_purpose_fit_names_the_matched_terms(index):
    cops = index.match(_need(), today=TODAY)[0]
    assert cops.matched_terms == ("police", "body", "camera")
    assert _reason(cops, "purpose").score == 1.0


def test_include_exclude_and_sort_by_due(index):
    keys = [
        m.program.key
        for m in index.match(
            _need(description="police technology"), today=TODAY, include=["library"]
        )
    ]
    assert keys == ["text"]
    keys = [
        m.program.key
        for m in index.match(
            _need(description="police technology"), today=TODAY, exclude=["library"]
        )
    ]
    assert "text" not in keys
    by_due = index.match(_need(description="police ransomware"), today=TODAY, sort="due")
    dues = [m.due for m in by_due if m.due]
    assert dues == sorted(dues)


def test_score_is_the_weighted_sum(index):
    cops = index.match(_need(), today=TODAY)[0]
    parts = {r.kind: r.score for r in cops.reasons}
    expected = 100 * (
        0.5 * parts["purpose"]
        + 0.2 * parts["amount"]
        + 0.15 * parts["deadline"]
        + 0.15 * parts["match"]
    )
    assert cops.score == pytest.approx(expected, abs=0.05)
