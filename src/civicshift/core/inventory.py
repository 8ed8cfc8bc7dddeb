"""The systems inventory's engine: support roll-up, run cost, assessment, risk flags, priority,
impact of retiring a system, consolidation candidates and how complete a record is.

Plain dataclasses in, plain dataclasses out; no Django. The Django app builds a
:class:`SystemFacts` per system (``inventory.selectors``) and calls :func:`evaluate`.

Rules, each shown to the user with its parts:

- **Support.** A system has the vendor's three milestones (end of mainstream support, end of
  extended support, end of paid extended security updates), and so does each component it runs
  on (operating system, database, server platform). Its state is the worst of its own and its
  components' (a system is as supported as its least-supported component). A milestone that has
  passed keeps counting: nothing drops out because a date passed; only the town's own lifecycle
  (retired) takes a system out of the running cost.
- **Disposition** follows Gartner's TIME model (Tolerate, Invest, Migrate, Eliminate): business
  value and technical condition, each the weighted mean of its 1–5 answers, split at the
  midpoint 3. High value and good condition: invest; high value, poor condition: migrate; low
  value, good condition: tolerate; low value, poor condition: eliminate.
- **Lifecycle risk** (0–100) from the days left to each support milestone: a milestone more than
  36 months away adds nothing, one that has passed adds its full weight, linearly between; the
  weights (mainstream 20, extended 50, paid updates 30) are renormalised over the milestones
  the vendor publishes. 36 months is the dashboard's timeline: the horizon in which a town can
  still budget and procure a replacement.
- **Modernisation priority** (0–100): poor condition (up to 35 points), high business value
  (25), lifecycle risk (25) and open red flags (15, full at three). Documented in
  docs/decisions.md; every part is returned.
"""

from __future__ import annotations

import json
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import IntEnum
from functools import cache
from importlib import resources

from civicshift.core import endoflife

CENT = Decimal("0.01")
#: How far ahead support milestones count towards lifecycle risk, and the dashboard's timeline.
HORIZON_DAYS = 1095
#: A milestone this close counts as "near end of support".
NEAR_DAYS = 365
#: A backup test older than this no longer counts as tested.
BACKUP_TEST_MAX_AGE_DAYS = 365

MILESTONE_WEIGHTS = {"mainstream_end": 20, "extended_end": 50, "esu_end": 30}
MILESTONE_LABELS = {
    "mainstream_end": "end of mainstream support",
    "extended_end": "end of extended support",
    "esu_end": "end of paid extended security updates",
}

PRIORITY_POINTS = {"condition": 35, "value": 25, "lifecycle": 25, "flags": 15}
PRIORITY_FULL_FLAGS = 3


class SupportState(IntEnum):
    """Ordered from best to worst, so the roll-up is ``max``."""

    UNKNOWN = 0  # no milestone recorded: shown, but never hides a known worse state
    SUPPORTED = 1
    EXTENDED_ONLY = 2  # past mainstream support, extended support still running
    PAST_SUPPORT = 3  # past extended support; paid security updates may still be bought
    PAST_ESU = 4  # past every milestone, paid updates included


#: What the milestones are called when a person typed the dates (the record's own fields:
#: "end of paid extended security updates" is the third).
TYPED_LABELS = {
    "mainstream_end": "Mainstream support",
    "extended_end": "Extended support",
    "esu_end": "Extended Security Updates",
}


@dataclass(frozen=True)
class Milestones:
    mainstream_end: date | None = None
    extended_end: date | None = None
    esu_end: date | None = None
    #: What the vendor calls them, from endoflife.date when the record's dates came from there
    #: (IBM's third is "Extended Life Cycle Support", Microsoft's "Extended Security Updates").
    labels: Mapping[str, str] | None = None

    def items(self) -> list[tuple[str, date]]:
        return [(k, getattr(self, k)) for k in MILESTONE_WEIGHTS if getattr(self, k) is not None]

    @property
    def empty(self) -> bool:
        return not self.items()


@dataclass(frozen=True)
class Support:
    state: SupportState
    #: Plain-language phrase, e.g. "past extended support (2024-04-30)".
    phrase: str
    #: The milestone that decided the state (passed) or comes next, and its date.
    milestone: str | None = None
    on: date | None = None
    #: Days until the next milestone (None when none is ahead).
    days_left: int | None = None
    #: Which record decided it: "" for the system itself, else the component's name.
    source: str = ""


