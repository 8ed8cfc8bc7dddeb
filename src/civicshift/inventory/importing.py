"""Applying a parsed spreadsheet to the inventory, through the services, in one transaction.

``import_rows`` takes the result of ``formats.inventory.reader.parse_rows``: rows with a
problem are rejected (nothing of them is written); every other row creates a system or
updates the one it matches — by the town's own id (``external_id``) first, else by name and
vendor, case and surrounding spaces ignored — so importing the same file twice never
duplicates a system. The rows are written in bulk (``services_import``: a few statements for
thousands of systems, each still with its own audit record); a row the services' checks refuse
(say, a name and vendor another system of the organization has) is left out alone, creates no
department, and is reported like a problem of the file. A blank cell never clears a value
already recorded: a re-import of a sheet with fewer columns keeps what the inventory knew.

Departments are found by name (case ignored) and created when new; an owner that is a
member's e-mail address links the member, anything else is kept as the owner's name; the
operating system becomes a linked component of kind "operating system".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civicshift.formats.inventory.reader import Parsed, ParsedRow, Problem
from civicshift.orgs.models import Department, Membership
from civicshift.orgs.permissions import require_role
from civicshift.orgs.roles import Role
from civicshift.orgs.services import department_create

from .models import System
from .services_import import (
    operating_systems_link_many,
    systems_create_many,
    systems_update_many,
)

#: Progress is reported every this many rows (and at the end).
PROGRESS_EVERY = 100


@dataclass
class ImportResult:
    rows_total: int = 0
    rows_imported: int = 0
    rows_updated: int = 0
    rows_rejected: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows_total": self.rows_total,
            "rows_imported": self.rows_imported,
            "rows_updated": self.rows_updated,
            "rows_rejected": self.rows_rejected,
            "problems": [p.as_dict() for p in self.problems],
            "notes": self.notes,
            "ignored_columns": self.ignored_columns,
            "dry_run": self.dry_run,
        }


def _norm(text: str | None) -> str:
    return " ".join((text or "").lower().split())


class _Matcher:
    """The organization's systems by id and by name and vendor, loaded once."""

    def __init__(self, organization) -> None:
        self.by_id: dict[str, System] = {}
        self.by_name: dict[tuple[str, str], System] = {}
        # Owners are read with the systems: the audit's snapshot names them.
        for system in System.objects.for_org(organization).select_related(
            "owner", "last_reviewed_by"
        ):
            self.add(system)

    def add(self, system: System) -> None:
        if system.external_id:
            self.by_id.setdefault(_norm(system.external_id), system)
        self.by_name.setdefault((_norm(system.name), _norm(system.vendor)), system)

    def find(self, values: dict[str, Any]) -> System | None:
        if values.get("external_id"):
            found = self.by_id.get(_norm(values["external_id"]))
            if found is not None:
                return found
        return self.by_name.get((_norm(values.get("name")), _norm(values.get("vendor"))))


class _Row:
    """Turns one row's parsed values into the services' keyword arguments."""

    def __init__(self, *, actor, organization) -> None:
        self.actor = actor
        self.organization = organization
        self.departments = {_norm(d.name): d for d in Department.objects.for_org(organization)}
        self.members = {
            _norm(m.user.email): m.user
            for m in Membership.objects.filter(organization=organization).select_related("user")
            if m.user.email
        }

    def department(self, name: str) -> Department:
        key = _norm(name)
        if key not in self.departments:
            self.departments[key] = department_create(
                actor=self.actor, organization=self.organization, name=name.strip()
            )
        return self.departments[key]

    def fields(self, values: dict[str, Any]) -> tuple[dict[str, Any], str]:
        fields = dict(values)
        operating_system = fields.pop("operating_system", "")
        if "departments" in fields:
            fields["departments"] = [self.department(n) for n in fields["departments"]]
        owner = fields.pop("owner", "")
        if owner:
            user = self.members.get(_norm(owner)) if "@" in owner else None
            if user is not None:
                fields["owner"] = user
            else:
                fields["owner_name"] = owner
        return fields, operating_system


def _problems_from(error: ValidationError, row: ParsedRow, headers: dict[str, str]):
    if hasattr(error, "error_dict"):
        for key, messages in error.message_dict.items():
            column = headers.get(key, headers.get("name", ""))
            for message in messages:
                yield Problem(row.row, column, message)
    else:
        for message in error.messages:
            yield Problem(row.row, headers.get("name", ""), message)


