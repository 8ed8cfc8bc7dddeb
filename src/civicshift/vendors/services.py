"""Write paths of an evaluation: the solicitation, milestones (and their plan tasks),
proposals and their documents, the criteria tree and its typed weights. Every write checks the
role and writes the audit record in the same transaction. The panel's writes are in
``services_panel``."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civicshift.audit.services import audited_create, audited_delete, audited_update
from civicshift.formats import safety
from civicshift.orgs.permissions import require_role
from civicshift.orgs.roles import Role

from .models import (
    Criterion,
    Evaluation,
    Milestone,
    Proposal,
    ProposalDocument,
    Solicitation,
    Vendor,
    WeightMethod,
)
from .starter import starter_criteria

EVALUATION_FIELDS = {
    "title",
    "solicitation",
    "cooperative_contract",
    "justification",
    "weight_method",
    "random_index",
    "price_points",
    "withhold_personal_notes",
}


def _check_evaluation(organization, fields: dict) -> None:
    unknown = set(fields) - EVALUATION_FIELDS
    if unknown:
        raise ValidationError(_("These fields cannot be set: %s") % ", ".join(sorted(unknown)))
    contract = fields.get("cooperative_contract")
    if contract is not None and contract.organization_id != organization.pk:
        raise ValidationError({"cooperative_contract": _("Choose from your vendors' contracts.")})
    kind = fields.get("solicitation")
    justification = (fields.get("justification") or "").strip()
    if kind == Solicitation.SOLE_SOURCE and not justification:
        raise ValidationError(
            {"justification": _("A sole-source purchase needs a written justification.")}
        )
    if kind == Solicitation.COOPERATIVE:
        if contract is None:
            raise ValidationError(
                {"cooperative_contract": _("Name the cooperative contract you buy from.")}
            )
        if not justification:
            raise ValidationError(
                {
                    "justification": _(
                        "Say why buying from this cooperative contract is allowed and best value."
                    )
                }
            )
    if kind not in (Solicitation.COOPERATIVE, None) and contract is not None:
        fields["cooperative_contract"] = None


@transaction.atomic
def evaluation_create(*, actor, initiative, **fields) -> Evaluation:
    require_role(actor, initiative.organization, Role.EDITOR)
    fields.setdefault("solicitation", Solicitation.RFP)
    _check_evaluation(initiative.organization, fields)
    return audited_create(
        actor=actor,
        model=Evaluation,
        organization=initiative.organization,
        initiative=initiative,
        **fields,
    )


@transaction.atomic
def evaluation_update(*, actor, evaluation: Evaluation, expected_version=None, **fields):
    require_role(actor, evaluation.organization, Role.EDITOR)
    merged = {
        "solicitation": evaluation.solicitation,
        "cooperative_contract": evaluation.cooperative_contract,
        "justification": evaluation.justification,
        **fields,
    }
    _check_evaluation(evaluation.organization, merged)
    fields = {k: merged[k] for k in fields} | (
        {"cooperative_contract": merged["cooperative_contract"]}
        if "cooperative_contract" in merged
        else {}
    )
    return audited_update(actor=actor, obj=evaluation, expected_version=expected_version, **fields)


# Milestones -----------------------------------------------------------------------------------


@transaction.atomic
def milestone_set(*, actor, evaluation: Evaluation, kind: str, date) -> Milestone:
    """Set the date of one step (made the first time, moved after)."""
    require_role(actor, evaluation.organization, Role.EDITOR)
    existing = (
        Milestone.objects.for_org(evaluation.organization)
        .filter(evaluation=evaluation, kind=kind)
        .first()
    )
    if existing is None:
        return audited_create(
            actor=actor,
            model=Milestone,
            organization=evaluation.organization,
            evaluation=evaluation,
            kind=kind,
            date=date,
        )
    return audited_update(actor=actor, obj=existing, date=date)


def milestone_task_preview(milestone: Milestone) -> dict:
    """What ``milestone_to_task`` would do, for the confirm step."""
    plan = getattr(milestone.evaluation.initiative, "plan", None)
    return {
        "plan": plan,
        "existing": milestone.task,
        "name": _task_name(milestone),
        "date": milestone.date,
    }


def _task_name(milestone: Milestone) -> str:
    return f"{milestone.evaluation.title}: {milestone.get_kind_display()}"


@transaction.atomic
def milestone_to_task(*, actor, milestone: Milestone):
    """Add the milestone to the initiative's plan as a milestone task fixed to its date; a
    milestone already in the plan gets its task's date and name brought up to date instead
    (so pressing twice adds nothing)."""
    from civicshift.plans.services import task_create, task_update

    require_role(actor, milestone.organization, Role.EDITOR)
    plan = getattr(milestone.evaluation.initiative, "plan", None)
    if plan is None:
        raise ValidationError(
            _("This initiative has no plan yet: make the plan first, then add the milestone.")
        )
    fields = {
        "name": _task_name(milestone),
        "duration_minutes": 0,
        "milestone": True,
        "constraint": "MSO",
        "constraint_date": datetime.combine(milestone.date, time(9, 0)),
    }
    task = milestone.task
    if task is not None and task.plan_id == plan.pk:
        return task_update(actor=actor, task=task, **fields)
    task = task_create(actor=actor, plan=plan, **fields)
    audited_update(actor=actor, obj=milestone, task=task)
    return task


# Proposals and their documents ----------------------------------------------------------------

PROPOSAL_FIELDS = {"price", "one_time_cost", "annual_cost", "received_on", "notes"}


def _check_costs(fields: dict) -> None:
    for name in ("price", "one_time_cost", "annual_cost"):
        if fields.get(name) is not None and fields[name] < 0:
            raise ValidationError({name: _("A cost cannot be negative.")})


@transaction.atomic
def proposal_create(*, actor, evaluation: Evaluation, vendor: Vendor, **fields) -> Proposal:
    require_role(actor, evaluation.organization, Role.EDITOR)
    if vendor.organization_id != evaluation.organization_id:
        raise ValidationError({"vendor": _("Choose a vendor from your registry.")})
    if set(fields) - PROPOSAL_FIELDS:
        raise ValidationError(
            _("Unknown fields: %s") % ", ".join(sorted(set(fields) - PROPOSAL_FIELDS))
        )
    if Proposal.objects.filter(evaluation=evaluation, vendor=vendor).exists():
        raise ValidationError({"vendor": _("This vendor's proposal is already recorded.")})
    _check_costs(fields)
    return audited_create(
        actor=actor,
        model=Proposal,
        organization=evaluation.organization,
        evaluation=evaluation,
        vendor=vendor,
        **fields,
    )


@transaction.atomic
def proposal_update(*, actor, proposal: Proposal, expected_version=None, **fields):
    require_role(actor, proposal.organization, Role.EDITOR)
    if set(fields) - PROPOSAL_FIELDS:
        raise ValidationError(
            _("Unknown fields: %s") % ", ".join(sorted(set(fields) - PROPOSAL_FIELDS))
        )
    _check_costs(fields)
    return audited_update(actor=actor, obj=proposal, expected_version=expected_version, **fields)


#: Proposal documents: 20 MB each, and these kinds only (found from the contents).
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
_ZIP_KINDS = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def document_kind(data: bytes, filename: str) -> str:
    """The content type of an accepted proposal document, found from its first bytes; a zip
    (Word, Excel, PowerPoint) has its directory checked first. Refused with the file named."""
    lower = filename.lower()
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"PK"):
        safety.check_zip(data, name=filename, not_a_zip=_("not a Word, Excel or PDF file."))
        for ext, kind in _ZIP_KINDS.items():
            if lower.endswith(ext):
                return kind
        raise safety.UnsafeFileError(
            filename, _("a zip archive; upload the documents themselves (PDF, Word or Excel).")
        )
    if lower.endswith((".txt", ".csv")):
        safety.decode_text(data, name=filename)
        return "text/plain"
    raise safety.UnsafeFileError(
        filename, _("not a PDF, Word, Excel, PowerPoint or plain-text file.")
    )


@transaction.atomic
def document_upload(*, actor, proposal: Proposal, upload, filename: str | None = None):
    """Store one uploaded document of a proposal after the safety checks (size, kind, zip
    directory). ``UnsafeFileError`` is turned into a ``ValidationError`` naming the file."""
    require_role(actor, proposal.organization, Role.EDITOR)
    name = (filename or getattr(upload, "name", "") or "document")[:200]
    try:
        data = safety.read_bounded(upload, max_bytes=MAX_DOCUMENT_BYTES, name=name)
        kind = document_kind(data, name)
    except safety.UnsafeFileError as exc:
        raise ValidationError({"file": str(exc)}) from None
    return audited_create(
        actor=actor,
        model=ProposalDocument,
        organization=proposal.organization,
        proposal=proposal,
        filename=name,
        content_type=kind,
        size=len(data),
        content=data,
    )


@transaction.atomic
def document_delete(*, actor, document: ProposalDocument) -> None:
    require_role(actor, document.organization, Role.EDITOR)
    audited_delete(actor=actor, obj=document)


# Criteria -------------------------------------------------------------------------------------

CRITERION_FIELDS = {
    "name",
    "description",
    "weight",
    "anchor_low",
    "anchor_mid",
    "anchor_high",
    "position",
}


@transaction.atomic
def criterion_create(*, actor, evaluation: Evaluation, parent=None, **fields) -> Criterion:
    require_role(actor, evaluation.organization, Role.EDITOR)
    if parent is not None and parent.evaluation_id != evaluation.pk:
        raise ValidationError({"parent": _("Choose a criterion of this evaluation.")})
    if set(fields) - CRITERION_FIELDS:
        raise ValidationError(
            _("Unknown fields: %s") % ", ".join(sorted(set(fields) - CRITERION_FIELDS))
        )
    if "position" not in fields:
        fields["position"] = Criterion.objects.filter(evaluation=evaluation, parent=parent).count()
    return audited_create(
        actor=actor,
        model=Criterion,
        organization=evaluation.organization,
        evaluation=evaluation,
        parent=parent,
        **fields,
    )


@transaction.atomic
def criterion_update(*, actor, criterion: Criterion, expected_version=None, **fields):
    require_role(actor, criterion.organization, Role.EDITOR)
    if set(fields) - CRITERION_FIELDS:
        raise ValidationError(
            _("Unknown fields: %s") % ", ".join(sorted(set(fields) - CRITERION_FIELDS))
        )
    return audited_update(actor=actor, obj=criterion, expected_version=expected_version, **fields)


@transaction.atomic
def criterion_delete(*, actor, criterion: Criterion) -> None:
    require_role(actor, criterion.organization, Role.EDITOR)
    if criterion.scores.exists():
        raise ValidationError(_("“%(c)s” has scores; it stays.") % {"c": criterion.name})
    audited_delete(actor=actor, obj=criterion)


@transaction.atomic
def criteria_load_starter(*, actor, evaluation: Evaluation) -> list[Criterion]:
    """Copy the starter criteria set into an evaluation that has no criteria yet. Loading it
    into an evaluation that already has criteria is refused (nothing is doubled)."""
    require_role(actor, evaluation.organization, Role.EDITOR)
    if Criterion.objects.filter(evaluation=evaluation).exists():
        raise ValidationError(
            _("This evaluation already has criteria; the starter set is for an empty one.")
        )
    made = []

    def add(entries, parent):
        for position, entry in enumerate(entries):
            fields = {k: v for k, v in entry.items() if k != "children"}
            criterion = criterion_create(
                actor=actor, evaluation=evaluation, parent=parent, position=position, **fields
            )
            made.append(criterion)
            add(entry["children"], criterion)

    add(starter_criteria()["criteria"], None)
    return made


def _group_label(parent) -> str:
    return (
        _("the main criteria") if parent is None else _("the parts of “%(c)s”") % {"c": parent.name}
    )


@transaction.atomic
def weights_set_typed(*, actor, evaluation: Evaluation, parent, weights: dict) -> None:
    """Set the typed weights of one group of sibling criteria (``{criterion: percent}``).
    They must be every sibling of the group and add up to 100 %; refused otherwise, naming the
    group."""
    require_role(actor, evaluation.organization, Role.EDITOR)
    siblings = list(Criterion.objects.filter(evaluation=evaluation, parent=parent))
    if {c.pk for c in siblings} != {c.pk for c in weights}:
        raise ValidationError(
            _("Give a weight to every criterion of %(g)s.") % {"g": _group_label(parent)}
        )
    for criterion, value in weights.items():
        if value is None or value < 0 or value > 100:
            raise ValidationError(
                _("The weight of “%(c)s” must be between 0 and 100 %%.") % {"c": criterion.name}
            )
    total = sum(weights.values(), Decimal(0))
    if abs(total - Decimal(100)) > Decimal("0.01"):
        raise ValidationError(
            _("The weights of %(g)s add up to %(t)s %%, not 100 %%.")
            % {"g": _group_label(parent), "t": f"{total:.2f}".rstrip("0").rstrip(".")}
        )
    for criterion, value in weights.items():
        if criterion.weight != value:
            audited_update(actor=actor, obj=criterion, weight=value)


@transaction.atomic
def weights_apply_ahp(*, actor, evaluation: Evaluation) -> list[str]:
    """Make the weights the panel's AHP judgments give (geometric mean of every evaluator who
    judged all of a group) the criteria's weights, which the ranking, the score workbook and the
    memo use. Each changed weight is audited. A group whose judgments contradict each other
    (CR above 0.10) is refused, naming it; a group nobody has judged completely keeps its
    weights, and its name is returned."""
    from .selectors import ahp_groups

    require_role(actor, evaluation.organization, Role.EDITOR)
    if evaluation.weight_method != WeightMethod.AHP:
        raise ValidationError(_("This evaluation's weights are typed, not derived by AHP."))
    groups = ahp_groups(evaluation)
    for group in groups:
        if group.warn:  # CR above CR_THRESHOLD (0.10)
            raise ValidationError(
                _(
                    "The comparisons of %(g)s contradict each other (consistency ratio "
                    "%(cr).3f, above 0.10): revisit them before using their weights."
                )
                % {"g": _group_label(group.parent), "cr": group.result.cr}
            )
    kept = []
    for group in groups:
        if group.result is None:
            kept.append(_group_label(group.parent))
            continue
        weights_set_typed(
            actor=actor,
            evaluation=evaluation,
            parent=group.parent,
            weights=dict(zip(group.criteria, group.percents, strict=True)),
        )
    return kept