_STATES = {
    endoflife.State.SUPPORTED: SupportState.SUPPORTED,
    endoflife.State.EXTENDED_ONLY: SupportState.EXTENDED_ONLY,
    endoflife.State.PAST_SUPPORT: SupportState.PAST_SUPPORT,
    endoflife.State.PAST_ESU: SupportState.PAST_ESU,
    endoflife.State.UNKNOWN: SupportState.UNKNOWN,
}


def support_status(m: Milestones, on: date, source: str = "") -> Support:
    """The support state of one set of milestones on a date, with a phrase for people: the
    rule and the wording are ``core.endoflife.status``'s (one rule for the catalogue's panel
    and the inventory's roll-up)."""
    if m.empty:
        return Support(SupportState.UNKNOWN, "support dates not recorded", source=source)
    found = endoflife.status(
        endoflife.SupportMilestones(
            m.mainstream_end, m.extended_end, m.esu_end, labels=m.labels or TYPED_LABELS
        ),
        on,
    )
    state = _STATES[found.state]
    # The date that decided the state: the milestone passed last, or the next one ahead.
    decided = {
        SupportState.PAST_ESU: ("esu_end", m.esu_end),
        SupportState.PAST_SUPPORT: ("extended_end", m.extended_end),
        SupportState.EXTENDED_ONLY: ("mainstream_end", m.mainstream_end),
    }.get(state, (found.next_milestone, found.next_on))
    return Support(state, found.phrase, decided[0], decided[1], found.days_left, source)


@dataclass(frozen=True)
class Component:
    name: str
    kind: str  # os, database, server_platform, runtime, middleware, other
    milestones: Milestones = Milestones()


@dataclass(frozen=True)
class SupportRollup:
    #: The worst state of the system and its components.
    overall: Support
    own: Support
    components: tuple[Support, ...]
    #: Names of the records with no support dates at all.
    unknown: tuple[str, ...]


def support_rollup(own: Milestones, components: Sequence[Component], on: date) -> SupportRollup:
    """A system is as supported as its least-supported component (ties: the earliest date)."""
    mine = support_status(own, on)
    parts = tuple(support_status(c.milestones, on, source=c.name) for c in components)
    candidates = [mine, *parts]
    worst = max(candidates, key=lambda s: (s.state, -(s.on or date.max).toordinal()))
    unknown = tuple(
        "" if s is mine else s.source for s in candidates if s.state is SupportState.UNKNOWN
    )
    return SupportRollup(worst, mine, parts, unknown)


# --- run cost --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Costs:
    licence: Decimal = Decimal(0)
    maintenance: Decimal = Decimal(0)
    hosting: Decimal = Decimal(0)
    staff_fte: Decimal = Decimal(0)
    staff_loaded_cost: Decimal = Decimal(0)

    @property
    def staff(self) -> Decimal:
        """FTE × loaded cost, to the cent (half up, as money is stored)."""
        return (self.staff_fte * self.staff_loaded_cost).quantize(CENT, ROUND_HALF_UP)

    @property
    def total(self) -> Decimal:
        return self.licence + self.maintenance + self.hosting + self.staff

    def parts(self) -> dict[str, Decimal]:
        return {
            "licence": self.licence,
            "maintenance": self.maintenance,
            "hosting": self.hosting,
            "staff": self.staff,
        }


# --- assessment ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    key: str
    dimension: str  # "value" or "condition"
    weight: float
    question: str
    levels: dict[int, str]


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: str
    source: str
    midpoint: float
    criteria: tuple[Criterion, ...]

    def by_key(self) -> dict[str, Criterion]:
        return {c.key: c for c in self.criteria}


@cache
def questionnaire() -> Questionnaire:
    """The shipped questionnaire (``core/data/inventory_assessment.json``)."""
    raw = json.loads(
        resources.files("civicshift.core").joinpath("data/inventory_assessment.json").read_text()
    )
    return Questionnaire(
        id=raw["id"],
        version=raw["version"],
        source=raw["source"],
        midpoint=float(raw["midpoint"]),
        criteria=tuple(
            Criterion(
                key=c["key"],
                dimension=c["dimension"],
                weight=float(c["weight"]),
                question=c["question"],
                levels={int(k): v for k, v in c["levels"].items()},
            )
            for c in raw["criteria"]
        ),
    )


