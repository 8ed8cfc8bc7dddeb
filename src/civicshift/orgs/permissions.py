"""Who may do what in an organization. Services call ``require_role``; views call it too."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from .models import Membership, Organization
from .roles import Role, role_at_least


def membership_for(user, organization: Organization) -> Membership | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return Membership.objects.for_org(organization).filter(user=user).first()


def role_of(user, organization: Organization) -> str | None:
    membership = membership_for(user, organization)
    return membership.role if membership else None


def require_member(user, organization: Organization) -> Membership:
    """A non-member learns nothing, not even that the organization exists: 404."""
    membership = membership_for(user, organization)
    if membership is None:
        raise Http404("No such organization.")
    return membership


def require_role(actor, organization: Organization, needed: str) -> None:
    """Raise PermissionDenied unless ``actor`` has at least role ``needed`` here.

    ``actor=None`` means the system itself (command line run by the server's operator).
    """
    if actor is None:
        return
    if not role_at_least(role_of(actor, organization), needed):
        raise PermissionDenied(
            _("This needs the %(role)s role in %(org)s.")
            % {"role": Role(needed).label, "org": organization.name}
        )


def is_site_admin(user) -> bool:
    return bool(user and getattr(user, "is_authenticated", False) and user.is_staff)
