"""The skills API endpoints, registered with the generic tenancy harness: anonymous → 401/403,
another organization's member → 404, roles below the endpoint's → 403 with nothing written,
writes audited, ids of another organization's rows in the body → 400 on that field."""

from civicshift.orgs.roles import Role
from civicshift.skills.models import Assessment, Course, Enrolment, JobRole, Skill, StaffPerson
from civicshift.skills.services import assessment_record
from civicshift.testing.tenancy import TenancyHarness, api_endpoint

from .. import factories

api = api_endpoint
EDITOR = Role.EDITOR
pk = lambda obj: {"pk": obj.pk}  # noqa: E731


def _crud(base, create, change):
    return [
        api(f"api:{base}-list", object_in_url=False),
        api(f"api:{base}-list", "POST", EDITOR, object_in_url=False, data=create),
        api(f"api:{base}-detail", kwargs=pk),
        api(f"api:{base}-detail", "PATCH", EDITOR, kwargs=pk, data=change),
        api(f"api:{base}-detail", "PUT", EDITOR, kwargs=pk, data=change),
        api(f"api:{base}-detail", "DELETE", EDITOR, kwargs=pk),
    ]


class TestSkillApi(TenancyHarness):
    model = Skill
    endpoints = _crud(
        "skills-skill",
        lambda org, obj: {"name": f"GIS {obj.pk}", "level_words": {"3": "Makes maps alone"}},
        lambda org, obj: {"name": obj.name + " (2)", "category": "Data"},
    )

    def make_object(self, organization, user):
        return factories.make_skill(organization, user)


class TestJobRoleApi(TenancyHarness):
    model = JobRole
    endpoints = _crud(
        "skills-role",
        lambda org, obj: {"name": f"Planner {obj.pk}"},
        lambda org, obj: {"name": obj.name + " II"},
    )

    def make_object(self, organization, user):
        return factories.make_role(organization, user)


class TestStaffApi(TenancyHarness):
    model = StaffPerson
    endpoints = _crud(
        "skills-person",
        lambda org, obj: {"name": f"Kim {obj.pk}", "job_role": obj.job_role_id},
        lambda org, obj: {"name": obj.name + " Jr.", "job_role": obj.job_role_id},
    )

    def make_object(self, organization, user):
        return factories.make_person(organization, user)


class TestAssessmentApi(TenancyHarness):
    model = Assessment
    endpoints = [
        api("api:skills-assessment-list", object_in_url=False),
        api(
            "api:skills-assessment-list",
            "POST",
            EDITOR,
            object_in_url=False,
            data=lambda org, obj: {"person": obj.person_id, "skill": obj.skill_id, "level": 3},
        ),
    ]

    def make_object(self, organization, user):
        requirement, person = factories.make_scope(organization, user)
        return assessment_record(
            actor=user, person=person, skill=requirement.skill, level=1, source="manager"
        )


class TestCourseApi(TenancyHarness):
    model = Course
    endpoints = _crud(
        "skills-course",
        lambda org, obj: {
            "initiative": obj.initiative_id,
            "name": f"Coaching {obj.pk}",
            "kind": "coaching",
            "skill": obj.skill_id,
            "hours_per_person": "2",
            "cost_per_seat": "0",
            "fixed_cost": "900",
            "seats": 3,
        },
        lambda org, obj: {
            "initiative": obj.initiative_id,
            "name": obj.name + " (2)",
            "kind": "classroom",
            "skill": obj.skill_id,
        },
    )

    def make_object(self, organization, user):
        return factories.make_course(
            organization, user, skill=factories.make_skill(organization, user)
        )


class TestEnrolmentApi(TenancyHarness):
    model = Enrolment
    endpoints = [
        api("api:skills-enrolment-list", object_in_url=False),
        api("api:skills-enrolment-detail", kwargs=pk),
        api(
            "api:skills-enrolment-detail",
            "PATCH",
            EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"completed": True, "completed_on": "2027-03-02"},
        ),
    ]

    def make_object(self, organization, user):
        return factories.make_enrolment(organization, user)


class TestGapsApi(TenancyHarness):
    model = None
    endpoints = [api("api:skills-gaps", kwargs=lambda obj: {"pk": obj.initiative_id})]

    def make_object(self, organization, user):
        requirement, _person = factories.make_scope(organization, user)
        return requirement
