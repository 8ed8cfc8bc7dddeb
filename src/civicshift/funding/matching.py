"""Matching an initiative against the funding programs its organization sees.

The index (``civicshift.core.funding.MatchIndex``) takes seconds to build for the full
Grants.gov extract and milliseconds to query, so it is built once per process per catalog
version: the stamp is (number of programs, latest change, latest withdrawal) of what the
organization sees, read in one query; any import changes it."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max

from civicshift.core.funding.matching import Match, MatchIndex
from civicshift.core.funding.model import InitiativeNeed

from .models import FundingProgram

#: How many catalog versions (one per organization, as a rule) the process keeps.
CACHED_INDEXES = 8

_lock = threading.Lock()
_indexes: OrderedDict[tuple, tuple[MatchIndex, dict[str, FundingProgram]]] = OrderedDict()


def catalog_stamp(organization) -> tuple:
    stats = FundingProgram.objects.visible_to(organization).aggregate(
        n=Count("pk"), changed=Max("updated_at"), withdrawn=Max("withdrawn_at")
    )
    return (organization.pk, stats["n"], stats["changed"], stats["withdrawn"])


def index_for(organization) -> tuple[MatchIndex, dict[str, FundingProgram]]:
    """The organization's index and its programs by key, built at most once per stamp."""
    stamp = catalog_stamp(organization)
    with _lock:
        cached = _indexes.get(stamp)
        if cached is not None:
            _indexes.move_to_end(stamp)
            return cached
    programs = list(
        FundingProgram.objects.visible_to(organization).filter(withdrawn_at__isnull=True)
    )
    built = (MatchIndex([p.to_engine() for p in programs]), {str(p.pk): p for p in programs})
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
class ProgramMatch:
    program: FundingProgram
    match: Match


def matches_for(
    organization, need: InitiativeNeed, *, today: date, limit: int = 25
) -> list[ProgramMatch]:
    index, by_key = index_for(organization)
    return [
        ProgramMatch(by_key[m.program.key], m) for m in index.match(need, today=today, limit=limit)
    ]
