"""The digest's folding of recorded changes (``core.funding.digest``): each case states the
imports that happened after the visit and what a reader must be told, no database."""

from datetime import UTC, date, datetime

from civicshift.core.funding.digest import DueMove, EntryChange, count, news_of


def at(hour: int) -> datetime:
    return datetime(2026, 12, 1, hour, tzinfo=UTC)


def test_a_created_entry_is_new_whatever_else_changed_after():
    news = news_of(
        [
            EntryChange("7", "updated", at(3), {"close_date": ["2027-01-30", "2027-02-28"]}),
            EntryChange("7", "created", at(1)),
        ]
    )
    assert news["7"].is_new and news["7"].due_moves == ()
    assert news["7"].last_at == at(3)


def test_two_moves_of_the_due_date_read_from_the_first_date_to_the_last():
    news = news_of(
        [
            EntryChange("7", "updated", at(2), {"close_date": ["2027-02-28", "2027-03-31"]}),
            EntryChange("7", "updated", at(1), {"close_date": ["2027-01-30", "2027-02-28"]}),
        ]
    )
    assert news["7"].due_moves == (DueMove("close_date", date(2027, 1, 30), date(2027, 3, 31)),)
    assert not news["7"].is_new and news["7"].other_fields == ()


def test_a_date_moved_and_moved_back_is_no_news():
    news = news_of(
        [
            EntryChange("7", "updated", at(1), {"close_date": ["2027-01-30", "2027-02-28"]}),
            EntryChange("7", "updated", at(2), {"close_date": ["2027-02-28", "2027-01-30"]}),
        ]
    )
    assert news == {}


def test_forecast_to_posted_from_the_flag_or_from_the_stated_status():
    news = news_of(
        [
            EntryChange("1", "updated", at(1), {"is_forecast": [True, False]}),
            EntryChange("2", "updated", at(1), {"source_status": ["forecasted", "posted"]}),
            EntryChange("3", "updated", at(1), {"source_status": ["posted", "closed"]}),
        ]
    )
    assert news["1"].now_open and news["2"].now_open
    # posted → closed is not news here: a closed notice leaves the digest's open-only search.
    assert "3" not in news


def test_other_fields_are_named_and_own_line_fields_are_not_repeated():
    news = news_of(
        [
            EntryChange(
                "p4",
                "updated",
                at(1),
                {
                    "award_ceiling": ["100000.00", "250000.00"],
                    "forecast_close_date": [None, "2027-05-01"],
                    "is_forecast": [True, True],
                },
            ),
            EntryChange("p5", "restored", at(1), {"withdrawn_at": ["2026-11-01T00:00:00", None]}),
        ]
    )
    assert news["p4"].other_fields == ("award_ceiling",)
    assert news["p4"].due_moves == (DueMove("forecast_close_date", None, date(2027, 5, 1)),)
    assert news["p5"].restored and news["p5"].other_fields == ()
    counted = count(news.values(), left_out_ineligible=3)
    assert (counted.listed, counted.due_moved, counted.restored, counted.other) == (2, 1, 1, 1)
    assert counted.left_out_ineligible == 3 and counted.new == 0