class Disposition:
    TOLERATE = "tolerate"
    INVEST = "invest"
    MIGRATE = "migrate"
    ELIMINATE = "eliminate"


@dataclass(frozen=True)
class Assessment:
    value: float | None  # 1–5, None when no value question is answered
    condition: float | None
    disposition: str | None  # None until both dimensions have answers
    #: (criterion key, dimension, level, weight) of every answered question.
    parts: tuple[tuple[str, str, int, float], ...]
    unanswered: tuple[str, ...]


class AnswerError(ValueError):
    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key


def check_answers(answers: Mapping[str, object], q: Questionnaire | None = None) -> dict[str, int]:
    """Answers as {criterion: level}; raises AnswerError naming the criterion otherwise."""
    q = q or questionnaire()
    known = q.by_key()
    clean: dict[str, int] = {}
    for key, level in answers.items():
        if key not in known:
            raise AnswerError(key, f"“{key}” is not a question of this assessment.")
        if level in (None, ""):
            continue
        if isinstance(level, bool) or not isinstance(level, int | str):
            raise AnswerError(key, f"{key}: choose a level from 1 to 5.")
        try:
            number = int(level)
        except ValueError:
            raise AnswerError(key, f"{key}: choose a level from 1 to 5.") from None
        if number not in known[key].levels:
            raise AnswerError(key, f"{key}: choose a level from 1 to 5, not {level}.")
        clean[key] = number
    return clean


def assess(answers: Mapping[str, int], q: Questionnaire | None = None) -> Assessment:
    q = q or questionnaire()
    sums: dict[str, list[float]] = {"value": [0.0, 0.0], "condition": [0.0, 0.0]}
    parts = []
    unanswered = []
    for c in q.criteria:
        level = answers.get(c.key)
        if level is None:
            unanswered.append(c.key)
            continue
        sums[c.dimension][0] += c.weight * level
        sums[c.dimension][1] += c.weight
        parts.append((c.key, c.dimension, level, c.weight))
    value = sums["value"][0] / sums["value"][1] if sums["value"][1] else None
    condition = sums["condition"][0] / sums["condition"][1] if sums["condition"][1] else None
    return Assessment(
        value, condition, disposition(value, condition, q.midpoint), tuple(parts), tuple(unanswered)
    )


def disposition(value: float | None, condition: float | None, midpoint: float = 3.0) -> str | None:
    """Gartner's TIME quadrant; a score exactly at the midpoint counts as high."""
    if value is None or condition is None:
        return None
    if value >= midpoint:
        return Disposition.INVEST if condition >= midpoint else Disposition.MIGRATE
    return Disposition.TOLERATE if condition >= midpoint else Disposition.ELIMINATE


# --- lifecycle risk --------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskPart:
    milestone: str
    on: date
    days_left: int
    weight: float  # renormalised share of 100
    points: float


@dataclass(frozen=True)
class LifecycleRisk:
    score: float | None  # 0–100; None when no milestone is known
    parts: tuple[RiskPart, ...]


def lifecycle_risk(m: Milestones, on: date, horizon_days: int = HORIZON_DAYS) -> LifecycleRisk:
    items = m.items()
    if not items:
        return LifecycleRisk(None, ())
    total_weight = sum(MILESTONE_WEIGHTS[k] for k, _ in items)
    parts = []
    for key, when in items:
        days_left = (when - on).days
        closeness = min(1.0, max(0.0, 1.0 - days_left / horizon_days))
        weight = 100.0 * MILESTONE_WEIGHTS[key] / total_weight
        parts.append(RiskPart(key, when, days_left, weight, weight * closeness))
    return LifecycleRisk(sum(p.points for p in parts), tuple(parts))


def worst_lifecycle_risk(own: Milestones, components: Sequence[Component], on: date):
    """The highest lifecycle risk of the system and its components, and whose it is."""
    best: tuple[LifecycleRisk, str] = (lifecycle_risk(own, on), "")
    for c in components:
        risk = lifecycle_risk(c.milestones, on)
        if risk.score is not None and (best[0].score is None or risk.score > best[0].score):
            best = (risk, c.name)
    return best


# --- red flags -------------------------------------------------------------------------------


