"""Money, percentages, numbers, dates and times, formatted one way by locale everywhere.

Pages (the ``civicshift`` template filters), the history, the Word/PDF/Excel documents and the
command line all call these functions, so a figure reads the same wherever it is printed. The
patterns are the Unicode CLDR's, through Babel: "$1,234,568" and "3.5%" in US English,
"1.234.568 US$" and "3,5 %" in Spanish.

Money is rounded to whole units, half to even (the rounding of Python's ``format(x, ",.0f")``),
because a council votes on whole dollars and the documents must agree with the pages.

No Django here: the locale is an argument (``"en_US"``, ``"es"``; Django's ``"en-us"`` is
accepted too). Without one, the locale set with :func:`use_locale` for the current context (the
web sets it for each request from the page's language), else US English.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from collections.abc import Iterator
from contextvars import ContextVar
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation, localcontext
from functools import lru_cache, wraps
from zoneinfo import ZoneInfo

import numpy as np
from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import numbers as babel_numbers

DEFAULT_LOCALE = "en_US"
DASH = "—"

_current_locale: ContextVar[str] = ContextVar("civicshift_locale", default=DEFAULT_LOCALE)


@contextlib.contextmanager
def use_locale(name: str | None) -> Iterator[None]:
    """Format in this locale inside the ``with`` block (for callers that pass none)."""
    token = _current_locale.set(name or DEFAULT_LOCALE)
    try:
        yield
    finally:
        _current_locale.reset(token)


def _locale(name: str | None) -> Locale:
    return _parse_locale(name or _current_locale.get())


@lru_cache(maxsize=64)
def _parse_locale(name: str) -> Locale:
    """A Babel locale from ``en_US``, ``en-us`` or ``es``; US English if unknown."""
    language, _sep, region = name.replace("-", "_").partition("_")
    try:
        return Locale.parse(f"{language.lower()}_{region.upper()}" if region else language)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT_LOCALE)


def _decimal(value) -> Decimal | None:
    """The value as a finite Decimal, or None for missing and non-numbers."""
    if value is None or value == "":
        return None
    if isinstance(value, float):
        return Decimal(value) if math.isfinite(value) else None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _any_size(function):
    """Format any float (up to about 1.8e308): Babel quantizes in the current decimal context,
    whose default 28 digits raise InvalidOperation for amounts of about 1e25 and more (an IRR of
    extreme cash flows can be that large); such a call is done again with 400 digits."""

    @wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except InvalidOperation:
            with localcontext() as context:
                context.prec = 400
                return function(*args, **kwargs)

    return wrapper


def whole_units(value) -> int | None:
    """Round to whole currency units, half to even; None if not a number."""
    number = _decimal(value)
    if number is None:
        return None
    if isinstance(value, float):
        return round(value)
    return int(number.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


@lru_cache(maxsize=64)
def _whole_money_pattern(locale: Locale) -> str:
    """The locale's currency pattern without the decimals (``¤#,##0.00`` → ``¤#,##0``)."""
    pattern = locale.currency_formats["standard"].pattern.split(";")[0]
    integer, _sep, rest = pattern.partition(".")
    return integer + rest.lstrip("0#")


@lru_cache(maxsize=64)
def _whole_money_format(locale: Locale) -> babel_numbers.NumberPattern:
    """The parsed pattern (parsing it is half the cost of a call; a page formats hundreds)."""
    return babel_numbers.parse_pattern(_whole_money_pattern(locale))


@_any_size
def money(value, currency: str = "USD", *, locale: str | None = None) -> str:
    """1234567.5 → '$1,234,568'; -250000 → '-$250,000'; '—' when there is no amount."""
    whole = whole_units(value)
    if whole is None:
        return DASH
    return _whole_money(whole, currency, _locale(locale))


def _babel_whole_money(whole: int, currency: str, loc: Locale) -> str:
    """``babel_numbers.format_currency(whole, currency, format=pattern)``, parsed once."""
    return _whole_money_format(loc).apply(whole, loc, currency=currency, currency_digits=False)


#: Amounts the fast path is checked against Babel with before it is used for a locale.
_PROBES = (0, 7, 42, 999, 1000, 1234, 12345, 123456, 1234567, 12345678901)


@lru_cache(maxsize=256)
def _money_affixes(currency: str, loc: Locale) -> tuple[str, str, str, str, str] | None:
    """(prefix, suffix, negative prefix, negative suffix, group separator) around the digits,
    when the locale groups Latin digits by threes and the fast path gives Babel's text for
    every probe; None otherwise (Indian grouping, other digits, minimum grouping...)."""
    group = babel_numbers.get_group_symbol(loc)
    digits = "1" + group + "234" + group + "567"
    affixes = []
    for sample in (1234567, -1234567):
        text = _babel_whole_money(sample, currency, loc)
        if text.count(digits) != 1:
            return None
        prefix, _sep, suffix = text.partition(digits)
        affixes += [prefix, suffix]
    result = (*affixes, group)
    for probe in _PROBES:
        for value in (probe, -probe):
            if _fast_money(value, result) != _babel_whole_money(value, currency, loc):
                return None
    return result


def _fast_money(whole: int, affixes: tuple[str, str, str, str, str]) -> str:
    prefix, suffix, neg_prefix, neg_suffix, group = affixes
    digits = f"{abs(whole):,}".replace(",", group)
    if whole < 0:
        return neg_prefix + digits + neg_suffix
    return prefix + digits + suffix


