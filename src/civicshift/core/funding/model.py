"""What matching reads: a program (or funding notice) and an initiative's funding need."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class FundingProgram:
    """A program or funding notice as matching sees it (the Django model maps onto this).

    ``eligible_applicants`` are Grants.gov codes (``02`` city or township governments, ``99``
    unrestricted, ``25`` others: see the eligibility text). ``local_match_share`` is the
    non-federal share of the total project cost (0.25 = 25 %), ``None`` if not stated.
    ``status`` may be given (``lapsed``, ``at_risk`` are only ever given); else it is derived
    from the dates by ``status.program_status``.
    """

    key: str
    title: str
    description: str = ""
    purposes: tuple[str, ...] = ()
    aln_titles: tuple[str, ...] = ()
    eligible_applicants: tuple[str, ...] = ()
    award_floor: Decimal | None = None
    award_ceiling: Decimal | None = None
    cost_sharing: bool | None = None
    local_match_share: Decimal | None = None
    is_forecast: bool = False
    post_date: date | None = None
    close_date: date | None = None
    archive_date: date | None = None
    forecast_close_date: date | None = None
    status: str = ""
    #: A pass-through program: the state applies and passes the money on to local
    #: governments (e.g. the State and Local Cybersecurity Grant Program), so a county, city,
    #: special district or tribe is eligible through its state although the notice lists only
    #: state governments.
    via_state: bool = False


@dataclass(frozen=True)
class InitiativeNeed:
    """An initiative's side of a match: its text, who applies, how much, how soon."""

    description: str
    tags: tuple[str, ...] = ()
    goals: str = ""
    applicant_type: str = "02"  # Grants.gov code of the organization (02 = city or township)
    funding_gap: Decimal | None = None
    preparation_days: int = 30
    local_match_capacity: Decimal | None = None

    @property
    def text(self) -> str:
        return " ".join((self.description, " ".join(self.tags), self.goals))
