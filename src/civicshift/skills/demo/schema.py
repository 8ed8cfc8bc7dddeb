"""Checks of the skills demo file (``data/skills.yaml``) before anything is written."""

from __future__ import annotations

import datetime as dt
from typing import Any

from civicshift.demo.schema_checks import (
    DemoDataError,
    choice,
    date,
    money,
    optional,
    required,
)
from civicshift.skills.catalog import catalog
from civicshift.skills.models import CourseKind


def _level(value: Any, where: str, low: int = 0) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= 4:
        raise DemoDataError(f"Key '{where}' must be a level from {low} to 4.")
    return value


def _skill(key: str, where: str) -> str:
    if key not in {s.key for s in catalog().skills}:
        raise DemoDataError(f"Key '{where}' names '{key}', not a skill of the starter catalog.")
    return key


def read_organization(raw: Any, departments: set[str], users: set[str]) -> dict:
    org = required(raw, "organization", "", dict)
    roles = []
    for i, r in enumerate(required(org, "job_roles", "organization", list)):
        where = f"organization.job_roles[{i}]"
        roles.append(
            {
                "name": required(r, "name", where),
                "description": optional(r, "description", where, str, ""),
            }
        )
    role_names = {r["name"] for r in roles}
    staff = []
    for i, p in enumerate(required(org, "staff", "organization", list)):
        where = f"organization.staff[{i}]"
        department = required(p, "department", where)
        if department not in departments:
            raise DemoDataError(
                f"Key '{where}.department' names unknown department '{department}'."
            )
        role = choice(required(p, "role", where), sorted(role_names), f"{where}.role")
        staff.append({"name": required(p, "name", where), "department": department, "role": role})
    names = [p["name"] for p in staff]
    if len(set(names)) != len(names):
        raise DemoDataError("Key 'organization.staff' repeats a name.")
    return {"roles": roles, "staff": staff}


def _enrol(value: Any, where: str):
    if value == "gaps":
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise DemoDataError(f"Key '{where}' must be 'gaps' or a list of staff names.")


def _session(s: Any, where: str) -> dict:
    start = required(s, "time", where, (str, int))
    try:
        start_time = dt.time.fromisoformat(str(start)) if isinstance(start, str) else None
    except ValueError as exc:
        raise DemoDataError(f"Key '{where}.time' must be a time like 09:00.") from exc
    if start_time is None:
        raise DemoDataError(f"Key '{where}.time' must be a time like 09:00, in quotes.")
    completed = s.get("completed_on")
    return {
        "starts_on": date(s, "date", where),
        "start_time": start_time,
        "hours": money(s, "hours", where),
        "seats": required(s, "seats", where, int),
        "trainer": optional(s, "trainer", where, str, ""),
        "location": optional(s, "location", where, str, ""),
        "enrol": _enrol(s.get("enrol", []), f"{where}.enrol"),
        "completed_on": date(s, "completed_on", where) if completed is not None else None,
        "not_completed": optional(s, "not_completed", where, list, []),
    }


def read_entry(raw: Any, where: str) -> dict:
    requirements = [
        {
            "role": required(r, "role", f"{where}.requirements[{i}]"),
            "skill": _skill(
                required(r, "skill", f"{where}.requirements[{i}]"),
                f"{where}.requirements[{i}].skill",
            ),
            "level": _level(r.get("level"), f"{where}.requirements[{i}].level", 1),
        }
        for i, r in enumerate(required(raw, "requirements", where, list))
    ]
    assessments = []
    for i, a in enumerate(required(raw, "assessments", where, list)):
        at = f"{where}.assessments[{i}]"
        ratings = {}
        for source in ("manager", "self"):
            given = optional(a, source, at, dict, {})
            ratings[source] = {
                _skill(k, f"{at}.{source}"): _level(v, f"{at}.{source}.{k}")
                for k, v in given.items()
            }
        assessments.append({"person": required(a, "person", at), **ratings})
    courses = []
    kinds = [k.value for k in CourseKind]
    for i, c in enumerate(required(raw, "courses", where, list)):
        at = f"{where}.courses[{i}]"
        courses.append(
            {
                "name": required(c, "name", at),
                "kind": choice(required(c, "kind", at), kinds, f"{at}.kind"),
                "skill": _skill(required(c, "skill", at), f"{at}.skill"),
                "hours_per_person": money(c, "hours_per_person", at),
                "cost_per_seat": money(c, "cost_per_seat", at),
                "fixed_cost": money(c, "fixed_cost", at),
                "seats": required(c, "seats", at, int),
                "provider": optional(c, "provider", at, str, ""),
                "sessions": [
                    _session(s, f"{at}.sessions[{k}]")
                    for k, s in enumerate(required(c, "sessions", at, list))
                ],
            }
        )
    return {
        "requirements": requirements,
        "assessments": assessments,
        "assessed_on": date(raw, "assessed_on", where),
        "courses": courses,
        "hourly_rate": money(raw, "hourly_rate", where),
        "add_to_case": optional(raw, "add_to_case", where, bool, False),
        "add_to_plan": optional(raw, "add_to_plan", where, bool, False),
    }
