"""The risk register's arithmetic: scores, the 5×5 heat map, expected monetary value, the
contingency reserve and schedule buffer, and the checks a register entry must pass.

Method and sources
    * A risk is written cause → event → effect (PMBOK Guide, 6th ed., 2017, §11.2.3.1, "risk
      metalanguage") and rated on two 1–5 scales, likelihood and impact; its **score** is
      likelihood × impact (1–25) and falls in a **level** by thresholds. The scales' words and
      the thresholds are data (``core/data/risk_library.yaml``, ``scales``): likelihood bands
      in percent, impact described for cost, schedule and service, and the score bands of the
      UK National Patient Safety Agency's published 5×5 matrix (*A risk matrix for risk
      managers*, NPSA 2008: 1–3 low, 4–6 moderate, 8–12 high, 15–25 extreme). ISO 31000:2018
      prescribes no matrix; it asks that the criteria be defined and recorded, which the data
      file does. A risk rated on several impacts takes the worst (the usual reading of a
      5×5 matrix: the impact is the most severe consequence).
    * **Expected monetary value** (PMBOK Guide 6th ed. §11.4.2.5): EMV = probability × impact.
      When the impact is a three-point range (low, likely, high), the impact is its mean:
      PERT's (a + 4m + b) / 6 by default, as the schedule simulation draws PERT by default, or
      the triangular mean (a + m + b) / 3 on request; both are stated with the figure. The
      probability is the one entered, or the midpoint of the likelihood's band when none is.
    * **Contingency reserve** = Σ EMV of the open risks' cost impacts; **schedule buffer** =
      Σ probability × expected schedule impact (working days). Both are given before the
      response (inherent probability and ranges) and after it (residual probability, or the
      residual likelihood's band midpoint, and residual ranges, the inherent ones when none
      were entered). Closed risks and risks that have occurred (now issues, whose cost is
      real, not expected) are left out. Summing EMVs assumes the risks independent and
      additive, which is the PMBOK's reserve-analysis reading; the schedule Monte Carlo,
      not this sum, accounts for where on the network a delay lands.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from civicshift.core.risk_library import Scales

__all__ = [
    "CATEGORIES",
    "RESPONSES",
    "STATUSES",
    "Exposure",
    "HeatMap",
    "Range",
    "Risk",
    "RiskError",
    "RiskProblem",
    "check_risks",
    "contingency",
    "emv",
    "expected",
    "expected_value",
    "heat_map",
    "level",
    "probability",
    "risk_problems",
    "score",
]

#: Keys, as the plans app stores them (labels come from the library file's ``categories``).
CATEGORIES = (
    "technical",
    "vendor",
    "data_migration",
    "adoption",
    "security",
    "funding",
    "legal",
    "political",
)
RESPONSES = ("avoid", "mitigate", "transfer", "accept")
STATUSES = ("open", "occurred", "closed")
Mean = Literal["pert", "triangular"]


@dataclass(frozen=True)
class Range:
    """A three-point range: money for a cost impact, working days for a schedule impact."""

    low: float
    likely: float
    high: float

    def mean(self, method: Mean = "pert") -> float:
        return expected(self, method)


@dataclass(frozen=True)
class Risk:
    id: str
    title: str
    category: str
    likelihood: int  # 1–5, on the scale's bands
    impact: int  # 1–5: the worst of cost, schedule and service
    cause: str = ""
    event: str = ""
    effect: str = ""
    probability: float | None = None  # 0–1; None: the likelihood band's midpoint
    cost: Range | None = None  # cost if it happens
    schedule: Range | None = None  # delay if it happens, working days
    response: str = "mitigate"
    mitigation: str = ""
    residual_likelihood: int | None = None
    residual_impact: int | None = None
    residual_probability: float | None = None
    residual_cost: Range | None = None  # None: the inherent range
    residual_schedule: Range | None = None
    acceptance_rationale: str = ""
    review_on: date | None = None
    status: str = "open"
    owner: str = ""
    tasks: tuple[str, ...] = ()  # plan task ids it would delay
    trigger: str = ""
    contingency_plan: str = ""
    library_id: str = ""

    @property
    def label(self) -> str:
        return f"risk {self.id} ({self.title!r})" if self.title else f"risk {self.id}"


class RiskError(ValueError):
    """Register entries that do not pass the checks; ``problems`` lists each one."""

    def __init__(self, problems: Sequence[RiskProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(p.message for p in self.problems))


@dataclass(frozen=True)
class RiskProblem:
    risk_id: str
    field: str
    message: str


# --- scores and levels -------------------------------------------------------------------------


def _scales() -> Scales:
    from civicshift.core.risk_library import load_library  # it imports this module

    return load_library().scales


def score(likelihood: int, impact: int) -> int:
    """Likelihood × impact, 1–25."""
    for name, value in (("likelihood", likelihood), ("impact", impact)):
        if not (isinstance(value, int) and 1 <= value <= 5):
            raise ValueError(f"{name} must be a whole number from 1 to 5 (got {value!r})")
    return likelihood * impact


def level(value: int) -> str:
    """The level key ("low", "medium", "high", "very_high") of a score, by the data's
    thresholds."""
    return _scales().level_of(value)


def probability(risk: Risk, *, residual: bool = False) -> float:
    """The probability entered, or the midpoint of the likelihood's band."""
    if residual:
        if risk.residual_probability is not None:
            return risk.residual_probability
        if risk.residual_likelihood is not None:
            return _scales().likelihood_midpoint(risk.residual_likelihood)
    if risk.probability is not None:
        return risk.probability
    return _scales().likelihood_midpoint(risk.likelihood)


