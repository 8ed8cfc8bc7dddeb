"""Reading and writing the demo's people side through the people services, as the initiative's
author (after its plan, which the plans module loads first, so activities can be sent to it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from civicshift.core import people as core
from civicshift.demo.schema_checks import (
    DemoDataError,
    choice,
    date,
    model_error,
    only,
    optional,
    required,
    unique,
)
from civicshift.orgs.models import Department

from .. import services
from ..models import ActivityKind, ResistanceCause, Stance, SubjectKind
from ..models.ratings import IMPACT_ASPECTS
from ..services_plan import activity_send_to_plan


@dataclass
class DemoPeople:
    stakeholders: list[dict] = field(default_factory=list)
    ratings: list[dict] = field(default_factory=list)
    impact: list[dict] = field(default_factory=list)
    activities: list[tuple[dict, bool]] = field(default_factory=list)
    resistance: list[dict] = field(default_factory=list)


def _rating(row, key, at, low, high):
    value = required(row, key, at, int)
    if not low <= value <= high:
        raise DemoDataError(f"Key '{at}.{key}' must be from {low} to {high}, not {value}.")
    return value


def _list(raw, key, where):
    rows = optional(raw, key, where, list, [])
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            raise DemoDataError(f"'{where}.{key}[{i}]' must be a mapping of keys to values.")
    return rows


def read_people_entry(raw: Any, where: str) -> DemoPeople:
    only(
        raw, {"initiative", "stakeholders", "ratings", "impact", "activities", "resistance"}, where
    )
    found = DemoPeople()
    stances = list(Stance.values)
    for i, row in enumerate(_list(raw, "stakeholders", where)):
        at = f"{where}.stakeholders[{i}]"
        only(
            row,
            {
                "name",
                "kind",
                "department",
                "role",
                "influence",
                "interest",
                "current",
                "desired",
                "concerns",
                "engagement",
            },
            at,
        )
        found.stakeholders.append(
            {
                "name": required(row, "name", at),
                "kind": choice(
                    optional(row, "kind", at, str, "person"), list(SubjectKind.values), f"{at}.kind"
                ),
                "department": optional(row, "department", at, str, None),
                "role": optional(row, "role", at, str, ""),
                "influence": _rating(row, "influence", at, 1, 5),
                "interest": _rating(row, "interest", at, 1, 5),
                "current_stance": choice(required(row, "current", at), stances, f"{at}.current"),
                "desired_stance": choice(required(row, "desired", at), stances, f"{at}.desired"),
                "concerns": optional(row, "concerns", at, str, ""),
                "engagement": optional(row, "engagement", at, str, ""),
            }
        )
    names = [s["name"] for s in found.stakeholders]
    unique(names, f"{where}.stakeholders")

    def stakeholder(row, at, needed):
        name = (
            optional(row, "stakeholder", at, str, None)
            if not needed
            else required(row, "stakeholder", at)
        )
        if name is not None and name not in names:
            raise DemoDataError(f"Key '{at}.stakeholder' names unknown stakeholder '{name}'.")
        return name

    for i, row in enumerate(_list(raw, "ratings", where)):
        at = f"{where}.ratings[{i}]"
        only(row, {"subject", "kind", "stakeholder", "rated_on", *core.ADKAR_ELEMENTS, "notes"}, at)
        found.ratings.append(
            {
                "subject": required(row, "subject", at),
                "kind": choice(
                    optional(row, "kind", at, str, "group"), list(SubjectKind.values), f"{at}.kind"
                ),
                "stakeholder": stakeholder(row, at, False),
                "rated_on": date(row, "rated_on", at),
                **{e: _rating(row, e, at, 1, 5) for e in core.ADKAR_ELEMENTS},
                "notes": optional(row, "notes", at, str, ""),
            }
        )
    for i, row in enumerate(_list(raw, "impact", where)):
        at = f"{where}.impact[{i}]"
        only(row, {"name", "department", "headcount", *IMPACT_ASPECTS, "notes"}, at)
        found.impact.append(
            {
                "name": required(row, "name", at),
                "department": optional(row, "department", at, str, None),
                "headcount": _rating(row, "headcount", at, 0, 1_000_000),
                **{a: _rating(row, a, at, 0, 5) for a in IMPACT_ASPECTS},
                "notes": optional(row, "notes", at, str, ""),
            }
        )
    for i, row in enumerate(_list(raw, "activities", where)):
        at = f"{where}.activities[{i}]"
        only(
            row,
            {"title", "kind", "audience", "message", "channel", "date", "owner", "send_to_plan"},
            at,
        )
        found.activities.append(
            (
                {
                    "title": required(row, "title", at),
                    "kind": choice(
                        required(row, "kind", at), list(ActivityKind.values), f"{at}.kind"
                    ),
                    "audience": required(row, "audience", at),
                    "message": optional(row, "message", at, str, ""),
                    "channel": optional(row, "channel", at, str, ""),
                    "date": date(row, "date", at),
                    "owner": optional(row, "owner", at, str, ""),
                },
                optional(row, "send_to_plan", at, bool, False),
            )
        )
    for i, row in enumerate(_list(raw, "resistance", where)):
        at = f"{where}.resistance[{i}]"
        only(row, {"stakeholder", "cause", "response", "owner", "due"}, at)
        found.resistance.append(
            {
                "stakeholder": stakeholder(row, at, True),
                "cause": choice(
                    required(row, "cause", at), list(ResistanceCause.values), f"{at}.cause"
                ),
                "response": required(row, "response", at),
                "owner": required(row, "owner", at),
                "due": date(row, "due", at),
            }
        )
    return found


def load_people(entry: DemoPeople, *, initiative, author) -> None:
    organization = initiative.organization
    departments = {d.code: d for d in Department.objects.for_org(organization)}
    where = f"people of {initiative.title!r}"

    def department(code, at):
        if code is None:
            return None
        if code not in departments:
            raise DemoDataError(f"{where}, {at}: unknown department code '{code}'.")
        return departments[code]

    def write(make, values, at):
        try:
            return make(actor=author, initiative=initiative, **values)
        except ValidationError as exc:
            raise model_error(exc, {}, f"{where}, {at}") from exc

    made = {}
    for row in entry.stakeholders:
        values = {**row, "department": department(row["department"], row["name"])}
        made[row["name"]] = write(services.stakeholder_create, values, row["name"])
    for row in entry.ratings:
        values = {**row, "stakeholder": made.get(row["stakeholder"])}
        write(services.adkar_rating_create, values, row["subject"])
    for row in entry.impact:
        values = {**row, "department": department(row["department"], row["name"])}
        write(services.impact_group_create, values, row["name"])
    for row, send in entry.activities:
        activity = write(services.activity_create, row, row["title"])
        if send:
            try:
                activity_send_to_plan(actor=author, activity=activity)
            except ValidationError as exc:
                raise DemoDataError(
                    f"{where}, {row['title']}: cannot be sent to the plan: "
                    + " ".join(exc.messages)
                ) from exc
    for row in entry.resistance:
        values = {**row, "stakeholder": made[row["stakeholder"]]}
        write(services.resistance_response_create, values, row["stakeholder"])
