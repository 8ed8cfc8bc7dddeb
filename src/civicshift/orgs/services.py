"""Write paths for organizations, departments, goals, members and invitations.

Each function: one transaction, permission checked, audit record written (through
``civicshift.audit.services``).
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from civicshift.audit.services import audited_create, audited_delete, audited_update
from civicshift.core.tokens import new_secret, secret_hash

from .models import Department, Invitation, Membership, Organization, StrategicGoal
from .permissions import is_site_admin, require_role
from .roles import Role

INVITATION_DAYS = 14


# Organizations ---------------------------------------------------------------------------------


@transaction.atomic
def organization_create(*, actor, first_admin=None, **fields) -> Organization:
    """Site administrators (or the system) create organizations."""
    if actor is not None and not is_site_admin(actor):
        raise PermissionDenied(_("Only a site administrator can create organizations."))
    slug = fields.get("slug", "")
    if Organization.objects.filter(slug=slug).exists():
        raise ValidationError(
            {
                "slug": _(
                    "An organization with the short name '%(slug)s' already exists; choose another."
                )
                % {"slug": slug}
            }
        )
    organization = audited_create(actor=actor, model=Organization, **fields)
    if first_admin is not None:
        audited_create(
            actor=actor,
            model=Membership,
            organization=organization,
            user=first_admin,
            role=Role.ADMIN,
        )
    return organization


@transaction.atomic
def organization_update(
    *, actor, organization: Organization, expected_version: int | None = None, **fields
) -> Organization:
    require_role(actor, organization, Role.ADMIN)
    fields.pop("slug", None)  # the slug is part of every bookmarked address; it does not change
    return audited_update(
        actor=actor, obj=organization, expected_version=expected_version, **fields
    )


# Departments and goals -------------------------------------------------------------------------


def _require_unique(model, organization, field: str, value, exclude_pk=None) -> None:
    qs = model.objects.for_org(organization).filter(**{f"{field}__iexact": value})
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        label = model._meta.get_field(field).verbose_name
        raise ValidationError(
            {field: _("There is already one with this %(label)s.") % {"label": label}}
        )


# Departments and goals are both a named list kept by editors: one implementation.


@transaction.atomic
def _listed_create(model, unique_field: str, *, actor, organization: Organization, **fields):
    require_role(actor, organization, Role.EDITOR)
    _require_unique(model, organization, unique_field, fields.get(unique_field, ""))
    return audited_create(actor=actor, model=model, organization=organization, **fields)


@transaction.atomic
def _listed_update(obj, unique_field: str, *, actor, expected_version=None, **fields):
    require_role(actor, obj.organization, Role.EDITOR)
    if unique_field in fields:
        _require_unique(type(obj), obj.organization, unique_field, fields[unique_field], obj.pk)
    return audited_update(actor=actor, obj=obj, expected_version=expected_version, **fields)


def _listed_delete(obj, *, actor) -> None:
    require_role(actor, obj.organization, Role.EDITOR)
    audited_delete(actor=actor, obj=obj)


def department_create(*, actor, organization: Organization, **fields) -> Department:
    return _listed_create(Department, "name", actor=actor, organization=organization, **fields)


def department_update(
    *, actor, department: Department, expected_version: int | None = None, **fields
) -> Department:
    return _listed_update(
        department, "name", actor=actor, expected_version=expected_version, **fields
    )


def department_delete(*, actor, department: Department) -> None:
    _listed_delete(department, actor=actor)


def goal_create(*, actor, organization: Organization, **fields) -> StrategicGoal:
    return _listed_create(StrategicGoal, "code", actor=actor, organization=organization, **fields)


def goal_update(
    *, actor, goal: StrategicGoal, expected_version: int | None = None, **fields
) -> StrategicGoal:
    return _listed_update(goal, "code", actor=actor, expected_version=expected_version, **fields)


def goal_delete(*, actor, goal: StrategicGoal) -> None:
    _listed_delete(goal, actor=actor)


# Members and invitations -----------------------------------------------------------------------


def _lock_administrators(organization: Organization) -> None:
    """Serialize every change that can take away an administrator of ``organization``.

    The organization row is locked first, always, and only then memberships: two admins
    demoting each other at the same moment queue up behind the same row instead of each
    locking the other's membership (a deadlock on PostgreSQL, answered with a 500). SQLite has
    no row locks; there the transaction takes the database's write lock at BEGIN (settings:
    ``transaction_mode`` IMMEDIATE), which serializes them the same way.
    """
    Organization.objects.select_for_update().filter(pk=organization.pk).values_list("pk").first()


def _is_last_admin(membership: Membership) -> bool:
    """Whether ``membership`` is (still, as stored) an administrator and the only one. Call with
    the administrators locked (``_lock_administrators``)."""
    admins = set(
        Membership.objects.for_org(membership.organization)
        .filter(role=Role.ADMIN)
        .values_list("pk", flat=True)
    )
    return admins == {membership.pk}


@transaction.atomic
def membership_create(*, actor, organization: Organization, user, role: str) -> Membership:
    require_role(actor, organization, Role.ADMIN)
    if Membership.objects.for_org(organization).filter(user=user).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    return audited_create(
        actor=actor, model=Membership, organization=organization, user=user, role=role
    )


@transaction.atomic
def membership_change_role(
    *, actor, membership: Membership, role: str, expected_version: int | None = None
) -> Membership:
    _lock_administrators(membership.organization)
    require_role(actor, membership.organization, Role.ADMIN)  # still, now that it is locked
    if role != Role.ADMIN and _is_last_admin(membership):
        raise ValidationError({"role": _("An organization needs at least one administrator.")})
    return audited_update(actor=actor, obj=membership, role=role, expected_version=expected_version)


@transaction.atomic
def membership_remove(*, actor, membership: Membership) -> None:
    _lock_administrators(membership.organization)
    require_role(actor, membership.organization, Role.ADMIN)  # still, now that it is locked
    if _is_last_admin(membership):
        raise ValidationError(_("You cannot remove the last administrator."))
    audited_delete(actor=actor, obj=membership)


@transaction.atomic
def invitation_create(
    *, actor, organization: Organization, email: str, role: str, accept_url_base: str
) -> tuple[Invitation, str]:
    """Create an invitation and e-mail its link. Returns the invitation and the raw token
    (shown nowhere else; only its hash is stored)."""
    require_role(actor, organization, Role.ADMIN)
    email = email.strip().lower()
    if Membership.objects.for_org(organization).filter(user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    token = new_secret()
    invitation = audited_create(
        actor=actor,
        model=Invitation,
        organization=organization,
        email=email,
        role=role,
        token_hash=secret_hash(token),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    link = accept_url_base.rstrip("/") + reverse("accounts:invitation", args=[token])
    inviter = actor.get_full_name() or actor.get_username() if actor else "CivicShift"
    send_mail(
        subject=_("You are invited to %(org)s on CivicShift") % {"org": organization.name},
        message=_(
            "%(inviter)s invited you to join %(org)s on CivicShift as %(role)s.\n\n"
            "Open this link within %(days)s days to accept:\n%(link)s\n"
        )
        % {
            "inviter": inviter,
            "org": organization.name,
            "role": Role(role).label,
            "days": INVITATION_DAYS,
            "link": link,
        },
        from_email=None,
        recipient_list=[email],
    )
    return invitation, token


def invitation_by_token(token: str) -> Invitation | None:
    invitation = (
        Invitation.objects.select_related("organization")
        .filter(token_hash=secret_hash(token))
        .first()
    )
    if invitation is None or invitation.accepted_at or invitation.expires_at < timezone.now():
        return None
    return invitation


@transaction.atomic
def invitation_revoke(*, actor, invitation: Invitation) -> None:
    require_role(actor, invitation.organization, Role.ADMIN)
    audited_delete(actor=actor, obj=invitation)


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """The invited person (signed in, or just signed up) becomes a member with the role."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ValidationError(_("This invitation has already been used."))
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(
            _("This invitation was sent to %(email)s; sign in with that address to accept it.")
            % {"email": invitation.email}
        )
    existing = Membership.objects.for_org(invitation.organization).filter(user=user).first()
    if existing:
        raise ValidationError(
            _(
                "You are already a member of %(org)s (%(role)s). Ask an administrator to change "
                "your role if it should be different."
            )
            % {"org": invitation.organization, "role": existing.get_role_display()}
        )
    audited_update(actor=user, obj=invitation, accepted_at=timezone.now())
    return audited_create(
        actor=user,
        model=Membership,
        organization=invitation.organization,
        user=user,
        role=invitation.role,
    )


def user_create_for_invitation(*, email: str, password: str, first_name: str, last_name: str):
    User = get_user_model()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this e-mail already exists; sign in.")})
    user = User(
        username=email.lower(), email=email.lower(), first_name=first_name, last_name=last_name
    )
    user.set_password(password)
    user.save()
    return user
