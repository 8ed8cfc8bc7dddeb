"""Members and invitations: administrators only."""

import pytest
from django.core import mail
from django.urls import reverse

from civicshift.orgs.models import Invitation, Membership
from civicshift.orgs.roles import Role

pytestmark = pytest.mark.django_db


def url(name: str, org, **kwargs) -> str:
    return reverse(f"api:{name}", kwargs={"org_slug": org.slug, **kwargs})


def membership(org, user) -> Membership:
    return Membership.objects.for_org(org).get(user=user)


def test_administrators_list_members(org, users, admin_api):
    response = admin_api.get(url("member-list", org))
    assert response.status_code == 200
    rows = response.json()["results"]
    assert {(r["email"], r["role"]) for r in rows} == {(u.email, role) for role, u in users.items()}
    assert {r["user"] for r in rows} == {u.pk for u in users.values()}


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EVALUATOR, Role.EDITOR])
def test_others_cannot_see_the_member_list(org, users, token_client, role):
    assert token_client(users[role]).get(url("member-list", org)).status_code == 403


def test_changing_a_role(org, users, admin_api):
    target = membership(org, users[Role.VIEWER])
    response = admin_api.patch(
        url("member-detail", org, pk=target.pk), {"role": "editor"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["role"] == "editor"
    target.refresh_from_db()
    assert target.role == Role.EDITOR


def test_an_unknown_role_names_the_field(org, users, admin_api):
    target = membership(org, users[Role.VIEWER])
    response = admin_api.patch(
        url("member-detail", org, pk=target.pk), {"role": "mayor"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["role"]


def test_the_last_administrator_stays(org, users, admin_api):
    me = membership(org, users[Role.ADMIN])
    response = admin_api.patch(
        url("member-detail", org, pk=me.pk), {"role": "viewer"}, format="json"
    )
    assert response.status_code == 400
    assert "role" in response.json()
    response = admin_api.delete(url("member-detail", org, pk=me.pk))
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    me.refresh_from_db()
    assert me.role == Role.ADMIN


def test_put_is_not_offered(org, users, admin_api):
    target = membership(org, users[Role.VIEWER])
    response = admin_api.put(
        url("member-detail", org, pk=target.pk), {"role": "editor"}, format="json"
    )
    assert response.status_code == 405


def test_removing_a_member(org, users, admin_api):
    target = membership(org, users[Role.EVALUATOR])
    assert admin_api.delete(url("member-detail", org, pk=target.pk)).status_code == 204
    assert not Membership.objects.filter(pk=target.pk).exists()


def test_inviting_sends_an_email_and_never_returns_the_link(org, admin_api):
    response = admin_api.post(
        url("invitation-list", org),
        {"email": "New.Clerk@Maple-Falls.example.org", "role": "editor"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["email"] == "new.clerk@maple-falls.example.org"
    assert body["role"] == "editor"
    assert "token" not in str(body).lower()
    assert len(mail.outbox) == 1
    assert "http://testserver/accounts/invitations/" in mail.outbox[0].body
    assert Invitation.objects.for_org(org).count() == 1
    listed = admin_api.get(url("invitation-list", org)).json()["results"]
    assert [i["email"] for i in listed] == ["new.clerk@maple-falls.example.org"]


def test_inviting_a_member_again_names_the_email_field(org, users, admin_api):
    response = admin_api.post(
        url("invitation-list", org),
        {"email": users[Role.VIEWER].email, "role": "viewer"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["email"]
    assert not mail.outbox


def test_invitation_input_is_validated(org, admin_api):
    response = admin_api.post(
        url("invitation-list", org), {"email": "nope", "role": "boss"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"email", "role"}


def test_editors_cannot_invite(org, editor_api):
    response = editor_api.post(
        url("invitation-list", org), {"email": "x@example.org", "role": "admin"}, format="json"
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()
