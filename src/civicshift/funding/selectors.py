"""Reading funding programs: always through ``visible_to(organization)``, so an
organization sees the shared catalog and its own programs, never another's."""

from __future__ import annotations

from datetime import date

from django.db.models import F, Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import FundingChange, FundingImport, FundingProgram

#: The status filter of the catalog page: key → label.
STATUS_FILTERS = {"open": "Open or expected", "all": "All, including closed and archived"}


def programs_for(
    organization, *, query: str = "", status: str = "open", applicant: str = "", today: date
) -> QuerySet[FundingProgram]:
    """The programs ``organization`` sees, filtered: ``query`` words all in the title,
    number, agency or description; ``status`` "open" leaves out closed, archived, withdrawn
    and lapsed programs; ``applicant`` a Grants.gov code (``02``): programs open to it or to
    anyone (``99``) or whose codes say "see the eligibility text" (``25``). Soonest due first,
    programs without a due date last."""
    programs = FundingProgram.objects.visible_to(organization)
    for word in query.split()[:10]:
        programs = programs.filter(
            Q(title__icontains=word)
            | Q(opportunity_number__icontains=word)
            | Q(agency_name__icontains=word)
            | Q(description__icontains=word)
        )
    if status == "open":
        programs = (
            programs.filter(withdrawn_at__isnull=True)
            .exclude(status_override="lapsed")
            .filter(Q(close_date__isnull=True) | Q(close_date__gte=today))
            .filter(Q(archive_date__isnull=True) | Q(archive_date__gte=today))
        )
    if applicant:
        # The list's JSON text holds each code in quotes, on SQLite and PostgreSQL alike
        # (SQLite has no JSON containment lookup).
        programs = programs.filter(
            Q(eligible_applicants__icontains=f'"{applicant}"')
            | Q(eligible_applicants__icontains='"99"')
            | Q(eligible_applicants__icontains='"25"')
        )
    return programs.order_by(F("close_date").asc(nulls_last=True), "title", "pk")


def program_get(organization, pk: int) -> FundingProgram:
    return get_object_or_404(FundingProgram.objects.visible_to(organization), pk=pk)


def changes_of(program: FundingProgram, limit: int = 20) -> list[FundingChange]:
    return list(program.changes.select_related("funding_import")[:limit])


def imports_of(organization, limit: int = 10) -> list[FundingImport]:
    """The organization's latest imports (not the shared catalog's)."""
    return list(FundingImport.objects.filter(organization=organization)[:limit])
