"""Sessions that have not entered the authenticator code cannot reach sensitive actions."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from civicshift.api.models import ApiToken
from civicshift.orgs import services as org_services
from civicshift.orgs.models import Membership
from civicshift.orgs.roles import Role
from civicshift.testing.factories import PASSWORD, make_member, make_org, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def user_with_device():
    user = make_user("mfa@example.org", is_staff=True)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def test_unverified_session_cannot_create_api_tokens(client, user_with_device):
    client.force_login(user_with_device)  # a session without the code
    response = client.post(reverse("api:tokens"), {"name": "sync"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor"))
    assert not ApiToken.objects.exists()


def test_unverified_session_cannot_turn_two_factor_off(client, user_with_device):
    client.force_login(user_with_device)
    client.post(reverse("accounts:two_factor_disable"))
    assert TOTPDevice.objects.filter(user=user_with_device).exists()


def test_site_administration_uses_the_two_step_sign_in(client, user_with_device):
    # the admin's own password form does not exist any more: it hands over to ours
    response = client.post(
        "/site-admin/login/", {"username": "mfa@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    client.force_login(user_with_device)
    response = client.get("/site-admin/")
    assert response.status_code == 302
    assert reverse("accounts:two_factor") in client.get(response["Location"])["Location"]


def test_staff_without_a_device_reach_site_administration(client):
    client.force_login(make_user("staff@example.org", is_staff=True, is_superuser=True))
    assert client.get("/site-admin/").status_code == 200


def test_lockout_ignores_the_case_of_the_address(client, settings):
    make_user("alice@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("accounts:login"), {"username": "alice@example.org", "password": "guess"}
        )
    response = client.post(
        reverse("accounts:login"), {"username": " Alice@Example.org", "password": PASSWORD}
    )
    assert response.status_code == 429


def test_an_invitation_for_an_existing_member_is_refused_and_not_used(client):
    org = make_org()
    admin = make_member(org, Role.ADMIN)
    invitation, token = org_services.invitation_create(
        actor=admin,
        organization=org,
        email="member@example.org",
        role=Role.EDITOR,
        accept_url_base="http://testserver/",
    )
    # the person was added by another route after the invitation was sent
    member = make_member(org, Role.VIEWER, "member@example.org")
    client.force_login(member)
    response = client.post(reverse("accounts:invitation", args=[token]), follow=True)
    assert "already a member" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert Membership.objects.get(user=member).role == Role.VIEWER
