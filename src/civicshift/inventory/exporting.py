"""The inventory as rows for ``formats.inventory.writer``: one dict per system, keyed like the
importer's fields, so an exported file imports back (a re-import updates, by id or by name and
vendor). Owners are written by name, never by e-mail address (a viewer may export)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from civicshift.formats.inventory import columns

from .models import Component, ComponentKind, System

PLAIN = [f.key for f in columns.FIELDS if f.key not in ("departments", "owner", "operating_system")]


def export_rows(organization) -> list[dict[str, Any]]:
    systems = (
        System.objects.for_org(organization)
        .select_related("owner")
        .prefetch_related(
            "departments",
            Prefetch(
                "components",
                queryset=Component.objects.filter(kind=ComponentKind.OS),
                to_attr="operating_systems",
            ),
        )
        .order_by("name", "pk")
    )
    rows = []
    for system in systems:
        row = {key: getattr(system, key) for key in PLAIN}
        row["departments"] = sorted(d.name for d in system.departments.all())
        if system.owner is not None:
            row["owner"] = system.owner.get_full_name() or system.owner_name
        else:
            row["owner"] = system.owner_name
        row["operating_system"] = "; ".join(c.name for c in system.operating_systems)
        rows.append(row)
    return rows
