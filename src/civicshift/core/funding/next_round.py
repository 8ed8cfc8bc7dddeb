"""When a program's next round is expected, for a program whose notices in the catalog are
all closed or archived: an estimate from how often the program recurs and when its last
round opened, said to be an estimate.

The method, in order:

1. A lapsed program (it lost its funding) gets no estimate: ``lapsed``.
2. The catalog's recurrence text is read (``parse_recurrence``): "annual", "yearly", "every
   year" → 12 months; "biennial", "every two years" → 24; "semiannual", "twice a year" → 6;
   "quarterly" → 3; "monthly" → 1; "rolling" or "year-round" → ``rolling`` (no round to wait
   for); "one-time", "none", "terminated" → ``one_time``; "frozen", "paused", "suspended" →
   ``paused``; anything else (or nothing) → ``unknown``, and no guess is made. A fiscal-year
   range or end ("FY2022-FY2026", "through FY2026") is kept as the last fiscal year funded.
3. With no past round in the catalog there is nothing to count from: ``no_rounds``.
4. The last round is the one that opened (else closed) latest. Its post date plus the
   interval is the estimate; if that is before ``today``, it rolls forward by the interval
   until it is not, and the rounds skipped are counted (``skipped``: rounds the cadence
   expected that the catalog does not hold — perhaps missed by the import, perhaps never
   published). With no post date, the close date is counted from instead (``anchor`` says
   which), so the estimate is of the next deadline rather than the next opening.
5. A program funded through a federal fiscal year (which ends on 30 September, 31 U.S.C.
   1102) whose estimate falls after that year's end is ``ended``: no round is expected unless
   the program is renewed.

The estimate is given to the month: funders move dates by weeks from one year to the next,
and a day would claim a precision the method does not have. Nothing here reads the database
or Django; ``civicshift.funding.next_round`` says it in words.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

#: Interval words, most specific first ("semiannual" holds "annual", "biennial" is not
#: "annual" but "biannual" is twice a year, by the usual dictionary reading).
_INTERVALS: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(pattern), months)
    for pattern, months in (
        (r"\bsemi-?annual(ly)?\b|\bbi-?annual(ly)?\b|\btwice (a|per|each) year\b", 6),
        (r"\bbiennial(ly)?\b|\bevery (two|2) years\b", 24),
        (r"\bquarterly\b|\bevery (three|3) months\b", 3),
        (r"\bmonthly\b|\bevery month\b", 1),
        (r"\bannual(ly)?\b|\byearly\b|\bevery year\b|\beach year\b|\bper year\b", 12),
    )
)
_ROLLING = re.compile(r"\brolling\b|\byear-round\b|\ball year\b|\bcontinuous(ly)?\b")
_ONE_TIME = re.compile(
    r"\bone-?\s?time\b|\bnon-?recurring\b|\bnot recurring\b|\bterminated\b|^none\b|\bsingle round\b"
)
_PAUSED = re.compile(r"\bfrozen\b|\bpaused\b|\bsuspended\b|\bon hold\b")
_FY_RANGE = re.compile(r"\bfy\s?(\d{4})\s*[-–—]\s*(?:fy\s?)?(\d{4})\b")
_FY_END = re.compile(r"\b(?:through|thru|until|to)\s+fy\s?(\d{4})\b")

KINDS = ("expected", "ended", "lapsed", "rolling", "one_time", "paused", "unknown", "no_rounds")


@dataclass(frozen=True)
class Recurrence:
    kind: str  # "periodic", "rolling", "one_time", "paused" or "unknown"
    months: int | None = None
    #: The last federal fiscal year funded, when the text names one.
    through_fiscal_year: int | None = None


def parse_recurrence(text: str) -> Recurrence:
    """What the catalog's free-text recurrence says (module docstring, step 2)."""
    lowered = " ".join((text or "").lower().split())
    years = [int(b) for _a, b in _FY_RANGE.findall(lowered)] + [
        int(y) for y in _FY_END.findall(lowered)
    ]
    through = max(years) if years else None
    if _PAUSED.search(lowered):
        return Recurrence("paused", through_fiscal_year=through)
    if _ONE_TIME.search(lowered):
        return Recurrence("one_time", through_fiscal_year=through)
    if _ROLLING.search(lowered):
        return Recurrence("rolling", through_fiscal_year=through)
    for pattern, months in _INTERVALS:
        if pattern.search(lowered):
            return Recurrence("periodic", months, through)
    return Recurrence("unknown", through_fiscal_year=through)


@dataclass(frozen=True)
class PastRound:
    post_date: date | None
    close_date: date | None


@dataclass(frozen=True)
class NextRound:
    kind: str  # one of KINDS
    #: The first day of the month the next round is expected to open (or to be due, when
    #: ``anchor`` is "close"); None when there is no estimate.
    expected: date | None = None
    #: "post" when counted from the last round's post date, "close" from its close date.
    anchor: str = ""
    last: PastRound | None = None
    months: int | None = None
    skipped: int = 0
    through_fiscal_year: int | None = None


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, the day clamped to the month's last (31 January
    plus one month is 28 or 29 February)."""
    total = day.year * 12 + (day.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _when(past: PastRound) -> date | None:
    return past.post_date or past.close_date


def estimate_next_round(
    recurrence: str, rounds: Iterable[PastRound], *, today: date, lapsed: bool = False
) -> NextRound:
    """The next round of a program whose rounds in the catalog (``rounds``) are all closed or
    archived (the module docstring gives the method)."""
    if lapsed:
        return NextRound("lapsed")
    parsed = parse_recurrence(recurrence)
    if parsed.kind != "periodic":
        return NextRound(parsed.kind, through_fiscal_year=parsed.through_fiscal_year)
    dated = [r for r in rounds if _when(r) is not None]
    if not dated:
        return NextRound(
            "no_rounds", months=parsed.months, through_fiscal_year=parsed.through_fiscal_year
        )
    last = max(dated, key=lambda r: (_when(r), r.close_date or date.min))
    anchor = "post" if last.post_date is not None else "close"
    start = _when(last)
    steps = 1
    expected = add_months(start, parsed.months)
    while expected < today:
        steps += 1
        expected = add_months(start, parsed.months * steps)
    month = expected.replace(day=1)
    kind = "expected"
    fy = parsed.through_fiscal_year
    if fy is not None and expected > date(fy, 9, 30):
        kind = "ended"
    return NextRound(
        kind,
        expected=month,
        anchor=anchor,
        last=last,
        months=parsed.months,
        skipped=steps - 1,
        through_fiscal_year=fy,
    )
