"""The screens' permission rules, for the API.

* anonymous → 401 (the token scheme is named in ``WWW-Authenticate``);
* signed in but not a member, or no such organization → 404 (nothing is revealed);
* an organization that requires two-factor sign-in → 403 until the member has set it up;
* member without the role the request needs → 403.

Views say which role they need with ``read_role`` (safe methods) and ``write_role`` (others);
``OrgScopedMixin`` in ``views/base.py`` resolves the organization and its membership once per
request, through ``resolve_membership`` below.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.permissions import SAFE_METHODS, BasePermission

from civicshift.orgs.models import Membership, Organization
from civicshift.orgs.permissions import require_member
from civicshift.orgs.roles import Role, role_at_least

from .authentication import ApiTokenAuthentication


def resolve_membership(request, org_slug: str) -> tuple[Organization, Membership]:
    """The organization named in the URL and the caller's membership in it, or Http404."""
    organization = Organization.objects.filter(slug=org_slug).first()
    if organization is None:
        raise Http404(_("No such organization."))
    return organization, require_member(request.user, organization)


def two_factor_satisfied(request, organization: Organization) -> bool:
    """The rule of the screens: an organization may require two-factor sign-in.

    A browser session must have been verified with a code, as on the screens. A request signed
    with an API token cannot type a code, so the token must have been created in a session that
    entered one (``ApiToken.two_factor_verified``): a token made before its owner set up an
    authenticator stays refused after they do.
    """
    if not organization.require_two_factor:
        return True
    user = request.user
    if isinstance(getattr(request, "successful_authenticator", None), ApiTokenAuthentication):
        return bool(getattr(request.auth, "two_factor_verified", False))
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def required_role(view, method: str) -> str:
    if method in SAFE_METHODS:
        return getattr(view, "read_role", Role.VIEWER)
    return getattr(view, "write_role", Role.EDITOR)


class OrganizationRolePermission(BasePermission):
    """Membership (else 404), two-factor and role checks for an organization-scoped view.

    The view provides ``resolve_organization()`` returning ``(organization, membership)``.
    """

    message = gettext_lazy("You do not have permission to do this.")

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False  # DRF answers 401, with the authentication scheme
        organization, membership = view.resolve_organization()
        if not two_factor_satisfied(request, organization):
            if isinstance(request.successful_authenticator, ApiTokenAuthentication):
                self.message = _(
                    "%(org)s requires two-factor sign-in, and this API token was created "
                    "without it. Set up an authenticator app on the 'Sign-in security' page if "
                    "you have not, sign in with its code, and create a new token."
                ) % {"org": organization.name}
            else:
                self.message = _(
                    "%(org)s requires two-factor sign-in. Set up an authenticator app on the "
                    "'Sign-in security' page, then try again."
                ) % {"org": organization.name}
            return False
        needed = required_role(view, request.method)
        if not role_at_least(membership.role, needed):
            self.message = _("This needs the %(role)s role in %(org)s; your role is %(yours)s.") % {
                "role": Role(needed).label,
                "org": organization.name,
                "yours": Role(membership.role).label,
            }
            return False
        return True
