"""The people side of a change, in plain Python: where a stakeholder sits on the power–interest
grid, how far their stance has to move, the barrier point of an ADKAR-style rating, and the size
of the change effort from a change-impact assessment.

Power–interest grid
    Mendelow's matrix (A. Mendelow, *Environmental scanning: the impact of the stakeholder
    concept*, ICIS 1981; the usual four actions as in Johnson & Scholes, *Exploring Corporate
    Strategy*): influence (power) and interest are each rated 1 to 5 and split at 3, a rating of
    3 or more counting as high, so a middling stakeholder is engaged rather than left to watch.
    High influence and high interest — manage closely; high influence, low interest — keep
    satisfied; low influence, high interest — keep informed; both low — monitor.

Stance and its gap
    Five stances in order, resistant < sceptical < neutral < supportive < champion. The gap is
    the number of steps from the current to the desired stance (positive: support still to win;
    zero: where we want them; negative: more support than the plan needs).

ADKAR-style rating
    The five elements in their order — awareness, desire, knowledge, ability, reinforcement —
    each rated 1 to 5 (J. M. Hiatt, *ADKAR: a model for change in business, government and our
    community*, Prosci, 2006). The barrier point is the first element, in that order, rated 3 or
    lower: later elements cannot hold until it does, so it is the one to work on first. A rating
    with every element at 4 or 5 has no barrier.

Change-impact size (our own rule of thumb, stated in docs/people.md and docs/decisions.md)
    Each affected group rates how much each aspect of its daily work changes, 0 (not at all) to
    5 (completely). The group's depth is the mean of its aspect ratings. A group's change is
    small below 2, medium from 2 and large from 3.5. The effort for the whole initiative is
    people-weighted: its load is Σ headcount × depth / 5, the number of people whose work
    changes completely that the change is equivalent to. The effort is small below 10 such
    people, medium from 10 and large from 50; and it is at least as large as the largest group
    change that touches 10 people or more, since even a small town cannot carry a deep change for
    a whole team lightly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

STANCES: tuple[str, ...] = ("resistant", "sceptical", "neutral", "supportive", "champion")

QUADRANTS: tuple[str, ...] = ("manage_closely", "keep_satisfied", "keep_informed", "monitor")
HIGH_FROM = 3  # a rating of 3 or more is high on the grid

ADKAR_ELEMENTS: tuple[str, ...] = (
    "awareness",
    "desire",
    "knowledge",
    "ability",
    "reinforcement",
)
BARRIER_AT_MOST = 3  # the first element rated this or lower is the barrier point

SIZES: tuple[str, ...] = ("small", "medium", "large")
GROUP_MEDIUM_FROM = 2.0  # group depth (mean aspect rating, 0–5)
GROUP_LARGE_FROM = 3.5
LOAD_MEDIUM_FROM = 10.0  # people-weighted load: Σ headcount × depth / 5
LOAD_LARGE_FROM = 50.0
GROUP_COUNTS_FROM = 10  # a group's own size raises the effort when it has this many people


def _rating(value: int, low: int, high: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, not {value!r}")
    return value


def quadrant(influence: int, interest: int) -> str:
    """The grid quadrant of a stakeholder rated 1–5 on influence and interest."""
    high_power = _rating(influence, 1, 5, "influence") >= HIGH_FROM
    high_interest = _rating(interest, 1, 5, "interest") >= HIGH_FROM
    if high_power:
        return "manage_closely" if high_interest else "keep_satisfied"
    return "keep_informed" if high_interest else "monitor"


def stance_gap(current: str, desired: str) -> int:
    """Steps from the current to the desired stance (positive: support still to win)."""
    for name, value in (("current stance", current), ("desired stance", desired)):
        if value not in STANCES:
            raise ValueError(f"{name} must be one of {', '.join(STANCES)}, not {value!r}")
    return STANCES.index(desired) - STANCES.index(current)


def barrier_point(ratings: Mapping[str, int]) -> str | None:
    """The first ADKAR element (in order) rated 3 or lower, or None when all are 4 or 5."""
    for element in ADKAR_ELEMENTS:
        if element not in ratings:
            raise ValueError(f"the rating has no {element}")
        if _rating(ratings[element], 1, 5, element) <= BARRIER_AT_MOST:
            return element
    return None


@dataclass(frozen=True)
class GroupImpact:
    name: str
    headcount: int
    depth: float  # mean of the aspect ratings, 0–5
    size: str  # small, medium or large
    load: float  # headcount × depth / 5


@dataclass(frozen=True)
class ImpactSummary:
    groups: tuple[GroupImpact, ...]
    people: int  # Σ headcount
    load: float  # Σ headcount × depth / 5
    weighted_depth: float | None  # Σ headcount × depth / Σ headcount; None with nobody
    size: str | None  # None when no group is assessed
    raised_by: str | None  # the group whose own change set the size above the load's, if any


def group_depth(aspects: Sequence[int]) -> float:
    if not aspects:
        raise ValueError("a group needs at least one aspect rated")
    for value in aspects:
        _rating(value, 0, 5, "an aspect")
    return sum(aspects) / len(aspects)


def group_size(depth: float) -> str:
    if depth >= GROUP_LARGE_FROM:
        return "large"
    return "medium" if depth >= GROUP_MEDIUM_FROM else "small"


def load_size(load: float) -> str:
    if load >= LOAD_LARGE_FROM:
        return "large"
    return "medium" if load >= LOAD_MEDIUM_FROM else "small"


def impact_summary(groups: Sequence[tuple[str, int, Sequence[int]]]) -> ImpactSummary:
    """Size the change effort from (group name, headcount, aspect ratings 0–5) triples."""
    found = []
    for name, headcount, aspects in groups:
        if isinstance(headcount, bool) or not isinstance(headcount, int) or headcount < 0:
            raise ValueError(f"{name}: headcount must be a whole number of 0 or more")
        depth = group_depth(aspects)
        found.append(GroupImpact(name, headcount, depth, group_size(depth), headcount * depth / 5))
    people = sum(g.headcount for g in found)
    load = sum(g.load for g in found)
    if not found:
        return ImpactSummary((), 0, 0.0, None, None, None)
    weighted = sum(g.headcount * g.depth for g in found) / people if people else None
    size = load_size(load)
    raised_by = None
    counted = [g for g in found if g.headcount >= GROUP_COUNTS_FROM]
    if counted:
        deepest = max(counted, key=lambda g: (SIZES.index(g.size), g.headcount))
        if SIZES.index(deepest.size) > SIZES.index(size):
            size, raised_by = deepest.size, deepest.name
    return ImpactSummary(tuple(found), people, load, weighted, size, raised_by)
