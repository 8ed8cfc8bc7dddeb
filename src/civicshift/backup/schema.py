"""What an export contains, discovered from the installed models (nothing is listed by hand).

Every concrete model that inherits ``OrgOwnedModel`` is one table, named by its
``app_label.model`` label. Its fields are classified once here, and the exporter and the
importer both follow that plan:

* ``value``: a plain value (text, number, date...), written JSON-ready;
* ``row``: a foreign key or many-to-many to another exported table, written as the old id and
  remapped to the new id on import;
* ``organization``: a foreign key to the organization, left out and set to the target on import;
* ``user``: a foreign key or many-to-many to a user account, written as the user's id and listed
  under ``"users"``; users are matched by e-mail on import;
* ``content_type``: a foreign key to Django's ContentType, written as ``"app_label.model"``;
* ``natural_key``: a reference to shared (non-organization) data that has a natural key, written
  as that key;
* ``global_pk``: a reference to other shared data, written as its id, which must exist on the
  target installation.

A model can mark a (content type, object id) pair of fields as pointing at another row with
``backup_generic_reference = ("content_type", "object_pk")``; the importer remaps those ids too.

Tables are ordered so that each comes after the tables its foreign keys (and many-to-many
fields) point at. Models with a
generic reference come after every model without one, so their targets are imported first.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext as _

from civicshift.orgs.base import backed_up_models
from civicshift.orgs.models import Organization

from .errors import BackupError

VALUE = "value"
ROW = "row"
ORGANIZATION = "organization"
USER = "user"
CONTENT_TYPE = "content_type"
NATURAL_KEY = "natural_key"
GLOBAL_PK = "global_pk"


@dataclass(frozen=True)
class FieldPlan:
    """How one field of a table is written and read back."""

    name: str
    field: models.Field
    kind: str
    many: bool = False
    #: For ``row`` fields: the label of the table pointed at.
    target: str | None = None

    @property
    def related_model(self) -> type[models.Model] | None:
        return self.field.related_model if self.field.is_relation else None


@dataclass(frozen=True)
class TablePlan:
    """One exported table: a model, its fields (without the id and the organization)."""

    label: str
    model: type[models.Model]
    fields: tuple[FieldPlan, ...]
    organization_fields: tuple[str, ...]
    #: ``(content_type_field, object_id_field)`` from ``backup_generic_reference``, if any.
    generic_reference: tuple[str, str] | None

    def field(self, name: str) -> FieldPlan | None:
        for plan in self.fields:
            if plan.name == name:
                return plan
        return None

    @property
    def field_names(self) -> list[str]:
        return [plan.name for plan in self.fields]

    @property
    def many_to_many(self) -> list[FieldPlan]:
        return [plan for plan in self.fields if plan.many]


def table_label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _reference_kind(related: type[models.Model], exported: set[str]) -> str:
    if related is Organization:
        return ORGANIZATION
    if table_label(related) in exported:
        return ROW
    if related is get_user_model():
        return USER
    if related is ContentType:
        return CONTENT_TYPE
    if hasattr(related, "natural_key") and hasattr(related._default_manager, "get_by_natural_key"):
        return NATURAL_KEY
    return GLOBAL_PK


def _plan_for(model: type[models.Model], exported: set[str]) -> TablePlan:
    label = table_label(model)
    if any(parent is not None for parent in model._meta.parents.values()):
        raise BackupError(
            _("Table %(table)s uses multi-table inheritance, which backups do not support.")
            % {"table": label}
        )
    fields: list[FieldPlan] = []
    organization_fields: list[str] = []
    # A model lists in ``backup_exclude`` the fields that must not leave the server (secrets);
    # its ``backup_fill_excluded()`` gives them fresh values on import.
    excluded = set(getattr(model, "backup_exclude", ()))
    for field in model._meta.concrete_fields:
        if field.primary_key or getattr(field, "generated", False) or field.name in excluded:
            continue
        if not field.is_relation:
            fields.append(FieldPlan(field.name, field, VALUE))
            continue
        kind = _reference_kind(field.related_model, exported)
        if kind == ORGANIZATION:
            organization_fields.append(field.name)
            continue
        target = table_label(field.related_model) if kind == ROW else None
        fields.append(FieldPlan(field.name, field, kind, target=target))
    for field in model._meta.many_to_many:
        if not field.remote_field.through._meta.auto_created:
            continue  # an explicit through model is a table of its own when organization-owned
        kind = _reference_kind(field.related_model, exported)
        if kind == ORGANIZATION:
            raise BackupError(
                _(
                    "Table %(table)s links to organizations (%(field)s), which backups do not "
                    "support."
                )
                % {"table": label, "field": field.name}
            )
        target = table_label(field.related_model) if kind == ROW else None
        fields.append(FieldPlan(field.name, field, kind, many=True, target=target))
    generic = getattr(model, "backup_generic_reference", None)
    return TablePlan(
        label=label,
        model=model,
        fields=tuple(fields),
        organization_fields=tuple(organization_fields),
        generic_reference=tuple(generic) if generic else None,
    )


def _dependencies(plan: TablePlan, plans: dict[str, TablePlan]) -> set[str]:
    # Many-to-many targets count too, so a reader meets departments before the initiatives
    # that list them (the links themselves are written after every row exists).
    deps = {f.target for f in plan.fields if f.kind == ROW and f.target}
    if plan.generic_reference:
        deps |= {label for label, other in plans.items() if not other.generic_reference}
    deps.discard(plan.label)
    return deps


def table_plans() -> list[TablePlan]:
    """Every organization-owned table, each after the tables it points at (ties by label).

    A cycle of foreign keys is broken at a table whose unresolved links are all nullable (or
    many-to-many); the importer fills the links that point forward after every row exists.
    """
    models_ = backed_up_models()  # not bookkeeping such as background jobs
    exported = {table_label(m) for m in models_}
    plans = {table_label(m): _plan_for(m, exported) for m in models_}
    waiting = {label: _dependencies(plan, plans) for label, plan in plans.items()}
    ready = [label for label, deps in waiting.items() if not deps]
    heapq.heapify(ready)
    ordered: list[str] = []

    def can_wait(label: str) -> bool:
        """True when every link still unresolved is nullable or many-to-many, so the importer
        can write the row first and fill those links in afterwards."""
        plan = plans[label]
        if plan.generic_reference:
            return False
        for target in waiting[label]:
            links = [f for f in plan.fields if f.kind == ROW and f.target == target]
            if not links or any(not f.many and not f.field.null for f in links):
                return False
        return True

    while len(ordered) < len(plans):
        if not ready:  # a cycle: break it at a table whose pending links can wait
            candidates = sorted(lb for lb in plans if lb not in ordered and can_wait(lb))
            if not candidates:
                raise BackupError(
                    _(
                        "The tables %(tables)s point at each other through required links; "
                        "backups cannot order them."
                    )
                    % {"tables": ", ".join(sorted(lb for lb in plans if lb not in ordered))}
                )
            label = candidates[0]
        else:
            label = heapq.heappop(ready)
            if label in ordered:
                continue
        ordered.append(label)
        for other, deps in waiting.items():
            if label in deps:
                deps.discard(label)
                if not deps and other not in ordered:
                    heapq.heappush(ready, other)
    return [plans[label] for label in ordered]


def organization_field_names() -> list[str]:
    """The organization's own settings that an export carries (not its id, slug or times)."""
    skip = {"slug", "created_at", "updated_at"}
    return [
        field.name
        for field in Organization._meta.concrete_fields
        if not field.primary_key and not field.is_relation and field.name not in skip
    ]


def content_type_label(content_type_id: int | None) -> str | None:
    if content_type_id is None:
        return None
    content_type = ContentType.objects.get_for_id(content_type_id)
    return f"{content_type.app_label}.{content_type.model}"
