"""Random secrets that are shown once and stored only as a hash (invitations, API tokens)."""

from __future__ import annotations

import hashlib
import secrets


def new_secret(prefix: str = "") -> str:
    """A URL-safe random secret with 256 bits of entropy."""
    return prefix + secrets.token_urlsafe(32)


def secret_hash(secret: str) -> str:
    """SHA-256 hex digest. The secrets are long random values, so a fast hash suffices (there
    is nothing to brute-force as there would be with a password)."""
    return hashlib.sha256(secret.encode()).hexdigest()
