"""Write paths for the inventory: systems, components, integrations, assessments, accepted
risks, review requests and initiative links. Each checks the role, runs in one transaction and
leaves its audit record."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicshift.audit.services import audited_create, audited_delete, audited_update
from civicshift.core.inventory import AnswerError, check_answers, questionnaire
from civicshift.orgs.permissions import membership_for, require_role
from civicshift.orgs.roles import Role

from .models import (
    Assessment,
    Component,
    ComponentKind,
    InitiativeSystem,
    Integration,
    ReviewRequest,
    RiskAcceptance,
    System,
)


def _same_org(organization, **objects) -> None:
    """Refuse a reference to another organization's row, naming the field."""
    for name, obj in objects.items():
        if obj is not None and obj.organization_id != organization.pk:
            raise ValidationError({name: _("Choose one of this organization's records.")})


def _check_owner(organization, owner) -> None:
    if owner is not None and membership_for(owner, organization) is None:
        raise ValidationError({"owner": _("The owner must be a member of this organization.")})


def _check_departments(organization, departments) -> None:
    for d in departments or ():
        _same_org(organization, departments=d)


def _unique_name_vendor(organization, name: str, vendor: str, exclude_pk=None) -> None:
    """Two systems with the same name and vendor are one system entered twice."""
    same = System.objects.for_org(organization).filter(
        name__iexact=name.strip(), vendor__iexact=(vendor or "").strip()
    )
    if exclude_pk:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise ValidationError(
            {"name": _("There is already a system with this name from this vendor.")}
        )


# --- systems ---------------------------------------------------------------------------------


@transaction.atomic
def system_create(*, actor, organization, **fields) -> System:
    require_role(actor, organization, Role.EDITOR)
    _check_owner(organization, fields.get("owner"))
    _check_departments(organization, fields.get("departments"))
    _unique_name_vendor(organization, fields.get("name", ""), fields.get("vendor", ""))
    return audited_create(actor=actor, model=System, organization=organization, **fields)


@transaction.atomic
def system_update(*, actor, system: System, expected_version: int | None = None, **fields):
    organization = system.organization
    require_role(actor, organization, Role.EDITOR)
    if "owner" in fields:
        _check_owner(organization, fields["owner"])
    _check_departments(organization, fields.get("departments"))
    if "name" in fields or "vendor" in fields:
        _unique_name_vendor(
            organization,
            fields.get("name", system.name),
            fields.get("vendor", system.vendor),
            exclude_pk=system.pk,
        )
    return audited_update(actor=actor, obj=system, expected_version=expected_version, **fields)


@transaction.atomic
def system_delete(*, actor, system: System) -> None:
    """Delete a system and, each with its own audit record, what hangs off it."""
    require_role(actor, system.organization, Role.EDITOR)
    reason = _("Its system was deleted.")
    children = [
        *Integration.objects.filter(source=system),
        *Integration.objects.filter(target=system).exclude(source=system),
        *system.assessments.all(),
        *system.acceptances.all(),
        *system.review_requests.all(),
        *system.initiative_links.all(),
    ]
    for child in children:
        audited_delete(actor=actor, obj=child, reason=reason)
    audited_delete(actor=actor, obj=system)


@transaction.atomic
def system_mark_reviewed(*, actor, system: System) -> System:
    """The owner (or an editor) confirms the record is current; open requests are done. The
    owner may do it with any role: confirming their own record is what they were asked."""
    if system.owner_id is None or system.owner_id != getattr(actor, "pk", None):
        require_role(actor, system.organization, Role.EDITOR)
    else:
        require_role(actor, system.organization, Role.VIEWER)
    now = timezone.now()
    for request in system.review_requests.filter(completed_at__isnull=True):
        audited_update(actor=actor, obj=request, completed_at=now)
    return audited_update(actor=actor, obj=system, last_reviewed_at=now, last_reviewed_by=actor)


# --- components ------------------------------------------------------------------------------


@transaction.atomic
def component_create(*, actor, organization, systems=(), **fields) -> Component:
    require_role(actor, organization, Role.EDITOR)
    for s in systems:
        _same_org(organization, systems=s)
    return audited_create(
        actor=actor, model=Component, organization=organization, systems=list(systems), **fields
    )


