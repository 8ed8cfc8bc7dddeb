"""Write paths of the training plan: courses, sessions, enrolments and their completion."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicshift.audit.services import audited_create, audited_delete, audited_update
from civicshift.orgs.permissions import require_role
from civicshift.orgs.roles import Role

from .models import Course, Enrolment, StaffPerson, TrainingSession
from .services import _same_org


@transaction.atomic
def course_create(*, actor, initiative, **fields) -> Course:
    require_role(actor, initiative.organization, Role.EDITOR)
    _same_org(initiative.organization, skill=fields.get("skill"))
    return audited_create(
        actor=actor,
        model=Course,
        organization=initiative.organization,
        initiative=initiative,
        **fields,
    )


@transaction.atomic
def course_update(*, actor, course: Course, expected_version=None, **fields) -> Course:
    require_role(actor, course.organization, Role.EDITOR)
    _same_org(course.organization, skill=fields.get("skill"))
    return audited_update(actor=actor, obj=course, expected_version=expected_version, **fields)


@transaction.atomic
def course_delete(*, actor, course: Course) -> None:
    """Delete a course with its sessions and enrolments, each audited (the plan tasks made
    from its sessions stay in the plan: delete them there if they are no longer wanted)."""
    require_role(actor, course.organization, Role.EDITOR)
    for session in list(course.sessions.all()):
        session_delete(actor=actor, session=session)
    audited_delete(actor=actor, obj=course)


@transaction.atomic
def session_create(*, actor, course: Course, **fields) -> TrainingSession:
    require_role(actor, course.organization, Role.EDITOR)
    return audited_create(
        actor=actor,
        model=TrainingSession,
        organization=course.organization,
        course=course,
        **fields,
    )


@transaction.atomic
def session_update(
    *, actor, session: TrainingSession, expected_version=None, **fields
) -> TrainingSession:
    require_role(actor, session.organization, Role.EDITOR)
    return audited_update(actor=actor, obj=session, expected_version=expected_version, **fields)


@transaction.atomic
def session_delete(*, actor, session: TrainingSession) -> None:
    require_role(actor, session.organization, Role.EDITOR)
    reason = _("Its session was deleted.")
    for enrolment in list(session.enrolments.all()):
        audited_delete(actor=actor, obj=enrolment, reason=reason)
    audited_delete(actor=actor, obj=session)


@transaction.atomic
def enrolment_create(*, actor, session: TrainingSession, people: list[StaffPerson]) -> list:
    """Enrol people in a session (those already enrolled are skipped); refused when the
    session's seats would be exceeded."""
    require_role(actor, session.organization, Role.EDITOR)
    for person in people:
        _same_org(session.organization, person=person)
    taken = set(session.enrolments.values_list("person_id", flat=True))
    new = [p for p in people if p.pk not in taken]
    if session.seats and len(taken) + len(new) > session.seats:
        raise ValidationError(
            {
                "people": _(
                    "The session has %(seats)s seats and %(taken)s are taken: choose at most "
                    "%(left)s people."
                )
                % {"seats": session.seats, "taken": len(taken), "left": session.seats - len(taken)}
            }
        )
    return [
        audited_create(
            actor=actor,
            model=Enrolment,
            organization=session.organization,
            session=session,
            person=person,
        )
        for person in new
    ]


@transaction.atomic
def enrolment_update(
    *, actor, enrolment: Enrolment, completed: bool, completed_on=None, expected_version=None
) -> Enrolment:
    """Mark an enrolment completed (on ``completed_on``, default today) or not completed."""
    require_role(actor, enrolment.organization, Role.EDITOR)
    completed_on = (completed_on or timezone.localdate()) if completed else None
    return audited_update(
        actor=actor,
        obj=enrolment,
        expected_version=expected_version,
        completed=completed,
        completed_on=completed_on,
    )


@transaction.atomic
def enrolment_delete(*, actor, enrolment: Enrolment) -> None:
    require_role(actor, enrolment.organization, Role.EDITOR)
    audited_delete(actor=actor, obj=enrolment)
