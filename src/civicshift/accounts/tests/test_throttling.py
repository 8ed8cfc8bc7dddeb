"""Issue 6, hardening: throttling of sign-in failures and password-reset requests."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse

from civicshift.accounts.models import PasswordResetRequest
from civicshift.testing.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")
RESET = reverse("accounts:password_reset")
DONE = reverse("accounts:password_reset_done")


def _login(client, username, password="a wrong guess"):
    return client.post(LOGIN, {"username": username, "password": password})


@pytest.fixture
def jsmith():
    """An account whose username is not its e-mail address."""
    user = make_user("j.smith@town.example.org")
    user.username = "jsmith"
    user.save()
    return user


# Sign-in failures ------------------------------------------------------------------------------


def test_failures_count_per_account_whether_the_username_or_the_email_was_typed(
    client, settings, jsmith
):
    typed = ["jsmith", "J.Smith@Town.example.org", " j.smith@town.example.org "]
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, typed[attempt % len(typed)])
        assert response.status_code == 200  # wrong password, not yet locked
    assert _login(client, "jsmith").status_code == 429  # the last failure locks
    # one counter, under the account's username
    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == [
        ("jsmith", settings.AXES_FAILURE_LIMIT)
    ]
    for identifier in ("jsmith", "j.smith@town.example.org"):
        response = _login(client, identifier, PASSWORD)  # even the right password
        assert response.status_code == 429
        assert "Too many failed sign-in attempts" in response.content.decode()


def test_the_lock_is_per_network_address(client, settings, jsmith):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "j.smith@town.example.org")
    other_network = Client(REMOTE_ADDR="198.51.100.7")
    assert _login(other_network, "jsmith", PASSWORD).status_code == 302


def test_a_success_clears_the_counter_whichever_identifier_was_typed(client, settings, jsmith):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "jsmith")
    assert _login(client, "J.SMITH@town.example.org", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="jsmith").exists()


def test_unknown_identifiers_are_counted_as_typed_and_lock_no_account(client, settings, jsmith):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, " Nobody@Town.example.org")
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == [
        "nobody@town.example.org"
    ]
    assert _login(client, "nobody@town.example.org").status_code == 429
    assert _login(client, "jsmith", PASSWORD).status_code == 302


# Password-reset requests -----------------------------------------------------------------------


def _reset(client, email):
    return client.post(RESET, {"email": email})


def test_reset_requests_are_limited_per_account_without_saying_so(client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT = 3
    make_user("clerk@town.example.org")
    networks = [Client(REMOTE_ADDR=f"192.0.2.{n}") for n in range(1, 6)]
    for n in range(3):
        response = _reset(networks[n], "clerk@town.example.org")
        assert (response.status_code, response["Location"]) == (302, DONE)
    assert len(mail.outbox) == 3
    # the fourth request, from yet another network: no e-mail, the usual page
    throttled = _reset(networks[3], "Clerk@Town.example.org")
    assert len(mail.outbox) == 3
    # ...exactly what someone asking for an address no account uses gets
    unknown = _reset(networks[4], "nobody@town.example.org")
    assert len(mail.outbox) == 3
    assert (throttled.status_code, throttled["Location"]) == (
        unknown.status_code,
        unknown["Location"],
    )
    assert throttled["Location"] == DONE


def test_reset_requests_are_limited_per_network_address(client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 4
    make_user("clerk@town.example.org")
    for n in range(4):
        assert _reset(client, f"person{n}@town.example.org")["Location"] == DONE
    for email in ("clerk@town.example.org", "nobody@town.example.org"):
        response = _reset(client, email)
        assert response.status_code == 429
        html = response.content.decode()
        assert "Too many password reset requests" in html
        assert "clerk@" not in html and "nobody@" not in html
    assert mail.outbox == []  # person0-3 have no account; clerk's request was refused
    # another network is not affected
    assert _reset(Client(REMOTE_ADDR="203.0.113.9"), "clerk@town.example.org")["Location"] == DONE
    assert len(mail.outbox) == 1


def test_requests_older_than_the_window_no_longer_count(client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT = 1
    make_user("clerk@town.example.org")
    _reset(client, "clerk@town.example.org")
    _reset(client, "clerk@town.example.org")
    assert len(mail.outbox) == 1
    earlier = PasswordResetRequest.objects.order_by("pk").first().created_at - timedelta(hours=2)
    PasswordResetRequest.objects.update(created_at=earlier)
    _reset(client, "clerk@town.example.org")
    assert len(mail.outbox) == 2
    assert PasswordResetRequest.objects.count() == 1  # the old rows were cleared
