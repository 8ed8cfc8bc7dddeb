"""A business case: cost and benefit lines over fiscal periods, and its deterministic analysis.

The model follows the case file documented in ``docs/business-case-file.md`` (issue #3):

- Period ``t`` runs from 0 (the fiscal year ``start_year``, not discounted) to ``horizon_years``.
- A line's amount is a point value or a three-point estimate (low / likely / high) with a
  triangular (default) or PERT distribution. Deterministic figures use ``likely``.
- The amount in period ``t`` is ``amount × (1 + escalation)^(t − first)``, where ``first`` is the
  line's first period, times the ramp share for offset ``t − first`` (``ramp[k]`` for the first
  ``len(ramp)`` offsets, 1.0 after). Offsets count calendar periods, as escalation does.
- Costs enter the cash flow as negative amounts, benefits as positive.
- Lines with ``in_npv=False`` (e.g. resident time saved) are wider social benefits: reported as
  ``wider_benefits_pv`` and kept out of the financial figures (NPV, IRR, BCR, payback, TCO).

A ``Case`` validates itself when it is built, so a ``Case`` that exists is always analysable;
every problem raises ``CaseError`` naming the line (by number and name) and the field.
The arithmetic is numpy-vectorised: ``analyze`` runs on every keystroke in the web page.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, replace

import numpy as np

from civicshift.core import finance
from civicshift.core.formatting import percent

DISTRIBUTIONS = ("point", "triangular", "pert")
KINDS = ("cost", "benefit")
MAX_HORIZON_YEARS = 100


class CaseError(ValueError):
    """A case that cannot be analysed; names the line (1-based number and name) and the field."""

    def __init__(
        self,
        detail: str,
        *,
        field: str | None = None,
        line_index: int | None = None,
        line_name: str | None = None,
    ) -> None:
        self.detail = detail
        self.field = field
        self.line_index = line_index  # 0-based position in Case.lines
        self.line_name = line_name
        super().__init__(f"{self.where}: {detail}" if self.where else detail)

    @property
    def where(self) -> str:
        parts = []
        if self.line_index is not None:
            name = f" ({self.line_name!r})" if self.line_name else ""
            parts.append(f"line {self.line_index + 1}{name}")
        if self.field:
            parts.append(f"field {self.field!r}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Estimate:
    """An amount: a point value, or low / likely / high with a triangular or PERT distribution."""

    low: float
    likely: float
    high: float
    dist: str = "triangular"

    @classmethod
    def point(cls, value: float) -> Estimate:
        return cls(value, value, value, "point")

    @property
    def is_uncertain(self) -> bool:
        """True when a simulation draws this amount (a spread, and not a point estimate)."""
        return self.dist != "point" and self.high > self.low

    @property
    def mean(self) -> float:
        """Expected value: triangular (a+b+c)/3, PERT (a+4b+c)/6 (Vose, *Risk Analysis*, 2008)."""
        if not self.is_uncertain:
            return float(self.likely)
        if self.dist == "pert":
            return (self.low + 4 * self.likely + self.high) / 6
        return (self.low + self.likely + self.high) / 3


#: Categories whose benefits go to residents, not the city's budget: reported beside the NPV
#: unless the line says otherwise (issue #3: "kept out of the financial NPV unless chosen").
WIDER_BENEFIT_CATEGORIES = frozenset({"resident_time"})


#: Cost categories (cases.models.Category) that are one-time or recurring by nature; "other" and
#: uncategorised lines are one-time when they fall in a single fiscal year.
ONE_TIME_COST_CATEGORIES = frozenset(
    {
        "licences",
        "hardware",
        "implementation",
        "data_migration",
        "integration",
        "training",
        "staff_backfill",
        "contingency",
    }
)
RECURRING_COST_CATEGORIES = frozenset(
    {"subscription", "maintenance", "hosting", "support", "added_staff"}
)


def default_in_npv(category: str) -> bool:
    """Whether a line of this category counts in the financial NPV when nobody said."""
    return category not in WIDER_BENEFIT_CATEGORIES


@dataclass(frozen=True)
class Line:
    """One cost or benefit line of a case."""

    name: str
    kind: str  # "cost" | "benefit"
    amount: Estimate
    periods: tuple[int, ...]
    escalation: float = 0.0
    ramp: tuple[float, ...] = ()
    category: str = ""
    in_npv: bool = True
    #: Explicit amounts per period (e.g. 10k, 25k, 0, 40k), one per period in ``periods`` order.
    #: When given, the flow in ``periods[k]`` is ``per_year[k] × amount``: the estimate is then a
    #: factor (1 for "as given", or an hourly rate, or a range such as 0.9 / 1 / 1.3), and
    #: escalation and ramp do not apply.
    per_year: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        try:
            periods = tuple(sorted(self.periods))
        except TypeError:  # not comparable: left for validate() to report
            periods = tuple(self.periods)
        object.__setattr__(self, "periods", periods)
        object.__setattr__(self, "ramp", tuple(self.ramp))
        object.__setattr__(self, "per_year", tuple(self.per_year))

    @property
    def one_time(self) -> bool:
        """A one-time (capital) cost rather than a recurring (operating) one: by its category
        when the category says (licences, hardware… are one-time even over two years; a
        subscription is recurring), else a line in a single period."""
        if self.category in RECURRING_COST_CATEGORIES:
            return False
        if self.category in ONE_TIME_COST_CATEGORIES:
            return True
        return len(self.periods) == 1

    @property
    def sign(self) -> int:
        return -1 if self.kind == "cost" else 1


BASES = ("real", "nominal")
LEADS = ("expected", "likely")
#: Optimism-bias uplifts are refused above this (300 %), as issue 7 asks; the Green Book's
#: highest published upper bound is 200 % (equipment and development capital expenditure).
MAX_UPLIFT = 3.0


@dataclass(frozen=True)
class OptimismBias:
    """Uplifts for optimism bias (HM Treasury, Supplementary Green Book Guidance: Optimism Bias).

    Fractions (0.54 = 54 %): ``one_time`` multiplies one-time costs by ``1 + one_time`` (the
    guidance's capital expenditure), ``recurring`` multiplies recurring costs (its operating
    expenditure), and ``duration`` lengthens the works before benefits start: every benefit
    line starts ``round(b × duration)`` fiscal years later, where ``b`` is the first period of
    the earliest benefit (the implementation time); amounts pushed past the horizon are lost.
    ``category`` names the reference project type (civicshift/core/data/optimism_bias.json) and
    ``reason`` records why these values were chosen between its bounds.
    """

    one_time: float = 0.0
    recurring: float = 0.0
    duration: float = 0.0
    category: str = ""
    reason: str = ""

    @property
    def is_zero(self) -> bool:
        return self.one_time == 0 and self.recurring == 0 and self.duration == 0


@dataclass(frozen=True)
class Case:
    """A business case (or one option of it, as increments over the status quo).

    ``basis`` says whether the amounts and ``discount_rate`` are ``real`` (today's money) or
    ``nominal`` (money of each year, with inflation); ``inflation`` is the general inflation
    assumption used to convert the rate (Fisher). ``lead`` says which figures a case leads
    with: ``expected`` (at the mean amounts, as the Green Book and OMB Circular A-94 ask) or
    ``likely``. ``alternative_rate`` is a second discount rate the reader wants to see (e.g.
    OMB A-94's), with ``alternative_rate_label`` naming it.
    """

    title: str
    start_year: int
    horizon_years: int
    discount_rate: float
    lines: tuple[Line, ...]
    finance_rate: float | None = None
    reinvest_rate: float | None = None
    basis: str = "real"
    inflation: float = 0.0
    optimism: OptimismBias | None = None
    lead: str = "expected"
    alternative_rate: float | None = None
    alternative_rate_label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "lines", tuple(self.lines))
        validate(self)

    @property
    def fiscal_years(self) -> tuple[int, ...]:
        return tuple(self.start_year + t for t in range(self.horizon_years + 1))

    @property
    def nominal_rate(self) -> float:
        """The discount rate in nominal terms (Fisher: (1 + real)(1 + inflation) − 1)."""
        if self.basis == "nominal":
            return self.discount_rate
        return fisher_nominal(self.discount_rate, self.inflation)

    @property
    def real_rate(self) -> float:
        """The discount rate in real terms (Fisher: (1 + nominal) / (1 + inflation) − 1)."""
        if self.basis == "real":
            return self.discount_rate
        return fisher_real(self.discount_rate, self.inflation)

    @property
    def has_bias(self) -> bool:
        return self.optimism is not None and not self.optimism.is_zero

    def without_bias(self) -> Case:
        """The same case with no optimism-bias adjustment (the figures "before")."""
        return replace(self, optimism=None)


def fisher_nominal(real: float, inflation: float) -> float:
    """Nominal rate from a real rate and inflation: (1 + r)(1 + i) − 1 (Fisher equation)."""
    return (1.0 + real) * (1.0 + inflation) - 1.0


def fisher_real(nominal: float, inflation: float) -> float:
    """Real rate from a nominal rate and inflation: (1 + n) / (1 + i) − 1 (Fisher equation)."""
    return (1.0 + nominal) / (1.0 + inflation) - 1.0


@dataclass(frozen=True, eq=False)
class Analysis:
    """Deterministic figures of a case (amounts at ``likely``). Arrays are indexed by period."""

    fiscal_years: tuple[int, ...]
    costs: np.ndarray  # positive amounts
    benefits: np.ndarray
    net: np.ndarray  # benefits − costs
    cumulative: np.ndarray
    discount_factors: np.ndarray  # (1 + r)^−t
    discounted: np.ndarray
    cumulative_discounted: np.ndarray
    wider_benefits: np.ndarray  # lines kept out of the NPV, net (benefits − costs)
    npv: float
    irr: float | None  # the headline IRR: agrees with the NPV at the rate; None where none does
    irrs: tuple[float, ...]  # every IRR above -100 %, increasing
    mirr: float | None
    bcr: float | None  # None: no costs
    payback_years: float | None  # None: not within the horizon
    discounted_payback_years: float | None
    pv_costs: float
    pv_benefits: float
    tco: float  # undiscounted total cost over the horizon
    wider_benefits_pv: float
    at: str = "likely"  # "likely" amounts or "expected" (mean) amounts

    @property
    def irr_warning(self) -> str | None:
        """The plain warning shown wherever IRR is, when the project has several IRRs."""
        return finance.irr_warning(self.irrs)


# --- validation -----------------------------------------------------------------------------


def _is_number(value: object) -> bool:
    # Exact float and int first: ``numbers.Real`` is an ABC check, slow at every keystroke of
    # the live preview (a 30-line case checks about 150 numbers); the same values pass.
    kind = type(value)
    if kind is float or kind is int:
        return True
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _is_whole(value: object) -> bool:
    """An integer, not a bool (exact int first, as ``_is_number``)."""
    if type(value) is int:
        return True
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _finite(value: object, field: str, **where: object) -> float:
    if not _is_number(value):
        raise CaseError(f"must be a number (got {value!r})", field=field, **where)
    if not math.isfinite(value):
        raise CaseError(f"must be a finite number (got {value})", field=field, **where)
    return float(value)


def _check_rate(value: object, field: str) -> None:
    if _finite(value, field) <= -1:
        raise CaseError(f"must be greater than -1 (-100%) (got {value})", field=field)


def _check_estimate(est: object, **where: object) -> None:
    if not isinstance(est, Estimate):
        raise CaseError(f"must be an Estimate (got {type(est).__name__})", field="amount", **where)
    point = est.dist == "point"
    names = ("low", "likely", "high")
    fields = {n: "amount" if point else f"amount.{n}" for n in names}  # a point has one value
    low, likely, high = (_finite(getattr(est, n), fields[n], **where) for n in names)
    if est.dist not in DISTRIBUTIONS:
        choices = ", ".join(DISTRIBUTIONS)
        raise CaseError(
            f"must be one of {choices} (got {est.dist!r})", field="amount.dist", **where
        )
    for value, name in zip((low, likely, high), names, strict=True):
        if value < 0:
            raise CaseError(
                f"must not be negative (got {value:,.2f}); the line's kind gives the sign",
                field=fields[name],
                **where,
            )
    if point and not low == likely == high:
        raise CaseError("a point estimate needs low = likely = high", field="amount.dist", **where)
    if low > likely:
        raise CaseError(
            f"low ({low:,.2f}) is greater than likely ({likely:,.2f})", field="amount.low", **where
        )
    if likely > high:
        raise CaseError(
            f"likely ({likely:,.2f}) is greater than high ({high:,.2f})",
            field="amount.high",
            **where,
        )


def _check_line(line: object, index: int, horizon: int) -> None:
    if not isinstance(line, Line):
        raise CaseError(f"must be a Line (got {type(line).__name__})", line_index=index)
    named = isinstance(line.name, str) and line.name.strip()
    where = {"line_index": index, "line_name": line.name if named else None}
    if not isinstance(line.name, str) or not line.name.strip():
        raise CaseError("every line needs a name", field="name", **where)
    if line.kind not in KINDS:
        raise CaseError(f"must be cost or benefit (got {line.kind!r})", field="kind", **where)
    _check_estimate(line.amount, **where)
    if not line.periods:
        raise CaseError("the line has no periods", field="periods", **where)
    for p in line.periods:
        if not _is_whole(p):
            raise CaseError(f"periods are whole numbers (got {p!r})", field="periods", **where)
        if not 0 <= p <= horizon:
            raise CaseError(
                f"period {p} is outside the horizon 0..{horizon}", field="periods", **where
            )
    if len(set(line.periods)) != len(line.periods):
        raise CaseError("a period is listed more than once", field="periods", **where)
    if line.per_year:
        _check_per_year(line, horizon, where)
    if _finite(line.escalation, "escalation", **where) <= -1:
        raise CaseError(
            f"must be greater than -1 (-100%) (got {line.escalation})", field="escalation", **where
        )
    for k, share in enumerate(line.ramp):
        if not 0 <= _finite(share, f"ramp[{k}]", **where) <= 1:
            raise CaseError(f"a share between 0 and 1 (got {share})", field=f"ramp[{k}]", **where)
    if not isinstance(line.in_npv, bool):
        raise CaseError(f"must be true or false (got {line.in_npv!r})", field="in_npv", **where)


def _check_per_year(line: Line, horizon: int, where: dict) -> None:
    first = line.periods[0]
    room = horizon - first + 1
    if len(line.per_year) > room:
        raise CaseError(
            f"{len(line.per_year)} amounts per year from period {first} run past the horizon: "
            f"at most {room} fit (periods {first}..{horizon})",
            field="per_year",
            **where,
        )
    if len(line.per_year) != len(line.periods):
        raise CaseError(
            f"{len(line.per_year)} amounts per year for {len(line.periods)} periods: give one "
            "amount for each year the line runs",
            field="per_year",
            **where,
        )
    for k, value in enumerate(line.per_year):
        amount = _finite(value, f"per_year[{k}]", **where)
        if amount < 0:
            raise CaseError(
                f"must not be negative (got {amount:,.2f}); the line's kind gives the sign",
                field=f"per_year[{k}]",
                **where,
            )
    if line.escalation != 0:
        raise CaseError(
            "amounts per year are used as given: leave the yearly increase at 0",
            field="escalation",
            **where,
        )
    if line.ramp:
        raise CaseError(
            "amounts per year are used as given: leave the ramp-up empty", field="ramp", **where
        )


def _check_case_terms(case: Case) -> None:
    if case.basis not in BASES:
        raise CaseError(f"must be real or nominal (got {case.basis!r})", field="basis")
    if _finite(case.inflation, "inflation") <= -1:
        raise CaseError(
            f"inflation must be greater than -100% (got {case.inflation:.2%})", field="inflation"
        )
    if case.lead not in LEADS:
        raise CaseError(f"must be expected or likely (got {case.lead!r})", field="lead")
    if case.alternative_rate is not None:
        _check_rate(case.alternative_rate, "alternative_rate")
    bias = case.optimism
    if bias is None:
        return
    if not isinstance(bias, OptimismBias):
        raise CaseError(
            f"must be an OptimismBias (got {type(bias).__name__})", field="optimism_bias"
        )
    for name in ("one_time", "recurring", "duration"):
        value = _finite(getattr(bias, name), f"optimism_bias.{name}")
        if not 0 <= value <= MAX_UPLIFT:
            raise CaseError(
                f"an uplift between 0% and {MAX_UPLIFT:.0%} (got {value:.1%})",
                field=f"optimism_bias.{name}",
            )


def validate(case: Case) -> None:
    """Raise CaseError for the first problem found (called by ``Case`` itself)."""
    horizon = case.horizon_years
    if not _is_whole(horizon):
        raise CaseError(f"must be a whole number (got {horizon!r})", field="horizon_years")
    if not 1 <= horizon <= MAX_HORIZON_YEARS:
        raise CaseError(
            f"must be between 1 and {MAX_HORIZON_YEARS} (got {horizon})", field="horizon_years"
        )
    if not _is_whole(case.start_year):
        raise CaseError(f"must be a whole number (got {case.start_year!r})", field="start_year")
    _check_rate(case.discount_rate, "discount_rate")
    for field in ("finance_rate", "reinvest_rate"):
        if getattr(case, field) is not None:
            _check_rate(getattr(case, field), field)
    _check_case_terms(case)
    if not case.lines:
        raise CaseError("the case has no lines: add at least one cost or benefit", field="lines")
    seen: dict[str, int] = {}
    for index, line in enumerate(case.lines):
        _check_line(line, index, horizon)
        key = line.name.strip().casefold()
        if key in seen:
            raise CaseError(
                f"the name is already used by line {seen[key] + 1}",
                field="name",
                line_index=index,
                line_name=line.name,
            )
        seen[key] = index


# --- arithmetic -----------------------------------------------------------------------------


def line_profile(line: Line, horizon: int, *, shift: int = 0, uplift: float = 0.0) -> np.ndarray:
    """Signed multiplier per period 0..horizon for one unit of the line's amount.

    Costs are negative. Period ``t`` gets ``(1 + escalation)^(t − first) × ramp share``, or the
    line's ``per_year`` amount. ``shift`` moves the line that many periods later (amounts pushed
    past the horizon are dropped) and ``uplift`` multiplies it by ``1 + uplift`` (optimism bias).
    """
    out = np.zeros(horizon + 1)
    periods = np.asarray(line.periods, dtype=np.intp)
    if line.per_year:
        values = np.asarray(line.per_year, dtype=float)
    else:
        offsets = periods - periods.min()
        values = (1.0 + line.escalation) ** offsets.astype(float)
        if line.ramp:
            ramp = np.asarray(line.ramp, dtype=float)
            shares = np.ones(len(offsets))
            early = offsets < len(ramp)
            shares[early] = ramp[offsets[early]]
            values *= shares
    periods = periods + shift
    inside = periods <= horizon
    out[periods[inside]] = line.sign * (1.0 + uplift) * values[inside]
    return out


def benefit_delay(case: Case) -> int:
    """Fiscal years the optimism-bias duration uplift delays every benefit (0 without one).

    ``round(b × duration)``, half up, where ``b`` is the first period of the earliest benefit
    line: the time the works take before anything is delivered.
    """
    if not case.has_bias or case.optimism.duration == 0:
        return 0
    starts = [line.periods[0] for line in case.lines if line.kind == "benefit"]
    if not starts:
        return 0
    return int(math.floor(min(starts) * case.optimism.duration + 0.5))


def line_adjustments(case: Case) -> list[tuple[int, float]]:
    """(shift, uplift) of every line under the case's optimism bias (all (0, 0.0) without)."""
    if not case.has_bias:
        return [(0, 0.0)] * len(case.lines)
    bias, delay = case.optimism, benefit_delay(case)
    out = []
    for line in case.lines:
        if line.kind == "benefit":
            out.append((delay, 0.0))
        else:
            out.append((0, bias.one_time if line.one_time else bias.recurring))
    return out


def profile_matrix(case: Case) -> np.ndarray:
    """``line_profile`` of every line (optimism bias applied), stacked: shape (lines, periods).

    The lines over consecutive years without amounts per year (nearly all of them) are computed
    together, with the same operations in the same order as ``line_profile`` (so the same
    numbers to the last bit, ``test_profile_matrix_equals_each_line_profile``): the live preview
    builds this matrix at every keystroke, and one small numpy computation per line was most of
    its cost. The others go through ``line_profile``."""
    horizon = case.horizon_years
    adjustments = line_adjustments(case)
    out = np.zeros((len(case.lines), horizon + 1))
    batch = []
    for index, (line, (shift, uplift)) in enumerate(zip(case.lines, adjustments, strict=True)):
        periods = line.periods
        if line.per_year or periods != tuple(range(periods[0], periods[-1] + 1)):
            out[index] = line_profile(line, horizon, shift=shift, uplift=uplift)
        else:
            batch.append((index, line, shift, uplift))
    if batch:
        rows = np.array([index for index, *_ in batch], dtype=np.intp)
        start = np.array([line.periods[0] + shift for _, line, shift, _ in batch])
        length = np.array([len(line.periods) for _, line, _, _ in batch])
        growth = np.array([1.0 + line.escalation for _, line, _, _ in batch])
        scale = np.array([line.sign * (1.0 + uplift) for _, line, _, uplift in batch])
        # offset[i, t]: how many years into line i output year t falls (its own year index).
        offset = np.arange(horizon + 1)[None, :] - start[:, None]
        inside = (offset >= 0) & (offset < length[:, None])
        offset = np.where(inside, offset, 0)
        values = growth[:, None] ** offset.astype(float)
        ramp_width = max(len(line.ramp) for _, line, _, _ in batch)
        if ramp_width:
            # Each line's ramp shares, then 1 for every later year.
            shares = np.ones((len(batch), ramp_width + 1))
            for row, (_, line, _, _) in enumerate(batch):
                shares[row, : len(line.ramp)] = line.ramp
            values *= np.take_along_axis(shares, np.minimum(offset, ramp_width), axis=1)
        out[rows] = np.where(inside, scale[:, None] * values, 0.0)
    return out


def discount_factors(rate: float, horizon: int) -> np.ndarray:
    """``(1 + rate)^−t`` for t = 0..horizon (period 0 is not discounted), as ``finance.npv``."""
    return finance.discount_factors(rate, horizon + 1)


def pv_weights(case: Case) -> np.ndarray:
    """Present value of one unit of each line's amount (signed): NPV = amounts · weights."""
    return profile_matrix(case) @ discount_factors(case.discount_rate, case.horizon_years)


def in_npv_mask(case: Case) -> np.ndarray:
    return np.fromiter((line.in_npv for line in case.lines), dtype=bool, count=len(case.lines))


def likely_amounts(case: Case) -> np.ndarray:
    return np.fromiter((ln.amount.likely for ln in case.lines), dtype=float, count=len(case.lines))


def mean_amounts(case: Case) -> np.ndarray:
    """Each line's expected amount (the mean of its distribution; the value of a point)."""
    return np.fromiter((ln.amount.mean for ln in case.lines), dtype=float, count=len(case.lines))


def scenario_amounts(case: Case, scenario: str) -> np.ndarray:
    """Amounts of the ``best`` (benefits high, costs low), ``base`` (likely) or ``worst``
    (benefits low, costs high) scenario."""
    if scenario == "base":
        return likely_amounts(case)
    if scenario not in ("best", "worst"):
        raise ValueError(f"unknown scenario {scenario!r}")
    good = "high" if scenario == "best" else "low"
    bad = "low" if scenario == "best" else "high"
    return np.fromiter(
        (getattr(ln.amount, good if ln.kind == "benefit" else bad) for ln in case.lines),
        dtype=float,
        count=len(case.lines),
    )


AMOUNTS = {"likely": likely_amounts, "expected": mean_amounts}


def _optional(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def analyze(
    case: Case,
    *,
    at: str = "likely",
    amounts: np.ndarray | None = None,
    profile: np.ndarray | None = None,
) -> Analysis:
    """Deterministic cash flows and figures of ``case``.

    ``at="likely"`` uses each line's likely amount; ``at="expected"`` its mean amount (the
    closed-form expected cash flows: NPV and the flows are linear in the amounts, so the NPV
    here is the expected NPV exactly; BCR and payback are those of the expected cash flows).
    ``amounts`` overrides the amounts (one per line), e.g. a scenario's.
    """
    if amounts is None:
        if at not in AMOUNTS:
            raise ValueError(f"at must be one of {', '.join(AMOUNTS)} (got {at!r})")
        amounts = AMOUNTS[at](case)
    # ``profile``: the case's profile_matrix when the caller already has it (summarize).
    flows = amounts[:, None] * (profile_matrix(case) if profile is None else profile)
    in_npv = in_npv_mask(case)
    is_cost = np.fromiter((ln.kind == "cost" for ln in case.lines), dtype=bool)
    costs = -flows[in_npv & is_cost].sum(axis=0)
    benefits = flows[in_npv & ~is_cost].sum(axis=0)
    wider = flows[~in_npv].sum(axis=0)
    net = benefits - costs
    rate = case.discount_rate
    factors = discount_factors(rate, case.horizon_years)
    discounted = net * factors
    pv_costs = float(costs @ factors)
    net_list = net.tolist()
    finance_rate = rate if case.finance_rate is None else case.finance_rate
    reinvest_rate = rate if case.reinvest_rate is None else case.reinvest_rate
    arrays = {
        "costs": costs + 0.0,  # + 0.0 turns -0.0 into 0.0
        "benefits": benefits,
        "net": net,
        "cumulative": np.cumsum(net),
        "discount_factors": factors,
        "discounted": discounted,
        "cumulative_discounted": np.cumsum(discounted),
        "wider_benefits": wider,
    }
    for array in arrays.values():
        array.flags.writeable = False
    npv = float(finance.npv(rate, net_list))
    roots = tuple(finance.irrs(net_list))
    return Analysis(
        fiscal_years=case.fiscal_years,
        npv=npv,
        irr=_optional(finance.headline_irr(net_list, rate, roots=roots)),
        irrs=roots,
        mirr=_optional(finance.mirr(net_list, finance_rate, reinvest_rate)),
        bcr=float(benefits @ factors) / pv_costs if pv_costs > 0 else None,
        payback_years=_optional(finance.payback_period(net_list)),
        discounted_payback_years=_optional(finance.discounted_payback_period(rate, net_list)),
        pv_costs=pv_costs,
        pv_benefits=float(benefits @ factors),
        tco=float(costs.sum()),
        wider_benefits_pv=float(wider @ factors),
        at="likely" if at not in AMOUNTS else at,
        **arrays,
    )


# --- estimates: one rule for every channel --------------------------------------------------


def estimate_from(
    low: float | None,
    likely: float,
    high: float | None,
    dist: str | None = None,
    *,
    field: str = "amount",
    **where: object,
) -> Estimate:
    """The one rule for an amount typed in any channel (web form, API, case file, template).

    - ``dist`` omitted (None or ""): a range when low or high is given (triangular), else a
      single figure.
    - ``dist="point"`` with a low or high that differs from likely is refused: a range would be
      silently dropped otherwise.
    - ``triangular`` / ``pert`` need both low and high; low ≤ likely ≤ high, none negative.

    Raises CaseError naming ``field`` (``amount.low`` …) and the line given in ``where``.
    """
    likely_value = _finite(likely, f"{field}.likely" if dist != "point" else field, **where)
    given = [v for v in (low, high) if v is not None]
    if not dist:
        dist = "triangular" if given else "point"
    if dist == "point":
        for name, value in (("low", low), ("high", high)):
            if value is not None and _finite(value, f"{field}.{name}", **where) != likely_value:
                raise CaseError(
                    f"a single figure cannot have a {name} of {value:,.2f}: choose a range "
                    "(triangular or PERT) to keep low and high, or clear them",
                    field=f"{field}.{name}",
                    **where,
                )
        estimate = Estimate.point(likely_value)
    else:
        for name, value in (("low", low), ("high", high)):
            if value is None:
                raise CaseError(f"a range needs a {name} figure", field=f"{field}.{name}", **where)
        estimate = Estimate(
            _finite(low, f"{field}.low", **where),
            likely_value,
            _finite(high, f"{field}.high", **where),
            dist,
        )
    _check_estimate(estimate, **where)
    return estimate


# --- everything a page, a document, the API and the CLI show ---------------------------------


@dataclass(frozen=True)
class RatePoint:
    """The NPV at one discount rate, at likely and at expected amounts."""

    label: str
    rate: float
    npv_likely: float
    npv_expected: float


@dataclass(frozen=True, eq=False)
class Summary:
    """The figures of a case, computed once: likely and expected, before and after optimism
    bias, other discount rates, scenarios, the NPV profile and the warnings."""

    case: Case
    likely: Analysis
    expected: Analysis
    likely_unadjusted: Analysis | None  # before optimism bias; None when there is none
    expected_unadjusted: Analysis | None
    rates: tuple[RatePoint, ...]
    scenarios: dict[str, float]  # best / base / worst NPV
    profile: tuple[tuple[float, float], ...]  # (rate, NPV at the leading amounts)
    warnings: tuple[str, ...]
    #: The case's ``profile_matrix`` (optimism bias applied), computed once here: callers that
    #: need it again (the operating-budget impact, the per-year schedule) reuse it.
    matrix: np.ndarray | None = None
    #: ``summarize(case, compact=True)``: the headline figures only (likely and expected, the
    #: warnings); ``rates``, ``scenarios`` and ``profile`` are empty and the figures before
    #: optimism bias are not computed (None), whatever the case.
    compact: bool = False

    @property
    def lead(self) -> Analysis:
        """The figures the case leads with (expected by default)."""
        return self.expected if self.case.lead == "expected" else self.likely

    @property
    def other(self) -> Analysis:
        return self.likely if self.case.lead == "expected" else self.expected


#: Escalation at or above this beside a real rate reads as a nominal contract cap.
NOMINAL_LOOKING_ESCALATION = 0.02


def basis_warnings(case: Case) -> list[str]:
    """Warnings when escalations look nominal beside a real discount rate."""
    if case.basis != "real":
        return []
    out = []
    shown: dict[float, str] = {}  # each escalation formatted once (it is Babel's work)
    for line in case.lines:
        if line.per_year or line.escalation < NOMINAL_LOOKING_ESCALATION:
            continue
        rise = shown.get(line.escalation)
        if rise is None:
            rise = shown[line.escalation] = percent(line.escalation)
        out.append(
            f"Line {line.name!r} rises {rise} a year while the discount "
            f"rate is real: if {rise} is a contract cap (a nominal figure), "
            "enter the increase above inflation instead, or make the case nominal."
        )
    return out


def npv_at(
    case: Case, rate: float, amounts: np.ndarray, profile: np.ndarray | None = None
) -> float:
    """NPV of ``amounts`` (one per line) at another discount rate."""
    profile = profile_matrix(case) if profile is None else profile
    weights = profile @ discount_factors(rate, case.horizon_years)
    return float((amounts * weights)[in_npv_mask(case)].sum())


def sensitivity_rates(case: Case) -> list[tuple[str, float]]:
    """The rates the NPV is shown at: the case's rate ± 2 points, and the alternative rate."""
    r = case.discount_rate
    rates = [("2 points lower", r - 0.02), ("the case's rate", r), ("2 points higher", r + 0.02)]
    rates = [(label, rate) for label, rate in rates if rate > -1]
    if case.alternative_rate is not None:
        rates.append((case.alternative_rate_label or "alternative rate", case.alternative_rate))
    return rates


def npv_profile(
    case: Case,
    amounts: np.ndarray,
    roots: tuple[float, ...] = (),
    points: int = 61,
    profile: np.ndarray | None = None,
) -> tuple[tuple[float, float], ...]:
    """(rate, NPV) on a grid of rates covering 0, the discount rate and every IRR."""
    marks = [0.0, case.discount_rate, *roots]
    low = max(-0.9, min(marks) - 0.1)
    high = max(marks) + max(0.1, 0.25 * (max(marks) - low))
    rates = np.linspace(low, high, points)
    profile = profile_matrix(case) if profile is None else profile
    mask = in_npv_mask(case)
    net = (profile[mask] * amounts[mask, None]).sum(axis=0)
    times = np.arange(net.size, dtype=float)
    values = (1.0 + rates[:, None]) ** -times[None, :] @ net
    return tuple((float(r), float(v)) for r, v in zip(rates, values, strict=True))


def summarize(case: Case, *, compact: bool = False) -> Summary:
    """Everything shown about a case, computed once.

    ``compact``: only what the live preview shows at every keystroke (the figures at likely and
    at expected amounts, and the warnings): no other rates, scenarios, NPV profile or figures
    before optimism bias (``Summary.compact``)."""
    profile = profile_matrix(case)  # once: every figure below reuses it
    profile.flags.writeable = False  # shared through Summary.matrix
    likely = analyze(case, at="likely", profile=profile)
    expected = analyze(case, at="expected", profile=profile)
    lead = expected if case.lead == "expected" else likely
    warnings = tuple([w for w in (lead.irr_warning,) if w] + basis_warnings(case))
    if compact:
        return Summary(
            case=case,
            likely=likely,
            expected=expected,
            likely_unadjusted=None,
            expected_unadjusted=None,
            rates=(),
            scenarios={},
            profile=(),
            warnings=warnings,
            matrix=profile,
            compact=True,
        )
    if case.has_bias:
        plain = case.without_bias()
        plain_profile = profile_matrix(plain)
        likely_plain = analyze(plain, at="likely", profile=plain_profile)
        expected_plain = analyze(plain, at="expected", profile=plain_profile)
    else:
        likely_plain = expected_plain = None
    likely_amounts_, mean_amounts_ = likely_amounts(case), mean_amounts(case)
    rates = tuple(
        RatePoint(
            label,
            rate,
            npv_at(case, rate, likely_amounts_, profile),
            npv_at(case, rate, mean_amounts_, profile),
        )
        for label, rate in sensitivity_rates(case)
    )
    scenarios = {
        name: npv_at(case, case.discount_rate, scenario_amounts(case, name), profile)
        for name in ("best", "base", "worst")
    }
    lead_amounts = mean_amounts_ if case.lead == "expected" else likely_amounts_
    return Summary(
        case=case,
        likely=likely,
        expected=expected,
        likely_unadjusted=likely_plain,
        expected_unadjusted=expected_plain,
        rates=rates,
        scenarios=scenarios,
        profile=npv_profile(case, lead_amounts, lead.irrs, profile=profile),
        warnings=warnings,
        matrix=profile,
    )
