"""Write paths of the panel: members, conflict-of-interest declarations, opening the
proposals, pairwise judgments, blind scores (locked once submitted), the consensus, and the due
diligence. Every write checks who may do it and is audited in the same transaction.

Rules (docs/vendors.md): declarations come before the proposals open; a declared conflict
removes the member from that vendor's scoring; an evaluator writes only their own judgments and
scores; comments are required for the lowest and the highest score; after submitting, a score
changes only with a reason, recorded in the audit trail."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicshift.audit.services import audited_create, audited_delete, audited_update
from civicshift.core.decision.ahp import JudgmentError, judgment_value
from civicshift.orgs.permissions import membership_for, require_role
from civicshift.orgs.roles import Role

from .models import (
    Checklist,
    ConflictDeclaration,
    ConsensusScore,
    Criterion,
    DiligenceAnswer,
    Evaluation,
    Judgment,
    PanelMember,
    Proposal,
    ReferenceCheck,
    Score,
)

SCALE_LOW, SCALE_HIGH = 1, 5
#: The values a pairwise judgment may take, as stored and shown in the select.
SAATY_CHOICES = [f"1/{v}" for v in range(9, 1, -1)] + [str(v) for v in range(1, 10)]


def _require_self(actor, member: PanelMember) -> None:
    if actor is None or member.user_id != actor.pk:
        raise PermissionDenied(_("Only the evaluator themselves can do this."))
    require_role(actor, member.organization, Role.VIEWER)


@transaction.atomic
def panel_member_add(*, actor, evaluation: Evaluation, user) -> PanelMember:
    """Put a member of the organization (any role) on the panel."""
    require_role(actor, evaluation.organization, Role.EDITOR)
    if membership_for(user, evaluation.organization) is None:
        raise ValidationError({"user": _("Choose a member of this organization.")})
    if PanelMember.objects.filter(evaluation=evaluation, user=user).exists():
        raise ValidationError({"user": _("This person is already on the panel.")})
    return audited_create(
        actor=actor,
        model=PanelMember,
        organization=evaluation.organization,
        evaluation=evaluation,
        user=user,
    )


@transaction.atomic
def panel_member_remove(*, actor, member: PanelMember) -> None:
    require_role(actor, member.organization, Role.EDITOR)
    if member.scores.exists():
        raise ValidationError(_("This evaluator has scored; their scores stay on the record."))
    audited_delete(actor=actor, obj=member)


def proposal_vendors(evaluation: Evaluation):
    return [p.vendor for p in evaluation.proposals.select_related("vendor")]


@transaction.atomic
def declarations_submit(*, actor, member: PanelMember, answers: dict) -> list:
    """The member's declaration for every vendor with a proposal: ``{vendor: (has_conflict,
    explanation)}``. Once made, a declaration stays (a new conflict is raised with the
    procurement officer, who removes the member)."""
    _require_self(actor, member)
    if member.declared_at is not None:
        raise ValidationError(_("You have already declared; ask the procurement officer."))
    vendors = proposal_vendors(member.evaluation)
    if {v.pk for v in vendors} != {v.pk for v in answers}:
        raise ValidationError(_("Declare for every vendor that sent a proposal."))
    made = []
    for vendor in vendors:
        has_conflict, explanation = answers[vendor]
        if has_conflict and not (explanation or "").strip():
            raise ValidationError(_("Say what the conflict with “%(v)s” is.") % {"v": vendor.name})
        made.append(
            audited_create(
                actor=actor,
                model=ConflictDeclaration,
                organization=member.organization,
                member=member,
                vendor=vendor,
                has_conflict=bool(has_conflict),
                explanation=(explanation or "").strip(),
            )
        )
    audited_update(
        actor=actor, obj=member, declared_at=timezone.now(), reason=_("Conflicts declared.")
    )
    return made


@transaction.atomic
def proposals_open(*, actor, evaluation: Evaluation) -> Evaluation:
    """Open the proposals to the panel, once every member has declared."""
    require_role(actor, evaluation.organization, Role.EDITOR)
    if evaluation.proposals_opened_at is not None:
        return evaluation
    waiting = [m for m in evaluation.panel.all() if m.declared_at is None]
    if not evaluation.panel.exists():
        raise ValidationError(_("Put the evaluators on the panel first."))
    if waiting:
        raise ValidationError(
            _("%(n)d evaluator(s) have not declared their conflicts of interest yet.")
            % {"n": len(waiting)}
        )
    return audited_update(
        actor=actor,
        obj=evaluation,
        proposals_opened_at=timezone.now(),
        reason=_("Proposals opened to the panel."),
    )


def conflicted_vendor_ids(member: PanelMember) -> set[int]:
    return set(member.declarations.filter(has_conflict=True).values_list("vendor_id", flat=True))


def _siblings(first: Criterion, second: Criterion) -> None:
    if first.pk == second.pk:
        raise ValidationError(_("A criterion is not compared with itself."))
    if first.evaluation_id != second.evaluation_id or first.parent_id != second.parent_id:
        raise ValidationError(_("Only criteria of the same group are compared."))


@transaction.atomic
def judgment_set(*, actor, member: PanelMember, first: Criterion, second: Criterion, value: str):
    """One pairwise judgment of the member: ``first`` is ``value`` times as important as
    ``second`` (Saaty's 1–9, or 1/2…1/9). Stored once per pair, in the order given."""
    _require_self(actor, member)
    _siblings(first, second)
    if first.evaluation_id != member.evaluation_id:
        raise ValidationError(_("Choose criteria of this evaluation."))
    value = str(value).strip()
    if value not in SAATY_CHOICES:
        try:
            judgment_value(value, f"“{first.name}” against “{second.name}”")
        except JudgmentError as exc:
            raise ValidationError({"value": str(exc)}) from None
        raise ValidationError(
            {
                "value": _(
                    "“%(a)s” against “%(b)s”: choose a value of Saaty's scale "
                    "(1 to 9, or 1/2 to 1/9)."
                )
                % {"a": first.name, "b": second.name}
            }
        )
    Judgment.objects.filter(member=member, first=second, second=first).delete()
    existing = Judgment.objects.filter(member=member, first=first, second=second).first()
    if existing is None:
        return audited_create(
            actor=actor,
            model=Judgment,
            organization=member.organization,
            member=member,
            first=first,
            second=second,
            value=value,
        )
    if existing.value == value:
        return existing
    return audited_update(actor=actor, obj=existing, value=value)


def _check_score(member: PanelMember, proposal: Proposal, criterion: Criterion, value, comment):
    evaluation = member.evaluation
    if proposal.evaluation_id != evaluation.pk or criterion.evaluation_id != evaluation.pk:
        raise ValidationError(_("Choose a proposal and criterion of this evaluation."))
    if evaluation.proposals_opened_at is None:
        raise ValidationError(_("The proposals are not open for scoring yet."))
    if proposal.vendor_id in conflicted_vendor_ids(member):
        raise ValidationError(
            _("You declared a conflict of interest with “%(v)s”: you do not score its proposal.")
            % {"v": proposal.vendor.name}
        )
    if criterion.children.exists():
        raise ValidationError(_("“%(c)s” is scored through its parts.") % {"c": criterion.name})
    where = _("“%(c)s” for “%(v)s”") % {"c": criterion.name, "v": proposal.vendor.name}
    if not isinstance(value, int) or not SCALE_LOW <= value <= SCALE_HIGH:
        raise ValidationError(
            {"value": _("The score of %(w)s must be a whole number from 1 to 5.") % {"w": where}}
        )
    if value in (SCALE_LOW, SCALE_HIGH) and not (comment or "").strip():
        raise ValidationError(
            {
                "comment": _("A %(v)d for %(w)s needs a comment saying why.")
                % {"v": value, "w": where}
            }
        )


@transaction.atomic
def score_set(
    *,
    actor,
    member: PanelMember,
    proposal: Proposal,
    criterion: Criterion,
    value: int,
    comment: str = "",
    personal_note: str = "",
    reason: str = "",
    expected_version: int | None = None,
) -> Score:
    """The member's own score of one proposal on one criterion. Before submitting they may
    change it freely; after, only with a reason, which the audit trail keeps.
    ``expected_version``: the version a change starts from (the API's If-Match), checked in
    this transaction."""
    _require_self(actor, member)
    _check_score(member, proposal, criterion, value, comment)
    existing = Score.objects.filter(member=member, proposal=proposal, criterion=criterion).first()
    if member.submitted_at is not None and (existing is None or not (reason or "").strip()):
        raise ValidationError(
            {"reason": _("Your scores are submitted and locked: give the reason for the change.")}
        )
    fields = {"value": value, "comment": comment.strip(), "personal_note": personal_note.strip()}
    if existing is None:
        return audited_create(
            actor=actor,
            model=Score,
            organization=member.organization,
            member=member,
            proposal=proposal,
            criterion=criterion,
            **fields,
        )
    return audited_update(
        actor=actor,
        obj=existing,
        reason=reason.strip(),
        expected_version=expected_version,
        **fields,
    )


def scoring_cells(member: PanelMember):
    """Every (proposal, criterion) the member must score: leaf criteria × proposals of vendors
    they have no conflict with."""
    evaluation = member.evaluation
    conflicted = conflicted_vendor_ids(member)
    leaves = [
        c
        for c in Criterion.objects.filter(evaluation=evaluation).prefetch_related("children")
        if not c.children.all()
    ]
    proposals = [
        p for p in evaluation.proposals.select_related("vendor") if p.vendor_id not in conflicted
    ]
    return [(p, c) for p in proposals for c in leaves]


@transaction.atomic
def scores_submit(*, actor, member: PanelMember) -> PanelMember:
    """Submit the member's scores: every cell scored. They are locked from now on, and the
    member sees the others' submitted scores."""
    _require_self(actor, member)
    if member.submitted_at is not None:
        return member
    given = set(member.scores.values_list("proposal_id", "criterion_id"))
    missing = [(p, c) for p, c in scoring_cells(member) if (p.pk, c.pk) not in given]
    if missing:
        p, c = missing[0]
        raise ValidationError(
            _("%(n)d score(s) are missing, the first “%(c)s” for “%(v)s”.")
            % {"n": len(missing), "c": c.name, "v": p.vendor.name}
        )
    return audited_update(
        actor=actor,
        obj=member,
        submitted_at=timezone.now(),
        reason=_("Scores submitted and locked."),
    )


@transaction.atomic
def consensus_set(
    *,
    actor,
    proposal: Proposal,
    criterion: Criterion,
    value,
    rationale: str,
    expected_version: int | None = None,
) -> ConsensusScore:
    """The panel's agreed score with its rationale, entered by the procurement officer."""
    require_role(actor, proposal.organization, Role.EDITOR)
    if criterion.evaluation_id != proposal.evaluation_id:
        raise ValidationError(_("Choose a criterion of this evaluation."))
    where = _("“%(c)s” for “%(v)s”") % {"c": criterion.name, "v": proposal.vendor.name}
    if value is None or not SCALE_LOW <= value <= SCALE_HIGH:
        raise ValidationError(
            {"value": _("The consensus score of %(w)s must be from 1 to 5.") % {"w": where}}
        )
    if not (rationale or "").strip():
        raise ValidationError(
            {"rationale": _("Say why the panel agreed on this score for %(w)s.") % {"w": where}}
        )
    existing = ConsensusScore.objects.filter(proposal=proposal, criterion=criterion).first()
    if existing is None:
        return audited_create(
            actor=actor,
            model=ConsensusScore,
            organization=proposal.organization,
            proposal=proposal,
            criterion=criterion,
            value=value,
            rationale=rationale.strip(),
        )
    return audited_update(
        actor=actor,
        obj=existing,
        value=value,
        rationale=rationale.strip(),
        expected_version=expected_version,
    )


@transaction.atomic
def diligence_set(
    *,
    actor,
    proposal: Proposal,
    checklist: str,
    item: str,
    answer: str,
    value="",
    evidence="",
    evidence_document=None,
) -> DiligenceAnswer:
    """Record one answer; ``evidence_document`` is one of the proposal's own documents."""
    require_role(actor, proposal.organization, Role.EDITOR)
    if evidence_document is not None and evidence_document.proposal_id != proposal.pk:
        raise ValidationError(
            {"evidence_document": _("Choose one of this proposal's own documents.")}
        )
    if checklist not in Checklist.values:
        raise ValidationError({"checklist": _("Unknown checklist.")})
    from .diligence import items

    if item not in {i["id"] for i in items(checklist)}:
        raise ValidationError({"item": _("Unknown item “%(i)s”.") % {"i": item}})
    if answer not in {"yes", "partly", "no", "unknown"}:
        raise ValidationError({"answer": _("Answer yes, partly, no or not known yet.")})
    existing = DiligenceAnswer.objects.filter(
        proposal=proposal, checklist=checklist, item=item
    ).first()
    fields = {
        "answer": answer,
        "value": value,
        "evidence": evidence,
        "evidence_document": evidence_document,
    }
    if existing is None:
        return audited_create(
            actor=actor,
            model=DiligenceAnswer,
            organization=proposal.organization,
            proposal=proposal,
            checklist=checklist,
            item=item,
            **fields,
        )
    return audited_update(actor=actor, obj=existing, **fields)


@transaction.atomic
def reference_check_create(*, actor, proposal: Proposal, **fields) -> ReferenceCheck:
    require_role(actor, proposal.organization, Role.EDITOR)
    if not (fields.get("customer") or "").strip():
        raise ValidationError({"customer": _("Name the town, city or county you called.")})
    return audited_create(
        actor=actor,
        model=ReferenceCheck,
        organization=proposal.organization,
        proposal=proposal,
        **fields,
    )
