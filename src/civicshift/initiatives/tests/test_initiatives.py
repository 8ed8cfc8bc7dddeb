from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from civicshift.audit.models import AuditEvent
from civicshift.initiatives import services
from civicshift.initiatives.models import Initiative, StatusChange, Tag
from civicshift.orgs import services as org_services
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org("maple")


@pytest.fixture
def editor(org):
    return make_member(org, Role.EDITOR, "editor@example.org")


def test_create_records_every_field_and_m2m_in_the_audit_trail(org, editor):
    dept = org_services.department_create(actor=editor, organization=org, name="Finance")
    goal = org_services.goal_create(
        actor=editor, organization=org, code="G1", statement="Efficient government"
    )
    initiative = services.initiative_create(
        actor=editor,
        organization=org,
        title="ERP",
        sponsor_departments=[dept],
        goals=[goal],
        tag_names=["finance", " cloud ", ""],
        cost_low=Decimal("1000000"),
        cost_high=Decimal("2500000"),
        owner=editor,
    )
    assert sorted(t.name for t in initiative.tags.all()) == ["cloud", "finance"]
    event = AuditEvent.objects.get(
        object_pk=str(initiative.pk), action="create", content_type__model="initiative"
    )
    assert event.actor == editor
    assert event.changes["title"] == [None, "ERP"]
    assert event.changes["cost_high"] == [None, "2500000.00"]
    assert event.changes["sponsor_departments"] == [None, ["Finance"]]
    assert event.changes["tags"] == [None, ["cloud", "finance"]]


def test_update_records_only_changed_fields_old_and_new(org, editor):
    initiative = services.initiative_create(actor=editor, organization=org, title="311")
    services.initiative_update(
        actor=editor,
        initiative=initiative,
        title="311 / CRM",
        problem_statement="",
        tag_names=["residents"],
    )
    event = AuditEvent.objects.filter(action="update").latest("id")
    assert event.changes == {"title": ["311", "311 / CRM"], "tags": [[], ["residents"]]}


def test_existing_tags_are_reused_case_insensitively(org, editor):
    services.initiative_create(actor=editor, organization=org, title="A", tag_names=["GIS"])
    services.initiative_create(actor=editor, organization=org, title="B", tag_names=["gis"])
    assert Tag.objects.for_org(org).count() == 1


