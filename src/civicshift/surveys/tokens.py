"""Secrets of the open survey page: one-time codes, linking words, and the signed render token.

* One-time codes are random (10 characters of an alphabet without look-alike letters), shown once
  and stored only as HMAC-SHA256 with a key derived from SECRET_KEY.
* A linking word (chosen by the respondent) is stored only as an HMAC keyed per organization,
  so the same word gives the same value in every wave of that organization and nothing else.
* The render token proves that a submission comes from a page this server rendered a moment
  ago (signed, with its time inside the signature; nothing stored): a form posted by a script
  without loading the page, or more than a day later, is refused. The time is in the token
  the browser holds, never in the database.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core import signing

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1
CODE_LENGTH = 10
RENDER_SALT = "civicshift.surveys.render"
RENDER_MAX_AGE = 24 * 3600
RENDER_MIN_AGE = 2  # seconds: faster than a person can read and answer


def _key(purpose: str) -> bytes:
    return hashlib.sha256(f"{purpose}:{settings.SECRET_KEY}".encode()).digest()


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def code_hash(survey_id: int, code: str) -> str:
    message = f"{survey_id}:{normalise_code(code)}".encode()
    return hmac.new(_key("survey-code"), message, hashlib.sha256).hexdigest()


def link_hash(organization_id: int, word: str) -> str:
    """The same word (case and surrounding spaces ignored) gives the same hash in every survey
    of the organization."""
    message = f"{organization_id}:{' '.join(word.lower().split())}".encode()
    return hmac.new(_key("survey-link"), message, hashlib.sha256).hexdigest()


def render_token(survey_token: str) -> str:
    return signing.TimestampSigner(salt=RENDER_SALT).sign(survey_token[:12])


def render_token_valid(value: str, survey_token: str) -> bool:
    signer = signing.TimestampSigner(salt=RENDER_SALT)
    try:
        unsigned = signer.unsign(value, max_age=RENDER_MAX_AGE)
    except signing.BadSignature:
        return False
    if unsigned != survey_token[:12]:
        return False
    try:
        signer.unsign(value, max_age=RENDER_MIN_AGE)
    except signing.SignatureExpired:
        return True  # older than the minimum: a person had time to answer
    except signing.BadSignature:
        return False
    return False
