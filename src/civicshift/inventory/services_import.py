"""Write paths the spreadsheet import needs beside ``services.py``.

``systems_create_many`` creates the new systems of a file at once: each is checked as
``system_create`` checks it (the role once, ``full_clean`` per system; the name and vendor are
unique because the importer matched every row against the organization's systems and refused
duplicates inside the file), inserted with ``bulk_create``, linked to its departments in one
insert, and given the same audit record ``audited_create`` writes (all field values, "created"),
also in one insert (``audit.services.record_events``). Calling ``system_create`` per row costs
about 20 queries a system (role, uniqueness, constraints, the insert, the links, the audit
snapshot): 10,000 systems took minutes.

``systems_update_many`` is ``system_update`` for the systems a re-import matched: the same
checks in file order, against the organization's systems read once; only the systems whose
values change are written, their versions claimed as ``audited_update`` claims one (in groups,
row by row only when a group is short), with ``bulk_update`` and an audit record each. One
``system_update`` per row took 113 s for 10,000 systems; this takes a few seconds.

``services.component_for_system`` links a system to an existing component by re-setting the
component's whole list of systems (``component_update(systems=[*all, system])``), whose audit
snapshot reads that list before and after: linking the 10,000 systems of a workbook that all
run "Windows Server 2019" costs O(n²) (measured: 0.15 s a row at 100 rows, growing). This one
adds the single link and records just that link.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civicshift.audit.models import Action
from civicshift.audit.services import record_event, record_events, snapshot
from civicshift.core.diff import changed_fields
from civicshift.orgs.bulk import insert_objects, insert_values, update_objects
from civicshift.orgs.models import Membership
from civicshift.orgs.permissions import require_role
from civicshift.orgs.roles import Role

from . import services
from .models import Component, ComponentKind, System


@transaction.atomic
def operating_system_link(*, actor, system: System, name: str) -> Component:
    """Link the operating system called ``name`` (case ignored) to ``system``, creating the
    component (kind "operating system") when the organization has none of that name."""
    organization = system.organization
    require_role(actor, organization, Role.EDITOR)
    name = name.strip()
    existing = Component.objects.for_org(organization).filter(name__iexact=name).first()
    if existing is None:
        return services.component_create(
            actor=actor,
            organization=organization,
            systems=[system],
            name=name,
            kind=ComponentKind.OS,
        )
    if not existing.systems.filter(pk=system.pk).exists():
        existing.systems.add(system)
        record_event(
            actor=actor,
            organization=organization,
            action=Action.UPDATE,
            obj=existing,
            changes={"systems": [None, _("%(system)s added") % {"system": system}]},
            reason=_("Linked by the spreadsheet import."),
        )
    return existing


BATCH = 500


def _norm(text: str | None) -> str:
    return " ".join((text or "").lower().split())


class _Owners:
    """The organization's active members, read once: ``services._check_owner`` for many rows
    (one query a row otherwise)."""

    def __init__(self, organization) -> None:
        self.ids = set(
            Membership.objects.for_org(organization)
            .filter(user__is_active=True)
            .values_list("user_id", flat=True)
        )

    def check(self, owner) -> None:
        if owner is not None and owner.pk not in self.ids:
            raise ValidationError({"owner": _("The owner must be a member of this organization.")})


#: Fields a bulk check leaves to the caller: the organization is ours, the owner is checked by
#: ``_Owners`` (their foreign keys would be looked up again, one query each a system).
_CHECKED_ELSEWHERE = ("organization", "owner", "last_reviewed_by")


def _unchecked(given) -> list[str]:
    """The fields ``full_clean`` may skip: those not given, which keep their default (or, for
    a saved system, their saved value), both valid already. ``System.clean`` (dates in order)
    still runs on the whole row."""
    return [
        f.name
        for f in System._meta.concrete_fields
        if f.name not in given and (f.has_default() or f.blank or f.null)
    ] + list(_CHECKED_ELSEWHERE)


class _FieldChecks:
    """``System.full_clean`` for many systems, each distinct value of a field checked once.

    A file of 10,000 rows repeats its values (categories, hosting, vendors, dates): the first
    time a field's value passes ``full_clean``, its cleaned value is kept, and later systems
    with the same value of the same type take it and leave that field out of their own
    ``full_clean``, which still checks every other field, runs ``System.clean`` (dates in
    order) and reports errors exactly as before. A field's check depends on its value alone
    (not on the rest of the row: relations are not kept, and ``System`` has no ``unique``
    field that an excluded field would drop from ``validate_unique``). Decimals are keyed by
    their text, so 1.0 and 1.00 (different digit counts for ``max_digits``) are checked apart.
    """

    _KEPT = frozenset({str, int, bool, date, Decimal})

    def __init__(self) -> None:
        self.valid: dict[tuple, Any] = {}
        self.plans: dict[frozenset, tuple[list[str], list[tuple[str, str]]]] = {}

    def full_clean(self, system: System, given: frozenset, **options) -> None:
        if given not in self.plans:
            exclude = _unchecked(given)
            self.plans[given] = (
                exclude,
                [
                    (f.name, f.attname)
                    for f in System._meta.concrete_fields
                    if f.name not in exclude and not f.is_relation
                ],
            )
        exclude, checked = self.plans[given]
        known: list[str] = []
        first: list[tuple[str, tuple]] = []
        for name, attname in checked:
            raw = getattr(system, attname)
            kind = type(raw)
            if kind not in self._KEPT:
                continue
            key = (attname, kind, str(raw) if kind is Decimal else raw)
            if key in self.valid:
                setattr(system, attname, self.valid[key])
                known.append(name)
            else:
                first.append((attname, key))
        system.full_clean(exclude=[*exclude, *known], **options)
        for attname, key in first:
            self.valid[key] = getattr(system, attname)


@transaction.atomic
def systems_create_many(
    *,
    actor,
    organization,
    rows: list[dict[str, Any]],
    department_for: Callable[[str], Any] | None = None,
    reason: str = "",
) -> tuple[list[System | None], dict[int, ValidationError]]:
    """Create a system for each dict of fields. ``departments`` is a list of the
    organization's departments, or of names given to ``department_for`` (which finds or
    creates one) once every system is checked, so a refused row creates no department.
    Returns the systems (None where refused) and {index: why refused}."""
    require_role(actor, organization, Role.EDITOR)
    owners = _Owners(organization)
    created: list[System | None] = [None] * len(rows)
    refused: dict[int, ValidationError] = {}
    checked: list[tuple[int, list]] = []
    checks = _FieldChecks()
    for index, fields in enumerate(rows):
        fields = dict(fields)
        departments = list(fields.pop("departments", []))
        system = System(organization=organization, **fields)
        try:
            owners.check(fields.get("owner"))
            # No uniqueness left to check on a new system: its only unique field is the id
            # (not yet given); name and vendor, and the id column, were matched beforehand.
            checks.full_clean(
                system, frozenset(fields), validate_constraints=False, validate_unique=False
            )
        except ValidationError as error:
            refused[index] = error
            continue
        created[index] = system
        checked.append((index, departments))
    links: list[tuple[int, list]] = []
    for index, departments in checked:
        if department_for is not None:
            departments = [department_for(name) for name in departments]
        for department in departments:
            services._same_org(organization, departments=department)
        links.append((index, departments))
    saved = [s for s in created if s is not None]
    insert_objects(saved)
    insert_values(
        System.departments.through,
        ("system_id", "department_id"),
        ((created[i].pk, d.pk) for i, ds in links for d in ds),
    )
    record_events(
        actor=actor,
        organization=organization,
        events=(
            (
                Action.CREATE,
                created[i],
                changed_fields(None, snapshot(created[i], many_to_many={"departments": ds})),
            )
            for i, ds in links
        ),
        reason=reason,
    )
    return created, refused


def _attname(name: str) -> str:
    return System._meta.get_field(name).attname


def _stale(system: System) -> ValidationError:
    return ValidationError(
        {
            "name": _(
                "“%(system)s” was changed by someone else while the file was imported; import "
                "the file again."
            )
            % {"system": system}
        }
    )


def _claim_versions(changed: list[System]) -> set[int]:
    """Move each changed system from the version it was read at to the next, as
    ``audit.services.audited_update`` does for one: a conditional UPDATE per group of systems
    at the same version (a few statements for thousands). A group whose count falls short
    (someone saved one of them since it was read) is undone and claimed row by row. Returns
    the pks that could not be claimed (stale)."""
    stale: set[int] = set()
    rows = System._base_manager
    by_version: dict[int, list[System]] = {}
    for system in changed:
        by_version.setdefault(system.version, []).append(system)
    for version, systems in by_version.items():
        for at in range(0, len(systems), BATCH):
            chunk = systems[at : at + BATCH]
            try:
                with transaction.atomic():
                    claimed = rows.filter(pk__in=[s.pk for s in chunk], version=version).update(
                        version=version + 1
                    )
                    if claimed != len(chunk):
                        raise _ShortClaim
            except _ShortClaim:
                for system in chunk:
                    if not rows.filter(pk=system.pk, version=version).update(version=version + 1):
                        stale.add(system.pk)
    for system in changed:
        if system.pk not in stale:
            system.version += 1
    return stale


class _ShortClaim(Exception):
    """A group of systems not all at the version they were read at (rolls its claim back)."""


@transaction.atomic
def systems_update_many(
    *,
    actor,
    organization,
    rows: list[tuple[System, dict[str, Any]]],
    department_for: Callable[[str], Any] | None = None,
    reason: str = "",
) -> tuple[list[System | None], dict[int, ValidationError]]:
    """``services.system_update`` for many systems of the organization at once: each
    ``(system, fields)`` is checked as the service checks it (owner a member, name and vendor
    unique in the organization, the system's own validation), in order, so a later row sees
    the names the earlier ones gave. ``departments`` (names for ``department_for``, or
    departments) are added to those the system has. Only the systems whose values change are
    written: their versions are claimed as ``audited_update`` claims one (a system saved by
    someone else since it was read is refused, naming it), the changed fields go in bulk
    updates, and each gets the audit record ``audited_update`` would write ("updated", only
    the fields that changed). Returns the systems (None where refused) and {index: why}."""
    require_role(actor, organization, Role.EDITOR)
    owners = _Owners(organization)
    known = list(
        System.objects.for_org(organization).values_list("pk", "name", "vendor", "external_id")
    )
    by_pair: dict[tuple[str, str], set[int]] = {}
    by_id: dict[str, int] = {}
    for pk, name, vendor, external_id in known:
        by_pair.setdefault((_norm(name), _norm(vendor)), set()).add(pk)
        if external_id:
            by_id[external_id] = pk
    current: dict[int, list] = {}
    through = System.departments.through
    for link in through.objects.filter(system__organization=organization).select_related(
        "department"
    ):
        current.setdefault(link.system_id, []).append(link.department)
    accepted: list[System | None] = [None] * len(rows)
    refused: dict[int, ValidationError] = {}
    pending: list[tuple[int, System, dict, list, frozenset]] = []
    checks = _FieldChecks()
    for index, (system, fields) in enumerate(rows):
        fields = dict(fields)
        names = list(fields.pop("departments", []))
        given = frozenset(fields)
        # Only the given fields and the departments can change: the diff of their snapshots
        # is the diff of two whole snapshots.
        watched = given | {"departments"}
        before = snapshot(
            system, many_to_many={"departments": current.get(system.pk, [])}, fields=watched
        )
        # Kept by attribute name (``owner_id``): reading ``owner`` could cost a query.
        saved = {_attname(name): getattr(system, _attname(name)) for name in fields}
        old_pair = (_norm(system.name), _norm(system.vendor))
        old_id = system.external_id
        for name, value in fields.items():
            setattr(system, name, value)
        new_pair = (_norm(system.name), _norm(system.vendor))
        try:
            owners.check(fields.get("owner"))
            if new_pair != old_pair and by_pair.get(new_pair, set()) - {system.pk}:
                raise ValidationError(
                    {"name": _("There is already a system with this name from this vendor.")}
                )
            if system.external_id and by_id.get(system.external_id, system.pk) != system.pk:
                raise ValidationError({"external_id": _("Another system already has this id.")})
            checks.full_clean(system, given, validate_constraints=False, validate_unique=False)
        except ValidationError as error:
            for name, value in saved.items():
                setattr(system, name, value)
            refused[index] = error
            continue
        if new_pair != old_pair:
            by_pair.get(old_pair, set()).discard(system.pk)
            by_pair.setdefault(new_pair, set()).add(system.pk)
        if old_id != system.external_id:
            if by_id.get(old_id) == system.pk:
                del by_id[old_id]
            if system.external_id:
                by_id[system.external_id] = system.pk
        pending.append((index, system, before, names, watched))
    changed: list[tuple[int, System, dict, list]] = []
    fields_written: set[str] = set()
    for index, system, before, names, watched in pending:
        departments = [department_for(n) if department_for else n for n in names]
        have = {d.pk: d for d in current.get(system.pk, [])}
        added = []
        for department in departments:
            services._same_org(organization, departments=department)
            if department.pk not in have:
                have[department.pk] = department
                added.append(department)
        changes = changed_fields(
            before,
            snapshot(system, many_to_many={"departments": have.values()}, fields=watched),
        )
        accepted[index] = system
        if changes:
            changed.append((index, system, changes, added))
            fields_written.update(k for k in changes if k != "departments")
    stale = _claim_versions([system for _i, system, _c, _a in changed])
    for index, system, _changes, _added in changed:
        if system.pk in stale:
            accepted[index] = None
            refused[index] = _stale(system)
    changed = [item for item in changed if item[1].pk not in stale]
    if fields_written:
        update_objects([system for _i, system, _c, _a in changed], sorted(fields_written))
    insert_values(
        through,
        ("system_id", "department_id"),
        ((system.pk, d.pk) for _i, system, _c, added in changed for d in added),
    )
    record_events(
        actor=actor,
        organization=organization,
        events=((Action.UPDATE, system, changes) for _i, system, changes, _a in changed),
        reason=reason,
    )
    return accepted, refused


@transaction.atomic
def operating_systems_link_many(*, actor, organization, links: dict[str, list[System]]) -> None:
    """Link each named operating system to its systems (``operating_system_link`` for many:
    one component per name, created when new, one audit record per component)."""
    require_role(actor, organization, Role.EDITOR)
    through = Component.systems.through
    for name, systems in links.items():
        name = name.strip()
        existing = Component.objects.for_org(organization).filter(name__iexact=name).first()
        if existing is None:
            services.component_create(
                actor=actor,
                organization=organization,
                systems=systems,
                name=name,
                kind=ComponentKind.OS,
            )
            continue
        linked = set(existing.systems.values_list("pk", flat=True))
        new = [s for s in systems if s.pk not in linked]
        if not new:
            continue
        through.objects.bulk_create(
            (through(component_id=existing.pk, system_id=s.pk) for s in new), batch_size=BATCH
        )
        record_event(
            actor=actor,
            organization=organization,
            action=Action.UPDATE,
            obj=existing,
            changes={"systems": [None, _("%(n)s systems added") % {"n": len(new)}]},
            reason=_("Linked by the spreadsheet import."),
        )
