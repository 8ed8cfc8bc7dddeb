"""The award recommendation: the procurement officer's choice of the proposal to recommend for
award, with the written reasons, recorded once the panel's consensus is complete.

Rules (docs/vendors.md, "Recommending the award"): editors and administrators record it; the
proposal must be one of this evaluation's; an RFI has no award; with criteria, every proposal
needs its consensus score on every criterion first (the ranking the recommendation rests on is
then complete); a cooperative purchase or a sole source without criteria rests on its written
justification. The change is audited (reason "Award recommended."); the award memo cites that
event, found by the fields it changed (``memo_data.award_event``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civicshift.audit.services import audited_update
from civicshift.orgs.permissions import require_role
from civicshift.orgs.roles import Role

from .models import ConsensusScore, Criterion, Evaluation, Proposal, Solicitation


def missing_consensus(evaluation: Evaluation) -> list[tuple[Proposal, Criterion]]:
    """The (proposal, leaf criterion) cells the panel has not agreed a consensus score on."""
    criteria = list(Criterion.objects.filter(evaluation=evaluation).prefetch_related("children"))
    leaves = [c for c in criteria if not c.children.all()]
    agreed = set(
        ConsensusScore.objects.filter(proposal__evaluation=evaluation).values_list(
            "proposal_id", "criterion_id"
        )
    )
    proposals = evaluation.proposals.select_related("vendor")
    return [(p, c) for p in proposals for c in leaves if (p.pk, c.pk) not in agreed]


def _check(evaluation: Evaluation, proposal, rationale: str) -> None:
    if evaluation.solicitation == Solicitation.RFI:
        raise ValidationError(
            {"proposal": _("A request for information gathers information only: it has no award.")}
        )
    if proposal is None:
        raise ValidationError({"proposal": _("Choose the proposal you recommend for award.")})
    if proposal.evaluation_id != evaluation.pk or proposal.organization_id != (
        evaluation.organization_id
    ):
        raise ValidationError(
            {
                "proposal": _("“%(v)s” did not send a proposal to this evaluation.")
                % {"v": proposal.vendor.name}
            }
        )
    has_criteria = Criterion.objects.filter(evaluation=evaluation).exists()
    if not has_criteria and evaluation.solicitation not in (
        Solicitation.COOPERATIVE,
        Solicitation.SOLE_SOURCE,
    ):
        raise ValidationError(
            {"proposal": _("No consensus yet: this evaluation has no criteria to score.")}
        )
    missing = missing_consensus(evaluation)
    if missing:
        p, c = missing[0]
        raise ValidationError(
            {
                "proposal": _(
                    "No consensus yet: %(n)d consensus score(s) are still to be agreed, the "
                    "first “%(c)s” for “%(v)s”. Agree them on the consensus page first."
                )
                % {"n": len(missing), "c": c.name, "v": p.vendor.name}
            }
        )
    if not (rationale or "").strip():
        raise ValidationError(
            {
                "rationale": _(
                    "Write the recommendation: why “%(v)s” is the best value for the city."
                )
                % {"v": proposal.vendor.name}
            }
        )


@transaction.atomic
def evaluation_recommend_award(
    *, actor, evaluation: Evaluation, proposal, rationale: str, expected_version=None
) -> Evaluation:
    """Record (or change) the proposal recommended for award and the written recommendation.
    Refused, naming the problem, for another evaluation's proposal, before the consensus is
    complete, or without the reasons; nothing is saved then."""
    require_role(actor, evaluation.organization, Role.EDITOR)
    _check(evaluation, proposal, rationale)
    return audited_update(
        actor=actor,
        obj=evaluation,
        expected_version=expected_version,
        reason=_("Award recommended."),
        awarded_proposal=proposal,
        award_rationale=rationale.strip(),
    )
