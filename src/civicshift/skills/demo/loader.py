"""Writes the skills demo through the module's services (so every row is audited)."""

from __future__ import annotations

from civicshift.demo.schema_checks import DemoDataError
from civicshift.skills import selectors, services, services_case, services_training
from civicshift.skills.models import Skill

_SELF_REASON = "Self-assessment from the fit-gap workshop forms, typed in."


def load_organization(data: dict, *, organization, author, departments, users) -> None:
    services.starter_catalog_load(actor=author, organization=organization)
    roles = {
        r["name"]: services.job_role_create(actor=author, organization=organization, **r)
        for r in data["roles"]
    }
    for p in data["staff"]:
        services.person_create(
            actor=author,
            organization=organization,
            name=p["name"],
            department=departments[p["department"]],
            job_role=roles[p["role"]],
        )


def load_training(entry: dict, *, initiative, author) -> None:
    organization = initiative.organization
    skills = {s.source_key: s for s in Skill.objects.for_org(organization)}
    roles = {r.name: r for r in selectors.job_roles_for(organization)}
    people = {p.name: p for p in selectors.people_for(organization)}

    def person(name):
        if name not in people:
            raise DemoDataError(f"skills.yaml: '{name}' is not in organization.staff.")
        return people[name]

    for r in entry["requirements"]:
        if r["role"] not in roles:
            raise DemoDataError(f"skills.yaml: job role '{r['role']}' is not defined.")
        services.requirement_set(
            actor=author,
            initiative=initiative,
            job_role=roles[r["role"]],
            skill=skills[r["skill"]],
            level=r["level"],
        )
    for a in entry["assessments"]:
        who = person(a["person"])
        for source in ("manager", "self"):
            for key, level in a[source].items():
                # Self-assessments of the demo were collected on paper at the fit-gap
                # workshops and typed in by the author (so the audit names a demo person).
                services.assessment_record(
                    actor=author,
                    person=who,
                    skill=skills[key],
                    level=level,
                    source=source,
                    assessed_on=entry["assessed_on"],
                    reason=_SELF_REASON if source == "self" else "",
                )
    for c in entry["courses"]:
        sessions = c.pop("sessions")
        course = services_training.course_create(
            actor=author, initiative=initiative, **{**c, "skill": skills[c["skill"]]}
        )
        for s in sessions:
            enrol, completed_on, not_completed = (
                s.pop("enrol"),
                s.pop("completed_on"),
                set(s.pop("not_completed")),
            )
            session = services_training.session_create(actor=author, course=course, **s)
            if enrol == "gaps":
                taken = {
                    e.person_id
                    for e in selectors.enrolments_of(initiative).filter(session__course=course)
                }
                chosen = [
                    p for p in selectors.short_of(initiative, course.skill) if p.pk not in taken
                ][: session.seats]
            else:
                chosen = [person(name) for name in enrol]
            for enrolment in services_training.enrolment_create(
                actor=author, session=session, people=chosen
            ):
                if completed_on is not None and enrolment.person.name not in not_completed:
                    services_training.enrolment_update(
                        actor=author, enrolment=enrolment, completed=True, completed_on=completed_on
                    )
    if entry["add_to_case"]:
        case = initiative.business_case
        services_case.training_lines_apply(
            actor=author,
            initiative=initiative,
            option=case.recommended_option or case.options.first(),
            hourly_rate=entry["hourly_rate"],
        )
    if entry["add_to_plan"]:
        services_case.session_tasks_apply(actor=author, initiative=initiative)
