import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from civicshift.orgs import services as org_services
from civicshift.orgs.roles import Role
from civicshift.testing.factories import PASSWORD, make_member, make_org, make_user, totp_now

pytestmark = pytest.mark.django_db


def _login(client, username, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


@pytest.mark.real_hashing
def test_passwords_are_hashed_with_argon2():
    user = make_user("argon@example.org")
    assert user.password.startswith("argon2$")
    assert user.check_password(PASSWORD)


def test_sign_in_with_email_or_username_and_sign_out(client):
    make_user("Clerk@Example.org")
    response = _login(client, "clerk@example.org")
    assert response.status_code == 302
    assert client.get(reverse("web:home")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("web:home")).status_code == 302


def test_the_sign_in_form_says_an_email_address_works(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert 'for="id_username">E-mail or username' in html


def test_wrong_password_shows_an_error_and_keeps_the_username(client):
    make_user("clerk@example.org")
    response = _login(client, "clerk@example.org", "wrong")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please enter a correct" in html
    assert 'value="clerk@example.org"' in html


def test_repeated_failures_lock_the_account_for_that_address(client, settings):
    make_user("target@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "target@example.org", "guess")
    response = _login(client, "target@example.org")  # even the right password now
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_password_reset_sends_a_working_link(client):
    user = make_user("reset@example.org")
    response = client.post(reverse("accounts:password_reset"), {"email": "reset@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    new = "a new long passphrase 2027"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_two_factor_setup_then_sign_in_needs_the_code(client):
    user = make_user("mfa@example.org")
    client.force_login(user)
    response = client.get(reverse("accounts:two_factor"))
    assert "<svg" in response.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts:two_factor"), {"token": "000000"})
    assert "That code is not right" in response.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    response = client.post(reverse("accounts:two_factor"), {"token": totp_now(device)})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=user).confirmed

    client.post(reverse("accounts:logout"))
    response = _login(client, "mfa@example.org")
    assert response["Location"] == reverse("accounts:login_verify")
    assert client.get(reverse("web:home")).status_code == 302  # not signed in yet
    device.refresh_from_db()
    device.last_t = -1  # the setup code was this same time step; a new step is allowed
    device.save()
    response = client.post(reverse("accounts:login_verify"), {"token": totp_now(device)})
    assert response.status_code == 302
    assert client.get(reverse("web:home")).status_code == 200


def test_organization_can_require_two_factor(client):
    org = make_org("strict", require_two_factor=True)
    user = make_member(org, Role.VIEWER)
    client.force_login(user)
    response = client.get(reverse("orgs:dashboard", args=[org.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor"))
    # the same member of a relaxed organization gets in
    relaxed = make_org("relaxed")
    org_services.membership_create(actor=None, organization=relaxed, user=user, role=Role.VIEWER)
    assert client.get(reverse("orgs:dashboard", args=[relaxed.slug])).status_code == 200


def test_invitation_creates_an_account_and_membership(client):
    org = make_org("welcome")
    admin = make_member(org, Role.ADMIN)
    org_services.invitation_create(
        actor=admin,
        organization=org,
        email="New@Example.org",
        role=Role.EDITOR,
        accept_url_base="http://testserver/",
    )
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    response = client.post(
        link, {"first_name": "Ana", "last_name": "Ruiz", "password1": "short", "password2": "short"}
    )
    assert "This password is too short" in response.content.decode()
    good = "river stone lantern 88"
    response = client.post(
        link, {"first_name": "Ana", "last_name": "Ruiz", "password1": good, "password2": good}
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="new@example.org")
    assert user.memberships.get().role == Role.EDITOR
    assert client.get(link).status_code == 404  # used once


def test_invitation_to_another_address_is_refused_for_a_signed_in_user(client):
    org = make_org("welcome")
    admin = make_member(org, Role.ADMIN)
    org_services.invitation_create(
        actor=admin,
        organization=org,
        email="a@example.org",
        role=Role.EDITOR,
        accept_url_base="http://testserver/",
    )
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    client.force_login(make_user("b@example.org"))
    response = client.post(link, follow=True)
    assert "was sent to a@example.org" in response.content.decode()
