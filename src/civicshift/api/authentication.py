"""Personal API tokens over HTTP: ``Authorization: Token <key>`` (``Bearer <key>`` works too).

Only the SHA-256 hash of a key is stored (``ApiToken.key_hash``), so the lookup hashes what the
client sent. A revoked token, or a token of a deactivated account, is refused with a message that
says why, so whoever runs the script knows what to fix.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from .models import ApiToken, hash_key

logger = logging.getLogger(__name__)

#: Header keywords accepted before the key (compared without regard to case).
KEYWORDS = (b"token", b"bearer")
#: ``last_used_at`` is written at most this often per token, to spare the database.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class ApiTokenAuthentication(BaseAuthentication):
    """Authenticate a request by a personal API token."""

    keyword = "Token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None  # not ours: let session authentication try
        if len(parts) == 1:
            raise exceptions.AuthenticationFailed(
                _(
                    "The Authorization header has no key after 'Token'. "
                    "Send: Authorization: Token <your key>."
                )
            )
        if len(parts) > 2:
            raise exceptions.AuthenticationFailed(
                _("The API key must not contain spaces. Send: Authorization: Token <your key>.")
            )
        try:
            key = parts[1].decode("ascii")
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(
                _("The API key contains characters that no CivicShift key has.")
            ) from exc
        return self.authenticate_credentials(key)

    def authenticate_credentials(self, key: str) -> tuple:
        token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(
                _(
                    "This API key is not valid. Check that you copied all of it, or create a new "
                    "one on the API tokens page."
                )
            )
        if token.revoked_at is not None:
            logger.info("Refused revoked API token %s (id %s)", token.prefix, token.pk)
            raise exceptions.AuthenticationFailed(
                _(
                    "This API token was revoked (by its owner, or because the account's "
                    "password was changed or reset). Create a new one on the API tokens page."
                )
            )
        if not token.user.is_active:
            logger.info("Refused API token %s of inactive user %s", token.prefix, token.user_id)
            raise exceptions.AuthenticationFailed(
                _(
                    "The account this API token belongs to is deactivated, so the token no longer "
                    "works."
                )
            )
        self._touch(token)
        return (token.user, token)

    @staticmethod
    def _touch(token: ApiToken) -> None:
        """Record the use, at most once per ``LAST_USED_RESOLUTION``, in one UPDATE."""
        now = timezone.now()
        if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
            return
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
        ).update(last_used_at=now)
        token.last_used_at = now

    def authenticate_header(self, request) -> str:
        # A WWW-Authenticate header makes DRF answer unauthenticated requests with 401, not 403.
        return self.keyword