def _whole_money(whole: int, currency: str, loc: Locale) -> str:
    """What ``babel_numbers.format_currency(whole, currency, format=pattern)`` gives. A page of
    figures formats hundreds of amounts (the live preview at every keystroke), so the usual
    case, digits grouped by threes, is put together from the locale's affixes found once."""
    affixes = _money_affixes(currency, loc)
    if affixes is None:
        return _babel_whole_money(whole, currency, loc)
    return _fast_money(whole, affixes)


class MoneyFormatter:
    """``money`` with the currency and the locale fixed, for a table of amounts: the same text
    as ``money(value, currency, locale=locale)`` for every value. The locale (the current one
    when ``locale`` is None, as at creation) and its affixes are looked up once; a float is
    rounded and grouped directly (the live preview's cash-flow table has 147 amounts), and
    :meth:`many` rounds a whole column of floats at once."""

    #: Floats from here on are not all whole numbers apart: rounded one by one, as ``money``.
    _EXACT = 2.0**53

    def __init__(self, currency: str = "USD", *, locale: str | None = None):
        self.currency = currency
        self._affixes = _money_affixes(currency, _locale(locale))
        self.locale = locale or _current_locale.get()

    def __call__(self, value) -> str:
        if self._affixes is not None and isinstance(value, float):  # numpy's float64 is one
            # money(): whole_units rounds a float with round(), half to even.
            return _fast_money(round(value), self._affixes) if math.isfinite(value) else DASH
        return money(value, self.currency, locale=self.locale)

    def many(self, values) -> list[str]:
        """``[self(v) for v in values]`` for a column of floats: numpy's ``rint`` rounds half
        to even as ``round`` does, on every value at once."""
        array = np.asarray(values, dtype=float)
        if (
            self._affixes is None
            or array.ndim != 1
            or not np.isfinite(array).all()
            or (array.size and np.abs(array).max() >= self._EXACT)
        ):
            return [self(float(v)) for v in array.ravel()]
        affixes = self._affixes
        return [_fast_money(whole, affixes) for whole in np.rint(array).astype(np.int64).tolist()]


def money_formatter(currency: str = "USD", *, locale: str | None = None) -> MoneyFormatter:
    return MoneyFormatter(currency, locale=locale)


@_any_size
def compact_money(value, currency: str = "USD", *, locale: str | None = None) -> str:
    """Money in CLDR's short form, for chart axes: '$1.5K', '$2.5M' (US English)."""
    parsed = _decimal(value)
    if parsed is None:
        return DASH
    return babel_numbers.format_compact_currency(
        parsed, currency, locale=_locale(locale), fraction_digits=1
    )


@_any_size
def amount(value, *, locale: str | None = None) -> str:
    """An amount without the currency sign, in whole units (for dense tables)."""
    whole = whole_units(value)
    if whole is None:
        return DASH
    return babel_numbers.format_decimal(whole, format="#,##0", locale=_locale(locale))


@_any_size
def number(value, digits: int | None = None, *, locale: str | None = None) -> str:
    """A plain number with the locale's separators; ``digits`` fixes the decimals shown."""
    parsed = _decimal(value)
    if parsed is None:
        return DASH
    loc = _locale(locale)
    if digits is None:
        return babel_numbers.format_decimal(parsed, locale=loc)
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return babel_numbers.format_decimal(parsed, format=pattern, locale=loc)


@_any_size
def percent(value, digits: int = 1, *, locale: str | None = None, missing: str = DASH) -> str:
    """0.0345 → '3.5%' (a fraction shown as a percentage, ``digits`` decimals)."""
    parsed = _decimal(value)
    if parsed is None:
        return missing
    loc = _locale(locale)
    base = loc.percent_formats[None].pattern.split(";")[0]
    fraction = "." + "0" * int(digits) if int(digits) > 0 else ""
    pattern = base.replace("#,##0", "#,##0" + fraction, 1)
    return babel_numbers.format_percent(parsed, format=pattern, locale=loc)


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def date(value, *, locale: str | None = None) -> str:
    """A day in words: 'March 3, 2026' (US English), '3 de marzo de 2026' (Spanish)."""
    day = _as_date(value)
    if day is None:
        return DASH
    return babel_dates.format_date(day, format="long", locale=_locale(locale))


def month(value, *, locale: str | None = None) -> str:
    """A month in words: 'March 2027' (US English), 'marzo de 2027' (Spanish), from CLDR's
    year-and-month skeleton (``yMMMM``)."""
    day = _as_date(value)
    if day is None:
        return DASH
    return babel_dates.format_skeleton("yMMMM", day, locale=_locale(locale))


def datetime(value, time_zone: str | None = None, *, locale: str | None = None) -> str:
    """A moment in the given IANA time zone: 'March 3, 2026, 2:05 PM'.

    Aware datetimes (and ISO text) are converted to ``time_zone``; naive ones are taken as
    already local."""
    if isinstance(value, str) and value:
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if not isinstance(value, dt.datetime):
        return date(value, locale=locale)
    if time_zone and value.tzinfo is not None:
        value = value.astimezone(ZoneInfo(time_zone))
    loc = _locale(locale)
    day = babel_dates.format_date(value, format="long", locale=loc)
    time = babel_dates.format_time(value, format="short", locale=loc)
    return loc.datetime_formats["medium"].format(time, day)
