"""Reads of initiatives that are more than a filter: search, filters and sorting for the list."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from civicshift.core.lifecycle import LIFECYCLE_ORDER
from civicshift.orgs.models import Organization

from .models import SEARCH_VECTOR, Initiative

SORTS = {
    "updated": "-updated_at",
    "title": "title",
    "-title": "-title",
    "status": "status_order",
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


def search_words(text: str) -> list[str]:
    """The words of a search box, without punctuation (nothing a query syntax could read)."""
    return re.findall(r"\w+", text.lower())[:20]


def search_filter(qs: QuerySet, text: str) -> QuerySet:
    """Initiatives whose title, problem or solution contain every word typed.

    PostgreSQL: full-text search on ``SEARCH_VECTOR`` (GIN index ``initiative_search``), each
    word matched as a prefix. SQLite: the same words matched anywhere with ``LIKE``.
    """
    words = search_words(text)
    if not words:
        return qs
    if connection.vendor == "postgresql":
        query = SearchQuery(
            " & ".join(f"'{word}':*" for word in words), config="simple", search_type="raw"
        )
        return qs.alias(search=SEARCH_VECTOR).filter(search=query)
    for word in words:
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(problem_statement__icontains=word)
            | Q(proposed_solution__icontains=word)
        )
    return qs


def _linked(relation: str, target_id: int) -> Exists:
    """Initiatives linked to one department/goal/tag, as EXISTS over the link table, so the list
    needs no DISTINCT over whole rows."""
    field = Initiative._meta.get_field(relation)
    through = field.remote_field.through
    return Exists(
        through.objects.filter(
            **{field.m2m_field_name(): OuterRef("pk"), field.m2m_reverse_field_name(): target_id}
        )
    )


def status_order() -> Case:
    """Status as its position along the lifecycle (idea first), not alphabetically."""
    return Case(
        *(When(status=s.value, then=Value(i)) for i, s in enumerate(LIFECYCLE_ORDER)),
        default=Value(len(LIFECYCLE_ORDER)),
        output_field=IntegerField(),
    )


def initiative_list(organization: Organization, filters: InitiativeFilters) -> QuerySet:
    qs = (
        Initiative.objects.for_org(organization)
        .select_related("owner")
        .prefetch_related("sponsor_departments", "goals", "tags")
    )
    qs = search_filter(qs, filters.q)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.department:
        qs = qs.filter(_linked("sponsor_departments", filters.department))
    if filters.goal:
        qs = qs.filter(_linked("goals", filters.goal))
    if filters.tag:
        qs = qs.filter(_linked("tags", filters.tag))
    sort = SORTS.get(filters.sort, "-updated_at")
    if sort == "status_order":
        qs = qs.alias(status_order=status_order())
    return qs.order_by(sort, "-id")
