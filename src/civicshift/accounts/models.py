"""Password-reset requests, kept for an hour to throttle them (see ``accounts.throttle``).

Kept in the database, not a per-process cache, so the limit holds across every gunicorn worker
and machine sharing the database.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PasswordResetRequest(models.Model):
    #: The client's network address (as django-axes reads it, behind a proxy too).
    address = models.GenericIPAddressField(null=True, blank=True)
    #: The address typed, trimmed and lower-cased, whether or not an account uses it.
    email = models.CharField(max_length=254)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["address", "created_at"]),
            models.Index(fields=["email", "created_at"]),
        ]
        verbose_name = _("password reset request")

    def __str__(self) -> str:
        return f"{self.email} from {self.address} at {self.created_at:%Y-%m-%d %H:%M}"
