"""Write paths the spreadsheet import needs beside ``services.py``.

``systems_create_many`` creates the new systems of a file at once: each is checked as
``system_create`` checks it (the role once, ``full_clean`` per system; the name and vendor are
unique because the importer matched every row against the organization's systems and refused
duplicates inside the file), inserted with ``bulk_create``, linked to its departments in one
insert, and given the same audit record ``audited_create`` writes (all field values, "created"),
also in one insert. Calling ``system_create`` per row costs about 20 queries a system (role,
uniqueness, constraints, the insert, the links, the audit snapshot): 10,000 systems took minutes.

``services.component_for_system`` links a system to an existing component by re-setting the
component's whole list of systems (``component_update(systems=[*all, system])``), whose audit
snapshot reads that list before and after: linking the 10,000 systems of a workbook that all
run "Windows Server 2019" costs O(n²) (measured: 0.15 s a row at 100 rows, growing). This one
adds the single link and records just that link.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civicshift.audit.models import Action, AuditEvent
from civicshift.audit.services import record_event, snapshot
from civicshift.core.diff import changed_fields
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


def _new_snapshot(system: System, departments) -> dict[str, Any]:
    """``audit.services.snapshot`` of a just-inserted system, its departments given rather
    than read back (one query a system otherwise)."""
    pk, system.pk = system.pk, None  # snapshot reads many-to-many only for a saved row
    try:
        data = snapshot(system)
    finally:
        system.pk = pk
    data["departments"] = sorted(str(d) for d in departments)
    return data


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
    created: list[System | None] = [None] * len(rows)
    refused: dict[int, ValidationError] = {}
    checked: list[tuple[int, list]] = []
    for index, fields in enumerate(rows):
        fields = dict(fields)
        departments = list(fields.pop("departments", []))
        system = System(organization=organization, **fields)
        try:
            services._check_owner(organization, fields.get("owner"))
            # The organization is ours and the owner was just checked: their foreign keys are
            # not looked up again (one query each a system).
            system.full_clean(exclude=["organization", "owner"], validate_constraints=False)
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
    System.objects.bulk_create(saved, batch_size=BATCH)
    through = System.departments.through
    through.objects.bulk_create(
        (through(system_id=created[i].pk, department_id=d.pk) for i, ds in links for d in ds),
        batch_size=BATCH * 2,
    )
    label, author = "system", None
    if actor is not None and getattr(actor, "is_authenticated", False):
        label, author = actor.get_username(), actor
    content_type = ContentType.objects.get_for_model(System)
    AuditEvent.objects.bulk_create(
        (
            AuditEvent(
                organization=organization,
                actor=author,
                actor_label=label,
                action=Action.CREATE,
                content_type=content_type,
                object_pk=str(created[i].pk),
                object_repr=str(created[i])[:300],
                changes=changed_fields(None, _new_snapshot(created[i], ds)),
                reason=reason,
            )
            for i, ds in links
        ),
        batch_size=BATCH,
    )
    return created, refused


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
