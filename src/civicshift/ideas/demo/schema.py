"""Reading and checking the ideas board's demo file (``data/ideas.yaml``): each problem names
its key, before anything is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from civicshift.demo.schema_checks import (
    DemoDataError,
    choice,
    known_each,
    known_one,
    only,
    optional,
    required,
    unique,
)
from civicshift.ideas.models import Status

#: Statuses a demo response may give (a promotion is written under ``promotions``).
RESPONSE_STATUSES = [s for s in Status.values if s != Status.PROMOTED]


@dataclass(frozen=True)
class DemoStep:
    kind: str  # "comment" or "respond"
    by: str
    text: str
    status: str = ""
    hidden: str = ""
    hidden_by: str = ""


@dataclass(frozen=True)
class DemoIdea:
    title: str
    problem: str
    proposal: str
    department: str | None
    by: str
    supporters: list[str]
    timeline: list[DemoStep] = field(default_factory=list)


@dataclass(frozen=True)
class DemoPromotion:
    idea: str
    note: str


def _step(raw: Any, where: str, users: set[str]) -> DemoStep:
    by = known_one(required(raw, "by", where), users, f"{where}.by", "user")
    if "comment" in raw:
        only(raw, {"comment", "by", "hidden", "hidden_by"}, where)
        hidden = optional(raw, "hidden", where, str, "")
        hidden_by = optional(raw, "hidden_by", where, str, "")
        if hidden and not hidden_by:
            raise DemoDataError(f"Key '{where}.hidden_by' is needed with 'hidden'.")
        if hidden_by:
            known_one(hidden_by, users, f"{where}.hidden_by", "user")
        return DemoStep("comment", by, required(raw, "comment", where), "", hidden, hidden_by)
    only(raw, {"respond", "by", "text"}, where)
    status = choice(required(raw, "respond", where), RESPONSE_STATUSES, f"{where}.respond")
    text = optional(raw, "text", where, str, "")
    if status == Status.DECLINED and not text.strip():
        raise DemoDataError(f"Key '{where}.text' is needed to decline (the reason).")
    return DemoStep("respond", by, text, status)


def _idea(raw: Any, where: str, departments: set[str], users: set[str]) -> DemoIdea:
    only(
        raw,
        {"title", "department", "by", "problem", "proposal", "supporters", "timeline"},
        where,
    )
    department = optional(raw, "department", where, str, None)
    if department is not None:
        known_one(department, departments, f"{where}.department", "department")
    supporters = known_each(
        optional(raw, "supporters", where, list, []), users, f"{where}.supporters", "user"
    )
    unique(supporters, f"{where}.supporters")
    return DemoIdea(
        title=required(raw, "title", where),
        problem=required(raw, "problem", where),
        proposal=optional(raw, "proposal", where, str, ""),
        department=department,
        by=known_one(required(raw, "by", where), users, f"{where}.by", "user"),
        supporters=supporters,
        timeline=[
            _step(step, f"{where}.timeline[{i}]", users)
            for i, step in enumerate(optional(raw, "timeline", where, list, []))
        ],
    )


def read_ideas(raw: Any, departments: set[str], users: set[str]) -> list[DemoIdea]:
    """The organization-wide part of the file (``DemoModule.read_organization``)."""
    ideas = [
        _idea(entry, f"ideas[{i}]", departments, users)
        for i, entry in enumerate(required(raw, "ideas", "", list))
    ]
    titles = [idea.title for idea in ideas]
    unique(titles, "ideas")
    for i, entry in enumerate(required(raw, "promotions", "", list)):
        known_one(
            required(entry, "idea", f"promotions[{i}]"),
            set(titles),
            f"promotions[{i}].idea",
            "idea",
        )
    return ideas


def read_promotion(raw: Any, where: str) -> DemoPromotion:
    """One initiative's entry of ``promotions`` (``DemoModule.read``): the idea it came from."""
    only(raw, {"idea", "note"}, where)
    return DemoPromotion(
        idea=required(raw, "idea", where), note=optional(raw, "note", where, str, "")
    )
