"""The status lifecycle of an initiative, as a small state machine.

idea → proposed → approved → funded → in progress → live → closed, with "on hold" reachable from
any open stage (and back to the stage it left) and "cancelled" reachable from any stage that is
not already finished. The rules live here, without Django, so the web form, the API and the CLI
agree on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    IDEA = "idea"
    PROPOSED = "proposed"
    APPROVED = "approved"
    FUNDED = "funded"
    IN_PROGRESS = "in_progress"
    LIVE = "live"
    CLOSED = "closed"
    ON_HOLD = "on_hold"
    CANCELLED = "cancelled"


#: The main path, in order.
MAIN_PATH: tuple[Status, ...] = (
    Status.IDEA,
    Status.PROPOSED,
    Status.APPROVED,
    Status.FUNDED,
    Status.IN_PROGRESS,
    Status.LIVE,
    Status.CLOSED,
)
#: The order lists sort and show statuses in: the main path, then "on hold", then "cancelled".
LIFECYCLE_ORDER: tuple[Status, ...] = (*MAIN_PATH, Status.ON_HOLD, Status.CANCELLED)
FINISHED: frozenset[Status] = frozenset({Status.CLOSED, Status.CANCELLED})
OPEN_STAGES: tuple[Status, ...] = MAIN_PATH[:-1]


@dataclass(frozen=True)
class TransitionError(Exception):
    """A requested status change that the lifecycle does not allow."""

    current: Status
    target: Status
    reason: str
    resume_to: Status | None = None

    def __str__(self) -> str:
        return self.reason


def allowed_targets(current: Status | str, resume_to: Status | str | None = None) -> list[Status]:
    """The statuses an initiative may move to from ``current``.

    ``resume_to`` is the stage an on-hold initiative left; it may go back there (or be cancelled).
    Moving one step back along the main path is allowed too (a proposal sent back for rework).
    """
    current = Status(current)
    if current in FINISHED:
        return []
    if current is Status.ON_HOLD:
        targets = [Status(resume_to)] if resume_to else list(OPEN_STAGES)
        return [*targets, Status.CANCELLED]
    index = MAIN_PATH.index(current)
    targets = [MAIN_PATH[index + 1]]
    if index > 0:
        targets.append(MAIN_PATH[index - 1])
    targets += [Status.ON_HOLD, Status.CANCELLED]
    return targets


def check_transition(
    current: Status | str, target: Status | str, resume_to: Status | str | None = None
) -> Status:
    """Return ``target`` as a Status if the move is allowed, else raise TransitionError."""
    current, target = Status(current), Status(target)
    resume = Status(resume_to) if resume_to else None
    if target == current:
        raise TransitionError(
            current, target, f"The initiative is already '{current.value}'.", resume
        )
    if current in FINISHED:
        raise TransitionError(
            current, target, f"A {current.value} initiative cannot change status.", resume
        )
    if target not in allowed_targets(current, resume_to):
        names = ", ".join(s.value for s in allowed_targets(current, resume_to))
        raise TransitionError(
            current,
            target,
            f"An initiative cannot go from '{current.value}' to '{target.value}'; "
            f"allowed next: {names}.",
            resume,
        )
    return target