# --- expected values ---------------------------------------------------------------------------


def expected(r: Range, method: Mean = "pert") -> float:
    """The mean of a three-point range: PERT (a + 4m + b) / 6 or triangular (a + m + b) / 3."""
    if method == "pert":
        return (r.low + 4 * r.likely + r.high) / 6
    if method == "triangular":
        return (r.low + r.likely + r.high) / 3
    raise ValueError(f"unknown mean {method!r}: 'pert' or 'triangular'")


def expected_value(outcomes: Iterable[tuple[float, float]]) -> float:
    """Σ probability × value over a chance node's outcomes (PMBOK 6th ed. §11.4.2.5, decision
    tree analysis). The probabilities must sum to 1."""
    pairs = list(outcomes)
    total = sum(p for p, _ in pairs)
    if abs(total - 1) > 1e-9:
        raise ValueError(f"the outcomes' probabilities sum to {total:g}, not 1")
    return sum(p * v for p, v in pairs)


def emv(
    risk: Risk,
    *,
    what: Literal["cost", "schedule"] = "cost",
    residual: bool = False,
    mean: Mean = "pert",
) -> float:
    """Probability × expected impact (0 when the risk has no range for ``what``)."""
    inherent = risk.cost if what == "cost" else risk.schedule
    rng = inherent
    if residual:
        rng = (risk.residual_cost if what == "cost" else risk.residual_schedule) or inherent
    if rng is None:
        return 0.0
    return probability(risk, residual=residual) * expected(rng, mean)


@dataclass(frozen=True)
class Exposure:
    """The reserve and buffer before and after the responses, and what went into them."""

    contingency_before: float  # money
    contingency_after: float
    buffer_days_before: float  # working days
    buffer_days_after: float
    mean: Mean
    risk_ids: tuple[str, ...]  # the open risks counted


def contingency(risks: Iterable[Risk], *, mean: Mean = "pert") -> Exposure:
    """Contingency reserve (Σ cost EMV) and schedule buffer (Σ schedule EMV) of open risks."""
    open_risks = [r for r in risks if r.status == "open"]
    return Exposure(
        contingency_before=sum(emv(r, mean=mean) for r in open_risks),
        contingency_after=sum(emv(r, residual=True, mean=mean) for r in open_risks),
        buffer_days_before=sum(emv(r, what="schedule", mean=mean) for r in open_risks),
        buffer_days_after=sum(
            emv(r, what="schedule", residual=True, mean=mean) for r in open_risks
        ),
        mean=mean,
        risk_ids=tuple(r.id for r in open_risks),
    )


