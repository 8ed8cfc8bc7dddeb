"""Reads of the audit trail: per organization (filterable) and per object.

Privacy inside an organization: the history never shows a role what it cannot see elsewhere.
Membership and invitation records carry e-mail addresses and roles, which only administrators
see (on the members page), so their events are left out for everyone else. A model that sets
``audit_history_hidden = True`` (an evaluator's blind score, with its personal note) has its
events left out of these pages for every role: they would show a score before it is submitted.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet, Value
from django.db.models.functions import Concat

from civicshift.orgs.roles import Role, role_at_least

from .models import AuditEvent

#: Records whose history only administrators read ("app_label.model").
ADMIN_ONLY_RECORDS = ("orgs.membership", "orgs.invitation")


@dataclass(frozen=True)
class HistoryFilters:
    action: str = ""
    model: str = ""  # "app_label.model"
    actor: str = ""
    q: str = ""


def can_see_contacts(role: str | None) -> bool:
    """Whether this role sees members' e-mail addresses and membership records."""
    return bool(role) and role_at_least(role, Role.ADMIN)


def _admin_only_types() -> list[int]:
    models = [apps.get_model(name) for name in ADMIN_ONLY_RECORDS]
    return [ContentType.objects.get_for_model(model).pk for model in models]


def _hidden_types() -> list[int]:
    models = [m for m in apps.get_models() if getattr(m, "audit_history_hidden", False)]
    return [ContentType.objects.get_for_model(model).pk for model in models]


def visible_events(organization, role: str | None) -> QuerySet:
    """This organization's events that ``role`` may read, actor and record type loaded."""
    qs = AuditEvent.objects.for_org(organization).select_related("content_type", "actor")
    qs = qs.exclude(content_type__in=_hidden_types())
    if not can_see_contacts(role):
        qs = qs.exclude(content_type__in=_admin_only_types())
    return qs


def history_for_org(organization, filters: HistoryFilters, role: str | None = None) -> QuerySet:
    qs = visible_events(organization, role)
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.model and "." in filters.model:
        app_label, model = filters.model.split(".", 1)
        qs = qs.filter(content_type__app_label=app_label, content_type__model=model)
    if filters.actor:
        # People are found by the name the page shows ("Dana Ruiz", "ruiz"); administrators
        # also by the e-mail or username recorded with the event.
        by_name = Q(actor_full_name__icontains=filters.actor)
        if can_see_contacts(role):
            by_name |= Q(actor_label__icontains=filters.actor)
        qs = qs.alias(
            actor_full_name=Concat("actor__first_name", Value(" "), "actor__last_name")
        ).filter(by_name)
    if filters.q:
        qs = qs.filter(object_repr__icontains=filters.q)
    return qs


def history_for_object(organization, obj: Model, role: str | None = None) -> QuerySet:
    return visible_events(organization, role).filter(
        content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk)
    )


def model_choices(organization, role: str | None = None) -> list[tuple[str, str]]:
    """The kinds of record that appear in this organization's history, for the filter."""
    ids = (
        visible_events(organization, role)
        .exclude(content_type=None)
        .order_by()
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
