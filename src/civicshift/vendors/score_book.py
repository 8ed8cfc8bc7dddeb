"""The plain data of an evaluation's score workbook (``formats.vendors.score_workbook``), for one
person or for the public record.

What is in it follows the pages' rules (docs/vendors.md, "Who sees what"):

* the scores come from ``selectors.visible_scores`` only, so blind scoring holds on this path:
  a panel member gets their own sheet, and the others' *submitted* scores only once they have
  submitted their own; an editor gets every submitted score. Another evaluator's unsubmitted
  score is never read. The requester's own unsubmitted scores appear on their own sheet, marked
  as a draft only they see;
* a personal note is shown to its author only (their own sheet) — in the public record only
  when the evaluation does not withhold personal notes;
* the Consensus and Totals sheets are for editors (the consensus and ranking pages are), and in
  the public record;
* ``public=True`` (the public-records export): submitted scores only, whoever asks.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

import civicshift
from civicshift.accounts.people import person_name
from civicshift.formats.vendors.score_workbook import (
    BookCriterion,
    BookProposal,
    BookScore,
    ConsensusRow,
    EvaluatorSheet,
    ScoreBook,
)
from civicshift.orgs.permissions import role_of
from civicshift.orgs.roles import Role, role_at_least

from . import selectors
from .models import ConsensusScore, Criterion, Evaluation, PanelMember, Score
from .services_panel import SCALE_HIGH


def _tree_order(evaluation: Evaluation) -> list[Criterion]:
    def walk(nodes):
        for node in nodes:
            yield node["criterion"], not node["children"]
            yield from walk(node["children"])

    return list(walk(selectors.criteria_tree(evaluation)))


def may_download(evaluation: Evaluation, user) -> bool:
    """Editors, and the members of the panel (who see their own sheet at least)."""
    if role_at_least(role_of(user, evaluation.organization), Role.EDITOR):
        return True
    return selectors.member_of(evaluation, user) is not None


def score_book(evaluation: Evaluation, user, *, public: bool = False) -> ScoreBook:
    """The workbook's data as ``user`` may see it, or for the public record (``public``)."""
    organization = evaluation.organization
    editor = public or role_at_least(role_of(user, organization), Role.EDITOR)
    criteria = _tree_order(evaluation)
    proposals = list(evaluation.proposals.select_related("vendor"))
    scores = selectors.visible_scores(evaluation, user)
    if public:
        scores = scores.filter(member__submitted_at__isnull=False)
    by_member: dict[int, list[Score]] = {}
    for score in scores.order_by("pk"):
        by_member.setdefault(score.member_id, []).append(score)
    members = list(
        PanelMember.objects.for_org(organization)
        .filter(evaluation=evaluation)
        .select_related("user")
        .prefetch_related("declarations__vendor")
    )
    show_notes_public = public and not evaluation.withhold_personal_notes
    sees_submitted = public or selectors.can_see_submitted_scores(evaluation, user)
    sheets = []
    submitted_values: dict[tuple[int, int], list[int]] = {}
    for member in members:
        own = member.user_id == getattr(user, "pk", None) and not public
        mine = by_member.get(member.pk, [])
        if not own and not (member.submitted_at is not None and sees_submitted):
            continue  # nothing of theirs this person may see (or nothing submitted)
        if member.submitted_at is not None:
            status = _("Submitted on %(date)s; locked since.") % {
                "date": timezone.localtime(member.submitted_at).date().isoformat()
            }
            for s in mine:
                submitted_values.setdefault((s.proposal_id, s.criterion_id), []).append(s.value)
        else:
            status = _("Not submitted yet: a draft that only you see.")
        show_notes = own or show_notes_public
        sheets.append(
            EvaluatorSheet(
                name=person_name(member.user),
                status=status,
                scores=[
                    BookScore(
                        s.proposal_id,
                        s.criterion_id,
                        s.value,
                        s.comment,
                        s.personal_note if show_notes else "",
                    )
                    for s in mine
                ],
                conflicts=[d.vendor.name for d in member.declarations.all() if d.has_conflict],
                show_notes=show_notes,
            )
        )
    consensus = None
    if editor:
        agreed = {
            (c.proposal_id, c.criterion_id): c
            for c in ConsensusScore.objects.for_org(organization).filter(
                proposal__evaluation=evaluation
            )
        }
        consensus = [
            ConsensusRow(
                p.pk,
                c.pk,
                agreed[(p.pk, c.pk)].value if (p.pk, c.pk) in agreed else None,
                agreed[(p.pk, c.pk)].rationale if (p.pk, c.pk) in agreed else "",
                tuple(sorted(submitted_values.get((p.pk, c.pk), []))),
            )
            for p in proposals
            for c, scored in criteria
            if scored
        ]
    notes = [
        _(
            "Scores not submitted are never in this workbook, except your own draft on your "
            "own sheet. Personal notes are shown to their author only."
        )
    ]
    if public:
        notes = [
            _("Only submitted scores are included.")
            + " "
            + (
                _("Evaluators' personal notes are left out, as the organization decided.")
                if evaluation.withhold_personal_notes
                else _("Evaluators' personal notes are included, as the organization decided.")
            )
        ]
    if public:
        whom = _("the public record")
    elif editor:
        whom = _("%(name)s (editor: every submitted score)") % {"name": person_name(user)}
    else:
        whom = _("%(name)s (panel member)") % {"name": person_name(user)}
    return ScoreBook(
        title=evaluation.title,
        organization=organization.name,
        prepared_on=timezone.localdate(),
        prepared_for=whom,
        criteria=[
            BookCriterion(c.pk, c.name, c.parent_id, c.weight, scored) for c, scored in criteria
        ],
        proposals=[BookProposal(p.pk, p.vendor.name, p.price) for p in proposals],
        price_points=evaluation.price_points,
        evaluators=sheets,
        consensus=consensus,
        scale_high=SCALE_HIGH,
        notes=notes,
        software=civicshift.__version__,
    )
