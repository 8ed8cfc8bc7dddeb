"""The secret in an organization's milestone calendar-feed addresses (issue 9, item 4: "iCalendar
feeds of milestones per initiative and per organization"). A calendar program polls the address
without signing in, so the address itself is the credential: only a hash of it is stored, it
opens the milestone feeds and nothing else, and an editor can revoke or replace it
(docs/decisions.md, "Calendar feed addresses")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicshift.orgs.base import OrgOwnedModel

FEED_KEY_PREFIX = "csf_"
#: Characters of the key stored in clear to find its row (the prefix and 8 random characters,
#: 48 bits) and shown to tell keys apart; the remaining 35 characters (210 bits) stay secret.
FEED_LOOKUP_LENGTH = 12


class MilestoneFeedToken(OrgOwnedModel):
    lookup = models.CharField(max_length=16, editable=False, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last read"), null=True, blank=True, editable=False)

    audit_exclude = ("created_at", "updated_at", "key_hash", "last_used_at")
    #: Left out of exports: a copy of the organization must not open the original's feeds. An
    #: imported token is revoked; an editor makes a new address on the new installation.
    backup_exclude = ("key_hash", "lookup")

    def backup_fill_excluded(self) -> None:
        from civicshift.core.tokens import new_secret, secret_hash

        self.key_hash = secret_hash(new_secret())
        self.lookup = ""
        self.revoked_at = self.revoked_at or timezone.now()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed address")

    def __str__(self) -> str:
        return f"{self.lookup}…"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
