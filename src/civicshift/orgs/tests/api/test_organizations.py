"""``/api/v1/orgs/`` and ``/api/v1/o/<slug>/``."""

import pytest
from django.urls import reverse

from civicshift.audit.models import AuditEvent
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_org

pytestmark = pytest.mark.django_db


def detail(org) -> str:
    return reverse("api:organization-detail", kwargs={"org_slug": org.slug})


def test_my_organizations_lists_each_membership_with_the_role(users, org, token_client):
    second = make_org("cedar-county", name="Cedar County", kind="county")
    from civicshift.orgs.models import Membership

    Membership.objects.create(organization=second, user=users[Role.EDITOR], role=Role.ADMIN)
    make_org("not-mine")
    response = token_client(users[Role.EDITOR]).get(reverse("api:orgs"))
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(o["slug"], o["name"], o["kind"], o["role"]) for o in results] == [
        ("cedar-county", "Cedar County", "county", "admin"),
        ("maple-falls", "Maple Falls", "city", "editor"),
    ]
    assert results[1]["url"].endswith(detail(org))


def test_any_member_reads_the_organization(org, viewer_api):
    response = viewer_api.get(detail(org))
    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == "maple-falls"
    assert body["role"] == "viewer"
    assert body["discount_rate"] == "0.0300"


def test_an_administrator_changes_settings_and_the_change_is_audited(org, admin_api):
    response = admin_api.patch(
        detail(org), {"population": 8200, "currency": "CAD", "slug": "renamed"}, format="json"
    )
    assert response.status_code == 200, response.content
    org.refresh_from_db()
    assert (org.population, org.currency, org.slug) == (8200, "CAD", "maple-falls")
    event = AuditEvent.objects.for_org(org).latest("id")
    assert event.changes["population"] == [None, 8200]


def test_an_editor_cannot_change_settings(org, editor_api):
    response = editor_api.patch(detail(org), {"population": 1}, format="json")
    assert response.status_code == 403
    assert "Administrator" in response.json()["detail"]
    org.refresh_from_db()
    assert org.population is None


def test_invalid_settings_name_the_field(org, admin_api):
    response = admin_api.patch(
        detail(org), {"currency": "dollars", "discount_rate": "7"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"currency", "discount_rate"}


def test_a_non_member_and_a_missing_organization_look_the_same(org, other_org, token_client):
    from civicshift.testing.factories import make_member

    outsider = token_client(make_member(other_org, Role.ADMIN))
    assert outsider.get(detail(org)).status_code == 404
    missing = reverse("api:organization-detail", kwargs={"org_slug": "no-such-town"})
    assert outsider.get(missing).status_code == 404
    assert outsider.patch(detail(org), {"name": "Mine"}, format="json").status_code == 404
