"""The award memo's facts, read from the organization's own rows and audit trail
(``formats.vendors.award_memo.AwardMemo``, written to Word and PDF by ``vendors.jobs``).

Only what an editor may read goes in: evaluators' *submitted* scores (never an unsubmitted one:
they stay blind until submitted, ``selectors.visible_scores``), their comments but never their
personal notes, and the declarations with their explanations. Each declaration, submission,
consensus score and the recommendation is matched to its audit event (the latest event of that
row that wrote the field in question), read in one query per kind of row."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _

from civicshift import __version__
from civicshift.audit.models import AuditEvent
from civicshift.audit.services import event_author
from civicshift.formats.vendors.award_memo import (
    AhpGroupFacts,
    AuditRef,
    AwardMemo,
    ConsensusLine,
    CriterionLine,
    DeclarationLine,
    DiligenceLine,
    EvaluatorScores,
    PanelLine,
    RankLine,
    ThresholdLine,
)

from . import diligence, selectors
from .models import (
    ConflictDeclaration,
    ConsensusScore,
    DiligenceAnswer,
    Evaluation,
    MilestoneKind,
    PanelMember,
    ReferenceCheck,
    Score,
)
from .ranking import ranking


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def _ref(event: AuditEvent | None) -> AuditRef | None:
    if event is None:
        return None
    return AuditRef(event.pk, event.created_at.astimezone(dt.UTC), event_author(event))


def audit_refs(organization, model, pks, field: str | None = None) -> dict[int, AuditRef]:
    """The latest audit event of each row (of ``model``, by pk) that changed ``field`` (any
    event when None), as an ``AuditRef``; one query."""
    events = (
        AuditEvent.objects.for_org(organization)
        .filter(
            content_type=ContentType.objects.get_for_model(model),
            object_pk__in=[str(pk) for pk in pks],
        )
        .select_related("actor")
        .order_by("created_at", "pk")
    )
    if field is not None:
        events = events.filter(changes__has_key=field)
    found: dict[int, AuditRef] = {}
    for event in events:
        found[int(event.object_pk)] = _ref(event)  # later events replace earlier ones
    return found


def award_event(evaluation: Evaluation) -> AuditRef | None:
    """The audit event that recorded the recommendation now standing."""
    return audit_refs(evaluation.organization, Evaluation, [evaluation.pk], "awarded_proposal").get(
        evaluation.pk
    )


def _criteria(evaluation: Evaluation):
    lines = []

    def walk(nodes, depth):
        for node in nodes:
            c = node["criterion"]
            anchors = (
                (c.anchor_low, c.anchor_mid, c.anchor_high)
                if not node["children"]
                else (
                    "",
                    "",
                    "",
                )
            )
            lines.append(CriterionLine(c.name, depth, float(c.weight), node["global"], anchors))
            walk(node["children"], depth + 1)

    tree = selectors.criteria_tree(evaluation)
    walk(tree, 0)
    return tree, tuple(lines)


def _ahp(evaluation: Evaluation) -> tuple[AhpGroupFacts, ...]:
    if evaluation.weight_method != "ahp":
        return ()
    out = []
    for g in selectors.ahp_groups(evaluation):
        label = (
            _("The main criteria")
            if g.parent is None
            else _("The parts of “%(c)s”") % {"c": g.parent.name}
        )
        r = g.result
        at_odds = ""
        if g.warn and g.at_odds:
            o = g.at_odds
            at_odds = _(
                "The consistency ratio is above 0.10. The judgment most at odds with the "
                "others is “%(a)s” against “%(b)s”, given as %(v)s; the other judgments imply "
                "about %(fit).2f (nearest on the scale: %(s)s)."
            ) % {
                "a": o["first"].name,
                "b": o["second"].name,
                "v": f"{o['value']:g}",
                "fit": o["consistent_value"],
                "s": f"{o['suggested']:g}",
            }
        out.append(
            AhpGroupFacts(
                group=label,
                evaluators=g.evaluators,
                weights=tuple((c.name, w) for c, w in g.weights),
                lambda_max=r.lambda_max if r is not None else None,
                ci=r.ci if r is not None else None,
                cr=r.cr if r is not None else None,
                ri=r.ri if r is not None else None,
                at_odds=at_odds,
                used=tuple(float(c.weight) / 100 for c in g.criteria),
            )
        )
    return tuple(out)


def award_memo(evaluation: Evaluation) -> AwardMemo:
    """Everything the memo says, from the database (see the module docstring)."""
    organization = evaluation.organization
    evaluation = (
        Evaluation.objects.for_org(organization)
        .select_related("initiative", "cooperative_contract__vendor", "awarded_proposal__vendor")
        .get(pk=evaluation.pk)
    )
    proposals = list(evaluation.proposals.select_related("vendor"))
    tree, criteria = _criteria(evaluation)
    leaves = [n["criterion"] for n in selectors.leaves(tree)]
    table = selectors.random_index_table(evaluation.random_index)

    members = list(evaluation.panel.select_related("user").order_by("pk"))
    member_pks = [m.pk for m in members]
    declared = audit_refs(organization, PanelMember, member_pks, "declared_at")
    submitted = audit_refs(organization, PanelMember, member_pks, "submitted_at")
    panel = tuple(
        PanelLine(
            _person(m.user),
            declared.get(m.pk) if m.declared_at else None,
            submitted.get(m.pk) if m.submitted_at else None,
        )
        for m in members
    )

    declarations = list(
        ConflictDeclaration.objects.for_org(organization)
        .filter(member__evaluation=evaluation)
        .select_related("member__user", "vendor")
        .order_by("member_id", "vendor__name", "pk")
    )
    declaration_refs = audit_refs(organization, ConflictDeclaration, [d.pk for d in declarations])

    # Submitted scores only: a member who has not submitted is left out entirely.
    done = [m for m in members if m.submitted_at is not None]
    scores = list(
        Score.objects.for_org(organization)
        .filter(member__in=done, member__submitted_at__isnull=False)
        .select_related("proposal__vendor", "criterion")
        .order_by("pk")
    )
    by_cell = {(s.member_id, s.proposal_id, s.criterion_id): s for s in scores}
    vendor_names = tuple(p.vendor.name for p in proposals)
    sheets = []
    for m in done:
        values = tuple(
            tuple(
                by_cell[(m.pk, p.pk, c.pk)].value if (m.pk, p.pk, c.pk) in by_cell else None
                for p in proposals
            )
            for c in leaves
        )
        comments = tuple(
            f"{s.proposal.vendor.name}, {s.criterion.name} ({s.value}): {s.comment}"
            for s in scores
            if s.member_id == m.pk and s.comment
        )
        sheets.append(
            EvaluatorScores(
                _person(m.user),
                submitted.get(m.pk),
                tuple(c.name for c in leaves),
                vendor_names,
                values,
                comments,
            )
        )

    consensus = list(
        ConsensusScore.objects.for_org(organization)
        .filter(proposal__evaluation=evaluation)
        .select_related("proposal__vendor", "criterion")
    )
    order = {c.pk: i for i, c in enumerate(leaves)}
    p_order = {p.pk: i for i, p in enumerate(proposals)}
    consensus.sort(key=lambda c: (p_order.get(c.proposal_id, 0), order.get(c.criterion_id, 0)))
    consensus_refs = audit_refs(organization, ConsensusScore, [c.pk for c in consensus])

    result = ranking(evaluation)
    rank_lines, thresholds, near_tie, missing = (), (), None, 0
    horizon = rate = None
    if result is not None:
        price_column = len(result.columns) - 1 if result.columns[-1][1] is None else None
        rank_lines = tuple(
            RankLine(
                rank=row["rank"],
                vendor=row["proposal"].vendor.name,
                total=row["total"],
                price=float(row["proposal"].price),
                price_points=(
                    row["points"][price_column] * float(evaluation.price_points) / 100
                    if price_column is not None
                    else None
                ),
                life_cycle=row["life_cycle"],
            )
            for row in result.rows
        )
        thresholds = tuple(
            ThresholdLine(
                t["label"], t["weight"], t["points"], t["new"].vendor.name if t["new"] else ""
            )
            for t in result.thresholds
        )
        near_tie = result.margin.within_noise if result.margin is not None else None
        missing, horizon, rate = result.missing, result.horizon, result.rate

    answer_labels = dict(DiligenceAnswer._meta.get_field("answer").choices)
    answers = list(
        DiligenceAnswer.objects.for_org(organization)
        .filter(proposal__evaluation=evaluation)
        .select_related("proposal__vendor")
    )
    diligence_lines = []
    for p in proposals:
        mine = [a for a in answers if a.proposal_id == p.pk]
        if not mine:
            continue
        reviewed = diligence.review(p, mine)
        for checklist in ("security", "contract"):
            for row in reviewed[checklist]:
                answer = row["answer"]
                diligence_lines.append(
                    DiligenceLine(
                        vendor=p.vendor.name,
                        checklist=checklist,
                        question=row["item"]["question"],
                        answer=str(answer_labels.get(row["value"], row["value"])),
                        value=answer.value if answer is not None else "",
                        red_flag=row["red_flag"],
                    )
                )
    references = tuple(
        (r.proposal.vendor.name, r.customer + (f" ({r.contact})" if r.contact else ""), r.summary)
        for r in ReferenceCheck.objects.for_org(organization)
        .filter(proposal__evaluation=evaluation)
        .select_related("proposal__vendor")
        .order_by("proposal__vendor__name", "pk")
    )

    contract = evaluation.cooperative_contract
    milestones = {m.kind: m.date for m in evaluation.milestones.all()}
    awarded = evaluation.awarded_proposal
    return AwardMemo(
        organization=organization.name,
        initiative=evaluation.initiative.title,
        title=evaluation.title,
        prepared_on=timezone.localdate(),
        version=__version__,
        currency=organization.currency,
        solicitation=str(evaluation.get_solicitation_display()),
        justification=evaluation.justification,
        cooperative_contract=(
            f"{contract.get_program_display()} {contract.number} ({contract.vendor.name})"
            if contract is not None
            else ""
        ),
        milestones=tuple(
            (str(label), milestones[kind])
            for kind, label in MilestoneKind.choices
            if kind in milestones
        ),
        proposals=tuple(
            (p.vendor.name, float(p.price), float(p.one_time_cost), float(p.annual_cost))
            for p in proposals
        ),
        weight_method=evaluation.weight_method,
        random_index=table.title,
        random_index_source=table.source,
        criteria=criteria,
        ahp=_ahp(evaluation),
        panel=panel,
        declarations=tuple(
            DeclarationLine(
                _person(d.member.user),
                d.vendor.name,
                d.has_conflict,
                d.explanation,
                declaration_refs.get(d.pk),
            )
            for d in declarations
        ),
        scores=tuple(sheets),
        unsubmitted=len(members) - len(done),
        consensus=tuple(
            ConsensusLine(
                c.proposal.vendor.name,
                c.criterion.name,
                float(c.value),
                c.rationale,
                consensus_refs.get(c.pk),
            )
            for c in consensus
        ),
        price_points=float(evaluation.price_points),
        ranking=rank_lines,
        missing_consensus=missing,
        horizon=horizon,
        rate=rate,
        thresholds=thresholds,
        near_tie=near_tie,
        diligence=tuple(diligence_lines),
        references=references,
        recommended=awarded.vendor.name if awarded is not None else "",
        rationale=evaluation.award_rationale,
        recommendation_ref=award_event(evaluation) if awarded is not None else None,
    )
