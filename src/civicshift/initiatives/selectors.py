"""Reads of initiatives that are more than a filter: search, filters and sorting for the list."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from civicshift.orgs.models import Organization

from .models import Initiative

SORTS = {
    "updated": "-updated_at",
    "title": "title",
    "-title": "-title",
    "status": "status",
    "start": "target_start",
    "-start": "-target_start",
    "cost": "cost_high",
    "-cost": "-cost_high",
}


@dataclass(frozen=True)
class InitiativeFilters:
    q: str = ""
    status: str = ""
    department: int | None = None
    goal: int | None = None
    tag: int | None = None
    sort: str = "updated"


def initiative_get(organization: Organization, pk: int) -> Initiative:
    """Fetch one initiative of this organization, or 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Initiative.objects.for_org(organization)
        .select_related("owner")
        .prefetch_related("sponsor_departments", "goals", "tags"),
        pk=pk,
    )


def initiative_list(organization: Organization, filters: InitiativeFilters) -> QuerySet:
    qs = (
        Initiative.objects.for_org(organization)
        .select_related("owner")
        .prefetch_related("sponsor_departments", "goals", "tags")
    )
    if filters.q:
        qs = qs.filter(
            Q(title__icontains=filters.q)
            | Q(problem_statement__icontains=filters.q)
            | Q(proposed_solution__icontains=filters.q)
        )
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.department:
        qs = qs.filter(sponsor_departments=filters.department)
    if filters.goal:
        qs = qs.filter(goals=filters.goal)
    if filters.tag:
        qs = qs.filter(tags=filters.tag)
    if filters.department or filters.goal or filters.tag:
        qs = qs.distinct()
    return qs.order_by(SORTS.get(filters.sort, "-updated_at"), "-id")