# --- heat map ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeatMap:
    """``cells[likelihood - 1][impact - 1]`` = how many risks sit there."""

    cells: tuple[tuple[int, ...], ...]
    residual: bool

    def count(self, likelihood: int, impact: int) -> int:
        return self.cells[likelihood - 1][impact - 1]

    @property
    def total(self) -> int:
        return sum(map(sum, self.cells))


def heat_map(
    risks: Iterable[Risk], *, residual: bool = False, statuses: Sequence[str] = ("open",)
) -> HeatMap:
    """The 5×5 counts, inherent or residual (a risk with no residual rating keeps its
    inherent one)."""
    grid = [[0] * 5 for _ in range(5)]
    for r in risks:
        if r.status not in statuses:
            continue
        lk, im = r.likelihood, r.impact
        if residual:
            lk = r.residual_likelihood or lk
            im = r.residual_impact or im
        score(lk, im)  # refuses values off the scale
        grid[lk - 1][im - 1] += 1
    return HeatMap(tuple(tuple(row) for row in grid), residual)


# --- checks ------------------------------------------------------------------------------------


def _check_range(risk: Risk, name: str, rng: Range | None, problems: list[RiskProblem]) -> None:
    if rng is None:
        return
    if not rng.low <= rng.likely <= rng.high:
        problems.append(
            RiskProblem(
                risk.id,
                name,
                f"{risk.label}, {name}: low ≤ likely ≤ high is required "
                f"(got {rng.low:g}, {rng.likely:g}, {rng.high:g})",
            )
        )
    if rng.low < 0:
        problems.append(
            RiskProblem(risk.id, name, f"{risk.label}, {name}: an impact cannot be negative")
        )


def risk_problems(risk: Risk) -> list[RiskProblem]:
    """Every problem with one entry, each naming the risk and the field."""
    problems: list[RiskProblem] = []

    def add(name: str, text: str) -> None:
        problems.append(RiskProblem(risk.id, name, f"{risk.label}, {name}: {text}"))

    if risk.category not in CATEGORIES:
        add("category", f"{risk.category!r} is not one of {', '.join(CATEGORIES)}")
    if risk.response not in RESPONSES:
        add("response", f"{risk.response!r} is not one of {', '.join(RESPONSES)}")
    if risk.status not in STATUSES:
        add("status", f"{risk.status!r} is not one of {', '.join(STATUSES)}")
    for name in ("likelihood", "impact", "residual_likelihood", "residual_impact"):
        value = getattr(risk, name)
        if value is None and name.startswith("residual"):
            continue
        if not (isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5):
            add(name, f"must be a whole number from 1 to 5 (got {value!r})")
    for name in ("probability", "residual_probability"):
        value = getattr(risk, name)
        if value is not None and not 0 <= value <= 1:
            add(name, f"a probability is between 0 and 1 (got {value!r})")
    for name in ("cost", "schedule", "residual_cost", "residual_schedule"):
        _check_range(risk, name, getattr(risk, name), problems)
    if risk.response == "accept":
        if not risk.acceptance_rationale.strip():
            add("acceptance_rationale", "accepting a risk needs a rationale")
        if risk.review_on is None:
            add("review_on", "accepting a risk needs a review date")
    return problems


def check_risks(risks: Iterable[Risk]) -> None:
    """Raise :class:`RiskError` listing every problem of every entry (ids must be unique)."""
    problems: list[RiskProblem] = []
    seen: set[str] = set()
    for r in risks:
        if r.id in seen:
            problems.append(RiskProblem(r.id, "id", f"{r.label}: the id {r.id!r} is used twice"))
        seen.add(r.id)
        problems.extend(risk_problems(r))
    if problems:
        raise RiskError(problems)
