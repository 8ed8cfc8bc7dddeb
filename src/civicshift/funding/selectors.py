"""Reading funding notices and programs: always through ``visible_to(organization)``, so an
organization sees the shared catalog and its own, never another organization's."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import FundingChange, FundingImport, FundingNotice, FundingProgram

#: The status filter of the catalog page: key → label.
STATUS_FILTERS = {"open": "Open or expected", "all": "All, including closed and archived"}


def notices_for(
    organization, *, query: str = "", status: str = "open", applicant: str = "", today: date
) -> QuerySet[FundingNotice]:
    """The notices ``organization`` sees, filtered: ``query`` words all in the title,
    number, agency or description; ``status`` "open" leaves out closed, archived, withdrawn
    and lapsed notices (lapsed on the notice or on its program); ``applicant`` a Grants.gov
    code (``02``): notices open to it or to anyone (``99``) or whose codes say "see the
    eligibility text" (``25``). Soonest due first, notices without a due date last."""
    programs = FundingNotice.objects.visible_to(organization).select_related("program")
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
            .exclude(program__status_override="lapsed")
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


def notice_get(organization, pk: int) -> FundingNotice:
    return get_object_or_404(
        FundingNotice.objects.visible_to(organization).select_related("program"), pk=pk
    )


def programs_list(organization, *, query: str = "") -> QuerySet[FundingProgram]:
    """The programs ``organization`` sees, with how many of their notices it sees: flagged
    (lapsed, at risk) first, then by title."""
    programs = FundingProgram.objects.visible_to(organization).annotate(
        notice_count=Count(
            "notices",
            filter=Q(notices__organization__isnull=True) | Q(notices__organization=organization),
        )
    )
    for word in query.split()[:10]:
        programs = programs.filter(
            Q(title__icontains=word)
            | Q(key__icontains=word)
            | Q(agency_name__icontains=word)
            | Q(description__icontains=word)
        )
    return programs.order_by(F("status_override").desc(), "title", "pk")


def program_get(organization, pk: int) -> FundingProgram:
    return get_object_or_404(FundingProgram.objects.visible_to(organization), pk=pk)


def notices_of_program(organization, program: FundingProgram, limit: int = 50):
    """The program's notices the organization sees, latest round first."""
    return list(
        program.notices.filter(
            Q(organization__isnull=True) | Q(organization=organization)
        ).order_by(F("close_date").desc(nulls_last=True), "-pk")[:limit]
    )


def changes_of(row: FundingNotice | FundingProgram, limit: int = 20) -> list[FundingChange]:
    return list(row.changes.select_related("funding_import")[:limit])


def imports_of(organization, limit: int = 10) -> list[FundingImport]:
    """The organization's latest imports (not the shared catalog's)."""
    return list(FundingImport.objects.filter(organization=organization)[:limit])
