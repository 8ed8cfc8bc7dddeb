"""The next-round estimate (``civicshift.core.funding.next_round``).

Reference values: calendar arithmetic (a month added to 31 January 2024 is 29 February 2024,
2024 being a leap year; to 31 January 2025, 28 February 2025), the federal fiscal year ending
on 30 September (31 U.S.C. 1102), and the recurrence texts of the project's starter catalog
(``core/data/funding_programs.yaml``), read as a grants coordinator reads them."""

from __future__ import annotations

from datetime import date

import pytest

from civicshift.core.funding.next_round import (
    NextRound,
    PastRound,
    Recurrence,
    add_months,
    estimate_next_round,
    parse_recurrence,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("annual", Recurrence("periodic", 12)),
        ("Annually", Recurrence("periodic", 12)),
        ("semiannual", Recurrence("periodic", 6)),
        ("twice a year", Recurrence("periodic", 6)),
        ("biennial", Recurrence("periodic", 24)),
        ("every two years", Recurrence("periodic", 24)),
        ("quarterly", Recurrence("periodic", 3)),
        ("rolling (applications accepted year-round)", Recurrence("rolling")),
        ("one-time allocation (IIJA), subgranted by states", Recurrence("one_time")),
        ("none (terminated)", Recurrence("one_time")),
        (
            "annual, FY2022-FY2026 ($100 million a year under the IIJA)",
            Recurrence("periodic", 12, 2026),
        ),
        (
            "annual (FY2022-FY2025 appropriations under the Infrastructure Investment and "
            "Jobs Act)",
            Recurrence("periodic", 12, 2025),
        ),
        ("annual until FY2023 notices; frozen since April 2025", Recurrence("paused", None, 2023)),
        ("annual through FY2027", Recurrence("periodic", 12, 2027)),
        ("", Recurrence("unknown")),
        ("when Congress appropriates", Recurrence("unknown")),
    ],
)
def test_the_recurrence_text_is_read(text, expected):
    assert parse_recurrence(text) == expected


def test_months_are_added_with_the_day_clamped():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)  # leap year
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2025, 11, 15), 3) == date(2026, 2, 15)
    assert add_months(date(2025, 3, 3), 24) == date(2027, 3, 3)


def test_annual_counts_a_year_from_the_last_post_date():
    rounds = [
        PastRound(date(2024, 3, 1), date(2024, 5, 30)),
        PastRound(date(2025, 3, 3), date(2025, 5, 30)),
    ]
    found = estimate_next_round("annual", rounds, today=date(2025, 8, 1))
    assert found == NextRound(
        "expected",
        expected=date(2026, 3, 1),
        anchor="post",
        last=rounds[1],
        months=12,
        skipped=0,
    )


def test_a_past_estimate_rolls_forward_and_counts_the_rounds_not_in_the_catalog():
    last = PastRound(date(2023, 4, 10), date(2023, 6, 15))
    found = estimate_next_round("annual", [last], today=date(2025, 9, 1))
    # 2024-04-10 and 2025-04-10 are past: the next is 2026-04-10, two rounds skipped.
    assert (found.kind, found.expected, found.skipped) == ("expected", date(2026, 4, 1), 2)


def test_the_estimate_on_the_day_itself_is_not_rolled_forward():
    last = PastRound(date(2025, 3, 3), None)
    found = estimate_next_round("annual", [last], today=date(2026, 3, 3))
    assert (found.expected, found.skipped) == (date(2026, 3, 1), 0)


def test_without_a_post_date_the_close_date_is_counted_from():
    last = PastRound(None, date(2025, 6, 30))
    found = estimate_next_round("biennial", [last], today=date(2025, 7, 1))
    assert (found.kind, found.anchor, found.expected) == ("expected", "close", date(2027, 6, 1))


def test_past_the_last_funded_fiscal_year_no_round_is_expected():
    last = PastRound(date(2025, 11, 1), date(2026, 1, 15))
    # FY2026 ends 30 September 2026; the next round (November 2026) is after it.
    found = estimate_next_round("annual, FY2022-FY2026", [last], today=date(2026, 2, 1))
    assert (found.kind, found.expected, found.through_fiscal_year) == (
        "ended",
        date(2026, 11, 1),
        2026,
    )
    # Within the last funded year, the estimate stands.
    earlier = PastRound(date(2024, 8, 1), date(2024, 10, 1))
    within = estimate_next_round("annual, FY2022-FY2026", [earlier], today=date(2024, 12, 1))
    assert (within.kind, within.expected) == ("expected", date(2025, 8, 1))


def test_lapsed_rolling_one_time_paused_unknown_and_no_rounds_give_no_date():
    last = [PastRound(date(2025, 3, 3), date(2025, 5, 30))]
    today = date(2025, 9, 1)
    assert estimate_next_round("annual", last, today=today, lapsed=True) == NextRound("lapsed")
    for text, kind in (
        ("rolling", "rolling"),
        ("one-time", "one_time"),
        ("frozen since April 2025", "paused"),
        ("", "unknown"),
    ):
        found = estimate_next_round(text, last, today=today)
        assert (found.kind, found.expected) == (kind, None)
    assert estimate_next_round("annual", [], today=today).kind == "no_rounds"
    assert estimate_next_round("annual", [PastRound(None, None)], today=today).kind == "no_rounds"
