"""The append-only audit trail: who changed what, when, field by field."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicshift.orgs.base import OrgOwnedModel, OrgScopedQuerySet


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit record."""


class AuditQuerySet(OrgScopedQuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit records cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit records cannot be deleted.")


class Action(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    STATUS = "status", _("Status changed")
    IMPORT = "import", _("Imported")
    EXPORT = "export", _("Exported")


class AuditEvent(OrgOwnedModel):
    #: PROTECT: deleting an account that made changes would rewrite these rows (SET_NULL is an
    #: UPDATE of the audit table, which the database may refuse: see docs/install.md). Such an
    #: account is deactivated instead (``accounts.services.user_deactivate``).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: The username at the time, as text: what the record says for system work and imported
    #: history, whose actor is empty.
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_pk = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    #: True for history brought in by a backup import: it happened on another installation
    #: (or before a restore), and its actors are the accounts matched by e-mail here.
    imported = models.BooleanField(_("imported"), default=False, editable=False)

    objects = models.Manager.from_queryset(AuditQuerySet)()

    #: Tells the backup importer that (content_type, object_pk) points at another exported row.
    backup_generic_reference = ("content_type", "object_pk")
    #: Events about the organization record itself that do not make it "have data" for the
    #: importer: being created or having its settings changed. An earlier import does.
    backup_own_history = {"action__in": ["create", "update"]}
    #: The importer sets this field on every row it writes from a file.
    backup_imported_flag = "imported"

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "content_type", "object_pk"]),
            models.Index(fields=["organization", "-created_at"]),
        ]
        verbose_name = _("audit event")

    def __str__(self) -> str:
        return f"{self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("_backup_import", False):
            raise AppendOnlyError("Audit records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit records cannot be deleted.")
