"""Write paths for accounts in site administration: deactivate, and delete when that rewrites
no history.

The audit trail is append-only, and public bodies must be able to say who made each change. An
account that appears as the actor of an audit record is therefore never deleted (the foreign key
is ``PROTECT``; ``SET_NULL`` would be an UPDATE of the audit table): it is deactivated, so it can
no longer sign in or use its API tokens, and the history keeps pointing at it. An account with no
history can be deleted, and each organization row the deletion changes — its memberships, rows
that named it (an initiative's owner) — gets its own audit record first, like any other change.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from civicshift.audit.models import Action, AuditEvent
from civicshift.audit.services import audited_delete, record_event
from civicshift.orgs.base import OrgOwnedModel
from civicshift.orgs.models import Membership, Organization
from civicshift.orgs.permissions import is_site_admin
from civicshift.orgs.roles import Role

logger = logging.getLogger(__name__)


def _require_site_admin(actor) -> None:
    if actor is not None and not is_site_admin(actor):
        raise PermissionDenied(_("Only a site administrator can do this."))


def person_label(user) -> str:
    name = user.get_full_name()
    return f"{name} ({user.email})" if name and user.email else name or user.get_username()


def deletion_blockers(user) -> list[str]:
    """Why ``user`` cannot be deleted, in sentences for a site administrator (empty: it can)."""
    reasons = []
    history = AuditEvent.objects.filter(actor=user).count()
    if history:
        reasons.append(
            ngettext(
                "%(person)s made %(count)s change recorded in an organization's history. "
                "Deleting the account would rewrite who made it; deactivate the account instead.",
                "%(person)s made %(count)s changes recorded in organizations' history. "
                "Deleting the account would rewrite who made them; deactivate the account "
                "instead.",
                history,
            )
            % {"person": person_label(user), "count": history}
        )
    for relation in get_user_model()._meta.get_fields(include_hidden=True):
        if (
            relation.auto_created
            and not relation.concrete
            and relation.is_relation
            and relation.related_model is not AuditEvent
            and getattr(relation, "on_delete", None) in (models.PROTECT, models.RESTRICT)
        ):
            count = relation.related_model._base_manager.filter(
                **{relation.field.name: user}
            ).count()
            if count:
                reasons.append(
                    _("%(person)s is named in %(count)s %(things)s, which must keep them.")
                    % {
                        "person": person_label(user),
                        "count": count,
                        "things": relation.related_model._meta.verbose_name_plural,
                    }
                )
    for organization in organizations_left_without_admin(user, active_only=False):
        reasons.append(
            _(
                "%(person)s is the only administrator of %(org)s. Make someone else an "
                "administrator there first."
            )
            % {"person": person_label(user), "org": organization.name}
        )
    return reasons


def organizations_left_without_admin(user, *, active_only: bool = True) -> list[Organization]:
    """The organizations where ``user`` is an administrator and no other (active) one is."""
    mine = Membership.objects.filter(user=user, role=Role.ADMIN).values("organization")
    result = []
    for organization in Organization.objects.filter(pk__in=mine).order_by("name"):
        others = Membership.objects.for_org(organization).filter(role=Role.ADMIN).exclude(user=user)
        if active_only:
            others = others.filter(user__is_active=True)
        if not others.exists():
            result.append(organization)
    return result


@transaction.atomic
def user_deactivate(*, actor, user) -> bool:
    """Deactivate ``user``: no sign-in, no API token, the history unchanged. Each organization
    they belong to records it in its history. Returns False if it was already inactive."""
    _require_site_admin(actor)
    if actor is not None and actor.pk == user.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        return False
    user.is_active = False
    user.save(update_fields=["is_active"])
    record_deactivation(actor=actor, user=user)
    return True


def record_deactivation(*, actor, user) -> None:
    """Tell each organization ``user`` belongs to, in its history, that the account was
    deactivated (also when a site administrator unticks *Active* on the account's page)."""
    for membership in Membership.objects.filter(user=user).select_related("organization"):
        record_event(
            actor=actor,
            organization=membership.organization,
            action=Action.STATUS,
            obj=membership,
            reason=_("The account of %(person)s was deactivated in site administration.")
            % {"person": person_label(user)},
        )
    logger.info("User %s deactivated by %s", user.pk, getattr(actor, "pk", "system"))


def _relations_to_users():
    """Every relation from an organization-owned model to users, hidden ones (``related_name
    "+"``) included, apart from the audit trail and memberships (handled on their own)."""
    for relation in get_user_model()._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and relation.is_relation):
            continue
        model = relation.related_model
        if issubclass(model, OrgOwnedModel) and model not in (AuditEvent, Membership):
            yield relation


@transaction.atomic
def user_delete(*, actor, user) -> None:
    """Delete an account that has no history (else ``ValidationError``, with the reasons).

    Its memberships are removed one by one through the audit (one record each); rows of an
    organization that named it (an owner, a reviewer) record the change before the database
    empties the field or the list.
    """
    _require_site_admin(actor)
    if actor is not None and actor.pk == user.pk:
        raise ValidationError(_("You cannot delete your own account."))
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    blockers = deletion_blockers(user)
    if blockers:
        raise ValidationError(blockers)
    reason = _("The account of %(person)s was deleted in site administration.") % {
        "person": person_label(user)
    }
    for relation in _relations_to_users():
        name = relation.field.name
        for row in relation.related_model._base_manager.filter(**{name: user}):
            if relation.many_to_many:  # the person leaves a list
                before = sorted(str(u) for u in getattr(row, name).all())
                after = [u for u in before if u != str(user)]
                changes = {name: [before, after]}
            elif relation.on_delete is models.CASCADE:
                audited_delete(actor=actor, obj=row, reason=reason)
                continue
            else:  # SET_NULL: the field empties
                changes = {name: [str(user), None]}
            record_event(
                actor=actor,
                organization=row.organization,
                action=Action.UPDATE,
                obj=row,
                changes=changes,
                reason=reason,
            )
    for membership in Membership.objects.filter(user=user).select_related("organization"):
        audited_delete(actor=actor, obj=membership, reason=reason)
    logger.info("User %s deleted by %s", user.pk, getattr(actor, "pk", "system"))
    user.delete()
