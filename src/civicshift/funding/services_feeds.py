"""The funding deadlines feed's address (``DeadlineFeedToken``): the foundation's feed-address
services (``orgs.services_feeds``: one active address per organization, made or replaced and
revoked by an editor, audited; the key returned once and only its hash kept) for this model."""

from __future__ import annotations

from civicshift.orgs import services_feeds

from .models import DeadlineFeedToken


def active_deadline_feed_token(organization) -> DeadlineFeedToken | None:
    return services_feeds.active_feed_token(DeadlineFeedToken, organization)


def deadline_feed_token_create(*, actor, organization) -> tuple[DeadlineFeedToken, str]:
    """A new deadlines feed address for ``organization``; the one it had stops working at
    once. Returns the token and its key (shown once: only the hash is stored)."""
    return services_feeds.feed_token_create(
        DeadlineFeedToken, actor=actor, organization=organization
    )


def deadline_feed_token_revoke(*, actor, organization) -> int:
    """Stop the organization's deadlines feed address. Returns how many were revoked (0 or 1)."""
    return services_feeds.feed_token_revoke(
        DeadlineFeedToken, actor=actor, organization=organization
    )


def deadline_feed_token_for_key(key: str) -> DeadlineFeedToken | None:
    """The active deadlines-feed token whose key this is, or None."""
    return services_feeds.feed_token_for_key(DeadlineFeedToken, key)
