"""Throttling of sign-in failures and password-reset requests.

* Failed sign-ins are counted by django-axes per account and network address. People type their
  e-mail address or their username; ``throttle_username`` turns either into the account's
  username, so both add to one counter. Something that names no account is counted as typed
  (trimmed, lower-cased), and locks nothing real.
* Password-reset requests are counted per network address and per address typed, over the last
  ``PASSWORD_RESET_WINDOW``. Over the address limit the person is told to wait (whether or not the
  account exists); over the account limit no e-mail is sent but the page is the usual "check
  your e-mail", so the answer never says whether an account uses that address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .models import PasswordResetRequest

PASSWORD_RESET_WINDOW = timedelta(hours=1)


def account_for_identifier(identifier: str):
    """The account sign-in means by what was typed: the e-mail address (any letter case) first,
    then the username exactly. The same rule as ``EmailOrUsernameBackend``."""
    User = get_user_model()
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    return (
        User.objects.filter(email__iexact=identifier).order_by("id").first()
        or User.objects.filter(**{User.USERNAME_FIELD: identifier}).first()
    )


def throttle_username(request, credentials) -> str:
    """The name django-axes counts failures under (``AXES_USERNAME_CALLABLE``): the account's
    username whichever identifier was typed, else the typed text trimmed and lower-cased."""
    typed = (credentials or {}).get("username")
    if typed is None and request is not None:
        typed = request.POST.get("username", "")
    typed = (typed or "").strip()
    account = account_for_identifier(typed)
    return account.get_username() if account is not None else typed.lower()


@dataclass(frozen=True)
class ResetDecision:
    send: bool
    address_limited: bool


@transaction.atomic
def password_reset_attempt(request, email: str) -> ResetDecision:
    """Record a reset request and say whether to send the e-mail.

    ``address_limited``: this network address asked too often (tell them to wait).
    ``send`` False without it: this account was asked for too often (say nothing about it).
    """
    now = timezone.now()
    since = now - PASSWORD_RESET_WINDOW
    PasswordResetRequest.objects.filter(created_at__lt=since).delete()
    address = get_client_ip_address(request)
    email = (email or "").strip().lower()
    recent = PasswordResetRequest.objects.filter(created_at__gte=since)
    from_address = recent.filter(address=address).count()
    for_account = recent.filter(email=email).count()
    if from_address >= settings.PASSWORD_RESET_LIMIT_PER_ADDRESS:
        return ResetDecision(send=False, address_limited=True)
    PasswordResetRequest.objects.create(address=address, email=email)
    return ResetDecision(
        send=for_account < settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT, address_limited=False
    )
