"""Write paths of saved searches: save, change (rename, or change what it searches for) and
delete need the editor role and write their audit record in the same transaction; recording
a visit of the digest needs only membership (a viewer reads digests) and is not audited: it
is a person's reading mark, not the organization's data (docs/decisions.md, "Saved searches
and digests")."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from civicshift.audit.services import audited_create, audited_delete, audited_update
from civicshift.orgs.permissions import require_member, require_role
from civicshift.orgs.roles import Role

from .models import SAVED_SEARCH_FIELDS, SavedSearch, SavedSearchVisit


def _fields(fields: dict) -> dict:
    unknown = set(fields) - set(SAVED_SEARCH_FIELDS)
    if unknown:
        raise TypeError(f"Not a field of a saved search: {', '.join(sorted(unknown))}")
    return {
        name: value.strip() if isinstance(value, str) and name != "sort" else value
        for name, value in fields.items()
    }


@transaction.atomic
def saved_search_create(*, actor, organization, **fields) -> SavedSearch:
    require_role(actor, organization, Role.EDITOR)
    return audited_create(
        actor=actor,
        model=SavedSearch,
        organization=organization,
        created_by=actor,
        **_fields(fields),
    )


@transaction.atomic
def saved_search_update(
    *, actor, search: SavedSearch, expected_version: int | None = None, **fields
) -> SavedSearch:
    require_role(actor, search.organization, Role.EDITOR)
    return audited_update(
        actor=actor, obj=search, expected_version=expected_version, **_fields(fields)
    )


@transaction.atomic
def saved_search_delete(*, actor, search: SavedSearch) -> None:
    """Deletes the search and everyone's visits of it (bookkeeping, not audited one by one)."""
    require_role(actor, search.organization, Role.EDITOR)
    audited_delete(actor=actor, obj=search)


def saved_search_visit(*, actor, search: SavedSearch, at: datetime | None = None):
    """Record that ``actor`` opened the digest now (or ``at``); return their previous visit
    (None on the first). Two tabs opening it at once: both read the same previous visit and
    the later time is kept."""
    require_member(actor, search.organization)
    at = at or timezone.now()
    for _attempt in range(2):
        try:
            with transaction.atomic():
                visit = (
                    SavedSearchVisit.objects.select_for_update()
                    .filter(search=search, user=actor)
                    .first()
                )
                if visit is None:
                    SavedSearchVisit.objects.create(
                        organization=search.organization, search=search, user=actor, visited_at=at
                    )
                    return None
                previous = visit.visited_at
                if at > previous:
                    SavedSearchVisit.objects.filter(pk=visit.pk).update(visited_at=at)
                return previous
        except IntegrityError:  # the other tab created the row first: read it again
            continue
    raise RuntimeError("The visit could not be recorded.")  # pragma: no cover
