"""Plain-language warnings about a vendor's dated papers: contracts, certifications, the
accessibility report and insurance. No database: the caller passes the dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

#: How far ahead an end date is flagged as coming up.
SOON_DAYS = 90
#: A SOC 2 report or an accessibility report older than this is stale: ask for a newer one.
STALE_DAYS = 365


@dataclass(frozen=True)
class Flag:
    level: str  # "expired" (past) or "soon" (coming up) or "stale" (too old)
    text: str


def _days(n: int) -> str:
    return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}


def end_flag(what: str, end: date | None, today: date) -> Flag | None:
    """A flag for something that stops being valid on ``end``: expired, or within
    ``SOON_DAYS``; None when it is further away or has no end date."""
    if end is None:
        return None
    left = (end - today).days
    when = date_format(end, "DATE_FORMAT")
    if left < 0:
        return Flag("expired", _("%(what)s expired on %(date)s.") % {"what": what, "date": when})
    if left <= SOON_DAYS:
        return Flag(
            "soon",
            _("%(what)s expires on %(date)s, in %(days)s.")
            % {"what": what, "date": when, "days": _days(left)},
        )
    return None


def age_flag(what: str, dated: date | None, today: date) -> Flag | None:
    """A flag for a report dated more than ``STALE_DAYS`` ago."""
    if dated is None:
        return None
    age = (today - dated).days
    if age > STALE_DAYS:
        return Flag(
            "stale",
            _("%(what)s is dated %(date)s, more than a year ago: ask for the latest one.")
            % {"what": what, "date": date_format(dated, "DATE_FORMAT")},
        )
    return None


def vendor_flags(vendor, today: date, *, contracts, certifications) -> list[Flag]:
    """Every flag of one vendor, given its contracts and certifications (already read)."""
    flags = []
    for contract in contracts:
        flags.append(
            end_flag(_("Cooperative contract %(c)s") % {"c": contract}, contract.expires, today)
        )
    for cert in certifications:
        label = cert.get_kind_display()
        flags.append(end_flag(label, cert.expires, today))
        if cert.kind == "soc2":
            # The period tested is what counts: a bridge letter covers the months since.
            flags.append(age_flag(label, cert.period_end or cert.report_date, today))
    flags.append(age_flag(_("The accessibility conformance report (ACR)"), vendor.acr_date, today))
    flags.append(end_flag(_("The certificate of insurance"), vendor.insurance_expires, today))
    return [f for f in flags if f is not None]
