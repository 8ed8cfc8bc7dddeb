"""The skills module's pages registered with the generic tenancy harness."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from civicshift.orgs.roles import Role
from civicshift.skills import services_case, services_links
from civicshift.skills.forms import RequirementForm, TrainingLinesForm
from civicshift.skills.models import (
    Assessment,
    Course,
    Enrolment,
    JobRole,
    RoleRequirement,
    SelfAssessmentLink,
    Skill,
    StaffPerson,
    TrainingCaseLine,
    TrainingSession,
)
from civicshift.skills.services import assessment_record
from civicshift.testing.tenancy import Endpoint, TenancyHarness

from . import factories

EDITOR = Role.EDITOR
pk = lambda obj: {"pk": obj.pk}  # noqa: E731


def _crud(prefix, create_data, edit_data):
    return [
        Endpoint(f"skills:{prefix}_list", object_in_url=False),
        Endpoint(f"skills:{prefix}_create", role=EDITOR, object_in_url=False),
        Endpoint(f"skills:{prefix}_create", "POST", EDITOR, object_in_url=False, data=create_data),
        Endpoint(f"skills:{prefix}_edit", role=EDITOR, kwargs=pk),
        Endpoint(f"skills:{prefix}_edit", "POST", EDITOR, kwargs=pk, data=edit_data),
        Endpoint(f"skills:{prefix}_delete", role=EDITOR, kwargs=pk),
        Endpoint(f"skills:{prefix}_delete", "POST", EDITOR, kwargs=pk),
    ]


class TestSkillPages(TenancyHarness):
    model = Skill
    endpoints = [
        *_crud(
            "skill",
            lambda org, obj: {"name": f"Permitting {obj.pk}", "level_3": "Issues permits alone"},
            lambda org, obj: {"name": obj.name + " (new)", "category": "Systems"},
        ),
        Endpoint("skills:starter_load", "POST", EDITOR, object_in_url=False),
    ]

    def make_object(self, organization, user):
        return factories.make_skill(organization, user)


class TestJobRolePages(TenancyHarness):
    model = JobRole
    endpoints = _crud(
        "jobrole",
        lambda org, obj: {"name": f"Permit technician {obj.pk}"},
        lambda org, obj: {"name": obj.name + " II"},
    )

    def make_object(self, organization, user):
        return factories.make_role(organization, user)


class TestStaffPages(TenancyHarness):
    model = StaffPerson
    endpoints = [
        *_crud(
            "person",
            lambda org, obj: {"name": f"Sam Ortiz {obj.pk}", "job_role": obj.job_role_id},
            lambda org, obj: {"name": obj.name + " Jr.", "job_role": obj.job_role_id},
        ),
        Endpoint("skills:person_detail", kwargs=pk),
    ]

    def make_object(self, organization, user):
        return factories.make_person(organization, user)


class TestSelfAssessmentLinkPages(TenancyHarness):
    model = SelfAssessmentLink
    endpoints = [
        Endpoint(
            "skills:person_link",
            "POST",
            EDITOR,
            kwargs=lambda obj: {"pk": obj.person_id},
            shows_secret=True,
        ),
        Endpoint(
            "skills:person_link_revoke", "POST", EDITOR, kwargs=lambda obj: {"pk": obj.person_id}
        ),
    ]

    def make_object(self, organization, user):
        person = factories.make_person(organization, user)
        link, _key = services_links.self_link_create(actor=user, person=person)
        return link


class TestRequirementPages(TenancyHarness):
    model = RoleRequirement
    endpoints = [
        Endpoint("skills:initiative", kwargs=lambda obj: {"pk": obj.initiative_id}),
        Endpoint(
            "skills:requirement_set",
            "POST",
            EDITOR,
            kwargs=lambda obj: {"pk": obj.initiative_id},
            form=RequirementForm,
            data=lambda org, obj: {"job_role": obj.job_role_id, "skill": obj.skill_id, "level": 4},
        ),
        Endpoint(
            "skills:requirement_delete",
            "POST",
            EDITOR,
            kwargs=lambda obj: {"pk": obj.initiative_id, "requirement": obj.pk},
        ),
    ]

    def make_object(self, organization, user):
        return factories.make_requirement(organization, user)


def _assess_kwargs(obj):
    requirement = RoleRequirement.objects.get(job_role=obj.person.job_role, skill=obj.skill)
    return {"pk": requirement.initiative_id, "person": obj.person_id}


class TestAssessmentPages(TenancyHarness):
    model = Assessment
    endpoints = [
        Endpoint("skills:assess", role=EDITOR, kwargs=_assess_kwargs),
        Endpoint(
            "skills:assess",
            "POST",
            EDITOR,
            kwargs=_assess_kwargs,
            data=lambda org, obj: {f"assess-skill_{obj.skill_id}": "4"},
        ),
    ]

    def make_object(self, organization, user):
        requirement, person = factories.make_scope(organization, user)
        return assessment_record(
            actor=user, person=person, skill=requirement.skill, level=1, source="manager"
        )


COURSE_DATA = lambda org, obj: {  # noqa: E731
    "name": f"E-learning {obj.pk}",
    "kind": "elearning",
    "skill": obj.skill_id or "",
    "hours_per_person": "3",
    "cost_per_seat": "40",
    "fixed_cost": "0",
    "seats": "12",
}
course_kwargs = lambda obj: {"pk": obj.initiative_id, "course": obj.pk}  # noqa: E731


class TestCoursePages(TenancyHarness):
    model = Course
    endpoints = [
        Endpoint("skills:training", kwargs=lambda obj: {"pk": obj.initiative_id}),
        Endpoint("skills:course_create", role=EDITOR, kwargs=lambda obj: {"pk": obj.initiative_id}),
        Endpoint(
            "skills:course_create",
            "POST",
            EDITOR,
            kwargs=lambda obj: {"pk": obj.initiative_id},
            data=COURSE_DATA,
        ),
        Endpoint("skills:course_edit", role=EDITOR, kwargs=course_kwargs),
        Endpoint(
            "skills:course_edit",
            "POST",
            EDITOR,
            kwargs=course_kwargs,
            data=lambda org, obj: {**COURSE_DATA(org, obj), "name": obj.name + " (2)"},
        ),
        Endpoint("skills:course_delete", role=EDITOR, kwargs=course_kwargs),
        Endpoint("skills:course_delete", "POST", EDITOR, kwargs=course_kwargs),
        Endpoint("skills:session_create", role=EDITOR, kwargs=course_kwargs),
        Endpoint(
            "skills:session_create",
            "POST",
            EDITOR,
            kwargs=course_kwargs,
            data=lambda org, obj: {
                "starts_on": "2027-04-05",
                "start_time": "13:00",
                "hours": "3.5",
                "seats": "8",
                "trainer": "Vendor",
            },
        ),
    ]

    def make_object(self, organization, user):
        skill = factories.make_skill(organization, user)
        return factories.make_course(organization, user, skill=skill)


session_kwargs = lambda obj: {"pk": obj.course.initiative_id, "session": obj.pk}  # noqa: E731


class TestSessionPages(TenancyHarness):
    model = TrainingSession
    endpoints = [
        Endpoint("skills:session_edit", role=EDITOR, kwargs=session_kwargs),
        Endpoint(
            "skills:session_edit",
            "POST",
            EDITOR,
            kwargs=session_kwargs,
            data=lambda org, obj: {
                "starts_on": "2027-04-06",
                "start_time": "08:30",
                "hours": "4",
                "seats": "9",
            },
        ),
        Endpoint("skills:session_delete", role=EDITOR, kwargs=session_kwargs),
        Endpoint("skills:session_delete", "POST", EDITOR, kwargs=session_kwargs),
        Endpoint("skills:enrol", role=EDITOR, kwargs=session_kwargs),
        Endpoint(
            "skills:enrol",
            "POST",
            EDITOR,
            kwargs=session_kwargs,
            data=lambda org, obj: {
                "people": [StaffPerson.objects.for_org(org).order_by("-pk").first().pk]
            },
        ),
    ]

    def make_object(self, organization, user):
        session = factories.make_session(organization, user)
        factories.make_person(organization, user)
        return session


enrolment_kwargs = lambda obj: {  # noqa: E731
    "pk": obj.session.course.initiative_id,
    "session": obj.session_id,
    "enrolment": obj.pk,
}


class TestEnrolmentPages(TenancyHarness):
    model = Enrolment
    endpoints = [
        Endpoint(
            "skills:completion",
            "POST",
            EDITOR,
            kwargs=enrolment_kwargs,
            data=lambda org, obj: {"completed": "on", "completed_on": "2027-03-01"},
        ),
    ]

    def make_object(self, organization, user):
        return factories.make_enrolment(organization, user)


def _case_lines_kwargs(obj):
    return {"pk": obj.initiative_id}


class TestTrainingCaseLinePages(TenancyHarness):
    model = TrainingCaseLine
    endpoints = [
        Endpoint("skills:case_lines", role=EDITOR, kwargs=_case_lines_kwargs),
        Endpoint(
            "skills:case_lines",
            "POST",
            EDITOR,
            kwargs=_case_lines_kwargs,
            form=TrainingLinesForm,
            data=lambda org, obj: {
                "option": obj.line.option_id,
                "hourly_rate": "50",
                "add": "1",
            },
        ),
        Endpoint("skills:plan_tasks", role=EDITOR, kwargs=_case_lines_kwargs),
        Endpoint(
            "skills:plan_tasks",
            "POST",
            EDITOR,
            kwargs=_case_lines_kwargs,
            data=lambda org, obj: {"add": "1"},
        ),
    ]

    def make_object(self, organization, user):
        from civicshift.cases.services import business_case_create
        from civicshift.plans.services import plan_create

        course = factories.make_course(organization, user)
        factories.make_session(organization, user, course=course)
        initiative = course.initiative
        case = business_case_create(
            actor=user, initiative=initiative, start_year=2027, horizon_years=5
        )
        plan_create(actor=user, initiative=initiative, start=datetime(2027, 1, 4, 8, 0))
        services_case.training_lines_apply(
            actor=user,
            initiative=initiative,
            option=case.options.get(),
            hourly_rate=Decimal("45"),
        )
        return TrainingCaseLine.objects.for_org(organization).filter(initiative=initiative).first()
