"""Write paths for the people side of an initiative: stakeholders, ADKAR-style ratings, the
change-impact assessment's groups, the change and communications plan's activities and the
resistance responses. Each checks the role, keeps every reference inside the same initiative,
and writes the audit record in the same transaction. Sending an activity to the initiative's
plan is in ``services_plan``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civicshift.audit.services import audited_create, audited_delete, audited_update
from civicshift.orgs.permissions import require_role
from civicshift.orgs.roles import Role

from .models import (
    AdkarRating,
    CommsActivity,
    ImpactGroup,
    ResistanceResponse,
    Stakeholder,
    Stance,
)


def _same_org(organization, **objects) -> None:
    for name, obj in objects.items():
        if obj is not None and obj.organization_id != organization.pk:
            raise ValidationError({name: _("Choose one of this organization's records.")})


def _same_initiative(initiative, **objects) -> None:
    for name, obj in objects.items():
        if obj is not None and obj.initiative_id != initiative.pk:
            raise ValidationError({name: _("Choose a stakeholder of this initiative.")})


def _create(actor, model, initiative, **fields):
    organization = initiative.organization
    require_role(actor, organization, Role.EDITOR)
    _same_org(
        organization, department=fields.get("department"), stakeholder=fields.get("stakeholder")
    )
    _same_initiative(initiative, stakeholder=fields.get("stakeholder"))
    return audited_create(
        actor=actor, model=model, organization=organization, initiative=initiative, **fields
    )


def _update(actor, obj, expected_version, **fields):
    require_role(actor, obj.organization, Role.EDITOR)
    fields.pop("initiative", None)  # a row stays with its initiative
    _same_org(
        obj.organization, department=fields.get("department"), stakeholder=fields.get("stakeholder")
    )
    _same_initiative(obj.initiative, stakeholder=fields.get("stakeholder"))
    return audited_update(actor=actor, obj=obj, expected_version=expected_version, **fields)


# --- stakeholders ----------------------------------------------------------------------------


@transaction.atomic
def stakeholder_create(*, actor, initiative, **fields) -> Stakeholder:
    return _create(actor, Stakeholder, initiative, **fields)


@transaction.atomic
def stakeholder_update(
    *, actor, stakeholder: Stakeholder, expected_version: int | None = None, **fields
) -> Stakeholder:
    return _update(actor, stakeholder, expected_version, **fields)


@transaction.atomic
def stakeholder_delete(*, actor, stakeholder: Stakeholder) -> None:
    """Delete a stakeholder and, each with its own audit record, the resistance responses to
    them; their ADKAR ratings stay, no longer linked to them."""
    organization = stakeholder.organization
    require_role(actor, organization, Role.EDITOR)
    reason = _("Its stakeholder was deleted.")
    for response in list(
        ResistanceResponse.objects.for_org(organization).filter(stakeholder=stakeholder)
    ):
        audited_delete(actor=actor, obj=response, reason=reason)
    for rating in list(AdkarRating.objects.for_org(organization).filter(stakeholder=stakeholder)):
        audited_update(actor=actor, obj=rating, stakeholder=None, reason=reason)
    audited_delete(actor=actor, obj=stakeholder)


# --- ADKAR-style ratings ---------------------------------------------------------------------


@transaction.atomic
def adkar_rating_create(*, actor, initiative, **fields) -> AdkarRating:
    return _create(actor, AdkarRating, initiative, **fields)


@transaction.atomic
def adkar_rating_update(
    *, actor, rating: AdkarRating, expected_version: int | None = None, **fields
) -> AdkarRating:
    return _update(actor, rating, expected_version, **fields)


@transaction.atomic
def adkar_rating_delete(*, actor, rating: AdkarRating) -> None:
    require_role(actor, rating.organization, Role.EDITOR)
    audited_delete(actor=actor, obj=rating)


# --- change-impact assessment ----------------------------------------------------------------


@transaction.atomic
def impact_group_create(*, actor, initiative, **fields) -> ImpactGroup:
    return _create(actor, ImpactGroup, initiative, **fields)


@transaction.atomic
def impact_group_update(
    *, actor, group: ImpactGroup, expected_version: int | None = None, **fields
) -> ImpactGroup:
    return _update(actor, group, expected_version, **fields)


@transaction.atomic
def impact_group_delete(*, actor, group: ImpactGroup) -> None:
    require_role(actor, group.organization, Role.EDITOR)
    audited_delete(actor=actor, obj=group)


# --- change and communications plan ----------------------------------------------------------


@transaction.atomic
def activity_create(*, actor, initiative, **fields) -> CommsActivity:
    fields.pop("task", None)  # only "send to the plan" links a task
    return _create(actor, CommsActivity, initiative, **fields)


@transaction.atomic
def activity_update(
    *, actor, activity: CommsActivity, expected_version: int | None = None, **fields
) -> CommsActivity:
    fields.pop("task", None)
    return _update(actor, activity, expected_version, **fields)


@transaction.atomic
def activity_delete(*, actor, activity: CommsActivity) -> None:
    """Delete the activity; a task it was sent to stays in the plan (the plan owns it)."""
    require_role(actor, activity.organization, Role.EDITOR)
    audited_delete(actor=actor, obj=activity)


# --- resistance-management plan --------------------------------------------------------------

RESISTING = (Stance.RESISTANT, Stance.SCEPTICAL)


def _check_resisting(stakeholder) -> None:
    if stakeholder is not None and stakeholder.current_stance not in RESISTING:
        raise ValidationError(
            {
                "stakeholder": _(
                    "“%(name)s” is %(stance)s now: the resistance plan is for resistant or "
                    "sceptical stakeholders. Change their stance first if it has changed."
                )
                % {
                    "name": stakeholder.name,
                    "stance": stakeholder.get_current_stance_display().lower(),
                }
            }
        )


@transaction.atomic
def resistance_response_create(*, actor, initiative, **fields) -> ResistanceResponse:
    stakeholder = fields.get("stakeholder")
    if stakeholder is None:
        raise ValidationError({"stakeholder": _("Choose the stakeholder this answers.")})
    _same_org(initiative.organization, stakeholder=stakeholder)
    _same_initiative(initiative, stakeholder=stakeholder)
    _check_resisting(stakeholder)
    return _create(actor, ResistanceResponse, initiative, **fields)


@transaction.atomic
def resistance_response_update(
    *, actor, resistance: ResistanceResponse, expected_version: int | None = None, **fields
) -> ResistanceResponse:
    stakeholder = fields.get("stakeholder")
    if stakeholder is not None and stakeholder.pk != resistance.stakeholder_id:
        _same_org(resistance.organization, stakeholder=stakeholder)
        _same_initiative(resistance.initiative, stakeholder=stakeholder)
        _check_resisting(stakeholder)
    return _update(actor, resistance, expected_version, **fields)


@transaction.atomic
def resistance_response_delete(*, actor, resistance: ResistanceResponse) -> None:
    require_role(actor, resistance.organization, Role.EDITOR)
    audited_delete(actor=actor, obj=resistance)
