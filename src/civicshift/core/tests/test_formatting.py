"""One way to write money, percentages, dates and times (Unicode CLDR patterns, via Babel)."""

import datetime as dt
from decimal import Decimal

import pytest

from civicshift.core import formatting


@pytest.mark.parametrize("value", [1396387.6, -250000.0, 2500000.5, 2500001.5, 0.0, -0.4])
def test_money_in_us_english_equals_pythons_own_grouping(value):
    # Python's format(x, ",.0f") rounds half to even and groups by thousands: the reference.
    text = format(abs(value), ",.0f")
    sign = "-" if round(value) < 0 else ""
    assert formatting.money(value) == f"{sign}${text}"


def test_money_from_decimals_and_text_rounds_half_to_even():
    assert formatting.money(Decimal("2500000.50")) == "$2,500,000"
    assert formatting.money("2500001.50") == "$2,500,002"
    assert formatting.money(None) == formatting.money("") == formatting.money("n/a") == "—"
    assert formatting.money(float("nan")) == formatting.money(float("inf")) == "—"


def test_locales_put_separators_and_signs_where_cldr_says():
    # CLDR: Spanish groups with "." and writes the symbol after the amount (with a no-break
    # space); German the same with "€"; Canadian French groups with a no-break space. Our
    # patterns always group thousands (Babel applies CLDR's "no grouping below 10,000" for
    # Spanish only to the locale's own pattern), so columns of figures line up.
    assert formatting.money(1234567, "USD", locale="es") == "1.234.567\xa0US$"
    assert formatting.money(1234567, "EUR", locale="de-de") == "1.234.567\xa0€"
    assert formatting.money(1234567, "CAD", locale="fr_CA") == "1\xa0234\xa0567\xa0$"
    assert formatting.money(1000, "EUR") == "€1,000"
    assert formatting.percent(0.0345, locale="es") == "3,5\xa0%"
    assert formatting.number(1234.5, 1, locale="es") == "1.234,5"
    assert formatting.number(12345.5, 1, locale="es") == "12.345,5"


def test_percentages_and_plain_numbers():
    assert formatting.percent(0.0345) == "3.5%"
    assert formatting.percent(0.03, 0) == "3%"
    assert formatting.percent(Decimal("0.0345"), 2) == "3.45%"
    assert formatting.percent(None, missing="not defined") == "not defined"
    assert formatting.amount(-1234.6) == "-1,235"
    assert formatting.number("1234.5678", 2) == "1,234.57"


def test_dates_and_times_in_a_time_zone():
    moment = dt.datetime(2026, 3, 3, 19, 5, tzinfo=dt.UTC)
    assert formatting.datetime(moment, "America/New_York") == "March 3, 2026, 2:05\u202fPM"
    assert formatting.datetime(moment, "Pacific/Honolulu") == "March 3, 2026, 9:05\u202fAM"
    assert formatting.datetime(moment, "Europe/Madrid", locale="es") == "3 de marzo de 2026, 20:05"
    assert formatting.datetime(moment.isoformat(), "UTC") == "March 3, 2026, 7:05\u202fPM"
    assert formatting.date("2027-01-15") == "January 15, 2027"
    assert formatting.date(None) == "—"


def test_the_locale_can_be_set_for_a_block_of_work():
    with formatting.use_locale("es"):
        assert formatting.money(1500) == "1.500\xa0US$"
    assert formatting.money(1500) == "$1,500"


def test_compact_money_for_chart_axes_follows_cldr_short_forms():
    # CLDR en: "¤0K", "¤0M", "¤0B"; es: "0 mil ¤", "0 M¤".
    assert formatting.compact_money(1500, "USD", locale="en_US") == "$1.5K"
    assert formatting.compact_money(2_500_000, "USD", locale="en_US") == "$2.5M"
    assert formatting.compact_money(1_200_000_000, "USD", locale="en_US") == "$1.2B"
    assert formatting.compact_money(999, "USD", locale="en_US") == "$999"
    assert formatting.compact_money(1500, "EUR", locale="es") == "1,5\xa0mil\xa0€"


def test_huge_numbers_format_instead_of_raising():
    # Babel quantizes in the decimal context (28 digits by default), which raised
    # InvalidOperation from about 1e25; an IRR of extreme cash flows can be that large.
    # (1e25 as a float is 10,000,000,000,000,000,905,969,664: the float's own digits show.)
    assert formatting.percent(1e25) == "1,000,000,000,000,000,090,596,966,400.0%"
    assert formatting.money(1e30).startswith("$1,000,000,000,000,000,")


@pytest.mark.parametrize("locale", ["en-us", "es", "en_IN", "de_CH", "ar"])
@pytest.mark.parametrize("currency", ["USD", "EUR", "INR"])
def test_money_formatter_gives_money_s_text(locale, currency):
    """The table formatter is ``money`` with its currency and locale fixed: the same text for
    floats (halves rounded to even), numpy floats, Decimals, text, missing and huge values."""
    import numpy as np

    values = [0.0, -0.0, 0.5, 1.5, 2.5, -2.5, 999.5, 1234567.49, -98765.5, 1e25, -1e300]
    values += [float("nan"), float("inf"), None, "", "12.5", Decimal("1234.50"), 7]
    values += [np.float64(1234.5), np.float64(-0.4)]
    fmt = formatting.money_formatter(currency, locale=locale)
    assert [fmt(v) for v in values] == [
        formatting.money(v, currency, locale=locale) for v in values
    ]


@pytest.mark.parametrize("locale", ["en-us", "es", "en_IN", "ar"])
def test_a_column_formatted_at_once_is_each_value_formatted(locale):
    """``many`` (numpy's rint on the column) gives the scalar formatter's text for every value:
    halves to even, negative zero, values near 2**53 and beyond, and non-finite ones."""
    import numpy as np

    rng = np.random.default_rng(7)
    values = rng.normal(0, 1e6, 500).tolist() + [x + 0.5 for x in range(-6, 6)]
    values += [-0.0, 0.49999999999999994, 2.0**53 - 1, -(2.0**53) + 1]
    fmt = formatting.money_formatter("USD", locale=locale)
    assert fmt.many(np.array(values)) == [formatting.money(v, "USD", locale=locale) for v in values]
    beyond = [2.0**53, 1e25, float("nan"), 3.5]
    assert fmt.many(beyond) == [formatting.money(v, "USD", locale=locale) for v in beyond]
    assert fmt.many([]) == []


def test_money_formatter_without_a_locale_uses_the_current_one():
    with formatting.use_locale("es"):
        fmt = formatting.money_formatter("USD")
    # CLDR Spanish: the sign after the amount, "." between thousands.
    assert fmt(1234567.0) == "1.234.567\xa0US$"


def test_a_month_in_words_follows_cldr():
    """CLDR's yMMMM pattern: "MMMM y" in US English, "MMMM 'de' y" in Spanish."""
    from datetime import date

    from civicshift.core.formatting import month

    assert month(date(2027, 3, 1), locale="en_US") == "March 2027"
    assert month(date(2027, 3, 1), locale="es") == "marzo de 2027"
    assert month(None, locale="en_US") == "—"