@transaction.atomic
def component_update(*, actor, component: Component, expected_version=None, **fields):
    require_role(actor, component.organization, Role.EDITOR)
    for s in fields.get("systems", ()):
        _same_org(component.organization, systems=s)
    return audited_update(actor=actor, obj=component, expected_version=expected_version, **fields)


@transaction.atomic
def component_delete(*, actor, component: Component) -> None:
    require_role(actor, component.organization, Role.EDITOR)
    audited_delete(actor=actor, obj=component)


@transaction.atomic
def component_for_system(*, actor, system: System, name: str, kind: str, **fields) -> Component:
    """Link the component called ``name`` to a system, creating it if it is new (the
    importer's "Operating system" column)."""
    organization = system.organization
    require_role(actor, organization, Role.EDITOR)
    existing = Component.objects.for_org(organization).filter(name__iexact=name.strip()).first()
    if existing is None:
        return component_create(
            actor=actor,
            organization=organization,
            systems=[system],
            name=name.strip(),
            kind=kind,
            **fields,
        )
    if not existing.systems.filter(pk=system.pk).exists():
        component_update(actor=actor, component=existing, systems=[*existing.systems.all(), system])
    return existing


@transaction.atomic
def system_operating_system_set(*, actor, system: System, name: str) -> Component | None:
    """The system form's "Operating system" box: the system runs on the component called
    ``name`` (case ignored; created as an operating system when the organization has none of
    that name) and no longer on the other operating systems it was linked to; an empty name
    unlinks them all. Each component changed gets its audit record (``component_update``).
    Errors are given on ``operating_system``."""
    require_role(actor, system.organization, Role.EDITOR)
    name = (name or "").strip()
    try:
        kept = (
            component_for_system(actor=actor, system=system, name=name, kind=ComponentKind.OS)
            if name
            else None
        )
        others = system.components.filter(kind=ComponentKind.OS)
        if kept is not None:
            others = others.exclude(pk=kept.pk)
        for component in others:
            component_update(
                actor=actor,
                component=component,
                systems=[s for s in component.systems.all() if s.pk != system.pk],
            )
    except ValidationError as error:
        raise ValidationError({"operating_system": error.messages}) from None
    return kept


# --- integrations ----------------------------------------------------------------------------


@transaction.atomic
def integration_create(*, actor, organization, source: System, target: System, **fields):
    require_role(actor, organization, Role.EDITOR)
    _same_org(organization, source=source, target=target)
    return audited_create(
        actor=actor,
        model=Integration,
        organization=organization,
        source=source,
        target=target,
        **fields,
    )


@transaction.atomic
def integration_update(*, actor, integration: Integration, expected_version=None, **fields):
    require_role(actor, integration.organization, Role.EDITOR)
    _same_org(integration.organization, source=fields.get("source"), target=fields.get("target"))
    return audited_update(actor=actor, obj=integration, expected_version=expected_version, **fields)


@transaction.atomic
def integration_delete(*, actor, integration: Integration) -> None:
    require_role(actor, integration.organization, Role.EDITOR)
    audited_delete(actor=actor, obj=integration)


# --- assessment, accepted risks, reviews -----------------------------------------------------


@transaction.atomic
def assessment_record(*, actor, system: System, answers: dict, assessed_on=None, notes=""):
    """A new assessment (the history is kept; the latest counts)."""
    require_role(actor, system.organization, Role.EDITOR)
    clean = _checked_answers(answers)
    return audited_create(
        actor=actor,
        model=Assessment,
        organization=system.organization,
        system=system,
        answers=clean,
        assessed_on=assessed_on or timezone.localdate(),
        assessor=actor,
        questionnaire_version=questionnaire().version,
        notes=notes,
    )


def _checked_answers(answers: dict) -> dict:
    try:
        return check_answers(answers)
    except AnswerError as error:
        raise ValidationError({"answers": f"{error.key}: {error}"}) from None


@transaction.atomic
def assessment_update(
    *,
    actor,
    assessment: Assessment,
    expected_version: int | None = None,
    answers: dict | None = None,
    assessed_on=None,
    notes: str | None = None,
) -> Assessment:
    """Correct an assessment: its answers (checked against today's questionnaire, whose
    version it then records), its date (not in the future) or its notes; what is not given is
    kept. Refused if someone saved it since ``expected_version``."""
    require_role(actor, assessment.organization, Role.EDITOR)
    fields: dict = {}
    if answers is not None:
        fields["answers"] = _checked_answers(answers)
        fields["questionnaire_version"] = questionnaire().version
    if assessed_on is not None:
        if assessed_on > timezone.localdate():
            raise ValidationError({"assessed_on": _("Choose today or a date in the past.")})
        fields["assessed_on"] = assessed_on
    if notes is not None:
        fields["notes"] = notes
    return audited_update(actor=actor, obj=assessment, expected_version=expected_version, **fields)


