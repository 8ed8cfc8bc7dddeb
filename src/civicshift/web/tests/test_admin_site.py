"""Issue 6, hardening: site administration asks for the second factor, and can require it."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from civicshift.testing.factories import make_user, totp_now

pytestmark = pytest.mark.django_db
ADMIN = "/site-admin/"


@pytest.fixture
def superuser():
    return make_user("root@example.org", is_staff=True, is_superuser=True)


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_site_administrator_with_a_device_enters_its_code_first(superuser):
    device = TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)
    client = _signed_in(superuser)
    response = client.get(ADMIN, follow=True)
    final_url, _status = response.redirect_chain[-1]
    assert final_url.startswith(reverse("accounts:two_factor"))
    assert "Enter the code from your authenticator app" in response.content.decode()
    response = client.post(final_url, {"token": totp_now(device)})
    assert response["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_without_the_setting_a_site_administrator_without_a_device_gets_in(superuser, settings):
    settings.ADMIN_REQUIRE_TWO_FACTOR = False
    assert _signed_in(superuser).get(ADMIN).status_code == 200


def test_the_setting_sends_a_site_administrator_without_a_device_to_set_one_up(superuser, settings):
    settings.ADMIN_REQUIRE_TWO_FACTOR = True
    client = _signed_in(superuser)
    response = client.get(ADMIN, follow=True)
    final_url, _status = response.redirect_chain[-1]
    assert final_url.startswith(reverse("accounts:two_factor"))
    html = response.content.decode()
    assert "Site administration requires two-factor sign-in" in html
    assert "<svg" in html  # the set-up page, with its QR code
    device = TOTPDevice.objects.get(user=superuser, confirmed=False)
    response = client.post(final_url, {"token": totp_now(device)})
    assert response["Location"] == ADMIN
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(ADMIN).status_code == 200


def test_the_setting_comes_from_the_environment(monkeypatch):
    import importlib

    import civicshift.settings as project_settings

    monkeypatch.setenv("CIVICSHIFT_ADMIN_REQUIRE_2FA", "1")
    try:
        assert importlib.reload(project_settings).ADMIN_REQUIRE_TWO_FACTOR is True
        monkeypatch.delenv("CIVICSHIFT_ADMIN_REQUIRE_2FA")
        assert importlib.reload(project_settings).ADMIN_REQUIRE_TWO_FACTOR is False
    finally:
        importlib.reload(project_settings)
