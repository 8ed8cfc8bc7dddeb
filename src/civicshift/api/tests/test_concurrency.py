"""ETag and If-Match: two programs changing the same object (see docs/api.md)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from civicshift.api.concurrency import parse_if_match
from civicshift.audit.models import AuditEvent
from civicshift.cases import services as case_services
from civicshift.initiatives.services import initiative_create
from civicshift.orgs import services as org_services
from civicshift.orgs.api import views as org_api_views
from civicshift.orgs.models import Department, Membership
from civicshift.orgs.roles import Role

pytestmark = pytest.mark.django_db


def url(name: str, org, **kwargs) -> str:
    return reverse(f"api:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture
def admin(users):
    user = users[Role.ADMIN]
    user.first_name, user.last_name = "Dana", "Ortiz"
    user.save()
    return user


@pytest.fixture
def objects(org, admin):
    """One of each versioned object, and the API address and a change of each."""
    department = org_services.department_create(actor=admin, organization=org, name="Parks")
    goal = org_services.goal_create(actor=admin, organization=org, code="G1", statement="Safe")
    initiative = initiative_create(actor=admin, organization=org, title="Online permitting")
    case = case_services.business_case_create(actor=admin, initiative=initiative)
    option = case.options.get()
    line = case_services.line_create(
        actor=admin,
        option=option,
        name="Subscription",
        kind="cost",
        category="subscription",
        distribution="point",
        likely=Decimal("1000"),
        first_period=1,
        last_period=5,
    )
    member = Membership.objects.for_org(org).get(role=Role.VIEWER)
    return {
        "organization": (url("organization-detail", org), {"population": 8200}),
        "department": (url("department-detail", org, pk=department.pk), {"head": "Sam Lee"}),
        "goal": (url("goal-detail", org, pk=goal.pk), {"statement": "Safe streets"}),
        "initiative": (url("initiative-detail", org, pk=initiative.pk), {"title": "E-permits"}),
        "business case": (
            url("business-case-detail", org, pk=case.pk),
            {"strategic_case": "Permits take six weeks."},
        ),
        "option": (
            url("case-option-detail", org, case_pk=case.pk, pk=option.pk),
            {"name": "Cloud permitting"},
        ),
        "line": (
            url("case-line-detail", org, case_pk=case.pk, option_pk=option.pk, pk=line.pk),
            {"name": "Annual subscription"},
        ),
        "member role": (url("member-detail", org, pk=member.pk), {"role": Role.EDITOR}),
    }


KINDS = [
    "organization",
    "department",
    "goal",
    "initiative",
    "business case",
    "option",
    "line",
    "member role",
]


@pytest.mark.parametrize("kind", KINDS)
def test_second_of_two_programs_sending_the_same_if_match_gets_412(
    kind, objects, org, admin, users, token_client
):
    address, change = objects[kind]
    first, second = token_client(admin), token_client(admin)
    opened = first.get(address)
    assert opened.status_code == 200
    etag = opened["ETag"]
    assert etag == '"1"' and second.get(address)["ETag"] == etag

    changed = first.patch(address, change, format="json", HTTP_IF_MATCH=etag)
    assert changed.status_code == 200, changed.content
    assert changed["ETag"] == '"2"'
    events = AuditEvent.objects.count()

    field = next(iter(change))
    refused = second.patch(address, {field: "Second program"}, format="json", HTTP_IF_MATCH=etag)
    assert refused.status_code == 412, refused.content
    body = refused.json()
    assert body["detail"].startswith("Changed by Dana Ortiz at ")
    assert body["detail"].endswith(
        "since you opened it. Your changes were not saved: reload to see theirs."
    )
    assert (body["current_version"], body["etag"]) == (2, '"2"')
    assert AuditEvent.objects.count() == events
    assert first.get(address).json()[field] == change[field]


def test_a_matching_if_match_or_none_at_all_lets_the_change_through(objects, admin_api, org):
    address, _change = objects["department"]
    assert admin_api.patch(address, {"head": "A"}, format="json").status_code == 200
    response = admin_api.patch(address, {"head": "B"}, format="json", HTTP_IF_MATCH='"2"')
    assert (response.status_code, response["ETag"]) == (200, '"3"')
    response = admin_api.put(address, {"name": "Parks"}, format="json", HTTP_IF_MATCH="*")
    assert (response.status_code, response["ETag"]) == (200, '"3"')  # nothing changed
    response = admin_api.patch(address, {"head": "C"}, format="json", HTTP_IF_MATCH='"1", "3", "4"')
    assert response.status_code == 200
    heads = [
        e.changes["head"]
        for e in AuditEvent.objects.filter(action="update", object_pk=address.split("/")[-2])
        .order_by("pk")
        .only("changes")
    ]
    assert heads == [["", "A"], ["A", "B"], ["B", "C"]]  # each "before" is the last "after"


def test_weak_or_unreadable_tags_never_match(objects, admin_api):
    address, _change = objects["goal"]
    for header in ('W/"1"', "1", '"one"'):
        response = admin_api.patch(address, {"statement": "X"}, format="json", HTTP_IF_MATCH=header)
        assert response.status_code == 412, header
    assert parse_if_match('W/"1", "2"') == {2}
    assert parse_if_match("*") is None


def test_lists_carry_no_etag_and_reading_does_not_change_the_version(objects, admin_api, org):
    assert "ETag" not in admin_api.get(url("department-list", org))
    address, _change = objects["department"]
    assert admin_api.get(address)["ETag"] == admin_api.get(address)["ETag"] == '"1"'


def test_a_change_landing_during_a_request_without_if_match_answers_409(
    objects, admin_api, admin, org, monkeypatch
):
    address, _change = objects["department"]
    real = org_api_views.department_update

    def someone_else_first(*, actor, department, **fields):
        copy = Department.objects.for_org(org).get(pk=department.pk)
        org_services.department_update(
            actor=admin, department=copy, head=f"Meanwhile {copy.version}"
        )
        return real(actor=actor, department=department, **fields)

    monkeypatch.setattr(org_api_views, "department_update", someone_else_first)
    response = admin_api.patch(address, {"head": "Mine"}, format="json")
    assert response.status_code == 409, response.content
    assert response.json()["detail"].startswith("Changed by Dana Ortiz")
    department = Department.objects.for_org(org).get()
    assert (department.head, department.version) == ("Meanwhile 1", 2)

    response = admin_api.patch(address, {"head": "Mine"}, format="json", HTTP_IF_MATCH='"2"')
    assert response.status_code == 412  # the same race with If-Match: the header was right


def test_the_openapi_document_names_the_etag_if_match_and_refusals():
    document = json.loads(APIClient().get(reverse("api:schema"), {"format": "json"}).content)
    changes = [
        (path, method, operation)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if method in ("put", "patch")
    ]
    # 37 objects with PUT and PATCH (the inventory's systems, components, integrations and
    # assessments, the plans' plans, tasks, links, calendars and risks, the funding
    # applications, funding mix lines and saved searches, the staff ideas, the readiness
    # surveys and their questions, the People tab's stakeholders, ADKAR ratings, affected
    # groups, activities and resistance responses, the skills module's skills, job roles,
    # staff and courses among them, the vendors module's vendors, evaluations, proposals,
    # criteria, scores and consensus scores), members' PATCH and skill enrolments' PATCH
    assert len(changes) == 76
    for path, method, operation in changes:
        where = f"{method} {path}"
        assert "If-Match" in {p["name"] for p in operation["parameters"]}, where
        assert {"200", "409", "412"} <= set(operation["responses"]), where
        assert "ETag" in operation["responses"]["200"]["headers"], where
        read = document["paths"][path]["get"]["responses"]["200"]
        assert "ETag" in read["headers"], where
    listing = document["paths"]["/api/v1/o/{org_slug}/departments/"]["get"]["responses"]["200"]
    assert "ETag" not in listing.get("headers", {})


def test_delete_with_a_stale_if_match_answers_412_and_deletes_nothing(objects, admin_api, org):
    address, _change = objects["department"]
    assert admin_api.patch(address, {"head": "A"}, format="json").status_code == 200  # now "2"
    response = admin_api.delete(address, HTTP_IF_MATCH='"1"')
    assert response.status_code == 412, response.content
    body = response.json()
    assert body["detail"].startswith("Changed by Dana Ortiz")
    assert (body["current_version"], body["etag"]) == (2, '"2"')
    assert Department.objects.for_org(org).filter(name="Parks").exists()
    for header in ('W/"2"', '"one"'):
        assert admin_api.delete(address, HTTP_IF_MATCH=header).status_code == 412, header
    assert admin_api.delete(address, HTTP_IF_MATCH='"2"').status_code == 204
    assert not Department.objects.for_org(org).filter(name="Parks").exists()


def test_delete_without_if_match_or_with_star_is_carried_out_as_before(objects, admin_api, org):
    goal_address, _change = objects["goal"]
    department_address, _change = objects["department"]
    assert admin_api.patch(goal_address, {"statement": "X"}, format="json").status_code == 200
    assert admin_api.delete(goal_address).status_code == 204
    assert admin_api.delete(department_address, HTTP_IF_MATCH="*").status_code == 204
    assert not Department.objects.for_org(org).exists()


def test_the_openapi_document_names_if_match_and_412_on_deletes():
    document = json.loads(APIClient().get(reverse("api:schema"), {"format": "json"}).content)
    deletes = [
        (path, operation)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if method == "delete"
    ]
    assert deletes
    for path, operation in deletes:
        assert "If-Match" in {p["name"] for p in operation.get("parameters", [])}, path
        assert "412" in operation["responses"], path
