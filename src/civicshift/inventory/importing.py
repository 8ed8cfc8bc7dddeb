"""Applying a parsed spreadsheet to the inventory, through the services, in one transaction.

``import_rows`` takes the result of ``formats.inventory.reader.parse_rows``: rows with a
problem are rejected (nothing of them is written); every other row creates a system or
updates the one it matches — by the town's own id (``external_id``) first, else by name and
vendor, case and surrounding spaces ignored — so importing the same file twice never
duplicates a system. A row the services refuse (say, a name and vendor another system of the
organization has) is rolled back alone (a savepoint per row) and reported like a problem of
the file. A blank cell never clears a value already recorded: a re-import of a sheet with
fewer columns keeps what the inventory knew.

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

from . import services
from .models import System
from .services_import import (
    operating_system_link,
    operating_systems_link_many,
    systems_create_many,
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
        for system in System.objects.for_org(organization):
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

        #: Departments created for the current row: forgotten if its savepoint rolls back.
        self.created: list[str] = []

    def department(self, name: str) -> Department:
        key = _norm(name)
        if key not in self.departments:
            self.departments[key] = department_create(
                actor=self.actor, organization=self.organization, name=name.strip()
            )
            self.created.append(key)
        return self.departments[key]

    def forget_created(self) -> None:
        for key in self.created:
            self.departments.pop(key, None)
        self.created = []

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


def _update(actor, existing: System, fields: dict[str, Any], operating_system: str) -> None:
    for key in ("name", "vendor"):  # not rewritten for other capitals or spaces
        if key in fields and _norm(fields[key]) == _norm(getattr(existing, key)):
            del fields[key]
    if "departments" in fields:
        known = [*existing.departments.all(), *fields["departments"]]
        fields["departments"] = list({d.pk: d for d in known}.values())
    system = services.system_update(actor=actor, system=existing, **fields)
    if operating_system:
        operating_system_link(actor=actor, system=system, name=operating_system)


def _create(actor, organization, rows, converter, result: ImportResult, by_key) -> None:
    """The new systems at once (``services_import.systems_create_many``); departments are
    created only for the rows it accepts."""
    prepared = []
    for row in rows:
        values = dict(row.values)
        names = values.pop("departments", [])
        fields, operating_system = converter.fields(values)
        fields["departments"] = names
        prepared.append((row, fields, operating_system))
    created, refused = systems_create_many(
        actor=actor,
        organization=organization,
        rows=[fields for _r, fields, _o in prepared],
        department_for=converter.department,
    )
    by_os: dict[str, list[System]] = {}
    names: dict[str, str] = {}
    for index, (row, _fields, operating_system) in enumerate(prepared):
        if index in refused:
            result.problems.extend(_problems_from(refused[index], row, by_key))
            result.rows_rejected += 1
            continue
        result.rows_imported += 1
        if operating_system:
            key = _norm(operating_system)
            by_os.setdefault(key, []).append(created[index])
            names.setdefault(key, operating_system)
    operating_systems_link_many(
        actor=actor,
        organization=organization,
        links={names[key]: systems for key, systems in by_os.items()},
    )


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
        for done, (row, existing) in enumerate(updates):
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(
                    done / steps,
                    _("Updating system %(n)s of %(total)s.")
                    % {"n": done + 1, "total": len(updates)},
                )
            converter.created = []
            try:
                with transaction.atomic():
                    _update(actor, existing, *converter.fields(row.values))
            except ValidationError as error:
                converter.forget_created()
                result.problems.extend(_problems_from(error, row, by_key))
                result.rows_rejected += 1
                continue
            result.rows_updated += 1
        if creates:
            if progress is not None:
                progress(
                    len(updates) / steps,
                    _("Adding %(n)s new systems.") % {"n": len(creates)},
                )
            _create(actor, organization, creates, converter, result, by_key)
        if progress is not None:
            progress(1.0, _("Imported %(n)s rows.") % {"n": len(valid)})
        if dry_run:
            transaction.set_rollback(True)
    result.problems.sort(key=lambda p: p.row or 0)
    return result
