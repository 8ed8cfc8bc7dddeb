"""The milestone feeds' addresses (``MilestoneFeedToken``): the foundation's feed-address
services (``orgs.services_feeds``: one active address per organization, made or replaced and
revoked by an editor, audited; the key returned once and only its hash kept) for this model."""

from __future__ import annotations

from civicshift.orgs import services_feeds

from .models import MilestoneFeedToken


def active_feed_token(organization) -> MilestoneFeedToken | None:
    return services_feeds.active_feed_token(MilestoneFeedToken, organization)


def milestone_feed_token_create(*, actor, organization) -> tuple[MilestoneFeedToken, str]:
    """A new feed address for ``organization``; the one it had stops working at once.
    Returns the token and its key (shown once: only the hash is stored)."""
    return services_feeds.feed_token_create(
        MilestoneFeedToken, actor=actor, organization=organization
    )


def milestone_feed_token_revoke(*, actor, organization) -> int:
    """Stop the organization's feed address (calendars subscribed to it stop updating).
    Returns how many addresses were revoked (0 or 1)."""
    return services_feeds.feed_token_revoke(
        MilestoneFeedToken, actor=actor, organization=organization
    )


def feed_token_for_key(key: str) -> MilestoneFeedToken | None:
    """The active milestone-feed token whose key this is, or None (``orgs.services_feeds``)."""
    return services_feeds.feed_token_for_key(MilestoneFeedToken, key)
