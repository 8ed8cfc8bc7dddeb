"""Self-assessment links: the no-login address a person opens to rate their own required
skills. The address is the credential: only the SHA-256 hash of its key is kept (the shared
``orgs.feed_tokens`` mechanism), the key is shown once, a new link stops the old one, and an
unknown, malformed or revoked key gets the same 404."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicshift.audit.services import audited_create, audited_update
from civicshift.core.tokens import new_secret, secret_hash
from civicshift.orgs.permissions import require_role
from civicshift.orgs.roles import Role
from civicshift.orgs.services_feeds import feed_token_for_key

from .models import AssessmentSource, SelfAssessmentLink, StaffPerson
from .services import assessment_record


def active_link(person: StaffPerson) -> SelfAssessmentLink | None:
    return (
        SelfAssessmentLink.objects.for_org(person.organization)
        .filter(person=person, revoked_at__isnull=True)
        .first()
    )


def _revoke(actor, person, reason) -> int:
    now = timezone.now()
    found = SelfAssessmentLink.objects.for_org(person.organization).filter(
        person=person, revoked_at__isnull=True
    )
    count = 0
    for link in found.select_for_update():
        audited_update(actor=actor, obj=link, revoked_at=now, reason=reason)
        count += 1
    return count


@transaction.atomic
def self_link_create(*, actor, person: StaffPerson) -> tuple[SelfAssessmentLink, str]:
    """A new self-assessment link for ``person`` (the old one stops working). Returns the
    link and its key, to be shown once."""
    require_role(actor, person.organization, Role.EDITOR)
    _revoke(actor, person, _("Replaced by a new self-assessment link."))
    key = new_secret(SelfAssessmentLink.key_prefix)
    link = audited_create(
        actor=actor,
        model=SelfAssessmentLink,
        organization=person.organization,
        person=person,
        lookup=key[: SelfAssessmentLink.lookup_length()],
        key_hash=secret_hash(key),
        created_by=actor,
    )
    return link, key


@transaction.atomic
def self_link_revoke(*, actor, person: StaffPerson) -> int:
    require_role(actor, person.organization, Role.EDITOR)
    return _revoke(actor, person, _("Self-assessment link revoked."))


def link_for_key(key: str) -> SelfAssessmentLink | None:
    """The active link of this key, or None for unknown, malformed and revoked keys alike."""
    link = feed_token_for_key(SelfAssessmentLink, key)
    return link


@transaction.atomic
def self_assessment_submit(*, link: SelfAssessmentLink, levels: dict) -> int:
    """The person's own ratings (``levels``: Skill → level) through their link; only the
    skills the form offered them. Written with no account as the author (the audit says it
    came from the link). Returns how many ratings were saved."""
    if link.revoked_at is not None:
        raise ValidationError(_("This link no longer works."))
    count = 0
    for skill, level in levels.items():
        if level is None:
            continue
        assessment_record(
            actor=None,
            person=link.person,
            skill=skill,
            level=int(level),
            source=AssessmentSource.SELF,
            reason=_("Self-assessment sent through the person's own link."),
        )
        count += 1
    return count
