"""The application pipeline's rules, with no database: stages and the moves between them, the
interest a town records, the coded reasons for passing a notice over, the default checklist of
required documents, the SAM.gov registration check and the deadline list.

Stages follow a grants office's usual path (researching → drafting → submitted → awarded,
declined or withdrawn); a notice the town decides not to pursue is *passed over* with a coded
reason, kept so that next year's planning can read why (for instance, how often the local match
was the obstacle). SAM.gov registrations expire a year after they are made or renewed, and
2 CFR 25.200(b) asks an applicant to keep an active registration "at all times during which
it has an active Federal award or an application or plan under consideration by a Federal
agency", so an application due after the registration expires is flagged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

RESEARCHING = "researching"
DRAFTING = "drafting"
SUBMITTED = "submitted"
AWARDED = "awarded"
DECLINED = "declined"
WITHDRAWN = "withdrawn"
PASSED_OVER = "passed_over"

STAGES = (RESEARCHING, DRAFTING, SUBMITTED, AWARDED, DECLINED, WITHDRAWN, PASSED_OVER)
#: Still being worked on: counted in the deadline list and the planned amounts.
ACTIVE = frozenset({RESEARCHING, DRAFTING, SUBMITTED})
CLOSED = frozenset({AWARDED, DECLINED, WITHDRAWN, PASSED_OVER})

#: Where each stage may go next. Going back one step is allowed before a decision (a draft
#: returns to research); a decision (awarded, declined) may be corrected to the other or back
#: to submitted, since a funder's letter is sometimes misread; passed over may be reopened.
MOVES: dict[str, frozenset[str]] = {
    RESEARCHING: frozenset({DRAFTING, WITHDRAWN, PASSED_OVER}),
    DRAFTING: frozenset({RESEARCHING, SUBMITTED, WITHDRAWN, PASSED_OVER}),
    SUBMITTED: frozenset({AWARDED, DECLINED, WITHDRAWN}),
    AWARDED: frozenset({DECLINED, SUBMITTED}),
    DECLINED: frozenset({AWARDED, SUBMITTED}),
    WITHDRAWN: frozenset({RESEARCHING, DRAFTING}),
    PASSED_OVER: frozenset({RESEARCHING}),
}

INTERESTS = ("will_apply", "will_consider", "support_partner")

#: Coded reasons for passing a notice over (what next year's planning counts).
PASS_REASONS = (
    "local_match",  # cannot meet the local match
    "not_eligible",
    "deadline_too_close",
    "not_a_priority",
    "award_too_small",
    "reporting_burden",
    "no_capacity",  # no staff to write or manage it
    "partner_applies",  # a neighbour or the county applies instead
    "other",
)

#: The documents most federal and state applications ask for, checked off per application.
DEFAULT_CHECKLIST = (
    ("sam", "Active SAM.gov registration (renewed every year) and the Unique Entity ID (UEI)"),
    ("narrative", "Project narrative: the need, the plan, the outcomes"),
    ("budget", "Budget and budget justification (SF-424A for federal grants)"),
    ("match", "Local match commitment (a council resolution or a budget line)"),
    ("support", "Letters of support from partners"),
    ("authority", "Authority to apply: council resolution or the manager's signature"),
    ("indirect", "Indirect cost rate: negotiated, or the 15 % de minimis rate (2 CFR 200.414(f))"),
)


class MoveError(ValueError):
    """A stage change the pipeline does not allow, or one missing what it needs; ``field``
    names the form field to show it beside."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


def check_move(
    current: str,
    new: str,
    *,
    pass_reason: str = "",
    amount_awarded: Decimal | None = None,
) -> None:
    """Raise ``MoveError`` unless ``current`` → ``new`` is allowed and has what it needs: a
    coded reason to pass over, the amount to record an award. (Declined needs no reason: the
    funder does not always give one.)"""
    if new not in STAGES:
        raise MoveError("stage", f"“{new}” is not a stage")
    if new != current and new not in MOVES[current]:
        raise MoveError("stage", f"an application cannot go from {current} to {new}")
    if new == PASSED_OVER and pass_reason not in PASS_REASONS:
        raise MoveError("pass_reason", "choose why the notice is passed over")
    if new == AWARDED and (amount_awarded is None or amount_awarded <= 0):
        raise MoveError("amount_awarded", "an award needs the amount awarded")


def fiscal_year_of(day: date, start_month: int) -> int:
    """The fiscal year ``day`` falls in, named by the calendar year it ends in (US practice:
    with a July start, 2026-07-01 to 2027-06-30 is FY2027; with January, the calendar year)."""
    if start_month == 1:
        return day.year
    return day.year + 1 if day.month >= start_month else day.year


@dataclass(frozen=True)
class RegistrationFlag:
    level: str  # "expired", "expires_before_due", "expires_soon", "missing"
    message: str


def sam_registration_flag(
    expires: date | None, *, today: date, due_dates: Iterable[date] = (), soon_days: int = 60
) -> RegistrationFlag | None:
    """Whether the organization's SAM.gov registration needs attention: expired; expiring
    before an application is due; or within ``soon_days`` (renewal takes weeks). None when
    fine. Without an expiry date on file, "missing" (federal applications need it)."""
    if expires is None:
        return RegistrationFlag(
            "missing",
            "No SAM.gov registration expiry date is on file: federal applications need an "
            "active registration and a Unique Entity ID.",
        )
    if expires < today:
        return RegistrationFlag(
            "expired",
            f"The SAM.gov registration expired on {expires.isoformat()}: renew it before "
            "applying (federal systems refuse applications from inactive registrations).",
        )
    later = sorted(d for d in due_dates if d > expires)
    if later:
        return RegistrationFlag(
            "expires_before_due",
            f"The SAM.gov registration expires on {expires.isoformat()}, before an "
            f"application due on {later[0].isoformat()}: renew it first.",
        )
    if expires <= today + timedelta(days=soon_days):
        return RegistrationFlag(
            "expires_soon",
            f"The SAM.gov registration expires on {expires.isoformat()}, within "
            f"{soon_days} days: renewal can take several weeks.",
        )
    return None


@dataclass(frozen=True)
class Deadline:
    day: date
    kind: str  # "application", "document", "report", "registration"
    title: str
    application: int | None = None  # the application's id, when it is one's
    #: A second line: the initiative, how many documents are not ready yet.
    detail: str = ""


def upcoming(deadlines: Iterable[Deadline], *, today: date, days: int | None) -> list[Deadline]:
    """The deadlines from ``today`` to ``today + days`` inclusive (every one ahead when
    ``days`` is None, as the subscribed calendar feed has them), soonest first; overdue ones
    (before today) come first of all, since they need action most."""
    if days is None:
        kept = list(deadlines)
        return sorted(kept, key=lambda d: (d.day, d.kind, d.title))
    end = today + timedelta(days=days)
    kept = [d for d in deadlines if d.day <= end]
    return sorted(kept, key=lambda d: (d.day, d.kind, d.title))


def planned_amount(
    stage: str, requested: Decimal | None, awarded: Decimal | None
) -> Decimal | None:
    """What an application counts for in the planned federal amounts of its fiscal year: the
    award once awarded, the request while it is being worked on, nothing once declined,
    withdrawn or passed over."""
    if stage == AWARDED:
        return awarded
    if stage in ACTIVE:
        return requested
    return None
