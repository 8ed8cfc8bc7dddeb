"""Write paths of the skills catalog, staff, job roles, requirements and assessments: one
transaction each, the role checked, the audit record written (``audit.services``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicshift.audit.services import audited_create, audited_delete, audited_update
from civicshift.orgs.permissions import require_role
from civicshift.orgs.roles import Role

from .catalog import catalog
from .models import (
    Assessment,
    AssessmentSource,
    JobRole,
    RoleRequirement,
    Skill,
    StaffPerson,
)


def _same_org(organization, **objects) -> None:
    for name, obj in objects.items():
        if obj is not None and obj.organization_id != organization.pk:
            raise ValidationError({name: _("Choose one of your organization's own.")})


def _create(model, *, actor, organization, **fields):
    require_role(actor, organization, Role.EDITOR)
    return audited_create(actor=actor, model=model, organization=organization, **fields)


def _update(obj, *, actor, expected_version=None, **fields):
    require_role(actor, obj.organization, Role.EDITOR)
    return audited_update(actor=actor, obj=obj, expected_version=expected_version, **fields)


def _delete(obj, *, actor) -> None:
    require_role(actor, obj.organization, Role.EDITOR)
    audited_delete(actor=actor, obj=obj)


# --- catalog ---------------------------------------------------------------------------------


@transaction.atomic
def skill_create(*, actor, organization, **fields) -> Skill:
    return _create(Skill, actor=actor, organization=organization, **fields)


@transaction.atomic
def skill_update(*, actor, skill: Skill, expected_version=None, **fields) -> Skill:
    return _update(skill, actor=actor, expected_version=expected_version, **fields)


@transaction.atomic
def skill_delete(*, actor, skill: Skill) -> None:
    """Delete a skill with the requirements and ratings of it, each with its own audit record
    (courses that taught it keep their place, teaching no catalog skill)."""
    require_role(actor, skill.organization, Role.EDITOR)
    reason = _("Its skill was deleted.")
    for row in [*skill.requirements.all(), *skill.assessments.all()]:
        audited_delete(actor=actor, obj=row, reason=reason)
    for course in list(skill.courses.all()):
        audited_update(actor=actor, obj=course, skill=None, reason=reason)
    audited_delete(actor=actor, obj=skill)


@transaction.atomic
def starter_catalog_load(*, actor, organization) -> list[Skill]:
    """Copy the starter skills (``data/skills-catalog.yaml``) the catalog does not have yet,
    by name; loading again adds nothing twice."""
    require_role(actor, organization, Role.EDITOR)
    have = {
        n.casefold() for n in Skill.objects.for_org(organization).values_list("name", flat=True)
    }
    made = []
    for starter in catalog().skills:
        if starter.name.casefold() in have:
            continue
        made.append(
            skill_create(
                actor=actor,
                organization=organization,
                name=starter.name,
                category=starter.category,
                description=starter.description,
                level_words={str(k): v for k, v in starter.levels.items()},
                source_key=starter.key,
            )
        )
    return made


@transaction.atomic
def job_role_create(*, actor, organization, **fields) -> JobRole:
    return _create(JobRole, actor=actor, organization=organization, **fields)


@transaction.atomic
def job_role_update(*, actor, job_role: JobRole, expected_version=None, **fields) -> JobRole:
    return _update(job_role, actor=actor, expected_version=expected_version, **fields)


@transaction.atomic
def job_role_delete(*, actor, job_role: JobRole) -> None:
    """Delete a job role with the requirements of it, each audited; its staff keep their
    records without a role."""
    require_role(actor, job_role.organization, Role.EDITOR)
    reason = _("Its job role was deleted.")
    for row in list(job_role.requirements.all()):
        audited_delete(actor=actor, obj=row, reason=reason)
    for person in list(job_role.people.all()):
        audited_update(actor=actor, obj=person, job_role=None, reason=reason)
    audited_delete(actor=actor, obj=job_role)


@transaction.atomic
def person_create(*, actor, organization, **fields) -> StaffPerson:
    _same_org(organization, department=fields.get("department"), job_role=fields.get("job_role"))
    _member_check(organization, fields.get("member"))
    return _create(StaffPerson, actor=actor, organization=organization, **fields)


@transaction.atomic
def person_update(*, actor, person: StaffPerson, expected_version=None, **fields) -> StaffPerson:
    _same_org(
        person.organization, department=fields.get("department"), job_role=fields.get("job_role")
    )
    _member_check(person.organization, fields.get("member"))
    return _update(person, actor=actor, expected_version=expected_version, **fields)


def _member_check(organization, user) -> None:
    from civicshift.orgs.models import Membership

    if (
        user is not None
        and not Membership.objects.filter(organization=organization, user=user).exists()
    ):
        raise ValidationError({"member": _("Choose a member of your organization.")})


@transaction.atomic
def person_delete(*, actor, person: StaffPerson) -> None:
    """Delete a person with their assessments, enrolments and links, each audited."""
    require_role(actor, person.organization, Role.EDITOR)
    for assessment in list(person.assessments.all()):
        audited_delete(actor=actor, obj=assessment, reason=_("The person was deleted."))
    for enrolment in list(person.enrolments.all()):
        audited_delete(actor=actor, obj=enrolment, reason=_("The person was deleted."))
    for link in list(person.self_links.all()):
        audited_delete(actor=actor, obj=link, reason=_("The person was deleted."))
    audited_delete(actor=actor, obj=person)


# --- requirements and assessments -------------------------------------------------------------


@transaction.atomic
def requirement_set(*, actor, initiative, job_role: JobRole, skill: Skill, level: int):
    """The level ``job_role`` needs in ``skill`` for ``initiative`` (made, or changed)."""
    organization = initiative.organization
    require_role(actor, organization, Role.EDITOR)
    _same_org(organization, job_role=job_role, skill=skill)
    existing = (
        RoleRequirement.objects.for_org(organization)
        .filter(initiative=initiative, job_role=job_role, skill=skill)
        .first()
    )
    if existing is not None:
        return audited_update(actor=actor, obj=existing, level=level)
    return audited_create(
        actor=actor,
        model=RoleRequirement,
        organization=organization,
        initiative=initiative,
        job_role=job_role,
        skill=skill,
        level=level,
    )


@transaction.atomic
def requirement_delete(*, actor, requirement: RoleRequirement) -> None:
    _delete(requirement, actor=actor)


@transaction.atomic
def assessment_record(
    *,
    actor,
    person: StaffPerson,
    skill: Skill,
    level: int,
    source: str,
    assessed_on=None,
    reason: str = "",
) -> Assessment:
    """Record ``person``'s level in ``skill`` as rated by ``source`` (manager or self),
    replacing that source's earlier rating. A manager's rating needs an editor; a
    self-assessment is written by the person's own link (``actor`` None, see
    ``services_links.self_assessment_submit``)."""
    organization = person.organization
    if source == AssessmentSource.MANAGER:
        require_role(actor, organization, Role.EDITOR)
    elif source != AssessmentSource.SELF:
        raise ValidationError({"source": _("Choose manager or self-assessment.")})
    _same_org(organization, skill=skill)
    assessed_on = assessed_on or timezone.localdate()
    existing = (
        Assessment.objects.for_org(organization)
        .filter(person=person, skill=skill, source=source)
        .first()
    )
    if existing is not None:
        if existing.level == level and existing.assessed_on == assessed_on:
            return existing
        return audited_update(
            actor=actor,
            obj=existing,
            level=level,
            assessed_on=assessed_on,
            assessed_by=actor if source == AssessmentSource.MANAGER else None,
            reason=reason,
        )
    return audited_create(
        actor=actor,
        model=Assessment,
        organization=organization,
        person=person,
        skill=skill,
        source=source,
        level=level,
        assessed_on=assessed_on,
        assessed_by=actor if source == AssessmentSource.MANAGER else None,
        reason=reason,
    )


@transaction.atomic
def assessment_clear(*, actor, person: StaffPerson, skill: Skill, source: str) -> int:
    """Remove a rating (an editor); returns how many were removed (0 or 1)."""
    require_role(actor, person.organization, Role.EDITOR)
    found = list(
        Assessment.objects.for_org(person.organization).filter(
            person=person, skill=skill, source=source
        )
    )
    for assessment in found:
        audited_delete(actor=actor, obj=assessment)
    return len(found)
