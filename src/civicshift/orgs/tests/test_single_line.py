"""Issue 6, hardening: text that reaches e-mail headers refuses line breaks where it is entered.

An organization's name is the subject of its invitations; a CR/LF in it would add headers
(``Bcc:``) to every invitation. The address of an invitation is its ``To:``. Each path that can
set them — web form, API, service, import — refuses, and nothing is saved or sent.
"""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from civicshift.accounts.forms import SignUpForm
from civicshift.orgs import services
from civicshift.orgs.models import Invitation, Organization
from civicshift.orgs.roles import Role
from civicshift.orgs.validators import single_line
from civicshift.testing.factories import make_member, make_org, make_user

pytestmark = pytest.mark.django_db

HOSTILE_NAMES = [
    "Maple Falls\r\nBcc: everyone@example.net",
    "Maple Falls\nBcc: everyone@example.net",
    "Maple Falls\rBcc: everyone@example.net",
    "Maple Falls\u2028Bcc: everyone@example.net",
    "Maple\x00Falls",
]


@pytest.mark.parametrize("value", HOSTILE_NAMES)
def test_the_validator_refuses_line_breaks_and_control_characters(value):
    with pytest.raises(ValidationError) as exc:
        single_line(value)
    assert exc.value.code == "single_line"


@pytest.mark.parametrize("value", ["City of Maple Falls", "Ville de Saint-Éloi", "A\tB", ""])
def test_the_validator_accepts_ordinary_names(value):
    single_line(value)


@pytest.fixture
def org():
    return make_org("maple-falls", name="Maple Falls")


@pytest.fixture
def admin(org):
    return make_member(org, Role.ADMIN)


def _settings_form(org, name: str) -> dict:
    return {
        "name": name,
        "kind": org.kind,
        "state_region": "",
        "population": "",
        "fiscal_year_start_month": org.fiscal_year_start_month,
        "currency": org.currency,
        "discount_rate": str(org.discount_rate),
    }


@pytest.mark.parametrize("value", HOSTILE_NAMES[:2])
def test_the_settings_form_refuses_a_name_with_a_line_break(org, admin, value):
    client = Client()
    client.force_login(admin)
    response = client.post(reverse("orgs:settings", args=[org.slug]), _settings_form(org, value))
    assert response.status_code == 200  # the form again, with the error
    assert "Use a single line" in response.content.decode()
    org.refresh_from_db()
    assert org.name == "Maple Falls"
    # the same form with an ordinary name saves
    response = client.post(
        reverse("orgs:settings", args=[org.slug]), _settings_form(org, "City of Maple Falls")
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name == "City of Maple Falls"


def test_the_new_organization_form_refuses_a_name_with_a_line_break():
    client = Client()
    client.force_login(make_user("root@example.org", is_staff=True, is_superuser=True))
    data = {
        "slug": "pine-ridge",
        "kind": "city",
        "fiscal_year_start_month": 7,
        "currency": "USD",
        "discount_rate": "0.03",
        "name": "Pine Ridge\r\nBcc: x@example.net",
    }
    response = client.post(reverse("web:org_create"), data)
    assert response.status_code == 200
    assert "Use a single line" in response.content.decode()
    assert not Organization.objects.filter(slug="pine-ridge").exists()


def test_the_api_refuses_a_name_with_a_line_break(org, admin):
    from civicshift.api.services import api_token_create

    _token, key = api_token_create(actor=admin, name="script")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    url = reverse("api:organization-detail", kwargs={"org_slug": org.slug})
    response = client.patch(url, {"name": "Maple Falls\r\nBcc: x@example.net"}, format="json")
    assert response.status_code == 400
    assert "Use a single line" in str(response.json()["name"])
    org.refresh_from_db()
    assert org.name == "Maple Falls"


def test_the_services_refuse_a_name_with_a_line_break(org, admin):
    with pytest.raises(ValidationError) as exc:
        services.organization_update(actor=admin, organization=org, name="A\r\nBcc: x@y.example")
    assert "name" in exc.value.message_dict
    org.refresh_from_db()
    assert org.name == "Maple Falls"
    with pytest.raises(ValidationError):
        services.organization_create(actor=None, slug="elm-grove", name="Elm\nGrove")
    assert not Organization.objects.filter(slug="elm-grove").exists()


def test_an_invitation_address_with_a_line_break_is_refused_and_nothing_is_sent(org, admin):
    with pytest.raises(ValidationError) as exc:
        services.invitation_create(
            actor=admin,
            organization=org,
            email="new@example.org\r\nBcc: everyone@example.net",
            role=Role.VIEWER,
            accept_url_base="http://testserver/",
        )
    assert "email" in exc.value.message_dict
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_the_api_refuses_an_invitation_address_with_a_line_break(org, admin):
    from civicshift.api.services import api_token_create

    _token, key = api_token_create(actor=admin, name="script")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    url = reverse("api:invitation-list", kwargs={"org_slug": org.slug})
    hostile = {"email": "new@example.org\r\nBcc: everyone@example.net", "role": Role.VIEWER}
    response = client.post(url, hostile, format="json")
    assert response.status_code == 400
    assert "email" in response.json()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_the_invitation_subject_carries_an_ordinary_name(org, admin):
    services.invitation_create(
        actor=admin,
        organization=org,
        email="new@example.org",
        role=Role.VIEWER,
        accept_url_base="http://testserver/",
    )
    assert mail.outbox[0].subject == "You are invited to Maple Falls on CivicShift"


def test_sign_up_names_are_single_line():
    form = SignUpForm(
        {
            "first_name": "Ada\r\nBcc: x@example.net",
            "last_name": "Lovelace",
            "password1": "a long enough passphrase 77",
            "password2": "a long enough passphrase 77",
        },
        email="ada@example.org",
    )
    assert not form.is_valid()
    assert "first_name" in form.errors


def test_an_import_refuses_an_organization_name_with_a_line_break(org):
    from civicshift.backup.errors import BackupError
    from civicshift.backup.services import export_organization_data, import_organization_data

    data = export_organization_data(org)
    with pytest.raises(BackupError, match="single line"):
        import_organization_data(data, into_slug="copy", name="Copy\r\nBcc: x@example.net")
    data["organization"]["name"] = "Maple Falls\nBcc: x@example.net"
    with pytest.raises(BackupError, match="single line"):
        import_organization_data(data, into_slug="copy")
    assert not Organization.objects.filter(slug="copy").exists()
