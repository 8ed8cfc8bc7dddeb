"""The demo's site administrator can do what docs/admin.md says: lift a lock-out and remove a
lost authenticator in site administration, with no more rights than that."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from civicshift.demo.loader import load_demo
from civicshift.testing.factories import PASSWORD, make_user
from civicshift.web.admin_site import SITE_ADMIN_GROUP

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_admin():
    load_demo()
    user = get_user_model().objects.get(email="admin@maplefalls.example")
    assert user.is_staff and not user.is_superuser
    assert user.groups.filter(name=SITE_ADMIN_GROUP).exists()
    return user


def test_site_admin_lifts_a_lock_out(client, settings, site_admin):
    make_user("clerk@example.org")
    login = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(login, {"username": "clerk@example.org", "password": "guess"})
    assert (
        client.post(login, {"username": "clerk@example.org", "password": PASSWORD}).status_code
        == 429
    )
    attempt = AccessAttempt.objects.get()

    client.force_login(site_admin)
    listing = client.get("/site-admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "clerk@example.org" in listing.content.decode()
    response = client.post(f"/site-admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    client.logout()
    response = client.post(login, {"username": "clerk@example.org", "password": PASSWORD})
    assert response.status_code == 302  # signed in again


def test_site_admin_removes_a_lost_authenticator_without_seeing_its_secret(client, site_admin):
    owner = make_user("lost-phone@example.org")
    device = TOTPDevice.objects.create(user=owner, name="phone", confirmed=True)
    client.force_login(site_admin)
    listing = client.get("/site-admin/otp_totp/totpdevice/").content.decode()
    assert "lost-phone@example.org" in listing
    page = client.get(f"/site-admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert device.key not in page and "qrcode" not in page.lower()
    response = client.post(f"/site-admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=owner).exists()


def test_site_admin_has_no_other_powers(client, site_admin):
    client.force_login(site_admin)
    assert client.get("/site-admin/auth/group/").status_code == 403
    assert client.get("/site-admin/auth/user/add/").status_code == 403
    assert client.get("/site-admin/auth/user/").status_code == 200
