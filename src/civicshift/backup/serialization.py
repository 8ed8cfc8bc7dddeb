"""Reading an organization's data out: every table of ``schema.table_plans()``, row by row.

``collect_tables`` returns rows with native Python values (Decimal, datetime...); the JSON export
turns them into JSON-ready values with ``jsonable``, the xlsx export writes them as cells.
Rows are ordered by id and many-to-many ids are sorted, so the same data gives the same file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

import civicshift
from civicshift.core.jsonvalues import to_jsonable
from civicshift.orgs.models import Organization

from .schema import (
    CONTENT_TYPE,
    NATURAL_KEY,
    USER,
    VALUE,
    FieldPlan,
    TablePlan,
    content_type_label,
    organization_field_names,
    table_plans,
)

FORMAT = "civicshift-export"
VERSION = 1
USER_FIELDS = ("id", "email", "username", "first_name", "last_name")


jsonable = to_jsonable


def _sort_key(value: Any) -> tuple:
    if isinstance(value, int):
        return (0, value, "")
    return (1, 0, json.dumps(jsonable(value), sort_keys=True))


@dataclass
class CollectedData:
    """An organization's rows, with native values, and the ids of every user they mention."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    user_ids: set[int] = field(default_factory=set)


def _reference(plan: FieldPlan, related_id: Any) -> Any:
    """How a reference to ``related_id`` of ``plan``'s related model is written."""
    if related_id is None:
        return None
    if plan.kind == CONTENT_TYPE:
        return content_type_label(related_id)
    if plan.kind == NATURAL_KEY:
        related = plan.related_model._base_manager.get(pk=related_id)
        return list(related.natural_key())
    return related_id  # row, user, global_pk: the id itself


def _many_to_many(organization: Organization, plan: FieldPlan) -> dict[Any, list[Any]]:
    """Old id of each row → sorted references, in one query per field."""
    through = plan.field.remote_field.through
    source = through._meta.get_field(plan.field.m2m_field_name())
    target = through._meta.get_field(plan.field.m2m_reverse_field_name())
    pairs = through._base_manager.filter(**{f"{source.name}__organization": organization})
    result: dict[Any, list[Any]] = {}
    for row_id, related_id in pairs.values_list(source.attname, target.attname):
        result.setdefault(row_id, []).append(_reference(plan, related_id))
    return {row_id: sorted(values, key=_sort_key) for row_id, values in result.items()}


def _generic_user_ids(plan: TablePlan, rows: list[dict[str, Any]]) -> set[int]:
    """Users that rows point at through a generic reference (e.g. audit events about a user)."""
    if not plan.generic_reference:
        return set()
    user_model = get_user_model()
    user_label = user_model._meta.label_lower
    ct_field, id_field = plan.generic_reference
    ids = set()
    for row in rows:
        if row.get(ct_field) == user_label and str(row.get(id_field) or "").isdigit():
            ids.add(int(row[id_field]))
    return set(user_model._base_manager.filter(pk__in=ids).values_list("pk", flat=True))


def _collect_table(organization: Organization, plan: TablePlan, data: CollectedData) -> None:
    m2m = {f.name: _many_to_many(organization, f) for f in plan.many_to_many}
    rows: list[dict[str, Any]] = []
    queryset = plan.model._base_manager.filter(organization=organization).order_by("pk")
    for obj in queryset.iterator(chunk_size=2000):
        row: dict[str, Any] = {"id": obj.pk}
        for f in plan.fields:
            if f.many:
                row[f.name] = m2m[f.name].get(obj.pk, [])
                if f.kind == USER:
                    data.user_ids.update(row[f.name])
            elif f.kind == VALUE:
                row[f.name] = f.field.value_from_object(obj)
            else:
                row[f.name] = _reference(f, getattr(obj, f.field.attname))
                if f.kind == USER and row[f.name] is not None:
                    data.user_ids.add(row[f.name])
        rows.append(row)
    data.user_ids |= _generic_user_ids(plan, rows)
    data.tables[plan.label] = rows


def collect_tables(organization: Organization) -> CollectedData:
    """Every organization-owned row, table by table in dependency order."""
    data = CollectedData()
    for plan in table_plans():
        _collect_table(organization, plan, data)
    return data


def user_rows(user_ids: set[int]) -> list[dict[str, Any]]:
    user_model = get_user_model()
    email_field = user_model.get_email_field_name()
    rows = []
    for user in user_model._base_manager.filter(pk__in=user_ids).order_by("pk"):
        rows.append(
            {
                "id": user.pk,
                "email": getattr(user, email_field, "") or "",
                "username": user.get_username(),
                "first_name": getattr(user, "first_name", "") or "",
                "last_name": getattr(user, "last_name", "") or "",
            }
        )
    return rows


def organization_values(organization: Organization) -> dict[str, Any]:
    return {
        name: Organization._meta.get_field(name).value_from_object(organization)
        for name in organization_field_names()
    }


@dataclass
class NativeExport:
    """Everything an export holds, with native Python values (for xlsx and for JSON)."""

    header: dict[str, Any]
    organization: dict[str, Any]
    users: list[dict[str, Any]]
    tables: dict[str, list[dict[str, Any]]]


def collect_export(organization: Organization) -> NativeExport:
    """Read the whole organization. On PostgreSQL, outside any transaction, the reads share one
    repeatable-read snapshot so rows written meanwhile cannot make the export inconsistent."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        organization = Organization.objects.get(pk=organization.pk)
        collected = collect_tables(organization)
        users = user_rows(collected.user_ids)
    header = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now(),
        "app_version": civicshift.__version__,
    }
    return NativeExport(header, organization_values(organization), users, collected.tables)


def export_organization_data(organization: Organization) -> dict[str, Any]:
    """The organization's entire data as a JSON-ready dictionary (format version 1).

    Keys: ``format``, ``version``, ``exported_at``, ``app_version``, ``organization`` (its
    settings, without id, slug and times), ``source_slug``, ``users`` (everyone a row mentions)
    and ``tables`` (``"app_label.model"`` → rows ordered by id, tables in dependency order).
    """
    native = collect_export(organization)
    return {
        **jsonable(native.header),
        "organization": jsonable(native.organization),
        "source_slug": organization.slug,
        "users": jsonable(native.users),
        "tables": {label: jsonable(rows) for label, rows in native.tables.items()},
    }


def to_json_text(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