class Flag:
    PAST_SUPPORT = "past_support"
    NEAR_SUPPORT_END = "near_support_end"
    UNSUPPORTED_OS = "unsupported_os"
    REGULATED_WITHOUT_MFA = "regulated_without_mfa"
    SINGLE_PERSON = "single_person"
    NO_TESTED_BACKUP = "no_tested_backup"
    CONTRACT_ENDING = "contract_ending"


FLAG_LABELS = {
    Flag.PAST_SUPPORT: "Past end of support",
    Flag.NEAR_SUPPORT_END: "End of support within a year",
    Flag.UNSUPPORTED_OS: "Unsupported operating system",
    Flag.REGULATED_WITHOUT_MFA: "Regulated data without multi-factor sign-in",
    Flag.SINGLE_PERSON: "Only one person knows how to run it",
    Flag.NO_TESTED_BACKUP: "No tested backup",
    Flag.CONTRACT_ENDING: "Contract ends within six months",
}


@dataclass(frozen=True)
class Acceptance:
    flag: str
    until: date
    by: str
    reason: str


@dataclass(frozen=True)
class RiskFlag:
    key: str
    label: str
    detail: str
    #: The acceptance in force, if someone accepted this risk until a date not yet passed.
    accepted: Acceptance | None = None


# --- a whole system --------------------------------------------------------------------------


@dataclass(frozen=True)
class SystemFacts:
    key: object
    name: str
    milestones: Milestones = Milestones()
    components: tuple[Component, ...] = ()
    costs: Costs = Costs()
    regulated_data: tuple[str, ...] = ()
    mfa: str = "unknown"  # enforced, available, none, unknown
    backup_status: str = ""  # none, untested, tested
    backup_tested_on: date | None = None
    staff_who_know: int | None = None
    contract_end: date | None = None
    retired_on: date | None = None  # the town's own lifecycle: retired from this date
    answers: Mapping[str, int] = field(default_factory=dict)
    acceptances: tuple[Acceptance, ...] = ()
    capability: str = ""


def risk_flags(facts: SystemFacts, support: SupportRollup, on: date) -> list[RiskFlag]:
    raw: list[tuple[str, str]] = []
    if support.overall.state >= SupportState.PAST_SUPPORT:
        who = f"{support.overall.source}: " if support.overall.source else ""
        raw.append((Flag.PAST_SUPPORT, who + support.overall.phrase))
    else:
        soon = [
            s
            for s in (support.own, *support.components)
            if s.days_left is not None and s.days_left <= NEAR_DAYS
        ]
        if soon:
            s = min(soon, key=lambda s: s.days_left)
            who = f"{s.source}: " if s.source else ""
            raw.append((Flag.NEAR_SUPPORT_END, f"{who}{s.days_left} days left ({s.phrase})"))
    for c, s in zip(facts.components, support.components, strict=True):
        if c.kind == "os" and s.state >= SupportState.PAST_SUPPORT:
            raw.append((Flag.UNSUPPORTED_OS, f"{c.name}: {s.phrase}"))
    if facts.regulated_data and facts.mfa != "enforced":
        raw.append(
            (
                Flag.REGULATED_WITHOUT_MFA,
                f"holds {', '.join(facts.regulated_data)}; multi-factor sign-in: {facts.mfa}",
            )
        )
    if facts.staff_who_know is not None and facts.staff_who_know <= 1:
        raw.append((Flag.SINGLE_PERSON, f"{facts.staff_who_know} person knows how to run it"))
    tested = (
        facts.backup_status == "tested"
        and facts.backup_tested_on is not None
        and (on - facts.backup_tested_on).days <= BACKUP_TEST_MAX_AGE_DAYS
    )
    if not tested:
        if facts.backup_status == "tested" and facts.backup_tested_on is not None:
            detail = f"last restore test {facts.backup_tested_on.isoformat()}, over a year ago"
        elif facts.backup_status == "tested":
            detail = "tested, but the date of the last restore test is not recorded"
        else:
            detail = {"none": "no backup", "untested": "backed up, restore never tested"}.get(
                facts.backup_status, "backup status not recorded"
            )
        raw.append((Flag.NO_TESTED_BACKUP, detail))
    if facts.contract_end is not None and 0 <= (facts.contract_end - on).days <= 182:
        raw.append((Flag.CONTRACT_ENDING, f"contract ends {facts.contract_end.isoformat()}"))
    in_force = {a.flag: a for a in facts.acceptances if a.until >= on}
    return [RiskFlag(k, FLAG_LABELS[k], d, in_force.get(k)) for k, d in raw]


