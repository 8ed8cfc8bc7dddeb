"""The People tab's pages and write paths: what each page says about its numbers, the htmx add
form, the cascade of a stakeholder's deletion, the resistance plan's rule, and the reference
words (people/data/change.yaml) covering every key the code uses."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from civicshift.audit.models import AuditEvent
from civicshift.core import people as core
from civicshift.testing.factories import make_member, make_org

from .. import reference, services
from ..models import AdkarRating, ResistanceResponse, Stakeholder
from ..models.ratings import IMPACT_ASPECTS
from .factories import (
    make_department,
    make_group,
    make_initiative,
    make_rating,
    make_response,
    make_stakeholder,
)

pytestmark = pytest.mark.django_db


def url(name, initiative):
    return reverse(f"people:{name}", args=[initiative.organization.slug, initiative.pk])


def test_reference_words_cover_every_key():
    data = reference.reference()
    assert set(data["quadrants"]) == set(core.QUADRANTS)
    assert set(data["adkar"]) == set(core.ADKAR_ELEMENTS)
    assert set(data["aspects"]) == set(IMPACT_ASPECTS)
    assert set(data["sizes"]) == set(core.SIZES)


def test_hub_tab_points_at_the_people_page(client, org, editor):
    initiative = make_initiative(org, editor)
    client.force_login(editor)
    page = client.get(reverse("initiatives:detail", args=[org.slug, initiative.pk]))
    assert url("initiative_people", initiative).encode() in page.content


def test_add_a_stakeholder_with_htmx_returns_the_page_with_the_row(client, org, editor):
    initiative = make_initiative(org, editor)
    finance = make_department(org)
    client.force_login(editor)
    response = client.post(
        url("stakeholder_create", initiative),
        {
            "name": "Maria Lopez, Finance Director",
            "kind": "person",
            "department": finance.pk,
            "role": "Sponsor",
            "influence": "5",
            "interest": "5",
            "current_stance": "supportive",
            "desired_stance": "champion",
            "concerns": "",
            "engagement": "",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Added stakeholder “Maria Lopez, Finance Director”." in text
    assert 'data-quadrant="manage_closely"' in text
    assert "1 stakeholders: 1 to manage closely, 1 not yet where the change needs them." in text
    assert Stakeholder.objects.get().department == finance


def test_an_invalid_stakeholder_comes_back_with_the_error_beside_the_field(client, org, editor):
    initiative = make_initiative(org, editor)
    client.force_login(editor)
    response = client.post(
        url("stakeholder_create", initiative),
        {"name": "", "kind": "person", "influence": "9", "interest": "3"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "name" in form.errors and "influence" in form.errors
    assert not Stakeholder.objects.exists()


def test_grid_summary_counts_resisters_with_influence(org, editor):
    from ..selectors import grid_for

    initiative = make_initiative(org, editor)
    make_stakeholder(
        org, editor, initiative, name="Billing", influence=4, interest=5, current_stance="resistant"
    )
    make_stakeholder(
        org,
        editor,
        initiative,
        name="Council",
        influence=5,
        interest=2,
        current_stance="neutral",
        desired_stance="neutral",
    )
    grid = grid_for(initiative)
    assert [len(q.stakeholders) for q in grid.quadrants] == [1, 1, 0, 0]
    assert grid.summary == (
        "2 stakeholders: 1 to manage closely, 1 not yet where the change needs them, of whom "
        "1 resist or doubt it while holding much influence."
    )
    assert [p["gap"] for p in grid.chart()["points"]] == [3, 0]


def test_adkar_page_names_the_barrier_and_what_to_do(client, org, editor):
    initiative = make_initiative(org, editor)
    make_rating(org, editor, initiative)  # awareness 4, desire 2 → desire
    make_rating(
        org,
        editor,
        initiative,
        subject="IT staff",
        awareness=5,
        desire=5,
        knowledge=4,
        ability=5,
        reinforcement=4,
    )
    # An earlier rating of the billing clerks does not count in the summary.
    make_rating(org, editor, initiative, rated_on=dt.date(2026, 6, 1), awareness=1)
    client.force_login(editor)
    text = client.get(url("adkar", initiative)).content.decode()
    assert "Work on desire first (rated 2): Listen to their concerns" in text
    assert "No barrier: every element is rated 4 or 5." in text
    assert (
        "Of 2 people or groups rated, 1 have a barrier point (desire 1) and 1 have none. "
        "Start with desire, the earliest step anyone is held at." in text
    )
    assert "earlier rating" in text


def test_impact_page_in_plain_words(client, org, editor):
    initiative = make_initiative(org, editor)
    make_group(org, editor, initiative)  # 60 people, depth 3.5
    make_group(
        org,
        editor,
        initiative,
        name="IT",
        headcount=8,
        processes=3,
        systems=3,
        job_roles=1,
        reporting=1,
        skills=2,
        location_schedule=0,
    )
    client.force_login(editor)
    text = client.get(url("impact", initiative)).content.decode()
    assert "About 60 people, large change for Finance (most in systems and tools)." in text
    assert (
        "About 68 people are affected, the equivalent of 45 whose work changes completely" in text
    )
    assert "a large change effort (set by the depth of the change for Finance); plan for" in text


def test_stakeholder_delete_leaves_an_audit_record_for_each_row(org, editor):
    response = make_response(org, editor)
    stakeholder = response.stakeholder
    rating = make_rating(org, editor, stakeholder.initiative, stakeholder=stakeholder)
    services.stakeholder_delete(actor=editor, stakeholder=stakeholder)
    assert not ResistanceResponse.objects.exists()
    rating.refresh_from_db()
    assert rating.stakeholder is None
    kinds = set(
        AuditEvent.objects.filter(reason="Its stakeholder was deleted.").values_list(
            "content_type__model", "action"
        )
    )
    assert kinds == {("resistanceresponse", "delete"), ("adkarrating", "update")}


def test_resistance_response_only_for_resistant_or_sceptical(org, editor):
    supporter = make_stakeholder(org, editor, current_stance="supportive")
    with pytest.raises(ValidationError) as caught:
        make_response(org, editor, supporter.initiative, stakeholder=supporter)
    assert "stakeholder" in caught.value.message_dict


def test_a_stakeholder_of_another_initiative_is_refused(org, editor):
    stakeholder = make_stakeholder(org, editor)
    other = make_initiative(org, editor, title="Another")
    with pytest.raises(ValidationError) as caught:
        make_rating(org, editor, other, stakeholder=stakeholder)
    assert "stakeholder" in caught.value.message_dict
    assert not AdkarRating.objects.exists()


def test_champions_network_across_initiatives_by_department(client, org, editor):
    finance = make_department(org)
    it = make_department(org, "Information Technology")
    first = make_initiative(org, editor)
    second = make_initiative(org, editor, title="Online permits")
    make_stakeholder(org, editor, first, name="Sam Ortiz", department=it, current_stance="champion")
    make_stakeholder(
        org, editor, second, name="Sam Ortiz", department=it, current_stance="champion"
    )
    make_stakeholder(
        org, editor, first, name="Lee Chan", department=finance, current_stance="champion"
    )
    make_stakeholder(org, editor, first, name="Not a champion", current_stance="supportive")
    # Another organization's champion never shows.
    other = make_org()
    stranger = make_member(other, "editor")
    make_stakeholder(other, stranger, name="Stranger", current_stance="champion")
    client.force_login(editor)
    text = client.get(reverse("people:champions", args=[org.slug])).content.decode()
    assert "2 champions in 2 departments or groups." in text
    assert text.index("Finance") < text.index("Information Technology")
    assert text.count("Sam Ortiz") == 2 and "Stranger" not in text and "Not a champion" not in text


def test_barrier_summary_lists_every_barrier_and_starts_with_the_earliest(org, editor):
    from ..selectors import barrier_summary

    initiative = make_initiative(org, editor)
    make_rating(org, editor, initiative, subject="A", awareness=5, desire=5, knowledge=2)
    make_rating(org, editor, initiative, subject="B", awareness=2)
    make_rating(org, editor, initiative, subject="C", awareness=5, desire=5, knowledge=3)
    summary = barrier_summary(initiative)
    assert summary.summary == (
        "Of 3 people or groups rated, 3 have a barrier point (awareness 1, knowledge 2) and 0 "
        "have none. Start with awareness, the earliest step anyone is held at."
    )
