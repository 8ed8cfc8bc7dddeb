"""The one parser of duration text, with its two grammars (typed in a form; read from a plan file).

References for the conversions: Microsoft Project's defaults, "Hours per day 8, hours per week 40,
days per month 20" (Project Options › Schedule › Calendar options; Microsoft Support, "Change the
working days and hours for the project"), so 1d = 480 min, 1w = 2,400 min, 1mo = 20 × 480 min.
Elapsed units are wall-clock time: 1 ed = 24 h, 1 ew = 7 × 24 h (MPXJ's TimeUnit reading, noted in
``../shared/notes/msproject-scheduling.md`` section 1).
"""

from __future__ import annotations

import pytest

from civicshift.core.schedule import durations
from civicshift.core.schedule.durations import PLAN_FILE, TYPED, DurationSyntaxError, Units
from civicshift.core.schedule.model import Duration, Lag

HOUR = 60
DAY = 8 * HOUR  # Project's default hours per day
WEEK = 40 * HOUR  # Project's default hours per week


@pytest.mark.parametrize("grammar", [TYPED, PLAN_FILE])
@pytest.mark.parametrize(
    ("text", "minutes", "elapsed"),
    [
        ("3d", 3 * DAY, False),
        ("4h", 4 * HOUR, False),
        ("2w", 2 * WEEK, False),
        ("1mo", 20 * DAY, False),
        ("30m", 30, False),
        ("2ed", 2 * 24 * HOUR, True),
        ("12eh", 12 * HOUR, True),
        ("1ew", 7 * 24 * HOUR, True),
        ("1.5d", 12 * HOUR, False),
        ("0d", 0, False),
    ],
)
def test_both_grammars_read_the_plain_forms_alike(grammar, text, minutes, elapsed):
    amount = durations.read(text, grammar=grammar)
    assert (amount.minutes, amount.elapsed, amount.percent) == (minutes, elapsed, None)


def test_units_follow_the_plans_settings_not_the_calendar():
    # A 7.5-hour day and 37.5-hour week (Project: hours per day 7.5, per week 37.5).
    units = Units(minutes_per_day=450, minutes_per_week=2250, days_per_month=20)
    assert durations.read("2d", units, grammar=PLAN_FILE).minutes == 900
    assert durations.read("1w", units).minutes == 2250
    assert durations.read("1mo", units).minutes == 20 * 450
    assert durations.read("1ed", units).minutes == 24 * HOUR  # elapsed: unchanged


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("1,5d", 12 * HOUR), ("3", 3 * DAY), (" 3 D ", 3 * DAY), ("2 H", 2 * HOUR), ("0,25w", 600)],
)
def test_typed_text_is_forgiving(text, minutes):
    assert durations.read(text, grammar=TYPED).minutes == minutes


@pytest.mark.parametrize("text", ["1,5d", "3", "3 d", "3D", "d", "3x", "--1d"])
def test_plan_file_text_is_strict(text):
    with pytest.raises(DurationSyntaxError, match="is not a duration"):
        durations.read(text, grammar=PLAN_FILE)


def test_negative_and_percent_only_where_allowed():
    with pytest.raises(DurationSyntaxError, match="cannot be negative"):
        durations.read("-1d")
    with pytest.raises(DurationSyntaxError, match="only allowed for a lag"):
        durations.read("50%")
    assert durations.read_lag("-1d", grammar=PLAN_FILE) == Lag(-DAY, False, None, "d")
    assert durations.read_lag("50%", grammar=PLAN_FILE) == Lag(0, False, 50.0, "%")
    assert durations.read_lag("25e%", grammar=PLAN_FILE) == Lag(0, True, 25.0, "e%")
    assert durations.read_duration("2ed", grammar=PLAN_FILE) == Duration(2 * 1440, True, "ed")


def test_typed_lag_percent_has_no_elapsed_form():
    # The form stores a percentage without an elapsed flag, so it refuses "e%" and says why.
    with pytest.raises(DurationSyntaxError, match="without “e”"):
        durations.read("50e%", allow_percent=True)


def test_parse_keeps_the_forms_contract():
    assert durations.parse("1,5") == (Duration(12 * HOUR, unit="d"), None)
    assert durations.parse("50 %", allow_percent=True) == (Duration(0, unit="d"), 50.0)
    assert durations.parse("2", default_unit="h") == (Duration(2 * HOUR, unit="h"), None)
    with pytest.raises(DurationSyntaxError, match="e.g. 3d, 4h, 2w"):
        durations.parse("soon")


def test_format_reads_back():
    for text in ("3d", "4h", "2w", "2ed", "1.5d"):
        amount = durations.read(text)
        assert durations.format(amount.duration()) == text
