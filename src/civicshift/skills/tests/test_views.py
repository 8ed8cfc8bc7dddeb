"""The tab's pages as a user sees them: the heat map changes after a manager's rating (htmx
answer and plain POST)."""

import pytest
from django.test import Client
from django.urls import reverse

from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

from . import factories

pytestmark = pytest.mark.django_db


def test_an_htmx_rating_answers_with_the_heat_map_changed():
    org = make_org()
    editor = make_member(org, Role.EDITOR)
    requirement, person = factories.make_scope(org, editor, level=3)
    client = Client()
    client.force_login(editor)
    tab = client.get(reverse("skills:initiative", args=[org.slug, requirement.initiative_id]))
    assert 'data-gap="3"' in tab.content.decode()
    url = reverse("skills:assess", args=[org.slug, requirement.initiative_id, person.pk])
    form = client.get(url, HTTP_HX_REQUEST="true")
    assert b"<html" not in form.content and b'hx-post="' in form.content
    answer = client.post(url, {f"assess-skill_{requirement.skill.pk}": "2"}, HTTP_HX_REQUEST="true")
    text = answer.content.decode()
    assert answer.status_code == 200 and 'id="heat-map"' in text
    assert 'data-gap="1"' in text and "Saved the ratings" in text
    plain = client.post(url, {f"assess-skill_{requirement.skill.pk}": "3"})
    assert plain.status_code == 302
    tab = client.get(reverse("skills:initiative", args=[org.slug, requirement.initiative_id]))
    assert 'data-gap="0"' in tab.content.decode()
    assert "meets every required level" in tab.content.decode()


def test_an_htmx_rating_out_of_range_comes_back_in_its_panel_with_the_error():
    org = make_org()
    editor = make_member(org, Role.EDITOR)
    requirement, person = factories.make_scope(org, editor, level=3)
    client = Client()
    client.force_login(editor)
    url = reverse("skills:assess", args=[org.slug, requirement.initiative_id, person.pk])
    answer = client.post(url, {f"assess-skill_{requirement.skill.pk}": "9"}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    assert answer["HX-Retarget"] == "#assess-panel"
    assert b"Select a valid choice" in answer.content and b"<html" not in answer.content
    assert not person.assessments.exists()
