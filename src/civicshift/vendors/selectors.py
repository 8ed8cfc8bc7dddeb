"""Reads of evaluations, always from the organization's own rows, and what each person may
see of them.

Visibility (docs/vendors.md, "Who sees what"): editors and administrators see every
evaluation; a viewer sees the evaluation's outline (solicitation, milestones, proposals,
criteria) but no scores; a member with the evaluator role sees only the evaluations they are on
the panel of. Scores are blind: a panel member sees only their own until they submit; after,
the others' submitted scores. Editors see submitted scores (never anyone's unsubmitted ones)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from civicshift.core.decision import CR_THRESHOLD, JudgmentError, aggregate_judgments, ahp
from civicshift.core.decision.ahp import random_index_table
from civicshift.orgs.permissions import role_of
from civicshift.orgs.roles import Role, role_at_least

from .models import Criterion, Evaluation, Judgment, PanelMember, Score


def evaluations_visible(organization, user):
    """The evaluations this person may open."""
    evaluations = Evaluation.objects.for_org(organization).select_related("initiative")
    if role_of(user, organization) == Role.EVALUATOR:
        evaluations = evaluations.filter(panel__user=user)
    return evaluations


def evaluation_get(organization, user, pk) -> Evaluation:
    """The evaluation, if this person may open it: 404 when it is not this organization's,
    403 for an evaluator not on its panel."""
    evaluation = get_object_or_404(
        Evaluation.objects.for_org(organization).select_related("initiative"), pk=pk
    )
    if (
        role_of(user, organization) == Role.EVALUATOR
        and not evaluation.panel.filter(user=user).exists()
    ):
        raise PermissionDenied(_("You are not on the panel of this evaluation."))
    return evaluation


def member_of(evaluation: Evaluation, user) -> PanelMember | None:
    return PanelMember.objects.filter(evaluation=evaluation, user=user).first()


def can_see_submitted_scores(evaluation: Evaluation, user) -> bool:
    """Editors, and panel members once they have submitted their own."""
    if role_at_least(role_of(user, evaluation.organization), Role.EDITOR):
        return True
    member = member_of(evaluation, user)
    return member is not None and member.submitted_at is not None


def visible_scores(evaluation: Evaluation, user):
    """The scores this person may read: their own, and the others' submitted scores when
    ``can_see_submitted_scores``. Never anyone else's unsubmitted score, on any path."""
    scores = Score.objects.for_org(evaluation.organization).filter(member__evaluation=evaluation)
    own = scores.filter(member__user=user)
    if can_see_submitted_scores(evaluation, user):
        return (own | scores.filter(member__submitted_at__isnull=False)).distinct()
    return own


def criteria_tree(evaluation: Evaluation) -> list[dict]:
    """The criteria as a tree: ``[{"criterion", "children": [...], "global": share}]`` with
    each criterion's share of the whole (its weight times its parents')."""
    rows = list(Criterion.objects.filter(evaluation=evaluation))
    by_parent: dict[int | None, list[Criterion]] = {}
    for c in rows:
        by_parent.setdefault(c.parent_id, []).append(c)

    def build(parent_id, share):
        nodes = []
        for c in by_parent.get(parent_id, []):
            g = share * float(c.weight) / 100
            nodes.append({"criterion": c, "global": g, "children": build(c.pk, g)})
        return nodes

    return build(None, 1.0)


def leaves(tree) -> list[dict]:
    out = []
    for node in tree:
        out.extend(leaves(node["children"]) if node["children"] else [node])
    return out


def groups(evaluation: Evaluation) -> list[tuple[Criterion | None, list[Criterion]]]:
    """Each group of sibling criteria (main criteria first), with its parent."""
    rows = list(Criterion.objects.filter(evaluation=evaluation).select_related("parent"))
    by_parent: dict[int | None, list[Criterion]] = {}
    parents = {c.pk: c for c in rows}
    for c in rows:
        by_parent.setdefault(c.parent_id, []).append(c)
    ordered = [(None, by_parent.get(None, []))]
    ordered += [(parents[pid], kids) for pid, kids in by_parent.items() if pid is not None]
    return [(p, kids) for p, kids in ordered if kids]


def percents(shares: list[float]) -> list[Decimal]:
    """Shares (summing to 1) as percentages with two decimals that add up to exactly 100.00:
    each rounded down to a hundredth of a percent, the hundredths left over going to the
    largest remainders (the largest-remainder method)."""
    scaled = [s * 10000 for s in shares]
    floors = [int(x) for x in scaled]
    left = 10000 - sum(floors)
    order = sorted(range(len(scaled)), key=lambda i: scaled[i] - floors[i], reverse=True)
    for i in order[:left]:
        floors[i] += 1
    return [Decimal(n) / 100 for n in floors]


@dataclass
class GroupAhp:
    parent: Criterion | None
    criteria: list[Criterion]
    evaluators: int  # how many gave every judgment of the group
    result: object | None  # AhpResult of the geometric mean, None when nobody judged it all
    table: object  # the random-index table used
    error: str = ""

    @property
    def warn(self) -> bool:
        return (
            self.result is not None and self.result.cr is not None and self.result.cr > CR_THRESHOLD
        )

    @property
    def weights(self) -> list[tuple[Criterion, float]]:
        if self.result is None:
            return []
        return list(zip(self.criteria, self.result.weights.tolist(), strict=True))

    @property
    def percents(self) -> list[Decimal]:
        """The AHP weights as the percentages a criterion stores (two decimals, adding up to
        exactly 100.00), empty without a result."""
        return percents([w for _c, w in self.weights]) if self.result is not None else []

    @property
    def applied(self) -> bool:
        """Whether the criteria's stored weights (the ones the ranking uses) are these."""
        return self.result is not None and [c.weight for c in self.criteria] == self.percents

    @property
    def at_odds(self):
        if self.result is None or self.result.most_inconsistent is None:
            return None
        m = self.result.most_inconsistent
        return {
            "first": self.criteria[m.row],
            "second": self.criteria[m.col],
            "value": m.value,
            "consistent_value": m.consistent_value,
            "suggested": m.suggested,
            "cr_after": m.cr_after,
        }


def ahp_groups(evaluation: Evaluation, member: PanelMember | None = None) -> list[GroupAhp]:
    """AHP for each sibling group from the panel's judgments combined by the geometric mean
    (or one member's alone). A member counts for a group only when they judged every pair."""
    table = random_index_table(evaluation.random_index)
    judgments = Judgment.objects.filter(member__evaluation=evaluation)
    if member is not None:
        judgments = judgments.filter(member=member)
    by_member: dict[int, dict[tuple[int, int], str]] = {}
    for j in judgments:
        by_member.setdefault(j.member_id, {})[(j.first_id, j.second_id)] = j.value
    out = []
    for parent, criteria in groups(evaluation):
        index = {c.pk: i for i, c in enumerate(criteria)}
        n = len(criteria)
        matrices = []
        for values in by_member.values():
            matrix = np.ones((n, n))
            count = 0
            for (a, b), v in values.items():
                if a in index and b in index:
                    x = float(Fraction(v))
                    matrix[index[a], index[b]] = x
                    matrix[index[b], index[a]] = 1 / x
                    count += 1
            if count == n * (n - 1) // 2:
                matrices.append(matrix)
        result, error = None, ""
        if matrices and n >= 2:
            try:
                result = ahp(aggregate_judgments(matrices), random_index=evaluation.random_index)
            except JudgmentError as exc:
                error = str(exc)
        out.append(GroupAhp(parent, criteria, len(matrices), result, table, error))
    return out
