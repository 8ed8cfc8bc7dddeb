"""Write paths for initiatives: create, edit, delete, and move along the status lifecycle."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from civicshift.audit.models import Action
from civicshift.audit.services import (
    audited_create,
    audited_delete,
    audited_update,
    record_event,
)
from civicshift.core.lifecycle import FINISHED, TransitionError, allowed_targets, check_transition
from civicshift.orgs.models import Membership, Organization
from civicshift.orgs.permissions import require_role
from civicshift.orgs.roles import Role

from .models import Initiative, Status, StatusChange, Tag


def _tags_for(organization: Organization, names: Iterable[str], actor) -> list[Tag]:
    tags = []
    for raw in names:
        name = raw.strip()
        if not name:
            continue
        tag = Tag.objects.for_org(organization).filter(name__iexact=name).first()
        if tag is None:
            tag = audited_create(actor=actor, model=Tag, organization=organization, name=name[:50])
        tags.append(tag)
    return tags


def _check_related(organization: Organization, fields: dict, current_owner_id=None) -> None:
    """Departments, goals and the owner must belong to the same organization. An owner who has
    since left the organization may stay owner until someone picks another."""
    for name in ("sponsor_departments", "goals"):
        for obj in fields.get(name) or []:
            if obj.organization_id != organization.pk:
                raise ValidationError({name: _("Choose from this organization's list.")})
    owner = fields.get("owner")
    if owner is None or owner.pk == current_owner_id:
        return
    if not Membership.objects.for_org(organization).filter(user=owner).exists():
        raise ValidationError({"owner": _("The owner must be a member of this organization.")})


@transaction.atomic
def initiative_create(
    *, actor, organization: Organization, tag_names: Iterable[str] = (), **fields
) -> Initiative:
    require_role(actor, organization, Role.EDITOR)
    _check_related(organization, fields)
    fields["tags"] = _tags_for(organization, tag_names, actor)
    return audited_create(actor=actor, model=Initiative, organization=organization, **fields)


@transaction.atomic
def initiative_update(
    *,
    actor,
    initiative: Initiative,
    tag_names: Iterable[str] | None = None,
    expected_version: int | None = None,
    **fields,
) -> Initiative:
    require_role(actor, initiative.organization, Role.EDITOR)
    _check_related(initiative.organization, fields, current_owner_id=initiative.owner_id)
    if tag_names is not None:
        fields["tags"] = _tags_for(initiative.organization, tag_names, actor)
    return audited_update(actor=actor, obj=initiative, expected_version=expected_version, **fields)


@transaction.atomic
def initiative_delete(*, actor, initiative: Initiative) -> None:
    require_role(actor, initiative.organization, Role.EDITOR)
    audited_delete(actor=actor, obj=initiative)


def _transition_message(exc: TransitionError) -> str:
    """The lifecycle's refusal in the user's language, with the statuses' display names."""
    current, target = Status(exc.current.value).label, Status(exc.target.value).label
    if exc.current == exc.target:
        return _("The initiative is already “%(current)s”.") % {"current": current}
    if exc.current in FINISHED:
        return _("A finished initiative (%(current)s) cannot change status.") % {"current": current}
    allowed = allowed_targets(exc.current, exc.resume_to)
    return _(
        "An initiative cannot go from “%(current)s” to “%(target)s”; allowed next: %(allowed)s."
    ) % {
        "current": current,
        "target": target,
        "allowed": ", ".join(str(Status(s.value).label) for s in allowed),
    }


@transaction.atomic
def initiative_change_status(
    *, actor, initiative: Initiative, to_status: str, reason: str
) -> StatusChange:
    """Move an initiative along its lifecycle, recording who, when and why."""
    require_role(actor, initiative.organization, Role.EDITOR)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the status changes; the record keeps it.")})
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    try:
        target = check_transition(
            initiative.status, to_status, initiative.status_before_hold or None
        )
    except TransitionError as exc:
        raise ValidationError({"to_status": _transition_message(exc)}) from exc
    from_status = initiative.status
    before_hold = initiative.status if target == Status.ON_HOLD else ""
    Initiative.objects.filter(pk=initiative.pk).update(
        status=target.value,
        status_before_hold=before_hold,
        updated_at=timezone.now(),
        version=F("version") + 1,  # a copy opened before the status change is out of date
    )
    initiative.refresh_from_db()
    change = StatusChange.objects.create(
        organization=initiative.organization,
        initiative=initiative,
        from_status=from_status,
        to_status=target.value,
        reason=reason,
        changed_by=actor,
    )
    record_event(
        actor=actor,
        organization=initiative.organization,
        action=Action.STATUS,
        obj=initiative,
        changes={"status": [from_status, target.value]},
        reason=reason,
    )
    return change