@transaction.atomic
def assessment_delete(*, actor, assessment: Assessment) -> None:
    """Delete an assessment (one entered by mistake); the one before it counts again."""
    require_role(actor, assessment.organization, Role.EDITOR)
    audited_delete(actor=actor, obj=assessment)


@transaction.atomic
def risk_accept(*, actor, system: System, flag: str, until, accepted_by_name: str, rationale: str):
    require_role(actor, system.organization, Role.EDITOR)
    if until <= timezone.localdate():
        raise ValidationError({"until": _("Choose a date in the future.")})
    return audited_create(
        actor=actor,
        model=RiskAcceptance,
        organization=system.organization,
        system=system,
        flag=flag,
        until=until,
        accepted_by=actor,
        accepted_by_name=accepted_by_name,
        rationale=rationale,
    )


@transaction.atomic
def risk_acceptance_withdraw(*, actor, acceptance: RiskAcceptance) -> None:
    require_role(actor, acceptance.organization, Role.EDITOR)
    audited_delete(actor=actor, obj=acceptance)


@transaction.atomic
def review_request_send(*, actor, system: System, message: str = "") -> ReviewRequest:
    """Ask a system's owner to review its record (shown in the app; the caller e-mails it)."""
    require_role(actor, system.organization, Role.EDITOR)
    if system.owner is None:
        raise ValidationError({"owner": _("Give the system an owner with an account first.")})
    return audited_create(
        actor=actor,
        model=ReviewRequest,
        organization=system.organization,
        system=system,
        requested_by=actor,
        requested_of=system.owner,
        message=message,
    )


@transaction.atomic
def review_requests_send_due(*, actor, organization, months: int, message: str = ""):
    """Ask every owner whose record was last reviewed ``months`` ago or more (or never), and
    who has no open request, to review it: one request per system, each audited."""
    from .selectors import systems_due_for_review

    require_role(actor, organization, Role.EDITOR)
    return [
        review_request_send(actor=actor, system=system, message=message)
        for system in systems_due_for_review(organization, months)
    ]


# --- initiatives -----------------------------------------------------------------------------


@transaction.atomic
def initiative_system_link(*, actor, initiative, system: System, relation: str, notes=""):
    require_role(actor, initiative.organization, Role.EDITOR)
    _same_org(initiative.organization, system=system)
    return audited_create(
        actor=actor,
        model=InitiativeSystem,
        organization=initiative.organization,
        initiative=initiative,
        system=system,
        relation=relation,
        notes=notes,
    )


@transaction.atomic
def initiative_system_unlink(*, actor, link: InitiativeSystem) -> None:
    require_role(actor, link.organization, Role.EDITOR)
    audited_delete(actor=actor, obj=link)


@transaction.atomic
def avoided_costs_add(*, actor, link: InitiativeSystem, option, lines) -> list:
    """Add a retired system's running costs to the successor's business case as benefit lines
    (``lines``: core ``AvoidedLine``s, as shown to the person before they confirmed)."""
    from civicshift.cases.services import line_create

    require_role(actor, link.organization, Role.EDITOR)
    if not link.is_successor:
        raise ValidationError(
            _("Only an initiative that replaces or retires a system avoids its costs.")
        )
    if option.organization_id != link.organization_id or option.case.initiative_id != (
        link.initiative_id
    ):
        raise ValidationError({"option": _("Choose an option of this initiative's case.")})
    horizon = option.case.horizon_years
    created = []
    for line in lines:
        if line.last_period > horizon:
            raise ValidationError(
                {"last_period": _("The case covers %(n)s years.") % {"n": horizon}}
            )
        created.append(
            line_create(
                actor=actor,
                option=option,
                name=line.name,
                kind="benefit",
                category=line.category,
                likely=line.amount,
                first_period=line.first_period,
                last_period=line.last_period,
            )
        )
    return created
