"""Departments and strategic goals over the API."""

import pytest
from django.urls import reverse

from civicshift.audit.models import Action, AuditEvent
from civicshift.orgs import services
from civicshift.orgs.models import Department, StrategicGoal
from civicshift.orgs.roles import Role

pytestmark = pytest.mark.django_db


def url(name: str, org, **kwargs) -> str:
    return reverse(f"api:{name}", kwargs={"org_slug": org.slug, **kwargs})


def test_departments_list_only_this_organization(org, other_org, users, viewer_api):
    admin = users[Role.ADMIN]
    services.department_create(actor=admin, organization=org, name="Public Works", code="PW")
    services.department_create(actor=None, organization=other_org, name="Elsewhere")
    response = viewer_api.get(url("department-list", org))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"][0]["name"] == "Public Works"
    assert body["results"][0]["code"] == "PW"


def test_department_create_update_delete_through_the_services(org, editor_api):
    response = editor_api.post(
        url("department-list", org), {"name": "Parks", "code": "PK"}, format="json"
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    department = Department.objects.for_org(org).get(pk=pk)
    assert AuditEvent.objects.for_org(org).filter(action=Action.CREATE, object_pk=str(pk)).exists()

    response = editor_api.patch(
        url("department-detail", org, pk=pk), {"head": "Dana Ortiz"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["head"] == "Dana Ortiz"
    assert response.json()["name"] == "Parks"

    response = editor_api.put(
        url("department-detail", org, pk=pk), {"name": "Parks and Recreation"}, format="json"
    )
    assert response.status_code == 200
    department.refresh_from_db()
    assert department.name == "Parks and Recreation"

    assert editor_api.delete(url("department-detail", org, pk=pk)).status_code == 204
    assert not Department.objects.filter(pk=pk).exists()
    assert AuditEvent.objects.for_org(org).filter(action=Action.DELETE, object_pk=str(pk)).exists()


def test_a_duplicate_department_name_names_the_field(org, users, editor_api):
    services.department_create(actor=users[Role.ADMIN], organization=org, name="Police")
    response = editor_api.post(url("department-list", org), {"name": "police"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["name"]


def test_missing_fields_are_named(org, editor_api):
    response = editor_api.post(url("goal-list", org), {}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"code", "statement"}


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EVALUATOR])
def test_readers_cannot_write(org, users, token_client, role):
    client = token_client(users[role])
    response = client.post(url("department-list", org), {"name": "Library"}, format="json")
    assert response.status_code == 403
    assert not Department.objects.exists()


def test_another_organizations_id_is_not_found(org, other_org, users, editor_api):
    theirs = services.department_create(actor=None, organization=other_org, name="Theirs")
    assert editor_api.get(url("department-detail", org, pk=theirs.pk)).status_code == 404
    assert editor_api.delete(url("department-detail", org, pk=theirs.pk)).status_code == 404
    assert Department.objects.filter(pk=theirs.pk).exists()


def test_goals_crud(org, editor_api, viewer_api):
    response = editor_api.post(
        url("goal-list", org),
        {"code": "G1", "statement": "Safe streets", "position": 2},
        format="json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = editor_api.post(
        url("goal-list", org), {"code": "g1", "statement": "Again"}, format="json"
    )
    assert response.status_code == 400
    assert "code" in response.json()
    response = editor_api.patch(
        url("goal-detail", org, pk=pk), {"description": "Adopted in 2025."}, format="json"
    )
    assert response.status_code == 200
    listed = viewer_api.get(url("goal-list", org)).json()["results"]
    assert [(g["code"], g["description"]) for g in listed] == [("G1", "Adopted in 2025.")]
    assert editor_api.delete(url("goal-detail", org, pk=pk)).status_code == 204
    assert not StrategicGoal.objects.exists()
