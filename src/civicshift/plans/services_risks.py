"""Write paths for the risk register: risks, mitigation actions and the issues risks become
(role checked, one transaction, audited)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicshift.audit.services import audited_create, audited_delete, audited_update
from civicshift.orgs.permissions import require_role
from civicshift.orgs.roles import Role

from .models import PlanTask, Risk, RiskAction, RiskIssue, RiskStatus
from .services import _same_org

# --- risks -----------------------------------------------------------------------------------


def library_risk_fields(risk) -> dict:
    """The register fields of a risk started from the library (a ``core.risk.Risk``, as
    ``LibraryRisk.to_risk`` or a plan template gives it): the library's mitigation becomes the
    contingency plan to adapt; cost and delay ranges when the entry has them."""
    fields = {
        "title": risk.title,
        "category": risk.category,
        "cause": risk.cause,
        "event": risk.event,
        "effect": risk.effect,
        "likelihood": risk.likelihood,
        "impact": risk.impact,
        "response": risk.response,
        "contingency_plan": risk.mitigation,
        "library_id": risk.library_id,
    }
    if risk.cost is not None:
        fields.update(
            cost_low=Decimal(round(risk.cost.low)),
            cost_likely=Decimal(round(risk.cost.likely)),
            cost_high=Decimal(round(risk.cost.high)),
        )
    if risk.schedule is not None:
        fields.update(
            delay_low_days=Decimal(str(risk.schedule.low)),
            delay_likely_days=Decimal(str(risk.schedule.likely)),
            delay_high_days=Decimal(str(risk.schedule.high)),
        )
    return fields


def _check_risk_tasks(organization, initiative, tasks) -> None:
    for task in tasks or ():
        _same_org(organization, tasks=task)
        if initiative is None or task.plan.initiative_id != initiative.pk:
            raise ValidationError({"tasks": _("Choose tasks of this initiative's plan.")})


@transaction.atomic
def risk_create(*, actor, organization, initiative=None, **fields) -> Risk:
    require_role(actor, organization, Role.EDITOR)
    _same_org(organization, initiative=initiative, owner=None)
    _check_risk_tasks(organization, initiative, fields.get("tasks"))
    return audited_create(
        actor=actor, model=Risk, organization=organization, initiative=initiative, **fields
    )


@transaction.atomic
def risks_from_library(
    *, actor, organization, initiative=None, library_ids, budget=None
) -> list[Risk]:
    """Add library entries to a register (an initiative's, or the programme's with no
    initiative) as **drafts**: they count in no reserve, buffer or simulation until someone
    reviews one and sets it to Open. Entries already in that register are skipped (the result
    holds only the new risks); an unknown id refuses the whole request. Cost ranges are the
    entry's shares of ``budget`` when given, else left empty to fill in."""
    from civicshift.core.risk_library import load_library

    require_role(actor, organization, Role.EDITOR)
    _same_org(organization, initiative=initiative)
    library = load_library()
    known = {entry.id: entry for entry in library.risks}
    wanted = list(dict.fromkeys(str(i) for i in library_ids))
    if not wanted:
        raise ValidationError({"library_ids": _("Choose at least one risk from the library.")})
    unknown = [i for i in wanted if i not in known]
    if unknown:
        message = _("The risk library has no entry %(ids)s.") % {"ids": ", ".join(unknown)}
        raise ValidationError({"library_ids": message})
    present = set(
        Risk.objects.for_org(organization)
        .filter(initiative=initiative, library_id__in=wanted)
        .values_list("library_id", flat=True)
    )
    created = []
    for entry_id in wanted:
        if entry_id in present:
            continue
        core_risk = known[entry_id].to_risk(
            entry_id, budget=None if budget is None else float(budget)
        )
        created.append(
            audited_create(
                actor=actor,
                model=Risk,
                organization=organization,
                initiative=initiative,
                status=RiskStatus.DRAFT,
                reason=_("Added from the risk library."),
                **library_risk_fields(core_risk),
            )
        )
    return created


@transaction.atomic
def risk_update(*, actor, risk: Risk, expected_version=None, **fields) -> Risk:
    require_role(actor, risk.organization, Role.EDITOR)
    initiative = fields.get("initiative", risk.initiative)
    _same_org(risk.organization, initiative=initiative)
    tasks = fields.get("tasks")
    if tasks is None and "initiative" in fields and initiative != risk.initiative:
        tasks = list(risk.tasks.all())
    _check_risk_tasks(risk.organization, initiative, tasks)
    return audited_update(actor=actor, obj=risk, expected_version=expected_version, **fields)


@transaction.atomic
def risk_delete(*, actor, risk: Risk) -> None:
    require_role(actor, risk.organization, Role.EDITOR)
    reason = _("Its risk was deleted.")
    for action in list(risk.actions.all()):
        audited_delete(actor=actor, obj=action, reason=reason)
    for issue in list(risk.issues.all()):
        audited_update(actor=actor, obj=issue, risk=None, reason=reason)
    audited_delete(actor=actor, obj=risk)


@transaction.atomic
def risk_occurred(*, actor, risk: Risk, title: str = "") -> RiskIssue:
    """The risk happened: it becomes an issue, linked to it, and leaves the open register.
    Only an open risk can happen (a draft is reviewed first; an occurred one has its issue)."""
    require_role(actor, risk.organization, Role.EDITOR)
    if risk.status != RiskStatus.OPEN:
        raise ValidationError(
            {
                "status": _("Only an open risk can happen; this one is “%(status)s”.")
                % {"status": risk.get_status_display()}
            }
        )
    audited_update(actor=actor, obj=risk, status=RiskStatus.OCCURRED, reason=_("It happened."))
    return audited_create(
        actor=actor,
        model=RiskIssue,
        organization=risk.organization,
        initiative=risk.initiative,
        risk=risk,
        title=(title or "").strip() or risk.title,
        raised_on=timezone.localdate(),
        owner=risk.owner,
    )


@transaction.atomic
def risk_action_create(*, actor, risk: Risk, task: PlanTask | None = None, **fields):
    require_role(actor, risk.organization, Role.EDITOR)
    if task is not None:
        _check_risk_tasks(risk.organization, risk.initiative, [task])
    return audited_create(
        actor=actor,
        model=RiskAction,
        organization=risk.organization,
        risk=risk,
        task=task,
        **fields,
    )


@transaction.atomic
def risk_action_update(*, actor, action: RiskAction, expected_version=None, **fields):
    require_role(actor, action.organization, Role.EDITOR)
    if fields.get("task") is not None:
        _check_risk_tasks(action.organization, action.risk.initiative, [fields["task"]])
    return audited_update(actor=actor, obj=action, expected_version=expected_version, **fields)


@transaction.atomic
def risk_action_delete(*, actor, action: RiskAction) -> None:
    require_role(actor, action.organization, Role.EDITOR)
    audited_delete(actor=actor, obj=action)


@transaction.atomic
def issue_update(*, actor, issue: RiskIssue, expected_version=None, **fields) -> RiskIssue:
    require_role(actor, issue.organization, Role.EDITOR)
    return audited_update(actor=actor, obj=issue, expected_version=expected_version, **fields)
