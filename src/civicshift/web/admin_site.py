"""The site administration (Django admin) behind the same sign-in as the rest of CivicShift.

Its own login form would skip the two-factor step, so it sends people to CivicShift's sign-in.
A site administrator who has an authenticator must have entered its code in this session; with
``CIVICSHIFT_ADMIN_REQUIRE_2FA`` set, every site administrator must, and one without an
authenticator is sent to set one up first.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from civicshift.accounts.two_factor import confirmed_device, session_meets_two_factor


def admin_two_factor_satisfied(user) -> bool:
    """Whether this session may open site administration, as far as two-factor goes."""
    if getattr(settings, "ADMIN_REQUIRE_TWO_FACTOR", False):
        return bool(user.is_authenticated and user.is_verified())
    return session_meets_two_factor(user)


class CivicShiftAdminSite(admin.AdminSite):
    site_header = "CivicShift site administration"
    site_title = "CivicShift site administration"

    def has_permission(self, request) -> bool:
        return super().has_permission(request) and admin_two_factor_satisfied(request.user)

    def login(self, request, extra_context=None):
        next_url = request.GET.get("next") or reverse("admin:index")
        if request.user.is_authenticated and request.user.is_staff:
            if confirmed_device(request.user) is None:
                messages.info(
                    request,
                    _(
                        "Site administration requires two-factor sign-in on this installation. "
                        "Set up an authenticator app first; you will then be taken there."
                    ),
                )
            else:
                messages.info(
                    request,
                    _("Enter the code from your authenticator app to open site administration."),
                )
            return redirect(f"{reverse('accounts:two_factor')}?{urlencode({'next': next_url})}")
        return redirect_to_login(next_url, reverse("accounts:login"))


#: What docs/admin.md says a site administrator does in site administration, as Django
#: permissions: lift a lock-out (delete django-axes' access attempt), remove a lost
#: authenticator (delete django-otp's TOTP device), find and deactivate an account.
SITE_ADMIN_PERMISSIONS = (
    ("axes", "view_accessattempt"),
    ("axes", "delete_accessattempt"),
    ("axes", "view_accessfailurelog"),
    ("otp_totp", "view_totpdevice"),
    ("otp_totp", "delete_totpdevice"),
    ("auth", "view_user"),
    ("auth", "change_user"),
)
SITE_ADMIN_GROUP = "Site administrators"


def make_site_administrator(user) -> None:
    """Give ``user`` staff status and exactly the site administrator's permissions (a group),
    not every permission of a superuser."""
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name=SITE_ADMIN_GROUP)
    wanted = [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in SITE_ADMIN_PERMISSIONS
    ]
    group.permissions.add(*wanted)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(group)
