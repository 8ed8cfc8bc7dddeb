"""Write paths for personal API tokens.

Tokens belong to a user, not to an organization, so they get no organization audit record; every
creation and revocation is logged instead (never the key itself).
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import TOKEN_PREFIX_LENGTH, ApiToken, hash_key, new_key

logger = logging.getLogger(__name__)


def _session_verified(actor) -> bool:
    """Whether ``actor`` is the user of a request whose session entered its authenticator code
    (django-otp's middleware gives ``request.user`` an ``is_verified()``). A user object from
    anywhere else (a script, the command line) is not."""
    is_verified = getattr(actor, "is_verified", None)
    return bool(callable(is_verified) and is_verified())


@transaction.atomic
def api_token_create(*, actor, name: str) -> tuple[ApiToken, str]:
    """Create a token for ``actor``. Returns the token and its raw key, which is shown once
    and never stored (only its SHA-256 hash is).

    ``actor`` is the request's user: the token remembers whether that session passed two-factor
    sign-in, which organizations that require it check on every request."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied(_("Sign in to create an API token."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, so you can recognise it later.")})
    key = new_key()
    token = ApiToken(
        user=actor,
        name=name,
        prefix=key[:TOKEN_PREFIX_LENGTH],
        key_hash=hash_key(key),
        two_factor_verified=_session_verified(actor),
    )
    token.full_clean()
    token.save()
    logger.info(
        "API token %s (id %s, %r) created by user %s (two-factor: %s)",
        token.prefix,
        token.pk,
        token.name,
        actor.pk,
        token.two_factor_verified,
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke one of ``actor``'s own tokens. Revoking an already revoked token changes nothing."""
    if actor is None or token.user_id != actor.pk:
        raise PermissionDenied(_("You can only revoke your own API tokens."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        logger.info("API token %s (id %s) revoked by user %s", token.prefix, token.pk, actor.pk)
    return token


@transaction.atomic
def api_tokens_revoke_all(*, user, reason: str) -> int:
    """Revoke every active token of ``user`` (their password changed or was reset: whoever
    knew the old password may have made a token with it). Returns how many were revoked."""
    count = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if count:
        logger.info("Revoked %s API token(s) of user %s: %s", count, user.pk, reason)
    return count
