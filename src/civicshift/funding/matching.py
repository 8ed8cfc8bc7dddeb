"""Matching an initiative against the funding its organization sees: every notice (with what
its program adds), and every program that has no notice of its own (a formula or pass-through
program, a state program typed by hand).

The index (``civicshift.core.funding.MatchIndex``) takes seconds to build for the full
Grants.gov extract and milliseconds to query, so it is built once per process per catalog
version: the stamp is (number of rows, latest change, latest withdrawal) of the notices and
programs the organization sees, read in two queries; any import or catalog load changes it."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, Max, OuterRef, Q

from civicshift.core.funding.matching import Match, MatchIndex
from civicshift.core.funding.model import InitiativeNeed

from .models import FundingNotice, FundingProgram

#: How many catalog versions (one per organization, as a rule) the process keeps.
CACHED_INDEXES = 8

_lock = threading.Lock()
Entry = FundingNotice | FundingProgram
_indexes: OrderedDict[tuple, tuple[MatchIndex, dict[str, Entry]]] = OrderedDict()


def catalog_stamp(organization) -> tuple:
    stamp: tuple = (organization.pk,)
    for model in (FundingNotice, FundingProgram):
        stats = model.objects.visible_to(organization).aggregate(
            n=Count("pk"), changed=Max("updated_at"), withdrawn=Max("withdrawn_at")
        )
        stamp += (stats["n"], stats["changed"], stats["withdrawn"])
    return stamp


def entries_for(organization) -> list[Entry]:
    """What matching ranks: the notices not withdrawn, and the programs (not withdrawn) with
    no such notice the organization sees."""
    notices = list(
        FundingNotice.objects.visible_to(organization)
        .filter(withdrawn_at__isnull=True)
        .select_related("program")
    )
    has_notice = FundingNotice.objects.filter(
        Q(organization__isnull=True) | Q(organization=organization),
        program=OuterRef("pk"),
        withdrawn_at__isnull=True,
    )
    alone = list(
        FundingProgram.objects.visible_to(organization)
        .filter(withdrawn_at__isnull=True)
        .exclude(Exists(has_notice))
    )
    return [*notices, *alone]


def index_for(organization) -> tuple[MatchIndex, dict[str, Entry]]:
    """The organization's index and its entries by key, built at most once per stamp."""
    stamp = catalog_stamp(organization)
    with _lock:
        cached = _indexes.get(stamp)
        if cached is not None:
            _indexes.move_to_end(stamp)
            return cached
    rows = entries_for(organization)
    engine = [row.to_engine() for row in rows]
    built = (MatchIndex(engine), {e.key: row for e, row in zip(engine, rows, strict=True)})
    with _lock:
        _indexes[stamp] = built
        while len(_indexes) > CACHED_INDEXES:
            _indexes.popitem(last=False)
    return built


def clear_cache() -> None:
    with _lock:
        _indexes.clear()


def need_for(
    initiative,
    *,
    funding_gap: Decimal | None = None,
    applicant_type: str = "02",
    local_match_capacity: Decimal | None = None,
) -> InitiativeNeed:
    """What the initiative says about itself: its title, problem and proposed solution, and
    the strategic goals it serves."""
    goals = " ".join(g.statement for g in initiative.goals.all())
    return InitiativeNeed(
        description=" ".join(
            (initiative.title, initiative.problem_statement, initiative.proposed_solution)
        ),
        goals=goals,
        applicant_type=applicant_type,
        funding_gap=funding_gap,
        local_match_capacity=local_match_capacity,
    )


@dataclass(frozen=True)
class FundingMatch:
    """One ranked result: a notice (``notice``, with its ``program`` if it has one), or a
    program with no notice of its own (``notice`` None)."""

    entry: Entry
    match: Match

    @property
    def notice(self) -> FundingNotice | None:
        return self.entry if isinstance(self.entry, FundingNotice) else None

    @property
    def program(self) -> FundingProgram | None:
        if isinstance(self.entry, FundingProgram):
            return self.entry
        return self.entry.program if self.entry.program_id else None

    @property
    def title(self) -> str:
        return self.entry.title

    @property
    def url_name(self) -> str:
        return "funding:notice" if self.notice is not None else "funding:program"


def matches_for(
    organization, need: InitiativeNeed, *, today: date, limit: int = 25
) -> list[FundingMatch]:
    index, by_key = index_for(organization)
    return [
        FundingMatch(by_key[m.program.key], m) for m in index.match(need, today=today, limit=limit)
    ]


def match_refs(result: FundingMatch) -> dict:
    """What names a result in the CLI's and the API's JSON: its title, its program (id, key,
    title) and its notice (id, opportunity id and number), each None when it has none."""
    program, notice = result.program, result.notice
    return {
        "title": result.title,
        "program": {"id": program.pk, "key": program.key, "title": program.title}
        if program is not None
        else None,
        "notice": {
            "id": notice.pk,
            "opportunity_id": notice.opportunity_id,
            "opportunity_number": notice.opportunity_number,
        }
        if notice is not None
        else None,
    }
