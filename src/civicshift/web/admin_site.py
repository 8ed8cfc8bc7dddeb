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
