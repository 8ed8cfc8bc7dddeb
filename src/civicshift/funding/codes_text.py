"""Plain-language labels of the codes and statuses pages show."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from civicshift.core.funding.codes import APPLICANT_TYPES

STATUSES = {
    "forecasted": _("Expected (forecast)"),
    "posted": _("Open for applications"),
    "closed": _("Closed"),
    "archived": _("Archived"),
    "lapsed": _("Lapsed: lost its funding"),
    "at_risk": _("At risk: may lose its funding"),
}


def status_label(status: str):
    return STATUSES.get(status, status)


def applicant_label(code: str) -> str:
    label = APPLICANT_TYPES.get(code)
    return f"{code}: {label}" if label else f"{code}: {_('not in Grants.gov’s list')}"
