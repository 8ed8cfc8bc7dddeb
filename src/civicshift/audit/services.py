"""Writing to the audit trail, and the generic audited create/update/delete the services use.

Every write to domain data goes through these helpers (called from each app's ``services.py``),
so the audit record is written in the same transaction as the change itself.
"""

from __future__ import annotations

import decimal
import functools
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from civicshift.core.diff import changed_fields
from civicshift.core.jsonvalues import to_jsonable
from civicshift.orgs.bulk import insert_values

from .models import Action, AuditEvent

_RELATION = object()


@functools.cache
def _snapshot_plan(model: type[models.Model]) -> tuple[list[tuple[str, Any, Any]], list[str]]:
    """What ``snapshot`` reads of a model, worked out once per model: (name, field, decimal
    quantum or None, for a relation the marker ``_RELATION``) for each concrete field, and the
    names of the many-to-many fields."""
    exclude = set(getattr(model, "audit_exclude", ()))
    if getattr(model, "version_field", None):
        exclude.add(model.version_field)  # bookkeeping of optimistic concurrency, not data
    plain = []
    for field in model._meta.concrete_fields:
        if field.name in exclude or field.primary_key or field.name == "organization":
            continue
        if field.is_relation:
            plain.append((field.name, field, _RELATION))
        elif isinstance(field, models.DecimalField):
            plain.append((field.name, field, decimal.Decimal(1).scaleb(-field.decimal_places)))
        else:
            plain.append((field.name, field, None))
    many = [f.name for f in model._meta.many_to_many if f.name not in exclude]
    return plain, many


def snapshot(
    obj: models.Model,
    *,
    many_to_many: dict[str, Iterable[Any]] | None = None,
    fields: frozenset[str] | None = None,
) -> dict[str, Any]:
    """The record's field values as JSON-ready data (foreign keys as text, many-to-many as
    sorted lists of text), leaving out the model's ``audit_exclude`` fields.

    ``many_to_many`` gives the related objects of some many-to-many fields instead of reading
    them back (a bulk writer that has them at hand: one query a record otherwise); the others
    are read for a saved record only. ``fields``, when given, limits the snapshot to those
    names: a bulk update that changes only them diffs just them (the diff of two whole
    snapshots has the same entries when nothing else changed)."""
    plain, many = _snapshot_plan(type(obj))
    if fields is not None:
        plain = [entry for entry in plain if entry[0] in fields]
        many = [name for name in many if name in fields]
    data: dict[str, Any] = {}
    for name, field, quantum in plain:
        if quantum is _RELATION:
            related = getattr(obj, name)
            data[name] = None if related is None else str(related)
        elif quantum is not None:
            value = field.value_from_object(obj)
            # Same text whether the value came from a form (2500000) or the database
            # (2500000.00), so re-saving an unchanged number is not reported as a change.
            data[name] = None if value is None else str(decimal.Decimal(value).quantize(quantum))
        else:
            data[name] = to_jsonable(field.value_from_object(obj))
    given = many_to_many or {}
    for name in many:
        if name in given:
            data[name] = sorted(str(o) for o in given[name])
        elif obj.pk is not None:
            data[name] = sorted(str(o) for o in getattr(obj, name).all())
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
    actor, label = _actor_and_label(actor)
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


def _actor_and_label(actor) -> tuple[Any, str]:
    if actor is not None and getattr(actor, "is_authenticated", False):
        return actor, actor.get_username()
    return None, "system"


def record_events(
    *,
    actor,
    organization,
    events: Iterable[tuple[str, models.Model, dict[str, list[Any]]]],
    reason: str = "",
) -> int:
    """Append one event per ``(action, obj, changes)``, with the same fields ``record_event``
    writes, in multi-row inserts (``orgs.bulk.insert_values``: an import of thousands of
    rows, one insert a row otherwise, and no ``AuditEvent`` instance built per row). Every
    row still gets its own record; returns how many were written."""
    author, label = _actor_and_label(actor)
    author_id = author.pk if author is not None else None
    content_types: dict[type, int] = {}

    def rows():
        for action, obj, changes in events:
            model = type(obj)
            if model not in content_types:
                content_types[model] = ContentType.objects.get_for_model(obj).pk
            yield (
                organization.pk,
                author_id,
                label,
                action,
                content_types[model],
                str(obj.pk),
                str(obj)[:300],
                changes or {},
                reason,
            )

    return len(insert_values(AuditEvent, _EVENT_FIELDS, rows(), quoted_text=True))


