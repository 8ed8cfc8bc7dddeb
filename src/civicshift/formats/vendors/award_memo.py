"""The award recommendation memo's facts as one data object (:class:`AwardMemo`, gathered from
the database by ``vendors.memo_data``); its words are ``award_memo_text.memo_document`` (the
figures chapters in ``award_memo_figures``), one document the shared layer writes to Word and
to tagged PDF — so the two files say the same, sentence for sentence.

In order: the recommendation, the solicitation and its justification, the criteria with their
weights and how they were set (typed, or AHP with λmax, CI, CR and the random-index table), the
panel, the conflict-of-interest declarations, each evaluator's submitted scores (never an
unsubmitted one: the data object is built from submitted panel members only), the consensus
scores with their rationale, the price formula, life-cycle cost, ranking and sensitivity (the
smallest weight change that changes the winner; the near-tie note), the due diligence (red
flags) and the contract checklist, and a note on the audit trail.

Traceable: every declaration, submission, consensus score and the recommendation carries its
audit event (:class:`AuditRef`: the event's number, time and who wrote it), printed beside it,
so a reader can find the record in the organization's history ("History" page, event #).

No Django here; text is marked with Python's ``gettext``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from gettext import gettext as _


@dataclass(frozen=True)
class AuditRef:
    """An event of the audit trail: its number, when (UTC) and who."""

    event_id: int
    at: dt.datetime
    actor: str

    def cite(self) -> str:
        return _("event #{n}, {when} UTC, {who}").format(
            n=self.event_id, when=f"{self.at:%Y-%m-%d %H:%M}", who=self.actor
        )


@dataclass(frozen=True)
class CriterionLine:
    name: str
    depth: int  # 0 for a main criterion, 1 for a part of one
    weight: float  # its share of its group, 0–100
    share: float  # its share of the whole, 0–1
    anchors: tuple[str, str, str] = ("", "", "")  # what a 1, 3 and 5 look like


@dataclass(frozen=True)
class AhpGroupFacts:
    group: str  # "The main criteria", "The parts of “Functional fit”"
    evaluators: int
    weights: tuple[tuple[str, float], ...]  # (criterion, 0–1)
    lambda_max: float | None
    ci: float | None
    cr: float | None
    ri: float | None
    at_odds: str = ""  # the sentence naming the judgment most at odds, when CR > 0.10
    #: The weights the ranking uses for the same criteria (the criteria's own, 0–1): they can
    #: differ from the derived ones until the derived weights are set on the criteria.
    used: tuple[float, ...] = ()


@dataclass(frozen=True)
class PanelLine:
    evaluator: str
    declared: AuditRef | None
    submitted: AuditRef | None


@dataclass(frozen=True)
class DeclarationLine:
    evaluator: str
    vendor: str
    has_conflict: bool
    explanation: str
    ref: AuditRef | None


@dataclass(frozen=True)
class EvaluatorScores:
    """One evaluator's submitted scores: ``values[criterion][vendor]`` (None: not scored, a
    declared conflict), the comments they gave, and their submission's audit event."""

    evaluator: str
    submitted: AuditRef | None
    criteria: tuple[str, ...]
    vendors: tuple[str, ...]
    values: tuple[tuple[int | None, ...], ...]  # criteria × vendors
    comments: tuple[str, ...]  # "Vendor, criterion (5): comment"


@dataclass(frozen=True)
class ConsensusLine:
    vendor: str
    criterion: str
    value: float
    rationale: str
    ref: AuditRef | None


@dataclass(frozen=True)
class RankLine:
    rank: int
    vendor: str
    total: float  # of 100
    price: float
    price_points: float | None  # points earned for price, None without price points
    life_cycle: float | None


@dataclass(frozen=True)
class ThresholdLine:
    label: str
    weight: float  # 0–1
    points: float | None  # signed percentage points, None: no change of it alone
    new_leader: str


@dataclass(frozen=True)
class DiligenceLine:
    vendor: str
    checklist: str  # "security" or "contract"
    question: str
    answer: str  # "Yes", "Partly", "No", "Not known yet"
    value: str
    red_flag: bool


@dataclass(frozen=True)
class AwardMemo:
    organization: str
    initiative: str
    title: str  # the evaluation's title
    prepared_on: dt.date
    version: str  # CivicShift's
    currency: str
    solicitation: str  # "Request for proposals (RFP)"
    justification: str
    cooperative_contract: str  # "Sourcewell 060624-TGS (Tidewater …)" or ""
    milestones: tuple[tuple[str, dt.date], ...]
    proposals: tuple[tuple[str, float, float, float], ...]  # vendor, price, one-time, yearly
    weight_method: str  # "typed" or "ahp"
    random_index: str  # the table's title
    random_index_source: str
    criteria: tuple[CriterionLine, ...]
    ahp: tuple[AhpGroupFacts, ...]
    panel: tuple[PanelLine, ...]
    declarations: tuple[DeclarationLine, ...]
    scores: tuple[EvaluatorScores, ...]
    unsubmitted: int  # panel members whose scores are not submitted (left out)
    consensus: tuple[ConsensusLine, ...]
    price_points: float
    ranking: tuple[RankLine, ...]
    missing_consensus: int
    horizon: int | None
    rate: float | None
    thresholds: tuple[ThresholdLine, ...]
    near_tie: bool | None  # None: fewer than two evaluators scored the top two
    diligence: tuple[DiligenceLine, ...]
    references: tuple[tuple[str, str, str], ...]  # vendor, customer, summary
    recommended: str  # the vendor recommended, "" when none yet
    rationale: str
    recommendation_ref: AuditRef | None
