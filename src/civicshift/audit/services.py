"""Writing to the audit trail, and the generic audited create/update/delete the services use.

Every write to domain data goes through these helpers (called from each app's ``services.py``),
so the audit record is written in the same transaction as the change itself.
"""

from __future__ import annotations

import decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from civicshift.core.diff import changed_fields
from civicshift.core.jsonvalues import to_jsonable

from .models import Action, AuditEvent


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The record's field values as JSON-ready data (foreign keys as text, many-to-many as
    sorted lists of text), leaving out the model's ``audit_exclude`` fields."""
    exclude = set(getattr(obj, "audit_exclude", ()))
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude or field.primary_key or field.name == "organization":
            continue
        if field.is_relation:
            related = getattr(obj, field.name)
            data[field.name] = None if related is None else str(related)
        elif isinstance(field, models.DecimalField):
            value = field.value_from_object(obj)
            # Same text whether the value came from a form (2500000) or the database
            # (2500000.00), so re-saving an unchanged number is not reported as a change.
            data[field.name] = (
                None
                if value is None
                else str(
                    decimal.Decimal(value).quantize(
                        decimal.Decimal(1).scaleb(-field.decimal_places)
                    )
                )
            )
        else:
            data[field.name] = to_jsonable(field.value_from_object(obj))
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            if field.name in exclude:
                continue
            data[field.name] = sorted(str(o) for o in getattr(obj, field.name).all())
    return data


def record_event(
    *,
    actor,
    organization,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, list[Any]] | None = None,
    reason: str = "",
    object_repr: str | None = None,
) -> AuditEvent:
    """Append one event. ``actor`` may be None for system work (imports from the command line)."""
    label = ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        label = actor.get_username()
    else:
        actor = None
        label = "system"
    return AuditEvent.objects.create(
        organization=organization,
        actor=actor,
        actor_label=label,
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_pk=str(obj.pk) if obj is not None else "",
        object_repr=(object_repr if object_repr is not None else str(obj) if obj else "")[:300],
        changes=changes or {},
        reason=reason,
    )


def _organization_of(obj: models.Model):
    from civicshift.orgs.models import Organization

    return obj if isinstance(obj, Organization) else obj.organization


def _set_many_to_many(obj: models.Model, m2m: dict[str, Any]) -> None:
    for name, values in m2m.items():
        getattr(obj, name).set(values)


def _split_m2m(model: type[models.Model], fields: dict[str, Any]):
    m2m_names = {f.name for f in model._meta.many_to_many}
    plain = {k: v for k, v in fields.items() if k not in m2m_names}
    m2m = {k: v for k, v in fields.items() if k in m2m_names}
    return plain, m2m


@transaction.atomic
def audited_create(*, actor, model: type[models.Model], reason: str = "", **fields) -> Any:
    """Create a row (validated with ``full_clean``) and its audit event in one transaction."""
    plain, m2m = _split_m2m(model, fields)
    obj = model(**plain)
    obj.full_clean()
    obj.save()
    _set_many_to_many(obj, m2m)
    record_event(
        actor=actor,
        organization=_organization_of(obj),
        action=Action.CREATE,
        obj=obj,
        changes=changed_fields(None, snapshot(obj)),
        reason=reason,
    )
    return obj


@transaction.atomic
def audited_update(*, actor, obj: models.Model, reason: str = "", **fields) -> Any:
    """Change fields of a row; record only the fields whose value really changed."""
    before = snapshot(obj)
    plain, m2m = _split_m2m(type(obj), fields)
    for name, value in plain.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    _set_many_to_many(obj, m2m)
    changes = changed_fields(before, snapshot(obj))
    if changes:
        record_event(
            actor=actor,
            organization=_organization_of(obj),
            action=Action.UPDATE,
            obj=obj,
            changes=changes,
            reason=reason,
        )
    return obj


def _record_lost_links(*, actor, obj: models.Model) -> None:
    """Deleting a row silently removes it from many-to-many lists elsewhere (a department from
    the initiatives it sponsors). Record that change on each of those rows too."""
    for relation in obj._meta.related_objects:
        if not relation.many_to_many:
            continue
        name = relation.field.name
        for other in getattr(obj, relation.get_accessor_name()).all():
            links = getattr(other, name)
            before = sorted(str(o) for o in links.all())
            after = sorted(str(o) for o in links.exclude(pk=obj.pk))
            record_event(
                actor=actor,
                organization=_organization_of(other),
                action=Action.UPDATE,
                obj=other,
                changes={name: [before, after]},
                reason=f"{obj._meta.verbose_name.capitalize()} “{obj}” was deleted.",
            )


@transaction.atomic
def audited_delete(*, actor, obj: models.Model, reason: str = "") -> None:
    """Delete a row, keeping its last values in the audit event, and record the change on rows
    that listed it."""
    organization = _organization_of(obj)
    _record_lost_links(actor=actor, obj=obj)
    before = snapshot(obj)
    record_event(
        actor=actor,
        organization=organization,
        action=Action.DELETE,
        obj=obj,
        changes=changed_fields(before, None),
        reason=reason,
    )
    obj.delete()
