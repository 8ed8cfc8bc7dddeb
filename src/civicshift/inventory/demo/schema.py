"""The inventory of the demo (``data/inventory.yaml``): components, systems, integrations and
the systems each initiative changes. Every value is checked before the first write, with the
models' own rules (``clean_fields``, ``clean``), naming the key."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from civicshift.core.inventory import AnswerError, check_answers
from civicshift.demo.schema_checks import (
    DemoDataError,
    choice,
    known_each,
    known_one,
    model_error,
    only,
    required,
    unique,
)

from ..models import Component, Direction, Frequency, Method, Relation, System

SUPPORT_KEYS = {
    "mainstream_end": "support_mainstream_end",
    "extended_end": "support_extended_end",
    "esu_end": "support_esu_end",
}
COMPONENT_KEYS = {"name", "kind", "vendor", "product", "product_version", *SUPPORT_KEYS}
#: System keys that are not model fields as such.
SYSTEM_EXTRA = {"departments", "owner", "components", "assessment"}
SYSTEM_FIELDS = {
    f.name
    for f in System._meta.get_fields()
    if getattr(f, "concrete", False) and f.editable and f.name not in {"id", "owner"}
} - {"departments", "last_reviewed_at", "last_reviewed_by"}


@dataclass(frozen=True)
class DemoSystem:
    fields: dict[str, Any]
    departments: list[str]
    owner: str | None
    components: list[str]
    assessment: dict[str, int]


@dataclass(frozen=True)
class DemoInventory:
    components: list[dict[str, Any]]
    systems: list[DemoSystem]
    integrations: list[dict[str, Any]]


@dataclass(frozen=True)
class DemoLinks:
    links: list[dict[str, str]] = field(default_factory=list)


def _value(model, name: str, raw: Any, where: str):
    """A YAML value as the model field's Python value (dates, decimals), or DemoDataError."""
    model_field = model._meta.get_field(name)
    if raw is None:
        return None
    internal = model_field.get_internal_type()
    if internal == "DateField":
        if isinstance(raw, dt.date):
            return raw
        try:
            return dt.date.fromisoformat(str(raw))
        except ValueError:
            raise DemoDataError(f"Key '{where}.{name}' must be a date (YYYY-MM-DD).") from None
    if internal == "DecimalField":
        try:
            return Decimal(str(raw))
        except InvalidOperation:
            raise DemoDataError(f"Key '{where}.{name}' must be a number.") from None
    return raw


def _check_model(obj, keys: dict[str, str], where: str, exclude: list[str]) -> None:
    try:
        obj.clean_fields(exclude=exclude)
        obj.clean()
    except ValidationError as exc:
        raise model_error(exc, keys, where) from exc


def _component(raw: Any, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise DemoDataError(f"Key '{where}' must be a mapping.")
    only(raw, COMPONENT_KEYS, where)
    required(raw, "name", where)
    fields = {}
    for key, value in raw.items():
        name = SUPPORT_KEYS.get(key, key)
        fields[name] = _value(Component, name, value, where)
    _check_model(
        Component(**fields), {v: k for k, v in SUPPORT_KEYS.items()}, where, ["organization"]
    )
    return fields


def _system(
    raw: Any, where: str, departments: set[str], users: set[str], components: set[str]
) -> DemoSystem:
    if not isinstance(raw, dict):
        raise DemoDataError(f"Key '{where}' must be a mapping.")
    only(raw, SYSTEM_FIELDS | SYSTEM_EXTRA, where)
    required(raw, "name", where)
    fields = {k: _value(System, k, v, where) for k, v in raw.items() if k not in SYSTEM_EXTRA}
    _check_model(System(**fields), {}, where, ["organization"])
    answers = raw.get("assessment") or {}
    try:
        answers = check_answers(answers)
    except AnswerError as exc:
        raise DemoDataError(f"Key '{where}.assessment.{exc.key}': {exc}") from None
    owner = raw.get("owner")
    if owner is not None:
        known_one(owner, users, f"{where}.owner", "user")
    return DemoSystem(
        fields=fields,
        departments=known_each(
            raw.get("departments") or [], departments, f"{where}.departments", "department"
        ),
        owner=owner,
        components=known_each(
            raw.get("components") or [], components, f"{where}.components", "component"
        ),
        assessment=answers,
    )


def _integration(raw: Any, where: str, systems: set[str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise DemoDataError(f"Key '{where}' must be a mapping.")
    only(raw, {"from", "to", "method", "direction", "frequency", "data"}, where)
    source = known_one(required(raw, "from", where), systems, f"{where}.from", "system")
    target = known_one(required(raw, "to", where), systems, f"{where}.to", "system")
    if source == target:
        raise DemoDataError(f"Key '{where}.to': an interface connects two different systems.")
    return {
        "source": source,
        "target": target,
        "method": choice(required(raw, "method", where), Method.values, f"{where}.method"),
        "direction": choice(
            raw.get("direction", "one_way"), Direction.values, f"{where}.direction"
        ),
        "frequency": choice(
            raw.get("frequency", ""), ["", *Frequency.values], f"{where}.frequency"
        ),
        "data_exchanged": str(raw.get("data", "")),
    }


def read_inventory(raw: Any, departments: set[str], users: set[str]) -> DemoInventory:
    """The organization-wide part of the file (``DemoModule.read_organization``)."""
    components = [
        _component(c, f"components[{i}]")
        for i, c in enumerate(required(raw, "components", "", list))
    ]
    unique([c["name"] for c in components], "components")
    names = {c["name"] for c in components}
    systems = [
        _system(s, f"systems[{i}]", departments, users, names)
        for i, s in enumerate(required(raw, "systems", "", list))
    ]
    unique([s.fields["name"] for s in systems], "systems")
    system_names = {s.fields["name"] for s in systems}
    integrations = [
        _integration(x, f"integrations[{i}]", system_names)
        for i, x in enumerate(required(raw, "integrations", "", list))
    ]
    for i, entry in enumerate(required(raw, "links", "", list)):
        for j, link in enumerate(required(entry, "systems", f"links[{i}]", list)):
            known_one(
                required(link, "system", f"links[{i}].systems[{j}]"),
                system_names,
                f"links[{i}].systems[{j}].system",
                "system",
            )
    return DemoInventory(components, systems, integrations)


def read_links(raw: Any, where: str) -> DemoLinks:
    """One initiative's entry of ``links`` (``DemoModule.read``)."""
    only(raw, {"systems"}, where)
    links = []
    for j, link in enumerate(required(raw, "systems", where, list)):
        at = f"{where}.systems[{j}]"
        only(link, {"system", "relation", "notes"}, at)
        links.append(
            {
                "system": required(link, "system", at),
                "relation": choice(
                    required(link, "relation", at), Relation.values, f"{at}.relation"
                ),
                "notes": str(link.get("notes", "")),
            }
        )
    return DemoLinks(links)
