"""An initiative's funding mix: the money it expects from each kind of source, per fiscal
year, against what its business case says it costs that year.

Per fiscal year (named by the calendar year it ends in):

* **cost** = the recommended option's one-time + recurring costs that year, at the expected
  (mean) amounts, exactly as the portfolio roll-up counts them
  (``civicshift.core.portfolio.budget_figures``: lines kept out of the NPV are left out,
  optimism-bias uplifts are in). Savings and revenue are not subtracted: the mix is about
  paying the bills, and a saving only arrives once the system runs;
* **funded** = every source of that year, whatever its status; also split by kind and by
  status (committed: approved or awarded; requested: applied for, not decided; planned:
  intended, not asked for yet);
* **gap** = cost − funded: positive, money still to find; negative, a surplus (more lined up
  than the case spends that year); ``None`` when the case gives no cost;
* **uncommitted gap** = cost − committed: what is not yet certain.

Money is Decimal (as stored); the case's float costs are rounded to cents first. No Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal

KINDS = (
    "grant",
    "capital_budget",
    "operating_budget",
    "lease",
    "bond_loan",
    "partnership",
    "cooperative_purchasing",
)
STATUSES = ("committed", "requested", "planned")
CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def cents(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True)
class Source:
    fiscal_year: int
    kind: str
    status: str
    amount: Decimal

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind of source {self.kind!r}")
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")


@dataclass(frozen=True)
class YearCost:
    one_time: Decimal
    recurring: Decimal

    @property
    def total(self) -> Decimal:
        return self.one_time + self.recurring


@dataclass(frozen=True)
class YearMix:
    fiscal_year: int
    cost: YearCost | None
    by_kind: Mapping[str, Decimal]
    by_status: Mapping[str, Decimal]
    #: The year is in the business case's years (False: a source outside them).
    in_case: bool = True

    @property
    def funded(self) -> Decimal:
        return sum(self.by_kind.values(), ZERO)

    @property
    def committed(self) -> Decimal:
        return self.by_status["committed"]

    @property
    def gap(self) -> Decimal | None:
        return None if self.cost is None else self.cost.total - self.funded

    @property
    def uncommitted_gap(self) -> Decimal | None:
        return None if self.cost is None else self.cost.total - self.committed


@dataclass(frozen=True)
class Mix:
    years: tuple[YearMix, ...]
    #: Whether the business case gave costs (False: sources only).
    has_costs: bool
    kinds_used: tuple[str, ...] = field(default=())

    def total(self, name: str) -> Decimal | None:
        """The sum over the years of ``cost``, ``funded``, ``committed``, ``gap`` or
        ``uncommitted_gap``; None for ``cost`` and the gaps when the case gave no costs."""
        if name == "cost":
            values = [y.cost.total for y in self.years if y.cost is not None]
        else:
            values = [getattr(y, name) for y in self.years]
            values = [v for v in values if v is not None]
        if not self.has_costs and name in ("cost", "gap", "uncommitted_gap"):
            return None
        return sum(values, ZERO)

    def kind_total(self, kind: str) -> Decimal:
        return sum((y.by_kind[kind] for y in self.years), ZERO)

    def status_total(self, status: str) -> Decimal:
        return sum((y.by_status[status] for y in self.years), ZERO)

    @property
    def years_short(self) -> tuple[int, ...]:
        """Fiscal years with money still to find (a positive gap)."""
        return tuple(y.fiscal_year for y in self.years if y.gap is not None and y.gap > 0)


def funding_mix(
    sources: Iterable[Source],
    *,
    case_years: Iterable[int] = (),
    costs: Mapping[int, tuple[float | Decimal, float | Decimal]] | None = None,
) -> Mix:
    """The mix per fiscal year: every year of the case (``case_years``), plus any year a
    source names outside it. ``costs`` maps a fiscal year to (one-time, recurring) costs;
    None when the case gives none (no case, no recommended option, no lines)."""
    sources = list(sources)
    in_case = set(case_years)
    years = sorted(in_case | {s.fiscal_year for s in sources})
    rows = []
    for year in years:
        by_kind = dict.fromkeys(KINDS, ZERO)
        by_status = dict.fromkeys(STATUSES, ZERO)
        for s in sources:
            if s.fiscal_year == year:
                by_kind[s.kind] += s.amount
                by_status[s.status] += s.amount
        cost = None
        if costs is not None:
            one_time, recurring = costs.get(year, (0, 0))
            cost = YearCost(cents(one_time), cents(recurring))
        rows.append(YearMix(year, cost, by_kind, by_status, in_case=year in in_case))
    used = tuple(k for k in KINDS if any(s.kind == k for s in sources))
    return Mix(years=tuple(rows), has_costs=costs is not None, kinds_used=used)
