"""The site administration (Django admin) behind the same sign-in as the rest of CivicShift.

Its own login form would skip the two-factor step, so it sends people to CivicShift's sign-in;
a session that has not entered its authenticator code is sent to enter it.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from civicshift.accounts.two_factor import session_meets_two_factor


class CivicShiftAdminSite(admin.AdminSite):
    site_header = "CivicShift site administration"
    site_title = "CivicShift site administration"

    def has_permission(self, request) -> bool:
        return super().has_permission(request) and session_meets_two_factor(request.user)

    def login(self, request, extra_context=None):
        next_url = request.GET.get("next") or reverse("admin:index")
        if request.user.is_authenticated and request.user.is_staff:
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
