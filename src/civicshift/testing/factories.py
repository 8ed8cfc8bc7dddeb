"""Small helpers that make test data through the services (so audit rules hold in tests too)."""

from __future__ import annotations

import itertools

from django.contrib.auth import get_user_model

from civicshift.orgs.models import Membership, Organization
from civicshift.orgs.roles import Role

_counter = itertools.count(1)
PASSWORD = "correct horse battery staple 42"


def make_user(email: str | None = None, *, password: str = PASSWORD, **extra):
    User = get_user_model()
    email = email or f"user{next(_counter)}@example.org"
    user = User(username=email, email=email, **extra)
    user.set_password(password)
    user.save()
    return user


def make_org(slug: str | None = None, **fields) -> Organization:
    slug = slug or f"town-{next(_counter)}"
    fields.setdefault("name", slug.replace("-", " ").title())
    return Organization.objects.create(slug=slug, **fields)


def make_member(organization: Organization, role: str = Role.VIEWER, email: str | None = None):
    user = make_user(email)
    Membership.objects.create(organization=organization, user=user, role=role)
    return user


def totp_now(device) -> str:
    """The code an authenticator app shows now for ``device`` (a django-otp TOTPDevice)."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
