"""The application pipeline's rules (``core/funding/pipeline.py``).

References: fiscal years are named by the calendar year they end in (the federal fiscal year
2027 runs 1 October 2026 to 30 September 2027, 31 U.S.C. 1102; a July-start city's FY2027 runs
1 July 2026 to 30 June 2027); SAM.gov registrations must be active while an application is
under consideration (2 CFR 25.200(b)); the Single Audit threshold is $1,000,000 of federal
expenditure in a fiscal year, "or more" (2 CFR 200.501(a) as revised in 2024)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from civicshift.core.funding import pipeline
from civicshift.core.funding.uniform_guidance import PlannedFederalAmount, single_audit_flags


@pytest.mark.parametrize(
    ("day", "start", "year"),
    [
        (date(2026, 10, 1), 10, 2027),  # first day of federal FY2027
        (date(2026, 9, 30), 10, 2026),  # last day of federal FY2026
        (date(2026, 7, 1), 7, 2027),
        (date(2026, 6, 30), 7, 2026),
        (date(2026, 12, 31), 1, 2026),  # calendar-year fiscal year
    ],
)
def test_fiscal_year_is_named_by_the_year_it_ends_in(day, start, year):
    assert pipeline.fiscal_year_of(day, start) == year


def test_the_usual_path_and_its_corrections_are_allowed():
    path = [
        pipeline.RESEARCHING,
        pipeline.DRAFTING,
        pipeline.SUBMITTED,
        pipeline.AWARDED,
    ]
    for current, new in zip(path, path[1:], strict=False):
        pipeline.check_move(current, new, amount_awarded=Decimal("50000"))
    pipeline.check_move(pipeline.DECLINED, pipeline.AWARDED, amount_awarded=Decimal(1))
    pipeline.check_move(pipeline.PASSED_OVER, pipeline.RESEARCHING)


@pytest.mark.parametrize(
    ("current", "new"),
    [
        (pipeline.RESEARCHING, pipeline.SUBMITTED),  # a draft comes first
        (pipeline.RESEARCHING, pipeline.AWARDED),
        (pipeline.SUBMITTED, pipeline.PASSED_OVER),  # once submitted, withdraw instead
        (pipeline.AWARDED, pipeline.RESEARCHING),
    ],
)
def test_skipping_or_reversing_a_decision_is_refused(current, new):
    with pytest.raises(pipeline.MoveError) as caught:
        pipeline.check_move(current, new, pass_reason="other", amount_awarded=Decimal(1))
    assert caught.value.field == "stage"


def test_passing_over_needs_a_coded_reason_and_an_award_its_amount():
    with pytest.raises(pipeline.MoveError) as caught:
        pipeline.check_move(pipeline.RESEARCHING, pipeline.PASSED_OVER)
    assert caught.value.field == "pass_reason"
    with pytest.raises(pipeline.MoveError):
        pipeline.check_move(pipeline.RESEARCHING, pipeline.PASSED_OVER, pass_reason="because")
    pipeline.check_move(pipeline.RESEARCHING, pipeline.PASSED_OVER, pass_reason="local_match")
    with pytest.raises(pipeline.MoveError) as caught:
        pipeline.check_move(pipeline.SUBMITTED, pipeline.AWARDED, amount_awarded=Decimal(0))
    assert caught.value.field == "amount_awarded"
    with pytest.raises(pipeline.MoveError):
        pipeline.check_move(pipeline.SUBMITTED, "granted")


def test_sam_registration_flags():
    today = date(2026, 12, 1)
    assert pipeline.sam_registration_flag(None, today=today).level == "missing"
    assert pipeline.sam_registration_flag(date(2026, 11, 30), today=today).level == "expired"
    before_due = pipeline.sam_registration_flag(
        date(2027, 3, 1), today=today, due_dates=[date(2027, 2, 1), date(2027, 4, 15)]
    )
    assert before_due.level == "expires_before_due" and "2027-04-15" in before_due.message
    soon = pipeline.sam_registration_flag(date(2027, 1, 15), today=today)
    assert soon.level == "expires_soon"  # 45 days ahead, inside the 60-day renewal margin
    assert pipeline.sam_registration_flag(date(2027, 6, 1), today=today) is None
    # Due on the expiry day itself: still active that day.
    assert (
        pipeline.sam_registration_flag(date(2027, 6, 1), today=today, due_dates=[date(2027, 6, 1)])
        is None
    )


def test_upcoming_keeps_overdue_and_the_window_soonest_first():
    today = date(2026, 12, 1)
    items = [
        pipeline.Deadline(date(2027, 1, 30), "application", "SLCGP"),
        pipeline.Deadline(date(2026, 11, 20), "document", "Budget"),  # overdue
        pipeline.Deadline(date(2026, 12, 31), "report", "Quarterly report"),  # day 30
        pipeline.Deadline(date(2027, 1, 1), "registration", "SAM.gov"),  # day 31
    ]
    assert [d.title for d in pipeline.upcoming(items, today=today, days=30)] == [
        "Budget",
        "Quarterly report",
    ]
    assert len(pipeline.upcoming(items, today=today, days=60)) == 4


def test_planned_amounts_feed_the_single_audit_check():
    """Two awards in FY2027 summing to exactly $1,000,000 reach the threshold ("$1,000,000
    or more"); a declined application counts for nothing."""
    rows = [
        (2027, pipeline.AWARDED, Decimal("600000"), Decimal("600000")),
        (2027, pipeline.SUBMITTED, Decimal("400000"), None),
        (2027, pipeline.DECLINED, Decimal("900000"), None),
        (2028, pipeline.DRAFTING, Decimal("999999.99"), None),
    ]
    planned = [
        PlannedFederalAmount(year, pipeline.planned_amount(stage, req, award))
        for year, stage, req, award in rows
        if pipeline.planned_amount(stage, req, award) is not None
    ]
    flags = {f.fiscal_year: f for f in single_audit_flags(planned)}
    assert flags[2027].total == Decimal("1000000") and flags[2027].crosses
    assert not flags[2028].crosses
