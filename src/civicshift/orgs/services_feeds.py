"""Write paths and the look-up for calendar-feed addresses, for any concrete ``FeedToken``
model (``orgs.feed_tokens``): one active address per organization and model, made or replaced
and revoked by an editor, audited; the key is returned once and only its hash is kept."""

from __future__ import annotations

import hmac
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicshift.audit.services import audited_create, audited_update
from civicshift.core.tokens import new_secret, secret_hash
from civicshift.orgs.feed_tokens import FeedToken
from civicshift.orgs.permissions import require_role
from civicshift.orgs.roles import Role

#: How often the "last read" time is written: calendar programs poll every few minutes.
LAST_USED_RESOLUTION = timedelta(hours=1)


def active_feed_token(model: type[FeedToken], organization) -> FeedToken | None:
    return (
        model.objects.for_org(organization)
        .filter(revoked_at__isnull=True)
        .select_related("created_by")
        .first()
    )


def _revoke_active(model: type[FeedToken], actor, organization, reason: str) -> int:
    revoked = 0
    now = timezone.now()
    active = model.objects.for_org(organization).filter(revoked_at__isnull=True)
    for token in active.select_for_update():
        audited_update(actor=actor, obj=token, revoked_at=now, reason=reason)
        revoked += 1
    return revoked


@transaction.atomic
def feed_token_create(model: type[FeedToken], *, actor, organization) -> tuple[FeedToken, str]:
    """A new feed address of ``model`` for ``organization``; the one it had stops working at
    once. Returns the token and its key (shown once: only the hash is stored)."""
    require_role(actor, organization, Role.EDITOR)
    _revoke_active(model, actor, organization, _("Replaced by a new calendar feed address."))
    key = new_secret(model.key_prefix)
    token = audited_create(
        actor=actor,
        model=model,
        organization=organization,
        lookup=key[: model.lookup_length()],
        key_hash=secret_hash(key),
        created_by=actor,
    )
    return token, key


@transaction.atomic
def feed_token_revoke(model: type[FeedToken], *, actor, organization) -> int:
    """Stop the organization's feed address of ``model`` (calendars subscribed to it stop
    updating). Returns how many addresses were revoked (0 or 1)."""
    require_role(actor, organization, Role.EDITOR)
    return _revoke_active(model, actor, organization, _("Calendar feed address revoked."))


def feed_token_for_key(model: type[FeedToken], key: str) -> FeedToken | None:
    """The active token of ``model`` whose key this is, or None (unknown, malformed or revoked
    alike).

    The row is found by the key's first characters (not secret enough to open anything
    alone), then the hash of the whole key is compared in constant time
    (``hmac.compare_digest``), so the answer's timing says nothing about the secret part.
    This is the one query of feed tokens not scoped to an organization: the key is what names
    the organization."""
    if (
        not isinstance(key, str)
        or len(key) != len(new_secret(model.key_prefix))
        or not key.startswith(model.key_prefix)
    ):
        return None
    digest = secret_hash(key)
    candidates = model.objects.filter(
        lookup=key[: model.lookup_length()], revoked_at__isnull=True
    ).select_related("organization")
    found = None
    for token in candidates:
        if hmac.compare_digest(token.key_hash, digest):
            found = token
    if found is not None:
        _touch(found)
    return found


def _touch(token: FeedToken) -> None:
    """Record the read, at most once per ``LAST_USED_RESOLUTION`` (one UPDATE, not audited:
    reading is not a change)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    type(token).objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
