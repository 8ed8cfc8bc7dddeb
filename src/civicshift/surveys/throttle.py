"""A rate limit for pages open without signing in, that does not track people.

Reusable by any module with an anonymous endpoint (``AnonymousRateLimit("surveys.submit", ...)``).

What it keeps: a counter in Django's cache (never in the database), under a key that is an
HMAC-SHA256 of the client's address with a secret derived from ``SECRET_KEY`` and today's date
(UTC). The secret changes every day, so yesterday's keys cannot be matched to today's, and the
address cannot be read back from the key without the server's secret; the counter expires after
its window. Nothing is written to a log or to the database. Behind a proxy, the address is
``REMOTE_ADDR`` as the proxy's middleware sets it (the project trusts no forwarding header on its
own).

Known limit: with the default in-process cache each server process counts for itself; a shared
cache (``CACHES`` with the database or a cache server) makes the limit hold across processes.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


def daily_secret(purpose: str, *, day: str | None = None) -> bytes:
    """A key for ``purpose`` that changes every UTC day, derived from SECRET_KEY."""
    day = day or timezone.now().date().isoformat()
    return hmac.new(
        settings.SECRET_KEY.encode(), f"anon-throttle:{purpose}:{day}".encode(), hashlib.sha256
    ).digest()


def address_key(purpose: str, address: str, *, day: str | None = None) -> str:
    """The cache key of one address today: an HMAC, from which the address cannot be read."""
    digest = hmac.new(daily_secret(purpose, day=day), address.encode(), hashlib.sha256)
    return f"anon-throttle:{purpose}:{digest.hexdigest()}"


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


@dataclass(frozen=True)
class AnonymousRateLimit:
    purpose: str  # e.g. "surveys.submit": separate counters per use
    limit: int  # requests allowed per window
    window_seconds: int

    def hit(self, request) -> bool:
        """Count one request; False when the address is over the limit in this window."""
        key = address_key(self.purpose, client_address(request))
        if cache.add(key, 1, timeout=self.window_seconds):
            return True
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=self.window_seconds)
            return True
        return count <= self.limit
