"""The demo's saved searches and the news their digests show: checked with the rest of
``data/funding.yaml`` (``read_saved``), then written through the services after the city's
own notices (``load_saved``): the searches, a visit of each by the people in ``visited_by``,
and the later notices imported after those visits."""

from __future__ import annotations

from typing import Any

from civicshift.core.funding.codes import PURPOSES
from civicshift.demo.schema_checks import DemoDataError, choice, only, optional, required

from ..models import SearchOrder
from ..services_saved import saved_search_create, saved_search_visit

SEARCH_KEYS = {"name", "created_by", "purpose", "purposes", "include", "exclude", "sort"}


def read_saved(raw: Any, notices: list[dict], user_keys: set[str]) -> tuple[list, list]:
    """(saved searches, later notices as full csv rows), or DemoDataError naming the key."""
    searches = []
    for i, entry in enumerate(optional(raw, "saved_searches", "", list, [])):
        where = f"saved_searches[{i}]"
        only(entry, SEARCH_KEYS | {"visited_by"}, where)
        people = [
            required(entry, "created_by", where),
            *optional(entry, "visited_by", where, list, []),
        ]
        for key in people:
            if key not in user_keys:
                raise DemoDataError(f"Key '{where}' names '{key}', who is not a demo user here.")
        purposes = optional(entry, "purposes", where, list, [])
        for purpose in purposes:
            choice(purpose, list(PURPOSES), f"{where}.purposes")
        searches.append(
            {
                "name": required(entry, "name", where),
                "created_by": entry["created_by"],
                "visited_by": people[1:],
                "fields": {
                    "purpose": optional(entry, "purpose", where, str, ""),
                    "purposes": purposes,
                    "include": optional(entry, "include", where, str, ""),
                    "exclude": optional(entry, "exclude", where, str, ""),
                    "sort": choice(
                        optional(entry, "sort", where, str, "relevance"),
                        list(SearchOrder.values),
                        f"{where}.sort",
                    ),
                },
            }
        )
    by_id = {n["program_id"]: n for n in notices}
    later = []
    for i, entry in enumerate(optional(raw, "later_notices", "", list, [])):
        where = f"later_notices[{i}]"
        program_id = required(entry, "program_id", where)
        if program_id in by_id:
            later.append({**by_id[program_id], **entry})
        else:
            required(entry, "title", where)
            required(entry, "close_days", where, int)
            later.append(entry)
    return searches, later


def load_saved(searches: list, later: list, *, organization, users, import_later) -> None:
    """The searches, each visited by its readers now (after the city's notices were
    loaded), then the later notices: the digests' news."""
    for entry in searches:
        saved = saved_search_create(
            actor=users[entry["created_by"]],
            organization=organization,
            name=entry["name"],
            **entry["fields"],
        )
        for key in entry["visited_by"]:
            saved_search_visit(actor=users[key], search=saved)
    if later:
        import_later(later)
