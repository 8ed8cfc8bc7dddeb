"""Small helpers the award memo's chapters share: money, numbers, dates and audit citations
in words. No Django here."""

from __future__ import annotations

import datetime as dt
from gettext import gettext as _

from civicshift.core import formatting
from civicshift.formats.vendors.award_memo import AuditRef, AwardMemo

DASH = "—"


def cite(ref: AuditRef | None) -> str:
    return ref.cite() if ref is not None else _("not found in the audit trail")


def money(memo: AwardMemo, value: float | None) -> str:
    return formatting.money(value, memo.currency) if value is not None else DASH


def day(value: dt.date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


def number(value: float | None, digits: int = 2) -> str:
    return DASH if value is None else f"{value:.{digits}f}"
