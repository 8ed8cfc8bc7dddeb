"""Reads of the skills module, always from ``Model.objects.for_org(organization)``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from civicshift.core import skills as engine

from .models import (
    Assessment,
    AssessmentSource,
    Course,
    Enrolment,
    JobRole,
    RoleRequirement,
    Skill,
    StaffPerson,
    TrainingSession,
)


def skills_for(organization):
    return Skill.objects.for_org(organization)


def job_roles_for(organization):
    return JobRole.objects.for_org(organization).annotate(n_people=Count("people"))


def people_for(organization):
    return StaffPerson.objects.for_org(organization).select_related("department", "job_role")


def requirements_of(initiative):
    return (
        RoleRequirement.objects.for_org(initiative.organization)
        .filter(initiative=initiative)
        .select_related("job_role", "skill")
    )


def courses_of(initiative):
    return (
        Course.objects.for_org(initiative.organization)
        .filter(initiative=initiative)
        .select_related("skill")
    )


def sessions_of(initiative):
    return (
        TrainingSession.objects.for_org(initiative.organization)
        .filter(course__initiative=initiative)
        .select_related("course", "task")
    )


def enrolments_of(initiative):
    return (
        Enrolment.objects.for_org(initiative.organization)
        .filter(session__course__initiative=initiative)
        .select_related("person", "session", "session__course")
    )


def people_in_scope(initiative):
    """The people whose role the initiative requires a skill of."""
    roles = requirements_of(initiative).values("job_role")
    return people_for(initiative.organization).filter(job_role__in=roles)


def required_skills_of(initiative, person) -> list[tuple[Skill, int]]:
    """(skill, level needed) the initiative requires of the person's role."""
    if person.job_role_id is None:
        return []
    return [
        (r.skill, r.level) for r in requirements_of(initiative).filter(job_role=person.job_role)
    ]


def ratings(organization, people) -> dict:
    """(person id, skill id) → {"manager": level, "self": level} of the people given."""
    out: dict = {}
    for a in Assessment.objects.for_org(organization).filter(person__in=people):
        out.setdefault((a.person_id, a.skill_id), {})[a.source] = a.level
    return out


@dataclass
class HeatMap:
    matrix: engine.GapMatrix
    people: list  # StaffPerson
    skills: list  # Skill
    ratings: dict  # (person id, skill id) -> {"manager": l, "self": l}
    rows: list  # (person, [(skill, cell, rating)])

    @property
    def summary(self) -> dict:
        widest = self.matrix.widest_skill()
        totals = self.matrix.skill_totals()
        return {
            "people": len(self.people),
            "short": len(self.matrix.people_with_gaps),
            "widest": next((s for s in self.skills if s.pk == widest), None),
            "widest_short": totals[widest][1] if widest else 0,
            "total_gap": self.matrix.total_gap,
        }


def heat_map(initiative) -> HeatMap:
    """People in scope × required skills: required − counted level (``core.skills``)."""
    requirements = list(requirements_of(initiative))
    skills = sorted({r.skill for r in requirements}, key=lambda s: (s.category, s.name))
    people = list(people_in_scope(initiative).order_by("department__name", "name"))
    found = ratings(initiative.organization, people)
    levels = {
        key: engine.counted_level(v.get(AssessmentSource.MANAGER), v.get(AssessmentSource.SELF))
        for key, v in found.items()
    }
    levels = {k: v for k, v in levels.items() if v is not None}
    matrix = engine.gap_matrix(
        [p.pk for p in people],
        [s.pk for s in skills],
        {p.pk: p.job_role_id for p in people},
        {(r.job_role_id, r.skill_id): r.level for r in requirements},
        levels,
    )
    rows = [
        (
            p,
            [(s, matrix.cell(p.pk, s.pk), found.get((p.pk, s.pk), {})) for s in skills],
        )
        for p in people
    ]
    return HeatMap(matrix, people, skills, found, rows)


def short_of(initiative, skill) -> list[StaffPerson]:
    """People in scope whose counted level is below the requirement for ``skill``."""
    hm = heat_map(initiative)
    return [p for p, cells in hm.rows for s, cell, _r in cells if s.pk == skill.pk and cell.gap]


def completion(initiative) -> dict:
    """Per course and per person: (completed enrolments, enrolments, percent)."""
    per_course: dict = {}
    per_person: dict = {}
    for e in enrolments_of(initiative):
        c = per_course.setdefault(e.session.course_id, [0, 0])
        p = per_person.setdefault(e.person_id, [0, 0])
        c[1] += 1
        p[1] += 1
        if e.completed:
            c[0] += 1
            p[0] += 1
    fmt = lambda d: {k: (v[0], v[1], engine.percent(v[0], v[1])) for k, v in d.items()}  # noqa: E731
    return {"courses": fmt(per_course), "people": fmt(per_person)}


def attendees_of(course) -> int:
    """The people counted for a course's cost: those enrolled in its sessions, else its
    planned seats."""
    enrolled = (
        Enrolment.objects.for_org(course.organization)
        .filter(session__course=course)
        .values("person")
        .distinct()
        .count()
    )
    return enrolled or course.seats


def session_counts(initiative) -> dict:
    return {
        s.pk: (s.n, s.done)
        for s in sessions_of(initiative).annotate(
            n=Count("enrolments"), done=Count("enrolments", filter=Q(enrolments__completed=True))
        )
    }
