"""What the skills API answers: the gap table and a manager's rating replacing the old one."""

import pytest
from django.urls import reverse

from civicshift.skills.models import Assessment
from civicshift.skills.services import assessment_record

from .. import factories

pytestmark = pytest.mark.django_db


def test_gaps_name_the_counted_level_and_the_gap(org, users, editor_api):
    editor = users["editor"]
    requirement, person = factories.make_scope(org, editor, level=3)
    assessment_record(actor=None, person=person, skill=requirement.skill, level=2, source="self")
    url = reverse("api:skills-gaps", kwargs={"org_slug": org.slug, "pk": requirement.initiative_id})
    body = editor_api.get(url).json()
    cell = body["people"][0]["cells"][0]
    assert cell == {
        "skill": requirement.skill_id,
        "required": 3,
        "manager": None,
        "self_assessed": 2,
        "counted": 2,
        "gap": 1,
    }
    rating = reverse("api:skills-assessment-list", kwargs={"org_slug": org.slug})
    for level in (4, 1):
        response = editor_api.post(
            rating,
            {"person": person.pk, "skill": requirement.skill_id, "level": level},
            format="json",
        )
        assert response.status_code == 201, response.content
    assert Assessment.objects.filter(person=person, source="manager").get().level == 1
    cell = editor_api.get(url).json()["people"][0]["cells"][0]
    assert (cell["counted"], cell["gap"]) == (1, 2)
    assert (
        editor_api.post(
            rating, {"person": person.pk, "skill": requirement.skill_id, "level": 5}, format="json"
        ).status_code
        == 400
    )
