"""Issue 6, hardening: API tokens and two-factor sign-in, and tokens revoked by a new password.

* where an organization requires two-factor sign-in, a token works there only if the session
  that created it had entered its authenticator code;
* changing or resetting the password revokes every token of the account (any path that calls
  ``set_password`` and saves), but the silent re-hash at sign-in does not.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from civicshift.api.models import ApiToken
from civicshift.api.services import api_token_create
from civicshift.orgs.models import Membership
from civicshift.orgs.roles import Role
from civicshift.testing.factories import PASSWORD, make_member, make_org, make_user, totp_now

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a brand new passphrase 2031"


def _api(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _create_token_on_the_page(client: Client, name: str) -> str:
    response = client.post(reverse("api:tokens"), {"name": name})
    assert response.status_code == 200, response.status_code
    return re.search(r'id="new-api-key" type="text" value="([^"]+)"', response.content.decode())[1]


def _verified_session(user, device: TOTPDevice) -> Client:
    """A browser that signed in and entered the authenticator code (the real form)."""
    client = Client()
    client.force_login(user)
    response = client.post(reverse("accounts:two_factor"), {"token": totp_now(device)})
    assert response.status_code == 302
    return client


@pytest.fixture
def strict_org():
    return make_org("strict-town", require_two_factor=True)


def _detail(org) -> str:
    return reverse("api:organization-detail", kwargs={"org_slug": org.slug})


def test_a_token_made_in_a_verified_session_works_where_two_factor_is_required(strict_org):
    user = make_member(strict_org, Role.VIEWER)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    key = _create_token_on_the_page(_verified_session(user, device), "sync")
    assert ApiToken.objects.get(user=user).two_factor_verified is True
    response = _api(key).get(_detail(strict_org))
    assert response.status_code == 200, response.content
    assert response.json()["slug"] == strict_org.slug


def test_a_token_minted_before_the_device_stays_refused_after_it_is_added(strict_org):
    relaxed = make_org("relaxed-town")
    user = make_member(strict_org, Role.VIEWER)
    Membership.objects.create(organization=relaxed, user=user, role=Role.VIEWER)
    plain = Client()
    plain.force_login(user)  # no device yet: the page lets the session make a token
    old_key = _create_token_on_the_page(plain, "before the phone")
    assert ApiToken.objects.get(user=user).two_factor_verified is False

    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    refused = _api(old_key).get(_detail(strict_org))
    assert refused.status_code == 403
    assert "created without it" in refused.json()["detail"]
    # the same token still works for the organization that does not require two-factor
    assert _api(old_key).get(_detail(relaxed)).status_code == 200

    new_key = _create_token_on_the_page(_verified_session(user, device), "after the phone")
    assert _api(new_key).get(_detail(strict_org)).status_code == 200
    assert _api(old_key).get(_detail(strict_org)).status_code == 403


def test_a_token_made_outside_a_request_is_not_two_factor_verified(strict_org):
    user = make_member(strict_org, Role.ADMIN)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    token, key = api_token_create(actor=user, name="from a script")
    assert token.two_factor_verified is False
    assert _api(key).get(_detail(strict_org)).status_code == 403


def test_the_token_page_says_which_tokens_two_factor_organizations_refuse():
    user = make_user()
    client = Client()
    client.force_login(user)
    _create_token_on_the_page(client, "unverified")
    html = client.get(reverse("api:tokens")).content.decode()
    assert "Made without two-factor sign-in" in html


# Password changes revoke tokens -------------------------------------------------------------


def _active_tokens(user) -> int:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).count()


def test_resetting_the_password_revokes_every_token():
    user = make_user("reset-me@example.org")
    _t1, key1 = api_token_create(actor=user, name="one")
    api_token_create(actor=user, name="two")
    other = make_user()
    api_token_create(actor=other, name="someone else's")
    orgs_url = reverse("api:orgs")
    assert _api(key1).get(orgs_url).status_code == 200

    client = Client()
    client.post(reverse("accounts:password_reset"), {"email": "reset-me@example.org"})
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body)[1]
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302

    assert _active_tokens(user) == 0
    response = _api(key1).get(orgs_url)
    assert response.status_code == 401
    assert "password was changed or reset" in response.json()["detail"]
    assert _active_tokens(other) == 1


def test_changing_the_password_from_site_administration_revokes_tokens():
    user = make_user("changed@example.org")
    api_token_create(actor=user, name="sync")
    admin = make_user("root@example.org", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    response = client.post(
        url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert _active_tokens(user) == 0


def test_set_password_then_save_revokes_tokens_and_other_saves_do_not():
    user = make_user()
    api_token_create(actor=user, name="sync")
    user.first_name = "Ada"
    user.save()
    assert _active_tokens(user) == 1
    user.set_password(NEW_PASSWORD)
    user.save()
    assert _active_tokens(user) == 0


def test_the_changepassword_command_revokes_tokens(monkeypatch):
    user = make_user("cli@example.org")
    api_token_create(actor=user, name="sync")
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW_PASSWORD)
    call_command("changepassword", "cli@example.org")
    assert _active_tokens(user) == 0


def test_rehashing_at_sign_in_is_not_a_password_change(settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    user = make_user("old-hash@example.org")
    # a hash from an older hasher: signing in upgrades it silently
    old_hash = make_password(PASSWORD, hasher="pbkdf2_sha256")
    get_user_model().objects.filter(pk=user.pk).update(password=old_hash)
    api_token_create(actor=user, name="sync")
    client = Client()
    client.post(
        reverse("accounts:login"), {"username": "old-hash@example.org", "password": PASSWORD}
    )
    user.refresh_from_db()
    assert user.password.startswith("md5$")  # the hash was upgraded...
    assert _active_tokens(user) == 1  # ...and the token kept
