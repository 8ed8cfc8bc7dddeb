"""Calendar-feed addresses, for any module that publishes an iCalendar feed a calendar program
polls without signing in (the plan's milestones, the funding deadlines).

The address itself is the credential: only a SHA-256 hash of its key is stored, the key is
shown once when it is made, it opens its own module's feed of its own organization and nothing
else, and an editor can replace or revoke it (docs/decisions.md, "Calendar feed addresses" and
"One feed-address mechanism for plans and funding"). A module declares a concrete model:

    class MilestoneFeedToken(FeedToken):
        key_prefix = "csf_"

        class Meta(FeedToken.Meta):
            verbose_name = _("calendar feed address")

and uses ``orgs.services_feeds`` (make, replace, revoke, look a key up) and ``web.feeds`` (the
feed view and the editors' make and revoke actions) with it. Each model keeps its own table,
so a key of one module never opens another module's feed."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicshift.orgs.base import OrgOwnedModel

#: Random characters of the key stored in clear after the prefix, to find its row (8 characters
#: of base64url, 48 bits) and to tell keys apart on the page; the remaining 35 characters
#: (210 bits) stay secret.
LOOKUP_RANDOM_CHARACTERS = 8


class FeedToken(OrgOwnedModel):
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

    #: The key's first characters, telling a module's keys apart (four characters, so that
    #: every key has the same length). Set by each concrete model.
    key_prefix: ClassVar[str] = ""

    audit_exclude = ("created_at", "updated_at", "key_hash", "last_used_at")
    #: Left out of exports: a copy of the organization must not open the original's feeds. An
    #: imported token is revoked; an editor makes a new address on the new installation.
    backup_exclude = ("key_hash", "lookup")

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @classmethod
    def lookup_length(cls) -> int:
        return len(cls.key_prefix) + LOOKUP_RANDOM_CHARACTERS

    def backup_fill_excluded(self) -> None:
        from civicshift.core.tokens import new_secret, secret_hash

        self.key_hash = secret_hash(new_secret())
        self.lookup = ""
        self.revoked_at = self.revoked_at or timezone.now()

    def __str__(self) -> str:
        return f"{self.lookup}…"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
