"""Write paths for working calendars and their exceptions (role checked, one transaction,
audited)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civicshift.audit.services import audited_create, audited_delete, audited_update
from civicshift.orgs.permissions import require_role
from civicshift.orgs.roles import Role

from . import selectors
from .models import STANDARD_WEEK, CalendarException, Plan, PlanTask, WorkCalendar

# --- calendars -------------------------------------------------------------------------------


@transaction.atomic
def calendar_create(*, actor, organization, name: str, week=None, is_default=False, **fields):
    require_role(actor, organization, Role.EDITOR)
    if is_default:
        WorkCalendar.objects.for_org(organization).filter(is_default=True).update(is_default=False)
    return audited_create(
        actor=actor,
        model=WorkCalendar,
        organization=organization,
        name=name,
        week=[list(map(list, day)) for day in (week or STANDARD_WEEK)],
        is_default=is_default,
        **fields,
    )


def ensure_default_calendar(*, actor, organization) -> WorkCalendar:
    """The organization's default calendar, made (Monday–Friday, 08:00–12:00 and
    13:00–17:00, Microsoft Project's Standard) the first time a plan needs one."""
    return selectors.default_calendar(organization) or calendar_create(
        actor=actor, organization=organization, name=_("Standard"), is_default=True
    )


@transaction.atomic
def calendar_update(*, actor, calendar: WorkCalendar, expected_version=None, **fields):
    require_role(actor, calendar.organization, Role.EDITOR)
    if fields.get("is_default"):
        WorkCalendar.objects.for_org(calendar.organization).filter(is_default=True).exclude(
            pk=calendar.pk
        ).update(is_default=False)
    return audited_update(actor=actor, obj=calendar, expected_version=expected_version, **fields)


@transaction.atomic
def calendar_delete(*, actor, calendar: WorkCalendar) -> None:
    require_role(actor, calendar.organization, Role.EDITOR)
    org = calendar.organization
    if calendar.is_default:
        raise ValidationError(
            _("The default calendar is in use by every plan; choose another first.")
        )
    in_use = Plan.objects.for_org(org).filter(calendar=calendar).exists() or (
        PlanTask.objects.for_org(org).filter(calendar=calendar).exists()
    )
    if in_use:
        raise ValidationError(_("Plans or tasks use this calendar; change them first."))
    reason = _("Its calendar was deleted.")
    for exception in list(calendar.exceptions.all()):
        audited_delete(actor=actor, obj=exception, reason=reason)
    audited_delete(actor=actor, obj=calendar)


@transaction.atomic
def calendar_exception_create(*, actor, calendar: WorkCalendar, **fields) -> CalendarException:
    require_role(actor, calendar.organization, Role.EDITOR)
    fields.setdefault("finish", fields.get("start"))
    return audited_create(
        actor=actor,
        model=CalendarException,
        organization=calendar.organization,
        calendar=calendar,
        **fields,
    )


@transaction.atomic
def calendar_exception_delete(*, actor, exception: CalendarException) -> None:
    require_role(actor, exception.organization, Role.EDITOR)
    audited_delete(actor=actor, obj=exception)