@dataclass(frozen=True)
class Priority:
    score: float
    #: points per component: condition, value, lifecycle, flags
    parts: dict[str, float]


def priority(
    assessment: Assessment, risk: LifecycleRisk, open_flags: int, q: Questionnaire | None = None
) -> Priority:
    """Modernisation priority, 0–100; unanswered dimensions count as the midpoint."""
    mid = (q or questionnaire()).midpoint
    condition = assessment.condition if assessment.condition is not None else mid
    value = assessment.value if assessment.value is not None else mid
    parts = {
        "condition": PRIORITY_POINTS["condition"] * (5.0 - condition) / 4.0,
        "value": PRIORITY_POINTS["value"] * (value - 1.0) / 4.0,
        "lifecycle": PRIORITY_POINTS["lifecycle"] * (risk.score or 0.0) / 100.0,
        "flags": PRIORITY_POINTS["flags"]
        * min(open_flags, PRIORITY_FULL_FLAGS)
        / PRIORITY_FULL_FLAGS,
    }
    return Priority(sum(parts.values()), parts)


@dataclass(frozen=True)
class SystemReport:
    key: object
    name: str
    running: bool  # False once the town's lifecycle says retired
    support: SupportRollup
    costs: Costs
    assessment: Assessment
    lifecycle: LifecycleRisk
    lifecycle_source: str
    flags: tuple[RiskFlag, ...]
    priority: Priority

    @property
    def open_flags(self) -> list[RiskFlag]:
        return [f for f in self.flags if f.accepted is None]

    @property
    def annual_cost(self) -> Decimal:
        """What it costs per year while running; nothing once retired."""
        return self.costs.total if self.running else Decimal(0)


def evaluate(facts: SystemFacts, on: date, q: Questionnaire | None = None) -> SystemReport:
    q = q or questionnaire()
    support = support_rollup(facts.milestones, facts.components, on)
    assessment = assess(facts.answers, q)
    risk, risk_source = worst_lifecycle_risk(facts.milestones, facts.components, on)
    running = facts.retired_on is None or facts.retired_on > on
    flags = tuple(risk_flags(facts, support, on)) if running else ()
    open_count = sum(1 for f in flags if f.accepted is None)
    return SystemReport(
        key=facts.key,
        name=facts.name,
        running=running,
        support=support,
        costs=facts.costs,
        assessment=assessment,
        lifecycle=risk,
        lifecycle_source=risk_source,
        flags=flags,
        priority=priority(assessment, risk, open_count, q),
    )


# --- integrations: what is affected ----------------------------------------------------------


@dataclass(frozen=True)
class Interface:
    source: object  # system key: data flows from source to target
    target: object
    two_way: bool = False
    key: object = None


@dataclass(frozen=True)
class Impact:
    #: Systems with an interface to the one retired: each interface must be rebuilt or dropped.
    direct: dict[object, tuple[Interface, ...]]
    #: Systems further downstream (data that passed through the retired system reaches them),
    #: with the system through which it arrives.
    indirect: dict[object, object]


def impact(system: object, interfaces: Iterable[Interface]) -> Impact:
    """Direct dependents (any interface with the system) and indirect ones (reached by
    following data flow from the system, two or more hops away)."""
    interfaces = list(interfaces)
    direct: dict[object, list[Interface]] = defaultdict(list)
    downstream: dict[object, set] = defaultdict(set)
    for i in interfaces:
        if i.source == system and i.target != system:
            direct[i.target].append(i)
        elif i.target == system and i.source != system:
            direct[i.source].append(i)
        downstream[i.source].add(i.target)
        if i.two_way:
            downstream[i.target].add(i.source)
    indirect: dict[object, object] = {}
    seen = {system, *direct}
    queue = deque((n, n) for n in sorted(downstream[system], key=str) if n in direct)
    while queue:
        node, via = queue.popleft()
        for nxt in sorted(downstream[node], key=str):
            if nxt not in seen:
                seen.add(nxt)
                indirect[nxt] = via
                queue.append((nxt, via))
    return Impact({k: tuple(v) for k, v in direct.items()}, indirect)


# --- consolidation, completeness -------------------------------------------------------------