#: What ``record_events`` writes of each event (the others: their defaults, and the time).
_EVENT_FIELDS = (
    "organization_id",
    "actor_id",
    "actor_label",
    "action",
    "content_type_id",
    "object_pk",
    "object_repr",
    "changes",
    "reason",
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
    # Related objects given as instances are listed as given, not read back (a component
    # linked to thousands of systems at once).
    given = {
        name: list({v.pk: v for v in values}.values())
        for name, values in m2m.items()
        if isinstance(values, list | tuple) and all(isinstance(v, models.Model) for v in values)
    }
    record_event(
        actor=actor,
        organization=_organization_of(obj),
        action=Action.CREATE,
        obj=obj,
        changes=changed_fields(None, snapshot(obj, many_to_many=given)),
        reason=reason,
    )
    return obj


def latest_event(obj: models.Model) -> AuditEvent | None:
    """The most recent audit event about ``obj`` (who changed it last, and when)."""
    return (
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk)
        )
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )


def event_author(event: AuditEvent) -> str:
    """The name of whoever wrote the event, as people know them."""
    if event.actor is not None:
        return event.actor.get_full_name() or event.actor.get_username()
    return event.actor_label or _("the system")


class StaleObjectError(ValidationError):
    """A change refused because the row was saved by someone else after the version the caller
    had opened (optimistic concurrency). A ValidationError, so forms show it at the top and the
    API answers 412/409 instead of a server error; nothing was written."""

    def __init__(self, obj: models.Model, expected: int, current: int | None) -> None:
        self.obj = obj
        self.expected_version = expected
        self.current_version = current
        self.event = latest_event(obj)
        super().__init__(self.describe(), code="stale")

    def describe(self) -> str:
        if self.event is None:
            return _(
                "Changed by someone else since you opened it. Your changes were not saved: "
                "reload to see theirs."
            )
        values = {
            "name": event_author(self.event),
            "time": formats.date_format(
                timezone.localtime(self.event.created_at), "DATETIME_FORMAT"
            ),
        }
        if self.current_version is None:
            return (
                _(
                    "Deleted by %(name)s at %(time)s since you opened it. Your changes were not "
                    "saved."
                )
                % values
            )
        return (
            _(
                "Changed by %(name)s at %(time)s since you opened it. Your changes were not "
                "saved: reload to see theirs."
            )
            % values
        )


def _claim_version(obj: models.Model, expected: int) -> None:
    """Move the stored row from version ``expected`` to the next one, or refuse.

    A conditional UPDATE (``WHERE version = expected``): on PostgreSQL it waits for a concurrent
    writer of the row and then finds the version moved on; on SQLite the write lock is taken by
    the first statement of the transaction. Either way exactly one of two concurrent saves of
    the same version wins, and the row stays locked until this transaction (with its audit
    record) commits.
    """
    field = obj.version_field
    rows = type(obj)._base_manager.filter(pk=obj.pk)
    if not rows.filter(**{field: expected}).update(**{field: expected + 1}):
        current = rows.values_list(field, flat=True).first()
        raise StaleObjectError(obj, expected, current)


@transaction.atomic
def audited_update(
    *,
    actor,
    obj: models.Model,
    reason: str = "",
    expected_version: int | None = None,
    **fields,
) -> Any:
    """Change fields of a row; record only the fields whose value really changed.

    For a versioned model (``orgs.base.VersionedModel``) the change is refused with
    ``StaleObjectError`` unless the stored row is still at ``expected_version`` (by default the
    version ``obj`` was loaded at); ``obj`` is then reloaded from the locked row, so the audit
    record's "before" values are exactly the previous change's "after" values.
    """
    field = getattr(obj, "version_field", None)
    if field:
        expected = getattr(obj, field) if expected_version is None else int(expected_version)
        _claim_version(obj, expected)
        obj.refresh_from_db()
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
    elif field:
        # Nothing changed: the version stays, so it keeps counting real changes only.
        type(obj)._base_manager.filter(pk=obj.pk).update(**{field: expected})
        setattr(obj, field, expected)
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
