"""Initiatives over the API: related fields by id, tags by name, filters, status changes."""

import pytest
from django.urls import reverse

from civicshift.audit.models import Action, AuditEvent
from civicshift.initiatives import services
from civicshift.initiatives.models import Initiative, Status, StatusChange
from civicshift.orgs import services as org_services
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member

pytestmark = pytest.mark.django_db


def url(name: str, org, **kwargs) -> str:
    return reverse(f"api:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture
def admin(users):
    return users[Role.ADMIN]


@pytest.fixture
def public_works(org, admin):
    return org_services.department_create(actor=admin, organization=org, name="Public Works")


@pytest.fixture
def goal(org, admin):
    return org_services.goal_create(
        actor=admin, organization=org, code="G1", statement="Reliable infrastructure"
    )


def test_create_with_departments_goals_tags_and_owner(org, users, editor_api, public_works, goal):
    owner = users[Role.EVALUATOR]
    response = editor_api.post(
        url("initiative-list", org),
        {
            "title": "Smart water meters",
            "problem_statement": "Meter readers drive 400 miles a month.",
            "sponsor_departments": [public_works.pk],
            "goals": [goal.pk],
            "tags": ["water", "AMI"],
            "owner": owner.pk,
            "cost_low": "120000.00",
            "cost_high": "180000",
            "target_start": "2026-07-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "idea"
    assert body["allowed_next_statuses"] == ["proposed", "on_hold", "cancelled"]
    assert body["sponsor_departments"] == [public_works.pk]
    assert body["goals"] == [goal.pk]
    assert sorted(body["tags"]) == ["AMI", "water"]
    assert body["owner"] == owner.pk
    assert body["cost_high"] == "180000.00"
    initiative = Initiative.objects.for_org(org).get(pk=body["id"])
    assert initiative.title == "Smart water meters"
    assert (
        AuditEvent.objects.for_org(org)
        .filter(action=Action.CREATE, object_pk=str(initiative.pk))
        .exists()
    )


def test_related_rows_of_another_organization_are_refused(org, other_org, editor_api):
    theirs = org_services.department_create(actor=None, organization=other_org, name="X")
    stranger = make_member(other_org, Role.ADMIN)
    response = editor_api.post(
        url("initiative-list", org),
        {
            "title": "Sneaky",
            "sponsor_departments": [theirs.pk],
            "owner": stranger.pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"sponsor_departments", "owner"}
    assert not Initiative.objects.exists()


def test_model_validation_from_the_service_names_the_field(org, editor_api):
    response = editor_api.post(
        url("initiative-list", org),
        {
            "title": "Backwards",
            "cost_low": "500",
            "cost_high": "100",
            "target_start": "2027-01-01",
            "target_end": "2026-01-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"cost_high", "target_end"}
    response = editor_api.post(url("initiative-list", org), {"title": ""}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["title"]


def test_status_cannot_be_written_directly(org, admin, editor_api):
    initiative = services.initiative_create(actor=admin, organization=org, title="Permits")
    response = editor_api.patch(
        url("initiative-detail", org, pk=initiative.pk), {"status": "live"}, format="json"
    )
    assert response.status_code == 200
    initiative.refresh_from_db()
    assert initiative.status == Status.IDEA


def test_partial_update_keeps_tags_and_put_replaces_them(org, admin, editor_api):
    initiative = services.initiative_create(
        actor=admin, organization=org, title="Permits", tag_names=["online", "permits"]
    )
    detail = url("initiative-detail", org, pk=initiative.pk)
    response = editor_api.patch(detail, {"title": "Online permits"}, format="json")
    assert response.status_code == 200
    assert sorted(response.json()["tags"]) == ["online", "permits"]
    response = editor_api.put(detail, {"title": "Online permits", "tags": ["e-gov"]}, format="json")
    assert response.status_code == 200
    assert response.json()["tags"] == ["e-gov"]
    assert (
        AuditEvent.objects.for_org(org)
        .filter(action=Action.UPDATE, object_pk=str(initiative.pk))
        .count()
        == 2
    )


def test_delete(org, admin, editor_api):
    initiative = services.initiative_create(actor=admin, organization=org, title="Permits")
    assert editor_api.delete(url("initiative-detail", org, pk=initiative.pk)).status_code == 204
    assert not Initiative.objects.exists()


@pytest.fixture
def portfolio(org, admin, public_works, goal):
    make = services.initiative_create
    a = make(
        actor=admin,
        organization=org,
        title="Asset management system",
        sponsor_departments=[public_works],
        tag_names=["gis"],
        cost_high=90000,
    )
    b = make(
        actor=admin,
        organization=org,
        title="Body cameras",
        goals=[goal],
        problem_statement="No video evidence",
        cost_high=30000,
    )
    c = make(actor=admin, organization=org, title="Council livestream", tag_names=["video"])
    services.initiative_change_status(
        actor=admin, initiative=b, to_status="proposed", reason="Budget request"
    )
    return a, b, c


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"Asset management system", "Body cameras", "Council livestream"}),
        ({"status": "proposed"}, {"Body cameras"}),
        ({"q": "video"}, {"Body cameras"}),
        ({"tag": "VIDEO"}, {"Council livestream"}),
        ({"tag": "no-such-tag"}, set()),
    ],
)
def test_list_filters(org, viewer_api, portfolio, query, expected):
    response = viewer_api.get(url("initiative-list", org), query)
    assert response.status_code == 200, response.content
    assert {r["title"] for r in response.json()["results"]} == expected


def test_list_filters_by_related_ids_and_sorts(org, viewer_api, portfolio, public_works, goal):
    a, b, c = portfolio
    tag = a.tags.get()

    def get(**query) -> list[str]:
        response = viewer_api.get(url("initiative-list", org), query)
        return [r["title"] for r in response.json()["results"]]

    assert get(department=public_works.pk) == [a.title]
    assert get(goal=goal.pk) == [b.title]
    assert get(tag=tag.pk) == [a.title]
    assert get(ordering="title") == [a.title, b.title, c.title]
    assert get(ordering="-title") == [c.title, b.title, a.title]


def test_invalid_filters_name_the_parameter(org, viewer_api):
    response = viewer_api.get(
        url("initiative-list", org), {"status": "done", "ordering": "random", "department": "x"}
    )
    assert response.status_code == 400
    assert set(response.json()) == {"status", "ordering", "department"}


def test_the_list_takes_a_fixed_number_of_queries(
    org, admin, viewer_api, public_works, goal, django_assert_max_num_queries
):
    for n in range(12):
        services.initiative_create(
            actor=admin,
            organization=org,
            title=f"Initiative {n}",
            sponsor_departments=[public_works],
            goals=[goal],
            tag_names=["a", "b"],
            owner=admin,
        )
    viewer_api.get(url("initiative-list", org))  # warm up (token last-used write)
    with django_assert_max_num_queries(9):
        response = viewer_api.get(url("initiative-list", org))
    assert response.json()["count"] == 12


def test_changing_status_records_who_when_and_why(org, users, editor_api, admin):
    initiative = services.initiative_create(actor=admin, organization=org, title="Permits")
    response = editor_api.post(
        url("initiative-status", org, pk=initiative.pk),
        {"to_status": "proposed", "reason": "Ready for council"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "proposed"
    change = StatusChange.objects.for_org(org).get(initiative=initiative)
    assert (change.from_status, change.to_status, change.changed_by) == (
        "idea",
        "proposed",
        users[Role.EDITOR],
    )
    assert AuditEvent.objects.for_org(org).filter(action=Action.STATUS).exists()


def test_a_disallowed_move_or_a_missing_reason_names_the_field(org, admin, editor_api):
    initiative = services.initiative_create(actor=admin, organization=org, title="Permits")
    status_url = url("initiative-status", org, pk=initiative.pk)
    response = editor_api.post(
        status_url, {"to_status": "live", "reason": "Why not"}, format="json"
    )
    assert response.status_code == 400
    assert "to_status" in response.json()
    assert "allowed next" in response.json()["to_status"][0]
    response = editor_api.post(status_url, {"to_status": "proposed", "reason": " "}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    initiative.refresh_from_db()
    assert initiative.status == Status.IDEA


def test_evaluators_cannot_change_initiatives(org, users, admin, token_client):
    initiative = services.initiative_create(actor=admin, organization=org, title="Permits")
    client = token_client(users[Role.EVALUATOR])
    assert client.get(url("initiative-detail", org, pk=initiative.pk)).status_code == 200
    response = client.post(
        url("initiative-status", org, pk=initiative.pk),
        {"to_status": "proposed", "reason": "x"},
        format="json",
    )
    assert response.status_code == 403
    response = client.patch(
        url("initiative-detail", org, pk=initiative.pk), {"title": "x"}, format="json"
    )
    assert response.status_code == 403
