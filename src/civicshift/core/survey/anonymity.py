"""The k-anonymity grouping rule (issue 11, item 2): results are broken down by a group (a
department) only where at least k people answered; k is 5 by default and never below 3.

Groups under k are merged into one "other groups" bucket, shown only if the bucket itself
reaches k; otherwise those answers appear in no breakdown (suppressed). The overall result,
over everyone, is not a breakdown and is always allowed when at least k people answered.

Complement protection (default on): if exactly the answers of the suppressed groups could be
recovered by subtracting the shown groups from the overall result (the suppressed bucket has
1..k-1 people), the smallest shown groups are moved into "other groups" until it reaches k.
Without this, "overall minus the shown departments" would reveal a small department.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from civicshift.core.survey.reliability import SurveyDataError

MIN_K = 3
DEFAULT_K = 5
OTHER_GROUPS = "other groups"

T = TypeVar("T")


@dataclass(frozen=True)
class GroupPlan:
    shown: tuple[str, ...]  # groups reported under their own name
    merged: tuple[str, ...]  # groups reported together as "other groups"
    suppressed: tuple[str, ...]  # groups in no breakdown at all
    k: int

    @property
    def other_shown(self) -> bool:
        return bool(self.merged)


@dataclass(frozen=True)
class KAnonymous(Generic[T]):
    groups: dict[str, T]  # shown group -> its result
    other: T | None  # the "other groups" result, or None
    other_count: int
    suppressed_count: int  # people whose answers are in no breakdown
    plan: GroupPlan


def check_k(k: int) -> int:
    if isinstance(k, bool) or not isinstance(k, int):
        raise SurveyDataError(f"k must be a whole number; got {k!r}")
    if k < MIN_K:
        raise SurveyDataError(f"k must be at least {MIN_K} to keep answers anonymous; got {k}")
    return k


def plan_groups(
    counts: Mapping[str, int], *, k: int = DEFAULT_K, protect_complement: bool = True
) -> GroupPlan:
    """Which groups a breakdown may show, given how many people answered in each."""
    check_k(k)
    for name, count in counts.items():
        if count < 0:
            raise SurveyDataError(f"group {name!r}: negative count {count}")
    present = {name: c for name, c in counts.items() if c > 0}
    shown = sorted((g for g, c in present.items() if c >= k), key=lambda g: (-present[g], g))
    small = sorted(g for g, c in present.items() if c < k)
    small_total = sum(present[g] for g in small)
    if small_total >= k:
        return GroupPlan(tuple(sorted(shown)), tuple(small), (), k)
    if small_total == 0 or not protect_complement:
        return GroupPlan(tuple(sorted(shown)), (), tuple(small), k)
    # 1..k-1 people in small groups: fold in the smallest shown groups until the bucket has k.
    merged = list(small)
    while sum(present[g] for g in merged) < k and shown:
        merged.append(shown.pop())
    if sum(present[g] for g in merged) >= k:
        return GroupPlan(tuple(sorted(shown)), tuple(sorted(merged)), (), k)
    return GroupPlan((), (), tuple(sorted(merged)), k)


def apply_k_anonymity(
    answers_by_group: Mapping[str, Sequence],
    compute: Callable[[list], T],
    *,
    k: int = DEFAULT_K,
    protect_complement: bool = True,
) -> KAnonymous[T]:
    """Run ``compute`` (any per-group result: a mean, a Likert summary, alpha...) on each group
    the rule shows, and once on the merged "other groups" answers; suppressed groups are never
    passed to ``compute``."""
    counts = {g: len(a) for g, a in answers_by_group.items()}
    plan = plan_groups(counts, k=k, protect_complement=protect_complement)
    groups = {g: compute(list(answers_by_group[g])) for g in plan.shown}
    other = None
    other_count = 0
    if plan.merged:
        pooled = [a for g in plan.merged for a in answers_by_group[g]]
        other_count = len(pooled)
        other = compute(pooled)
    suppressed = sum(counts[g] for g in plan.suppressed)
    return KAnonymous(groups, other, other_count, suppressed, plan)


def free_text_without_small_groups(
    answers: Iterable[tuple[str, str]],
    *,
    counts: Mapping[str, int] | None = None,
    k: int = DEFAULT_K,
    protect_complement: bool = True,
) -> list[tuple[str | None, str]]:
    """(group, text) answers; a group the rule does not show by name is replaced by None. The
    answers without a group come last, sorted by text, so their order reveals nothing.
    ``counts`` is how many answered the survey in each group (the breakdown's rule); without
    it, the number of free-text answers per group is used."""
    rows = list(answers)
    if counts is None:
        counts = {}
        for group, _text in rows:
            counts[group] = counts.get(group, 0) + 1
    plan = plan_groups(counts, k=k, protect_complement=protect_complement)
    shown = set(plan.shown)
    named = [(g, t) for g, t in rows if g in shown]
    hidden = sorted(t for g, t in rows if g not in shown)
    return named + [(None, t) for t in hidden]
