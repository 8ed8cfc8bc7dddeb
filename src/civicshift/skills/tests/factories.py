"""Objects of the skills module for tests, made through the services (so they are audited)."""

from __future__ import annotations

import itertools
from datetime import date, time
from decimal import Decimal

from civicshift.initiatives.services import initiative_create
from civicshift.skills import services, services_training

_n = itertools.count(1)


def make_initiative(organization, user, **fields):
    fields.setdefault("title", f"New ERP {next(_n)}")
    return initiative_create(actor=user, organization=organization, **fields)


def make_skill(organization, user, **fields):
    fields.setdefault("name", f"ERP general ledger {next(_n)}")
    return services.skill_create(actor=user, organization=organization, **fields)


def make_role(organization, user, **fields):
    fields.setdefault("name", f"Accountant {next(_n)}")
    return services.job_role_create(actor=user, organization=organization, **fields)


def make_person(organization, user, **fields):
    fields.setdefault("name", f"Pat Lee {next(_n)}")
    if "job_role" not in fields:
        fields["job_role"] = make_role(organization, user)
    return services.person_create(actor=user, organization=organization, **fields)


def make_requirement(organization, user, **fields):
    initiative = fields.pop("initiative", None) or make_initiative(organization, user)
    job_role = fields.pop("job_role", None) or make_role(organization, user)
    skill = fields.pop("skill", None) or make_skill(organization, user)
    return services.requirement_set(
        actor=user,
        initiative=initiative,
        job_role=job_role,
        skill=skill,
        level=fields.pop("level", 3),
    )


def make_scope(organization, user, level=3):
    """An initiative requiring a skill of a role, and one person in that role: (requirement,
    person)."""
    requirement = make_requirement(organization, user, level=level)
    person = make_person(organization, user, job_role=requirement.job_role)
    return requirement, person


def make_course(organization, user, **fields):
    initiative = fields.pop("initiative", None) or make_initiative(organization, user)
    fields.setdefault("name", f"Vendor training {next(_n)}")
    fields.setdefault("kind", "vendor")
    fields.setdefault("hours_per_person", Decimal("8"))
    fields.setdefault("cost_per_seat", Decimal("250"))
    fields.setdefault("fixed_cost", Decimal("1000"))
    fields.setdefault("seats", 4)
    return services_training.course_create(actor=user, initiative=initiative, **fields)


def make_session(organization, user, course=None, **fields):
    course = course or make_course(organization, user)
    fields.setdefault("starts_on", date(2027, 3, 1))
    fields.setdefault("start_time", time(9, 0))
    fields.setdefault("hours", Decimal("4"))
    fields.setdefault("seats", 10)
    return services_training.session_create(actor=user, course=course, **fields)


def make_enrolment(organization, user, session=None, person=None):
    session = session or make_session(organization, user)
    person = person or make_person(organization, user)
    return services_training.enrolment_create(actor=user, session=session, people=[person])[0]
