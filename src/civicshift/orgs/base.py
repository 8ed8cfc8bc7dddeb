"""The base every domain model inherits: a row belongs to exactly one organization.

Queries go through ``Model.objects.for_org(org)``; selectors and views never fetch a domain row
without naming its organization, so a row of another municipality cannot be reached by
construction. The generic tenancy tests (``civicshift.testing.tenancy``) check every model.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgScopedQuerySet(models.QuerySet):
    def for_org(self, organization) -> OrgScopedQuerySet:
        return self.filter(organization=organization)


class OrgScopedManager(models.Manager.from_queryset(OrgScopedQuerySet)):
    pass


class OrgOwnedModel(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrgScopedManager()

    #: Fields left out of audit diffs (bookkeeping, not data people change).
    audit_exclude: tuple[str, ...] = ("created_at", "updated_at")
    #: False for bookkeeping tables that are not the organization's data (background jobs):
    #: backups leave them out.
    backup_exported: bool = True

    class Meta:
        abstract = True


class VersionedModel(models.Model):
    """A row people edit, with optimistic concurrency: ``version`` counts its saved changes.

    ``audit.services.audited_update`` refuses a change made from an older version (someone
    else saved in between) with ``StaleObjectError`` and otherwise increments the version with
    a conditional UPDATE in the same transaction as the audit record. Forms carry the version
    they were opened at (``web.concurrency``); the API sends it as the ETag and honours
    If-Match (``api.concurrency``). Inherit it beside ``OrgOwnedModel`` on every model whose
    rows are edited after they are created; the field is bookkeeping, left out of audit diffs.
    """

    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Counts the saved changes; used to refuse a save made from an older copy."),
    )

    #: Name of the field, for code that must not treat it as data (audit diffs, forms).
    version_field = "version"

    class Meta:
        abstract = True


def org_owned_models() -> list[type[OrgOwnedModel]]:
    """Every concrete model that belongs to an organization, across all installed apps."""
    from django.apps import apps

    return [
        m
        for m in apps.get_models()
        if issubclass(m, OrgOwnedModel) and not m._meta.abstract and not m._meta.proxy
    ]


def backed_up_models() -> list[type[OrgOwnedModel]]:
    """The organization-owned models that backups export and import (not bookkeeping)."""
    return [m for m in org_owned_models() if m.backup_exported]
