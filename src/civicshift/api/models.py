"""Personal API tokens: stored hashed, shown once, revocable."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicshift.core.tokens import new_secret, secret_hash

TOKEN_PREFIX_LENGTH = 8

hash_key = secret_hash


def new_key() -> str:
    return new_secret("cs_")


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("What the token is for, e.g. 'budget spreadsheet sync'."),
    )
    prefix = models.CharField(max_length=16, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    #: Whether the session that created the token had entered its authenticator code. An
    #: organization that requires two-factor sign-in accepts only such tokens: a token made
    #: before its owner set up an authenticator stays refused after they do.
    two_factor_verified = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