def test_validation_names_the_field_and_writes_nothing(org, editor):
    before = (Initiative.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as exc:
        services.initiative_create(
            actor=editor, organization=org, title="X", cost_low=Decimal(5), cost_high=Decimal(1)
        )
    assert "cost_high" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.initiative_create(actor=editor, organization=org, title="")
    assert "title" in exc.value.message_dict
    assert (Initiative.objects.count(), AuditEvent.objects.count()) == before


def test_departments_of_another_organization_are_refused(org, editor):
    other = make_org("elsewhere")
    other_editor = make_member(other, Role.EDITOR)
    foreign = org_services.department_create(actor=other_editor, organization=other, name="X")
    with pytest.raises(ValidationError) as exc:
        services.initiative_create(
            actor=editor, organization=org, title="T", sponsor_departments=[foreign]
        )
    assert "sponsor_departments" in exc.value.message_dict


def test_owner_must_be_a_member(org, editor):
    outsider = make_member(make_org("other"), Role.ADMIN)
    with pytest.raises(ValidationError) as exc:
        services.initiative_create(actor=editor, organization=org, title="T", owner=outsider)
    assert "owner" in exc.value.message_dict


def test_viewers_cannot_write_through_the_service(org):
    viewer = make_member(org, Role.VIEWER)
    with pytest.raises(PermissionDenied):
        services.initiative_create(actor=viewer, organization=org, title="T")


def test_status_change_records_who_when_why(org, editor):
    initiative = services.initiative_create(actor=editor, organization=org, title="Email")
    change = services.initiative_change_status(
        actor=editor, initiative=initiative, to_status="proposed", reason="Business case done"
    )
    initiative.refresh_from_db()
    assert initiative.status == "proposed"
    assert (change.from_status, change.to_status, change.changed_by, change.reason) == (
        "idea",
        "proposed",
        editor,
        "Business case done",
    )
    assert change.created_at is not None
    event = AuditEvent.objects.get(action="status", object_pk=str(initiative.pk))
    assert event.changes == {"status": ["idea", "proposed"]}
    assert event.reason == "Business case done"


def test_status_change_needs_a_reason_and_an_allowed_move(org, editor):
    initiative = services.initiative_create(actor=editor, organization=org, title="Email")
    with pytest.raises(ValidationError) as exc:
        services.initiative_change_status(
            actor=editor, initiative=initiative, to_status="proposed", reason="  "
        )
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.initiative_change_status(
            actor=editor, initiative=initiative, to_status="live", reason="Skip"
        )
    assert (
        "cannot go from “Idea” to “Live”; allowed next: Proposed, On hold, Cancelled"
        in (exc.value.message_dict["to_status"][0])
    )
    assert StatusChange.objects.count() == 0


def test_on_hold_resumes_to_the_stage_it_left(org, editor):
    initiative = services.initiative_create(actor=editor, organization=org, title="GIS")
    for status in ("proposed", "approved", "on_hold"):
        services.initiative_change_status(
            actor=editor, initiative=initiative, to_status=status, reason="step"
        )
    initiative.refresh_from_db()
    assert initiative.status_before_hold == "approved"
    with pytest.raises(ValidationError):
        services.initiative_change_status(
            actor=editor, initiative=initiative, to_status="funded", reason="jump"
        )
    services.initiative_change_status(
        actor=editor, initiative=initiative, to_status="approved", reason="resume"
    )
    initiative.refresh_from_db()
    assert (initiative.status, initiative.status_before_hold) == ("approved", "")


def _bulk_initiatives(org, n):
    """Bulk rows for the query-count test (speed, not audit, is under test here)."""
    from civicshift.orgs.models import Department

    depts = [Department.objects.get_or_create(organization=org, name=f"D{i}")[0] for i in range(3)]
    tag = Tag.objects.get_or_create(organization=org, name="t")[0]
    start = Initiative.objects.count()
    rows = Initiative.objects.bulk_create(
        Initiative(organization=org, title=f"Initiative {start + i:04d}", status="idea")
        for i in range(n)
    )
    through = Initiative.sponsor_departments.through
    through.objects.bulk_create(
        through(initiative_id=r.pk, department_id=depts[r.pk % 3].pk) for r in rows
    )
    Initiative.tags.through.objects.bulk_create(
        Initiative.tags.through(initiative_id=r.pk, tag_id=tag.pk) for r in rows
    )


def test_list_query_count_does_not_grow_with_rows(client, org, editor):
    """Issue #2, Speed: 2,000 initiatives, a query count independent of the row count."""
    client.force_login(editor)
    url = reverse("initiatives:list", args=[org.slug])
    _bulk_initiatives(org, 20)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _bulk_initiatives(org, 1980)
    assert Initiative.objects.for_org(org).count() == 2000
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
    assert response.context["page"].paginator.num_pages == 80
    assert len(response.context["initiatives"]) == 25


def test_list_search_filter_sort_and_htmx_partial(client, org, editor):
    client.force_login(editor)
    dept = org_services.department_create(actor=editor, organization=org, name="Utilities")
    services.initiative_create(
        actor=editor,
        organization=org,
        title="Smart water meters",
        sponsor_departments=[dept],
        tag_names=["water"],
    )
    services.initiative_create(
        actor=editor,
        organization=org,
        title="Email migration",
        problem_statement="Old Exchange server",
    )
    url = reverse("initiatives:list", args=[org.slug])
    titles = lambda r: [i.title for i in r.context["initiatives"]]  # noqa: E731
    assert titles(client.get(url, {"q": "exchange"})) == ["Email migration"]
    assert titles(client.get(url, {"department": dept.pk})) == ["Smart water meters"]
    assert titles(client.get(url, {"sort": "title"})) == ["Email migration", "Smart water meters"]
    assert titles(client.get(url, {"department": "nonsense", "sort": "evil"})) != []
    partial = client.get(
        url, {"q": "water"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="initiative-results"
    )
    assert partial.content.decode().lstrip().startswith('<div id="initiative-results">')
    assert b"<html" not in partial.content


def test_form_errors_are_shown_beside_fields_and_keep_what_was_typed(client, org, editor):
    client.force_login(editor)
    url = reverse("initiatives:create", args=[org.slug])
    response = client.post(
        url,
        {
            "title": "My typed title",
            "cost_low": "5000",
            "cost_high": "10",
            "target_start": "not a date",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="My typed title"' in html
    assert "The high estimate must be at least the low estimate." in html
    assert "Enter a valid date." in html
    assert 'aria-invalid="true"' in html
    # the error is announced with the field: linked from the input after its help text
    assert 'aria-describedby="id_cost_high_helptext id_cost_high_error"' in html
    assert 'id="id_cost_high_error"' in html
    assert Initiative.objects.count() == 0


def test_detail_hub_shows_honest_empty_states_for_later_modules(client, org, editor):
    client.force_login(editor)
    initiative = services.initiative_create(actor=editor, organization=org, title="GIS")
    response = client.get(reverse("initiatives:module", args=[org.slug, initiative.pk, "security"]))
    assert response.status_code == 200
    assert "Not available in this version yet" in response.content.decode()
    assert (
        client.get(
            reverse("initiatives:module", args=[org.slug, initiative.pk, "nope"])
        ).status_code
        == 404
    )


def test_deleting_a_department_is_recorded_on_the_initiatives_that_listed_it(org, editor):
    dept = org_services.department_create(actor=editor, organization=org, name="Finance")
    keep = org_services.department_create(actor=editor, organization=org, name="IT")
    initiative = services.initiative_create(
        actor=editor, organization=org, title="ERP", sponsor_departments=[dept, keep]
    )
    org_services.department_delete(actor=editor, department=dept)
    event = AuditEvent.objects.filter(object_pk=str(initiative.pk), action="update").get()
    assert event.changes == {"sponsor_departments": [["Finance", "IT"], ["IT"]]}
    assert "Finance" in event.reason


def test_an_owner_who_left_stays_owner_until_changed(client, org, editor):
    from civicshift.orgs.models import Membership

    owner = make_member(org, Role.EDITOR, "owner@example.org")
    initiative = services.initiative_create(
        actor=editor, organization=org, title="GIS", owner=owner
    )
    Membership.objects.filter(user=owner).delete()
    client.force_login(editor)
    url = reverse("initiatives:edit", args=[org.slug, initiative.pk])
    form = client.get(url).context["form"]
    data = {"title": "GIS phase 2", "owner": form.initial.get("owner", owner.pk)}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    initiative.refresh_from_db()
    assert (initiative.title, initiative.owner) == ("GIS phase 2", owner)


def test_a_status_change_counts_as_a_change_for_recently_changed(org, editor):
    initiative = services.initiative_create(actor=editor, organization=org, title="311")
    before = Initiative.objects.get(pk=initiative.pk).updated_at
    services.initiative_change_status(
        actor=editor, initiative=initiative, to_status="proposed", reason="ready"
    )
    assert Initiative.objects.get(pk=initiative.pk).updated_at > before


def test_status_sorts_along_the_lifecycle_not_alphabetically(client, org, editor):
    from civicshift.initiatives.selectors import InitiativeFilters, initiative_list

    for title, status in [("c", "live"), ("a", "idea"), ("d", "cancelled"), ("b", "funded")]:
        Initiative.objects.create(organization=org, title=title, status=status)
    listed = initiative_list(org, InitiativeFilters(sort="status"))
    # Alphabetically it would be cancelled, funded, idea, live.
    assert [i.status for i in listed] == ["idea", "funded", "live", "cancelled"]


def test_list_filters_use_exists_not_distinct(org, editor):
    from civicshift.initiatives.selectors import InitiativeFilters, initiative_list

    dept = org_services.department_create(actor=editor, organization=org, name="Utilities")
    goal = org_services.goal_create(actor=editor, organization=org, code="G1", statement="S")
    services.initiative_create(
        actor=editor,
        organization=org,
        title="Meters",
        sponsor_departments=[dept],
        goals=[goal],
        tag_names=["water", "meters"],
    )
    services.initiative_create(actor=editor, organization=org, title="Other")
    tag = Tag.objects.for_org(org).get(name="water")
    qs = initiative_list(org, InitiativeFilters(department=dept.pk, goal=goal.pk, tag=tag.pk))
    sql = str(qs.query).upper()
    assert "DISTINCT" not in sql
    assert sql.count("EXISTS") == 3
    assert [i.title for i in qs] == ["Meters"]


def test_search_finds_every_typed_word_as_the_user_types(org, editor):
    from civicshift.initiatives.selectors import InitiativeFilters, initiative_list

    services.initiative_create(
        actor=editor,
        organization=org,
        title="Email migration",
        problem_statement="The old Exchange server is out of support.",
    )
    services.initiative_create(
        actor=editor, organization=org, title="Smart water meters", proposed_solution="AMI"
    )
    found = lambda q: [i.title for i in initiative_list(org, InitiativeFilters(q=q))]  # noqa: E731
    assert found("exchange") == ["Email migration"]
    assert found("EXCH") == ["Email migration"]  # a word being typed
    assert found("email support") == ["Email migration"]  # every word, in any field
    assert found("email meters") == []
    assert found("ami") == ["Smart water meters"]
    assert found("'); drop table --") == []  # punctuation is not query syntax
    assert found("!!!") == ["Smart water meters", "Email migration"]  # no words: no filter


def test_search_uses_the_full_text_index_on_postgresql(org, editor):
    from civicshift.initiatives.selectors import InitiativeFilters, initiative_list

    services.initiative_create(actor=editor, organization=org, title="Email migration")
    qs = initiative_list(org, InitiativeFilters(q="email"))
    sql = str(qs.query)
    if connection.vendor != "postgresql":
        assert "to_tsvector" not in sql and "LIKE" in sql.upper()
        assert [i.title for i in qs] == ["Email migration"]
        return
    assert "to_tsvector" in sql and "@@" in sql
    # Enough rows that reading them all costs more than the index (one word in 5,001 rows).
    Initiative.objects.bulk_create(
        Initiative(organization=org, title=f"Project {n}", problem_statement="Routine work")
        for n in range(5000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE initiatives_initiative")
        plan_sql, params = qs.query.sql_with_params()
        cursor.execute("EXPLAIN " + plan_sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "initiative_search" in plan, plan


def test_rough_costs_take_cents_and_large_amounts(client, org, editor):
    client.force_login(editor)
    page = client.get(reverse("initiatives:create", args=[org.slug])).content.decode()
    assert 'name="cost_low"' in page and 'step="any"' in page and "max=" not in page
    response = client.post(
        reverse("initiatives:create", args=[org.slug]),
        {"title": "Big", "cost_low": "1250.55", "cost_high": "98765432101.99"},
    )
    assert response.status_code == 302
    created = Initiative.objects.for_org(org).get(title="Big")
    assert created.cost_low == Decimal("1250.55")
    assert created.cost_high == Decimal("98765432101.99")
