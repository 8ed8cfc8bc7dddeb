"""Issue 6, hardening: deleting a user in site administration rewrites no audit row.

An account that made recorded changes cannot be deleted (the page says why and offers to
deactivate it); one with no history can, and every organization row the deletion changes — its
memberships, an initiative it owned — gets its own audit record.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse
from django.utils.timezone import localtime
from rest_framework.test import APIClient

from civicshift.api.services import api_token_create
from civicshift.audit.models import Action, AuditEvent
from civicshift.initiatives.models import Initiative
from civicshift.initiatives.services import initiative_create
from civicshift.orgs import services as org_services
from civicshift.orgs.models import Membership
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org, make_user

pytestmark = pytest.mark.django_db
User = get_user_model()
CHANGELIST = reverse("admin:auth_user_changelist")


def _delete_url(user) -> str:
    return reverse("admin:auth_user_delete", args=[user.pk])


def _audit_rows() -> list[tuple]:
    return list(AuditEvent.objects.order_by("pk").values_list())


@pytest.fixture
def site_admin():
    return make_user("root@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(site_admin):
    client = Client()
    client.force_login(site_admin)
    return client


@pytest.fixture
def org():
    return make_org("maple-falls", name="Maple Falls")


@pytest.fixture
def author(org):
    """A member who made changes recorded in the history."""
    editor = make_member(org, Role.EDITOR, "editor@example.org")
    make_member(org, Role.ADMIN, "boss@example.org")
    org_services.department_create(actor=editor, organization=org, name="Public Works")
    org_services.department_create(actor=editor, organization=org, name="Clerk")
    return editor


def test_an_account_with_history_is_not_deleted_and_deactivation_is_offered(admin_client, author):
    before = _audit_rows()
    page = admin_client.get(_delete_url(author))
    html = page.content.decode()
    assert "This account cannot be deleted" in html
    assert "made 2 changes recorded" in html
    assert "Deactivate instead" in html
    # posting the confirmation anyway deletes nothing
    response = admin_client.post(_delete_url(author), {"post": "yes"})
    assert response.status_code == 200
    assert User.objects.filter(pk=author.pk).exists()
    assert Membership.objects.filter(user=author).exists()
    assert _audit_rows() == before


def test_the_bulk_delete_action_refuses_the_same_way(admin_client, author, site_admin):
    bystander = make_user("nobody@example.org")
    before = _audit_rows()
    data = {"action": "delete_selected", "_selected_action": [author.pk, bystander.pk]}
    page = admin_client.post(CHANGELIST, data)
    assert "These accounts cannot be deleted" in page.content.decode()
    response = admin_client.post(CHANGELIST, {**data, "post": "yes"})
    assert response.status_code == 200
    assert User.objects.filter(pk__in=[author.pk, bystander.pk]).count() == 2
    assert _audit_rows() == before


def test_the_database_keeps_the_actor_whatever_deletes_the_account(author):
    before = _audit_rows()
    with pytest.raises(ProtectedError):
        author.delete()
    assert _audit_rows() == before


def test_deleting_an_account_without_history_audits_each_membership_it_removes(
    admin_client, site_admin, org
):
    other = make_org("pine-ridge", name="Pine Ridge")
    make_member(other, Role.ADMIN)
    newcomer = make_member(org, Role.VIEWER, "newcomer@example.org")
    Membership.objects.create(organization=other, user=newcomer, role=Role.EDITOR)
    owner = make_member(org, Role.EDITOR)
    initiative = initiative_create(
        actor=owner, organization=org, title="Smart meters", owner=newcomer
    )
    before = _audit_rows()

    response = admin_client.post(_delete_url(newcomer), {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=newcomer.pk).exists()
    after = _audit_rows()
    assert after[: len(before)] == before  # no earlier row changed
    new = AuditEvent.objects.filter(pk__gt=before[-1][0]).order_by("pk")
    removed = [e for e in new if e.action == Action.DELETE]
    assert sorted(e.organization.slug for e in removed) == ["maple-falls", "pine-ridge"]
    assert {e.content_type.model for e in removed} == {"membership"}
    assert all(e.actor == site_admin for e in new)
    assert all("was deleted in site administration" in e.reason for e in new)
    (owned,) = [e for e in new if e.action == Action.UPDATE]
    assert owned.object_pk == str(initiative.pk)
    assert owned.changes == {"owner": ["newcomer@example.org", None]}
    initiative.refresh_from_db()
    assert initiative.owner is None
    assert Initiative.objects.filter(pk=initiative.pk).exists()


def test_the_only_administrator_of_an_organization_is_not_deleted(admin_client, org):
    lone = make_member(org, Role.ADMIN, "lone@example.org")
    html = admin_client.get(_delete_url(lone)).content.decode()
    assert "the only administrator of Maple Falls" in html
    admin_client.post(_delete_url(lone), {"post": "yes"})
    assert User.objects.filter(pk=lone.pk).exists()


def test_the_deactivate_action_ends_access_and_keeps_the_history(admin_client, author, site_admin):
    _token, key = api_token_create(actor=author, name="sync")
    before = _audit_rows()
    response = admin_client.post(
        CHANGELIST, {"action": "deactivate_selected", "_selected_action": [author.pk]}, follow=True
    )
    html = response.content.decode()
    assert "Deactivated 1 user. They can no longer sign in or use their API tokens" in html
    author.refresh_from_db()
    assert author.is_active is False
    assert _audit_rows()[: len(before)] == before
    (event,) = AuditEvent.objects.filter(pk__gt=before[-1][0])
    assert (event.action, event.actor, event.content_type.model) == (
        Action.STATUS,
        site_admin,
        "membership",
    )
    assert "was deactivated in site administration" in event.reason
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(reverse("api:orgs")).status_code == 401
    signed_in = Client()
    signed_in.force_login(author)
    assert signed_in.get(reverse("web:home")).status_code == 302  # sent to sign in


def test_the_deactivate_instead_button_of_the_delete_page_works(admin_client, author):
    html = admin_client.get(_delete_url(author)).content.decode()
    assert f'name="_selected_action" value="{author.pk}"' in html
    admin_client.post(
        CHANGELIST, {"action": "deactivate_selected", "_selected_action": [author.pk]}
    )
    author.refresh_from_db()
    assert not author.is_active


def test_deactivating_the_last_active_administrator_warns(admin_client, org):
    lone = make_member(org, Role.ADMIN, "lone@example.org")
    response = admin_client.post(
        CHANGELIST, {"action": "deactivate_selected", "_selected_action": [lone.pk]}, follow=True
    )
    assert "Maple Falls has no active administrator now" in response.content.decode()


def test_a_site_administrator_cannot_deactivate_their_own_account(admin_client, site_admin):
    response = admin_client.post(
        CHANGELIST,
        {"action": "deactivate_selected", "_selected_action": [site_admin.pk]},
        follow=True,
    )
    assert "You cannot deactivate your own account" in response.content.decode()
    site_admin.refresh_from_db()
    assert site_admin.is_active


def test_unticking_active_on_the_account_page_is_recorded_like_the_action(
    admin_client, author, site_admin
):
    url = reverse("admin:auth_user_change", args=[author.pk])
    data = {  # the account's page as it is, with "Active" unticked (an unticked box is absent)
        "username": author.username,
        "email": author.email,
        "first_name": "",
        "last_name": "",
        "date_joined_0": localtime(author.date_joined).strftime("%Y-%m-%d"),
        "date_joined_1": localtime(author.date_joined).strftime("%H:%M:%S"),
    }
    before = AuditEvent.objects.count()
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    author.refresh_from_db()
    assert author.is_active is False
    (event,) = AuditEvent.objects.order_by("pk")[before:]
    assert (event.action, event.actor) == (Action.STATUS, site_admin)
    assert "was deactivated in site administration" in event.reason
