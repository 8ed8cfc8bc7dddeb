"""The base every domain model inherits: a row belongs to exactly one organization.

Queries go through ``Model.objects.for_org(org)``; selectors and views never fetch a domain row
without naming its organization, so a row of another municipality cannot be reached by
construction. The generic tenancy tests (``civicshift.testing.tenancy``) check every model.
"""

from __future__ import annotations

from django.db import models


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
