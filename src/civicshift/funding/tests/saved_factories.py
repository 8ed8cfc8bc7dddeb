"""A city with its own notices imported from a csv, and a saved search over them, for the
saved-search tests (the shared catalog is left empty so every count is argued from these
rows)."""

from __future__ import annotations

from civicshift.funding.matching import clear_cache
from civicshift.funding.services_import import funding_import
from civicshift.funding.services_saved import saved_search_create

HEADER = "program_id,title,eligible_applicants,close_date,status,description\n"
#: A city (Grants.gov code 02) may apply to the first; the second is for nonprofits (12) only.
FIRST = (
    HEADER + "backups-1,Offline backups for towns,02,2031-01-30,posted,"
    "Immutable offline backups against ransomware for local governments\n"
)


def import_rows(organization, user, text: str, name: str = "own.csv"):
    result = funding_import(actor=user, source=text.encode(), name=name, organization=organization)
    clear_cache()
    return result


def make_saved_search(organization, user, **fields):
    """A saved search for backups, over the city's own imported notice (imported once)."""
    from civicshift.funding.models import FundingNotice

    if not FundingNotice.objects.for_org(organization).filter(opportunity_id="backups-1").exists():
        import_rows(organization, user, FIRST)
    values = {"name": "Backups", "purpose": "ransomware backups", **fields}
    return saved_search_create(actor=user, organization=organization, **values)
