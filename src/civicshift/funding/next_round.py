"""The next-round estimate (``civicshift.core.funding.next_round``) for programs the pages
and the API show: read for many programs in one query of their notices, skipped for a
program that has a forecasted or posted notice (its next round is already known), and said in
plain words, as an estimate."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from civicshift.core import formatting
from civicshift.core.funding.next_round import NextRound, PastRound, estimate_next_round
from civicshift.web.templatetags.civicshift import active_locale

from .models import FundingNotice, FundingProgram, StatusOverride

OPEN_STATUSES = frozenset({"forecasted", "posted"})


def next_rounds(
    organization, programs: Iterable[FundingProgram], *, today: date
) -> dict[int, NextRound]:
    """For each program whose notices (those the organization sees) are all closed or
    archived, or that has none, its estimate; programs with an open or forecasted round are
    left out."""
    programs = [p for p in programs if p is not None]
    rounds: dict[int, list[FundingNotice]] = defaultdict(list)
    notices = (
        FundingNotice.objects.visible_to(organization)
        .filter(program_id__in={p.pk for p in programs})
        .only(
            "program_id", "is_forecast", "post_date", "close_date", "archive_date", "withdrawn_at"
        )
    )
    for notice in notices:
        rounds[notice.program_id].append(notice)
    found = {}
    for program in programs:
        mine = rounds.get(program.pk, [])
        if any(n.date_status(today) in OPEN_STATUSES for n in mine):
            continue
        found[program.pk] = estimate_next_round(
            program.recurrence,
            [PastRound(n.post_date, n.close_date) for n in mine],
            today=today,
            lapsed=program.status_override == StatusOverride.LAPSED,
        )
    return found


def _last_round(estimate: NextRound) -> str:
    last, locale = estimate.last, active_locale()
    if last.post_date and last.close_date:
        return _("its last round in the catalog opened %(post)s and closed %(close)s") % {
            "post": formatting.date(last.post_date, locale=locale),
            "close": formatting.date(last.close_date, locale=locale),
        }
    if last.post_date:
        return _("its last round in the catalog opened %(post)s") % {
            "post": formatting.date(last.post_date, locale=locale)
        }
    return _("its last round in the catalog closed %(close)s") % {
        "close": formatting.date(last.close_date, locale=locale)
    }


def _cadence(months: int) -> str:
    return {
        12: _("every year"),
        24: _("every two years"),
        6: _("twice a year"),
        3: _("every three months"),
        1: _("every month"),
    }.get(months) or ngettext("every %(n)d month", "every %(n)d months", months) % {"n": months}


def describe(estimate: NextRound | None) -> str:
    """The estimate in one or two plain sentences; empty when there is nothing to say (the
    catalog does not say how often the program recurs)."""
    if estimate is None or estimate.kind == "unknown":
        return ""
    locale = active_locale()
    if estimate.kind == "lapsed":
        return _("Lapsed: the program lost its funding, so no next round is expected.")
    if estimate.kind == "rolling":
        return _("Applications are taken all year (rolling): there is no round to wait for.")
    if estimate.kind == "one_time":
        return _("A one-time program: no next round is expected.")
    if estimate.kind == "paused":
        return _(
            "The catalog says its rounds are paused or frozen: no next round can be estimated. "
            "Check the agency’s page."
        )
    if estimate.kind == "no_rounds":
        return _(
            "It recurs %(cadence)s, but the catalog holds no past round to estimate the next "
            "one from."
        ) % {"cadence": _cadence(estimate.months)}
    when = formatting.month(estimate.expected, locale=locale)
    basis = _("an estimate: the program recurs %(cadence)s, and %(last)s") % {
        "cadence": _cadence(estimate.months),
        "last": _last_round(estimate),
    }
    if estimate.kind == "ended":
        return _(
            "No next round is expected: its funding runs through fiscal year %(fy)s, which ends "
            "before the next round would (about %(when)s; %(basis)s). It may be renewed."
        ) % {"fy": estimate.through_fiscal_year, "when": when, "basis": basis}
    if estimate.anchor == "close":
        text = _("Next deadline expected about %(when)s (%(basis)s).") % {
            "when": when,
            "basis": basis,
        }
    else:
        text = _("Next round expected to open about %(when)s (%(basis)s).") % {
            "when": when,
            "basis": basis,
        }
    if estimate.skipped:
        text += " " + ngettext(
            "One round the cadence expected since then is not in the catalog: check the "
            "agency’s page.",
            "%(n)d rounds the cadence expected since then are not in the catalog: check the "
            "agency’s page.",
            estimate.skipped,
        ) % {"n": estimate.skipped}
    return text


def next_round_api(estimate: NextRound | None) -> dict | None:
    """The estimate for the API: its kind, the month (YYYY-MM), what it counts from, and the
    sentence the pages show."""
    if estimate is None:
        return None
    last = estimate.last
    return {
        "kind": estimate.kind,
        "expected_month": estimate.expected.strftime("%Y-%m") if estimate.expected else None,
        "counted_from": estimate.anchor or None,
        "interval_months": estimate.months,
        "last_round_post_date": last.post_date if last else None,
        "last_round_close_date": last.close_date if last else None,
        "rounds_not_in_catalog": estimate.skipped,
        "through_fiscal_year": estimate.through_fiscal_year,
        "text": describe(estimate),
    }


def next_round_texts(organization, results, *, today: date) -> dict[int, str]:
    """For match or search results (``FundingMatch``): the sentence for each result's program
    that has no open or forecasted notice, by program id (one query for all)."""
    estimates = next_rounds(organization, {r.program for r in results}, today=today)
    return {pk: text for pk, estimate in estimates.items() if (text := describe(estimate))}
