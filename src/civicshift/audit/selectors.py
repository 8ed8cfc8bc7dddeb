"""Reads of the audit trail: per organization (filterable) and per object."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from .models import AuditEvent


@dataclass(frozen=True)
class HistoryFilters:
    action: str = ""
    model: str = ""  # "app_label.model"
    actor: str = ""
    q: str = ""


def history_for_org(organization, filters: HistoryFilters) -> QuerySet:
    qs = AuditEvent.objects.for_org(organization).select_related("content_type")
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.model and "." in filters.model:
        app_label, model = filters.model.split(".", 1)
        qs = qs.filter(content_type__app_label=app_label, content_type__model=model)
    if filters.actor:
        qs = qs.filter(actor_label__icontains=filters.actor)
    if filters.q:
        qs = qs.filter(object_repr__icontains=filters.q)
    return qs


def history_for_object(organization, obj: Model) -> QuerySet:
    return (
        AuditEvent.objects.for_org(organization)
        .filter(content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk))
        .select_related("content_type")
    )


def model_choices(organization) -> list[tuple[str, str]]:
    """The kinds of record that appear in this organization's history, for the filter."""
    ids = (
        AuditEvent.objects.for_org(organization)
        .exclude(content_type=None)
        .values_list("content_type", flat=True)
        .distinct()
    )
    types = ContentType.objects.filter(pk__in=list(ids))
    return sorted(
        (
            f"{ct.app_label}.{ct.model}",
            str(ct.model_class()._meta.verbose_name).capitalize() if ct.model_class() else ct.model,
        )
        for ct in types
    )
