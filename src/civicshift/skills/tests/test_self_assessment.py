"""The self-assessment link: hashed key shown once, the person's required skills only, the
same 404 for unknown, malformed and revoked keys, and what is stored said on the page."""

import pytest
from django.test import Client
from django.urls import reverse

from civicshift.core.tokens import secret_hash
from civicshift.orgs.roles import Role
from civicshift.skills import services, services_links
from civicshift.skills.models import Assessment, SelfAssessmentLink
from civicshift.testing.factories import make_member, make_org

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked():
    org = make_org()
    editor = make_member(org, Role.EDITOR)
    requirement, person = factories.make_scope(org, editor, level=3)
    other_skill = factories.make_skill(org, editor, name="Not required of them")
    link, key = services_links.self_link_create(actor=editor, person=person)
    return org, editor, requirement, person, other_skill, link, key


def test_only_the_hash_of_the_key_is_stored(linked):
    *_, link, key = linked
    stored = SelfAssessmentLink.objects.get(pk=link.pk)
    assert stored.key_hash == secret_hash(key)
    assert key not in str(stored.__dict__)
    assert key.startswith("css_") and len(key) > 40


def test_the_page_shows_only_the_persons_required_skills_and_what_is_stored(linked):
    org, editor, requirement, person, other_skill, link, key = linked
    page = Client().get(reverse("skills:self_assess", args=[key]))
    text = page.content.decode()
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    assert requirement.skill.name in text
    assert other_skill.name not in text
    assert "What is stored" in text and "no IP address" in text
    assert "Can teach others" in text  # the level words


def test_submitting_records_a_self_assessment_without_an_account(linked):
    org, editor, requirement, person, other_skill, link, key = linked
    url = reverse("skills:self_assess", args=[key])
    response = Client().post(url, {f"self-skill_{requirement.skill.pk}": "2"})
    assert response.status_code == 200
    assert "your ratings are saved" in response.content.decode()
    a = Assessment.objects.get(person=person, skill=requirement.skill)
    assert (a.source, a.level, a.assessed_by) == ("self", 2, None)
    # A skill not offered to them is ignored even if posted.
    Client().post(url, {f"self-skill_{other_skill.pk}": "4"})
    assert not Assessment.objects.filter(skill=other_skill).exists()


def test_unknown_malformed_replaced_and_revoked_keys_get_the_same_404(linked):
    org, editor, requirement, person, other_skill, link, key = linked
    client = Client()
    bodies = set()
    _new, new_key = services_links.self_link_create(actor=editor, person=person)
    for bad in ["css_" + "x" * 43, "nonsense", key]:  # unknown, malformed, replaced
        response = client.get(reverse("skills:self_assess", args=[bad]))
        assert response.status_code == 404
        bodies.add(response.content)
    assert client.get(reverse("skills:self_assess", args=[new_key])).status_code == 200
    services_links.self_link_revoke(actor=editor, person=person)
    revoked = client.get(reverse("skills:self_assess", args=[new_key]))
    assert revoked.status_code == 404
    bodies.add(revoked.content)
    assert len(bodies) == 1
    assert client.post(reverse("skills:self_assess", args=[new_key]), {}).status_code == 404


def test_the_manager_page_shows_the_link_once(linked):
    org, editor, requirement, person, other_skill, link, key = linked
    client = Client()
    client.force_login(editor)
    made = client.post(reverse("skills:person_link", args=[org.slug, person.pk]))
    text = made.content.decode()
    assert made.status_code == 200 and made["Cache-Control"] == "no-store"
    new = SelfAssessmentLink.objects.filter(person=person, revoked_at__isnull=True).get()
    assert new.lookup in text and "/self-assessment/css_" in text
    again = client.get(reverse("skills:person_detail", args=[org.slug, person.pk])).content.decode()
    assert "/self-assessment/css_" not in again
    assert new.lookup in again


def test_the_managers_rating_counts_over_the_self_assessment_in_the_heat_map(linked):
    from civicshift.skills import selectors

    org, editor, requirement, person, other_skill, link, key = linked
    Client().post(
        reverse("skills:self_assess", args=[key]), {f"self-skill_{requirement.skill.pk}": "4"}
    )
    hm = selectors.heat_map(requirement.initiative)
    assert hm.rows[0][1][0][1].gap == 0
    services.assessment_record(
        actor=editor, person=person, skill=requirement.skill, level=1, source="manager"
    )
    hm = selectors.heat_map(requirement.initiative)
    assert hm.rows[0][1][0][1].gap == 2