def consolidation_candidates(capabilities: Mapping[object, str]) -> list[tuple[str, list]]:
    """Groups of two or more systems serving the same business capability (compared without
    case or surrounding spaces), largest first."""
    groups: dict[str, list] = defaultdict(list)
    label: dict[str, str] = {}
    for key, capability in capabilities.items():
        norm = " ".join((capability or "").split()).casefold()
        if norm:
            groups[norm].append(key)
            label.setdefault(norm, " ".join(capability.split()))
    found = [(label[n], keys) for n, keys in groups.items() if len(keys) > 1]
    return sorted(found, key=lambda g: (-len(g[1]), g[0].casefold()))


#: The fields a complete record has, and why each matters (shown beside the gap).
COMPLETENESS_FIELDS = {
    "category": "groups the system in reports",
    "departments": "says who is affected by a change",
    "vendor": "needed to check support and contracts",
    "product": "needed to look up support dates",
    "version": "support dates depend on the version",
    "hosting": "decides backup and security questions",
    "annual_cost": "counts in the run cost",
    "support_dates": "drive the end-of-support risk",
    "data_classification": "decides security requirements",
    "criticality": "sets recovery priorities",
    "backup_status": "a system without a tested backup is a red flag",
    "mfa": "regulated data needs multi-factor sign-in",
    "owner": "someone must keep the record current",
    "staff_who_know": "a single person who knows it is a risk",
    "assessment": "decides the disposition",
}


@dataclass(frozen=True)
class Completeness:
    fraction: float
    missing: tuple[str, ...]


def completeness(filled: Mapping[str, bool]) -> Completeness:
    """Share of :data:`COMPLETENESS_FIELDS` filled in; ``filled`` maps each key to a bool."""
    missing = tuple(k for k in COMPLETENESS_FIELDS if not filled.get(k))
    return Completeness(1.0 - len(missing) / len(COMPLETENESS_FIELDS), missing)


# --- avoided costs for the business case of a successor --------------------------------------


@dataclass(frozen=True)
class AvoidedLine:
    """A benefit line proposed for the business case of the initiative that retires a system."""

    part: str  # licence, maintenance, hosting, staff
    name: str
    category: str  # a business-case line category (cashable_savings, staff_time)
    amount: Decimal  # per year
    first_period: int
    last_period: int


#: Which business-case category each running-cost part becomes once the system is gone:
#: fees no longer paid are cashable savings; staff time freed is released, not cash (the
#: Green Book's distinction between cash-releasing and non-cash-releasing benefits).
AVOIDED_CATEGORY = {
    "licence": "cashable_savings",
    "maintenance": "cashable_savings",
    "hosting": "cashable_savings",
    "staff": "staff_time",
}
AVOIDED_NAME = {
    "licence": "{system}: licence no longer paid",
    "maintenance": "{system}: maintenance no longer paid",
    "hosting": "{system}: hosting no longer paid",
    "staff": "{system}: staff time released",
}


def first_period_after(
    retired_on: date | None, start_year: int, fiscal_start_month: int, horizon: int
) -> int:
    """The first period of a business case without the system. Period ``t`` is fiscal year
    ``start_year + t`` (period 0 is the start year, as in ``core.cases``); the system costs
    until the end of the fiscal year it retires in, so its costs stop from the next one.
    Without a date: period 1, the year after spending starts. Clamped to 0..horizon."""
    if retired_on is None:
        return min(1, horizon)
    # Fiscal years are named by the calendar year they end in (US practice: with a July
    # start, FY2027 runs July 2026 to June 2027).
    after_start = fiscal_start_month > 1 and retired_on.month >= fiscal_start_month
    fiscal_year = retired_on.year + (1 if after_start else 0)
    return max(0, min(horizon, fiscal_year + 1 - start_year))


def avoided_lines(
    system_name: str, costs: Costs, first_period: int, last_period: int
) -> list[AvoidedLine]:
    """One benefit line per running-cost part that is not zero, from ``first_period`` to
    ``last_period`` (periods of the case, inclusive)."""
    if first_period < 0 or last_period < first_period:
        raise ValueError("first_period must be at least 0 and not after last_period")
    return [
        AvoidedLine(
            part,
            AVOIDED_NAME[part].format(system=system_name)[:120],
            AVOIDED_CATEGORY[part],
            amount,
            first_period,
            last_period,
        )
        for part, amount in costs.parts().items()
        if amount > 0
    ]