def _prepare(rows, converter) -> list[tuple[ParsedRow, dict[str, Any], str]]:
    """Each row's service fields, its departments left as names (created only for the rows
    the services accept) and its operating system apart."""
    prepared = []
    for row in rows:
        values = dict(row.values)
        names = values.pop("departments", [])
        fields, operating_system = converter.fields(values)
        fields["departments"] = names
        prepared.append((row, fields, operating_system))
    return prepared


def _tally(prepared, written, refused, result, by_key, by_os, attribute: str) -> None:
    for index, (row, _fields, operating_system) in enumerate(prepared):
        if index in refused:
            result.problems.extend(_problems_from(refused[index], row, by_key))
            result.rows_rejected += 1
            continue
        setattr(result, attribute, getattr(result, attribute) + 1)
        if operating_system:
            key = _norm(operating_system)
            _name, systems = by_os.setdefault(key, (operating_system, []))
            systems.append(written[index])


def _update(actor, organization, updates, converter, result, by_key, by_os) -> None:
    """The matched systems at once (``services_import.systems_update_many``)."""
    prepared = _prepare([row for row, _system in updates], converter)
    rows = []
    for (_row, existing), (_r, fields, _o) in zip(updates, prepared, strict=True):
        for key in ("name", "vendor"):  # not rewritten for other capitals or spaces
            if key in fields and _norm(fields[key]) == _norm(getattr(existing, key)):
                del fields[key]
        rows.append((existing, fields))
    updated, refused = systems_update_many(
        actor=actor, organization=organization, rows=rows, department_for=converter.department
    )
    _tally(prepared, updated, refused, result, by_key, by_os, "rows_updated")


def _create(actor, organization, rows, converter, result, by_key, by_os) -> None:
    """The new systems at once (``services_import.systems_create_many``); departments are
    created only for the rows it accepts."""
    prepared = _prepare(rows, converter)
    created, refused = systems_create_many(
        actor=actor,
        organization=organization,
        rows=[fields for _r, fields, _o in prepared],
        department_for=converter.department,
    )
    _tally(prepared, created, refused, result, by_key, by_os, "rows_imported")


def import_rows(
    *,
    actor,
    organization,
    parsed: Parsed,
    headers: list[str] | None = None,
    dry_run: bool = False,
    progress: Callable[[float, str], None] | None = None,
) -> ImportResult:
    """Create or update a system for each valid row; one transaction for the whole file
    (rolled back at the end for ``dry_run``, which still counts exactly what would happen)."""
    require_role(actor, organization, Role.EDITOR)
    by_key = {key: (headers[i] if headers else key) for i, key in parsed.mapping.items()}
    result = ImportResult(
        rows_total=len(parsed.rows),
        notes=list(parsed.notes),
        ignored_columns=list(parsed.ignored_columns),
        dry_run=dry_run,
        problems=list(parsed.problems),
    )
    valid = parsed.valid
    result.rows_rejected = len(parsed.rejected)
    with transaction.atomic():
        matcher = _Matcher(organization)
        converter = _Row(actor=actor, organization=organization)
        matched = [(row, matcher.find(row.values)) for row in valid]
        updates = [(row, system) for row, system in matched if system is not None]
        creates = [row for row, system in matched if system is None]
        steps = max(len(updates) + len(creates), 1)
        by_os: dict[str, tuple[str, list[System]]] = {}
        if updates:
            if progress is not None:
                progress(0.0, _("Updating %(n)s systems.") % {"n": len(updates)})
            _update(actor, organization, updates, converter, result, by_key, by_os)
        if creates:
            if progress is not None:
                progress(
                    len(updates) / steps,
                    _("Adding %(n)s new systems.") % {"n": len(creates)},
                )
            _create(actor, organization, creates, converter, result, by_key, by_os)
        operating_systems_link_many(
            actor=actor,
            organization=organization,
            links=dict(by_os.values()),
        )
        if progress is not None:
            progress(1.0, _("Imported %(n)s rows.") % {"n": len(valid)})
        if dry_run:
            transaction.set_rollback(True)
    result.problems.sort(key=lambda p: p.row or 0)
    return result
