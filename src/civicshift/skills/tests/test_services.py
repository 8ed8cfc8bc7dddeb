"""Services of the skills module: starter catalog, assessments, heat map, enrolments."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from civicshift.audit.models import AuditEvent
from civicshift.orgs.roles import Role
from civicshift.skills import selectors, services, services_training
from civicshift.skills.catalog import catalog
from civicshift.skills.models import Assessment, Skill
from civicshift.testing.factories import make_member, make_org

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    org = make_org()
    return org, make_member(org, Role.EDITOR)


def test_starter_catalog_loads_once(world):
    org, editor = world
    made = services.starter_catalog_load(actor=editor, organization=org)
    assert len(made) == len(catalog().skills)
    again = services.starter_catalog_load(actor=editor, organization=org)
    assert again == []
    gl = Skill.objects.for_org(org).get(source_key="erp-general-ledger")
    assert gl.levels()[4][2] == "Runs month-end close and trains colleagues on it."


def test_a_viewer_cannot_record_a_managers_rating(world):
    org, editor = world
    requirement, person = factories.make_scope(org, editor)
    viewer = make_member(org, Role.VIEWER)
    with pytest.raises(PermissionDenied):
        services.assessment_record(
            actor=viewer, person=person, skill=requirement.skill, level=2, source="manager"
        )


def test_a_new_rating_replaces_the_sources_old_one_and_is_audited(world):
    org, editor = world
    requirement, person = factories.make_scope(org, editor)
    skill = requirement.skill
    services.assessment_record(actor=editor, person=person, skill=skill, level=1, source="manager")
    services.assessment_record(actor=None, person=person, skill=skill, level=3, source="self")
    services.assessment_record(actor=editor, person=person, skill=skill, level=2, source="manager")
    rows = Assessment.objects.for_org(org).filter(person=person)
    assert sorted((a.source, a.level) for a in rows) == [("manager", 2), ("self", 3)]
    assert AuditEvent.objects.for_org(org).filter(object_repr__contains=person.name).count() >= 3


def test_heat_map_uses_the_managers_level_else_the_self_assessment(world):
    org, editor = world
    requirement, ana = factories.make_scope(org, editor, level=3)
    bo = factories.make_person(org, editor, name="Bo", job_role=requirement.job_role)
    factories.make_person(org, editor, name="Cy", job_role=requirement.job_role)
    skill = requirement.skill
    services.assessment_record(actor=editor, person=ana, skill=skill, level=1, source="manager")
    services.assessment_record(actor=None, person=ana, skill=skill, level=4, source="self")
    services.assessment_record(actor=None, person=bo, skill=skill, level=3, source="self")
    hm = selectors.heat_map(requirement.initiative)
    gaps = {p.name: cells[0][1].gap for p, cells in hm.rows}
    assert gaps == {ana.name: 2, "Bo": 0, "Cy": 3}
    assert hm.summary["short"] == 2
    assert hm.summary["widest"] == skill
    short = sorted(p.name for p in selectors.short_of(requirement.initiative, skill))
    assert short == sorted([ana.name, "Cy"])


def test_people_outside_the_required_roles_are_not_in_the_heat_map(world):
    org, editor = world
    requirement, person = factories.make_scope(org, editor)
    factories.make_person(org, editor, name="Other role")
    hm = selectors.heat_map(requirement.initiative)
    assert [p.pk for p in hm.people] == [person.pk]


def test_enrolment_refuses_more_people_than_seats(world):
    org, editor = world
    session = factories.make_session(org, editor, seats=1)
    a, b = factories.make_person(org, editor), factories.make_person(org, editor)
    with pytest.raises(ValidationError) as exc:
        services_training.enrolment_create(actor=editor, session=session, people=[a, b])
    assert "at most 1 people" in str(exc.value)
    assert session.enrolments.count() == 0


def test_completion_per_course_and_person(world):
    org, editor = world
    course = factories.make_course(org, editor)
    s1 = factories.make_session(org, editor, course=course)
    s2 = factories.make_session(org, editor, course=course)
    a, b = factories.make_person(org, editor), factories.make_person(org, editor)
    e1, e2 = services_training.enrolment_create(actor=editor, session=s1, people=[a, b])
    (e3,) = services_training.enrolment_create(actor=editor, session=s2, people=[a])
    services_training.enrolment_update(actor=editor, enrolment=e1, completed=True)
    done = selectors.completion(course.initiative)
    assert done["courses"][course.pk] == (1, 3, 33)
    assert done["people"][a.pk] == (1, 2, 50)
    assert done["people"][b.pk] == (0, 1, 0)
    e1.refresh_from_db()
    assert e1.completed_on is not None
    services_training.enrolment_update(actor=editor, enrolment=e1, completed=False)
    e1.refresh_from_db()
    assert (e1.completed, e1.completed_on) == (False, None)
    # People counted for the cost: the enrolled ones (2), not the 4 planned seats.
    assert selectors.attendees_of(course) == 2
    assert course.cost_per_seat == Decimal("250")


def test_deleting_a_skill_or_role_audits_each_row_it_takes_along(world):
    org, editor = world
    requirement, person = factories.make_scope(org, editor)
    skill, role = requirement.skill, requirement.job_role
    services.assessment_record(actor=editor, person=person, skill=skill, level=2, source="manager")
    course = factories.make_course(org, editor, initiative=requirement.initiative, skill=skill)
    services.skill_delete(actor=editor, skill=skill)
    deleted = AuditEvent.objects.for_org(org).filter(action="delete")
    assert {e.content_type.model for e in deleted} == {"rolerequirement", "assessment", "skill"}
    course.refresh_from_db()
    assert course.skill is None
    services.job_role_delete(actor=editor, job_role=role)
    person.refresh_from_db()
    assert person.job_role is None
