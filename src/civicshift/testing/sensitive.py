"""What each role may not read, said once: the tenancy harness renders every registered GET
endpoint (page, download or API answer) as each role allowed to read it, and checks that none
of the strings below appears for a role outside ``visible_to``.

``SENSITIVE`` is the rule. ``SensitiveFixture`` fills an organization with what the rule
protects: a member of every role with an e-mail address and no name (so a page that falls
back on the e-mail address shows it), a pending invitation, an API token per member (key and
hash) and each member's password hash.

``KNOWN_LEAKS`` lists (URL name, secret) pairs found leaking whose fix belongs to someone else;
the harness asserts they *still* leak, so the entry must be removed when the fix lands (the
test then fails, saying so) — never a silent exemption.
"""

from __future__ import annotations

import io
import itertools
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from civicshift.orgs.roles import Role

from .factories import make_member

_n = itertools.count(1)
EVERY_ROLE = (Role.VIEWER, Role.EVALUATOR, Role.EDITOR, Role.ADMIN)


@dataclass
class SensitiveFixture:
    """The people and secrets of one organization, made once per harness test."""

    organization: object
    members: dict[str, object] = field(default_factory=dict)  # role → user
    invitation_emails: list[str] = field(default_factory=list)
    invitation_token_hashes: list[str] = field(default_factory=list)
    api_keys: list[str] = field(default_factory=list)
    api_key_hashes: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, organization, admin) -> SensitiveFixture:
        from civicshift.api.services import api_token_create
        from civicshift.orgs import services

        fixture = cls(organization)
        fixture.members[Role.ADMIN] = admin
        for role in (Role.VIEWER, Role.EVALUATOR, Role.EDITOR):
            fixture.members[role] = make_member(
                organization, role, email=f"{role}-secret-{next(_n)}@members.example.org"
            )
        for user in fixture.members.values():
            token, key = api_token_create(actor=user, name="Budget sync")
            fixture.api_keys.append(key)
            fixture.api_key_hashes.append(token.key_hash)
        invitation, _token = services.invitation_create(
            actor=admin,
            organization=organization,
            email=f"invitee-secret-{next(_n)}@invited.example.org",
            role=Role.EDITOR,
            accept_url_base="http://testserver/",
        )
        fixture.invitation_emails.append(invitation.email)
        fixture.invitation_token_hashes.append(invitation.token_hash)
        return fixture


@dataclass(frozen=True)
class Secret:
    name: str
    #: The strings that must not appear, for the member ``viewer`` reading the page.
    values: Callable[[SensitiveFixture, object], list[str]]
    #: Roles that may see them (empty: nobody, on any page).
    visible_to: frozenset[str]


def _other_peoples_emails(fixture: SensitiveFixture, viewer) -> list[str]:
    """Everyone's but the reader's own: the fixture's members and whoever the harness's
    ``make_object`` made (an owner, a former member)."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.exclude(pk=viewer.pk).exclude(email="")
    return list(users.values_list("email", flat=True))


SENSITIVE: list[Secret] = [
    Secret("other people's e-mail addresses", _other_peoples_emails, frozenset({Role.ADMIN})),
    Secret(
        "invitation e-mail addresses",
        lambda fixture, viewer: fixture.invitation_emails,
        frozenset({Role.ADMIN}),
    ),
    Secret(
        "invitation token hashes",
        lambda fixture, viewer: fixture.invitation_token_hashes,
        frozenset(),
    ),
    Secret("API token keys", lambda fixture, viewer: fixture.api_keys, frozenset()),
    Secret("API token hashes", lambda fixture, viewer: fixture.api_key_hashes, frozenset()),
    Secret(
        "password hashes",
        lambda fixture, viewer: [u.password for u in fixture.members.values() if u.password],
        frozenset(),
    ),
]

#: (URL name, secret name) → who fixes it. See the module docstring.
KNOWN_LEAKS: dict[tuple[str, str], str] = {}


def strictest_readers(least_role: str) -> list[str]:
    """The roles to read an endpoint as: of the roles that may read it (``least_role`` and
    above), the most privileged one per group of roles under the same rules. A page shows a role
    at least what it shows a lesser one (every check is ``role_at_least``), so an editor sees
    everything a viewer does and is kept from the same strings: reading as the editor checks
    the viewer and evaluator too, at half the requests (the business-case documents are the
    slowest endpoints of the harness)."""
    from civicshift.orgs.roles import role_at_least

    readers = [role for role in EVERY_ROLE if role_at_least(role, least_role)]
    strictest: dict[frozenset[str], str] = {}
    for role in readers:  # least to most privileged: the last of a group stays
        rule = frozenset(secret.name for secret in SENSITIVE if role not in secret.visible_to)
        strictest[rule] = role
    return list(strictest.values())


def forbidden(fixture: SensitiveFixture, role: str, viewer) -> dict[str, list[str]]:
    """Secret name → strings ``viewer`` (with ``role``) must not find on any page."""
    return {
        secret.name: [v for v in secret.values(fixture, viewer) if v]
        for secret in SENSITIVE
        if role not in secret.visible_to
    }


def response_text(response) -> str:
    """Everything a response shows: the body, or every file inside a zip (docx, xlsx)."""
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    if body[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            body = b"\n".join(archive.read(name) for name in archive.namelist())
    elif body[:5] == b"%PDF-":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(body))
        info = reader.metadata or {}
        return "\n".join(
            [*(page.extract_text() for page in reader.pages), *(str(v) for v in info.values())]
        )
    return body.decode("utf-8", errors="replace")
