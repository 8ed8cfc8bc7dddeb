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
from dataclasses import dataclass

import numpy as np

from civicshift.core import finance

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

    def __post_init__(self) -> None:
        try:
            periods = tuple(sorted(self.periods))
        except TypeError:  # not comparable: left for validate() to report
            periods = tuple(self.periods)
        object.__setattr__(self, "periods", periods)
        object.__setattr__(self, "ramp", tuple(self.ramp))

    @property
    def sign(self) -> int:
        return -1 if self.kind == "cost" else 1


@dataclass(frozen=True)
class Case:
    """A business case (or one option of it, as increments over the status quo)."""

    title: str
    start_year: int
    horizon_years: int
    discount_rate: float
    lines: tuple[Line, ...]
    finance_rate: float | None = None
    reinvest_rate: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "lines", tuple(self.lines))
        validate(self)

    @property
    def fiscal_years(self) -> tuple[int, ...]:
        return tuple(self.start_year + t for t in range(self.horizon_years + 1))


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
    irr: float | None  # None: not defined (no sign change, or no convergence)
    mirr: float | None
    bcr: float | None  # None: no costs
    payback_years: float | None  # None: not within the horizon
    discounted_payback_years: float | None
    pv_costs: float
    pv_benefits: float
    tco: float  # undiscounted total cost over the horizon
    wider_benefits_pv: float


# --- validation -----------------------------------------------------------------------------


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


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
        if not isinstance(p, numbers.Integral) or isinstance(p, bool):
            raise CaseError(f"periods are whole numbers (got {p!r})", field="periods", **where)
        if not 0 <= p <= horizon:
            raise CaseError(
                f"period {p} is outside the horizon 0..{horizon}", field="periods", **where
            )
    if len(set(line.periods)) != len(line.periods):
        raise CaseError("a period is listed more than once", field="periods", **where)
    if _finite(line.escalation, "escalation", **where) <= -1:
        raise CaseError(
            f"must be greater than -1 (-100%) (got {line.escalation})", field="escalation", **where
        )
    for k, share in enumerate(line.ramp):
        if not 0 <= _finite(share, f"ramp[{k}]", **where) <= 1:
            raise CaseError(f"a share between 0 and 1 (got {share})", field=f"ramp[{k}]", **where)
    if not isinstance(line.in_npv, bool):
        raise CaseError(f"must be true or false (got {line.in_npv!r})", field="in_npv", **where)


def validate(case: Case) -> None:
    """Raise CaseError for the first problem found (called by ``Case`` itself)."""
    horizon = case.horizon_years
    if not isinstance(horizon, numbers.Integral) or isinstance(horizon, bool):
        raise CaseError(f"must be a whole number (got {horizon!r})", field="horizon_years")
    if not 1 <= horizon <= MAX_HORIZON_YEARS:
        raise CaseError(
            f"must be between 1 and {MAX_HORIZON_YEARS} (got {horizon})", field="horizon_years"
        )
    if not isinstance(case.start_year, numbers.Integral) or isinstance(case.start_year, bool):
        raise CaseError(f"must be a whole number (got {case.start_year!r})", field="start_year")
    _check_rate(case.discount_rate, "discount_rate")
    for field in ("finance_rate", "reinvest_rate"):
        if getattr(case, field) is not None:
            _check_rate(getattr(case, field), field)
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


def line_profile(line: Line, horizon: int) -> np.ndarray:
    """Signed multiplier per period 0..horizon for one unit of the line's amount.

    Costs are negative. Period ``t`` gets ``(1 + escalation)^(t − first) × ramp share``.
    """
    out = np.zeros(horizon + 1)
    periods = np.asarray(line.periods, dtype=np.intp)
    offsets = periods - periods.min()
    values = (1.0 + line.escalation) ** offsets.astype(float)
    if line.ramp:
        ramp = np.asarray(line.ramp, dtype=float)
        shares = np.ones(len(offsets))
        early = offsets < len(ramp)
        shares[early] = ramp[offsets[early]]
        values *= shares
    out[periods] = line.sign * values
    return out


def profile_matrix(case: Case) -> np.ndarray:
    """``line_profile`` of every line, stacked: shape (lines, periods)."""
    return np.stack([line_profile(line, case.horizon_years) for line in case.lines])


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


def _optional(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def analyze(case: Case) -> Analysis:
    """Deterministic cash flows and figures of ``case`` at the likely amounts."""
    flows = likely_amounts(case)[:, None] * profile_matrix(case)
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
    return Analysis(
        fiscal_years=case.fiscal_years,
        npv=float(finance.npv(rate, net_list)),
        irr=_optional(finance.irr(net_list)),
        mirr=_optional(finance.mirr(net_list, finance_rate, reinvest_rate)),
        bcr=float(benefits @ factors) / pv_costs if pv_costs > 0 else None,
        payback_years=_optional(finance.payback_period(net_list)),
        discounted_payback_years=_optional(finance.discounted_payback_period(rate, net_list)),
        pv_costs=pv_costs,
        pv_benefits=float(benefits @ factors),
        tco=float(costs.sum()),
        wider_benefits_pv=float(wider @ factors),
        **arrays,
    )
