"""A portfolio roll-up: each initiative's recommended option, its NPV and what it does to the
budget, year by year, summed across an organization (issue #7, item 8).

For one option (a ``Case`` of incremental lines) ``budget_figures`` gives:

- the NPV at the likely amounts (``analyze(case, at="likely")``) and the expected NPV, at each
  line's mean amount (``analyze(case, at="expected")``: triangular (a+b+c)/3, PERT
  (a+4b+c)/6), which is the mean of the simulated NPVs because the NPV is linear in the
  amounts;
- per fiscal year, at the mean amounts (the expected values the Green Book and OMB Circular A-94
  ask for): one-time costs, recurring costs, recurring budget benefits, and the
  **operating-budget impact** = recurring costs − recurring budget benefits (positive: the
  operating budget needs that much more that year; negative: it is relieved).

Classification (one rule, said once here and in docs/business-case.md):

- A cost line is **one-time** when its category is a one-time one (licences, hardware,
  implementation, data migration, integration, training, staff backfill, contingency), or
  when its category says neither (``other``) and it covers a single fiscal year. Every other
  cost line (subscription, maintenance, hosting, support, added staff, and ``other`` over
  several years) is **recurring**. The category wins over the number of years: meters bought
  over two fiscal years are a capital purchase, not an operating cost, and a subscription
  bought for one year is still an operating cost. (``Line.one_time``, a single period, is
  what the optimism-bias uplift uses; the demo's water meters, hardware over FY2028–29, show
  why the roll-up cannot: they would add $2.4 million a year to the operating budget.)
- A benefit is a **budget benefit** when it frees or brings cash the budget can use: categories
  ``cashable_savings`` and ``revenue``. Staff time released, avoided failure costs (a risk
  valued by its yearly chance) and residents' time are real but do not reduce the budget, so
  they count in the NPV (or beside it) and not here. A budget benefit over several fiscal
  years is recurring; a single-year one (the sale of old equipment) is left out of the
  operating impact, as one-time costs are.
- Lines kept out of the financial NPV (``in_npv=False``) are left out of every figure here.
- A case with an optimism-bias adjustment is counted after it (the uplifts and the delay of
  benefits), as its NPV is.

``rollup`` sums the figures of many initiatives per fiscal year (each case keeps its own years,
so the years are the union of every case's) and per initiative status. No Django here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from civicshift.core.cases import (
    Case,
    Line,
    analyze,
    in_npv_mask,
    mean_amounts,
    profile_matrix,
)

BUDGET_BENEFIT_CATEGORIES = frozenset({"cashable_savings", "revenue"})


def is_one_time_cost(line: Line) -> bool:
    """Whether a cost line is one-time (see the module docstring); False for benefits."""
    # Line.one_time: the category first, then a single fiscal year (the optimism-bias uplifts
    # use the same rule).
    return line.kind == "cost" and line.one_time


def is_recurring_budget_benefit(line: Line) -> bool:
    """A cashable benefit (savings, revenue) over more than one fiscal year."""
    return (
        line.kind == "benefit" and line.category in BUDGET_BENEFIT_CATEGORIES and not line.one_time
    )


@dataclass(frozen=True, eq=False)
class BudgetFigures:
    """One option's NPVs and its budget per fiscal year (arrays indexed by period)."""

    fiscal_years: tuple[int, ...]
    npv_expected: float
    npv_likely: float
    one_time_costs: np.ndarray  # at the mean amounts, positive
    recurring_costs: np.ndarray
    recurring_budget_benefits: np.ndarray
    operating_impact: np.ndarray  # recurring costs − recurring budget benefits

    @property
    def one_time_cost(self) -> float:
        """Every one-time cost over the horizon, undiscounted, at the mean amounts."""
        return float(self.one_time_costs.sum())

    def by_year(self, values: np.ndarray) -> dict[int, float]:
        return {year: float(v) for year, v in zip(self.fiscal_years, values, strict=True)}


def budget_figures(case: Case) -> BudgetFigures:
    """The option's NPV at likely and mean amounts, and its budget per fiscal year."""
    # Positive amounts per line and period at the mean amounts: the profile (escalation, ramp or
    # per-year amounts, optimism bias) without its sign, times the line's mean.
    amounts = np.abs(profile_matrix(case)) * mean_amounts(case)[:, None]
    counted = in_npv_mask(case)

    def rows(test: Callable[[Line], bool]) -> np.ndarray:
        mask = counted & np.fromiter((test(ln) for ln in case.lines), dtype=bool)
        return amounts[mask].sum(axis=0) + 0.0

    one_time = rows(is_one_time_cost)
    recurring = rows(lambda ln: ln.kind == "cost" and not is_one_time_cost(ln))
    benefits = rows(is_recurring_budget_benefit)
    operating = recurring - benefits
    for array in (one_time, recurring, benefits, operating):
        array.flags.writeable = False
    return BudgetFigures(
        fiscal_years=case.fiscal_years,
        npv_expected=analyze(case, at="expected").npv,
        npv_likely=analyze(case, at="likely").npv,
        one_time_costs=one_time,
        recurring_costs=recurring,
        recurring_budget_benefits=benefits,
        operating_impact=operating,
    )


# --- many initiatives -----------------------------------------------------------------------

#: Why an initiative has no figures in the roll-up.
NO_CASE = "no_case"
NO_RECOMMENDED_OPTION = "no_recommended_option"
NO_LINES = "no_lines"
INVALID = "invalid"


@dataclass(frozen=True, eq=False)
class Entry:
    """One initiative in the roll-up: its recommended option's figures, or why there are none
    (``missing`` is one of NO_CASE, NO_RECOMMENDED_OPTION, NO_LINES, INVALID; ``detail`` the
    core's message for an invalid case)."""

    key: int
    title: str
    status: str
    option: str = ""
    figures: BudgetFigures | None = None
    missing: str = ""
    detail: str = ""

    def value(self, column: str) -> float | str | None:
        """The value a column sorts by: "title", "status", "option", "npv_expected",
        "npv_likely", "one_time_cost" or "fy<year>" (operating impact)."""
        if column == "title":
            return self.title
        if column == "status":
            return self.status
        if column == "option":
            return self.option
        if self.figures is None:
            return None
        if column == "npv_expected":
            return self.figures.npv_expected
        if column == "npv_likely":
            return self.figures.npv_likely
        if column == "one_time_cost":
            return self.figures.one_time_cost
        if column.startswith("fy") and column[2:].isdigit():
            return self.operating(int(column[2:]))
        raise KeyError(column)

    def operating(self, year: int) -> float | None:
        """The operating-budget impact in fiscal ``year``; None outside the case's years."""
        if self.figures is None or year not in self.figures.fiscal_years:
            return None
        return float(self.figures.operating_impact[year - self.figures.fiscal_years[0]])


@dataclass
class Totals:
    """Sums over some entries; ``per_year`` maps a fiscal year to its sums."""

    initiatives: int = 0
    with_figures: int = 0
    npv_expected: float = 0.0
    npv_likely: float = 0.0
    one_time_cost: float = 0.0
    one_time_costs: dict[int, float] = field(default_factory=dict)
    recurring_costs: dict[int, float] = field(default_factory=dict)
    recurring_budget_benefits: dict[int, float] = field(default_factory=dict)
    operating_impact: dict[int, float] = field(default_factory=dict)

    def add(self, entry: Entry) -> None:
        self.initiatives += 1
        f = entry.figures
        if f is None:
            return
        self.with_figures += 1
        self.npv_expected += f.npv_expected
        self.npv_likely += f.npv_likely
        self.one_time_cost += f.one_time_cost
        for name in ("one_time_costs", "recurring_costs", "recurring_budget_benefits"):
            sums = getattr(self, name)
            for year, v in zip(f.fiscal_years, getattr(f, name), strict=True):
                sums[year] = sums.get(year, 0.0) + float(v)
        for year, v in zip(f.fiscal_years, f.operating_impact, strict=True):
            self.operating_impact[year] = self.operating_impact.get(year, 0.0) + float(v)

    def year(self, name: str, year: int) -> float:
        return getattr(self, name).get(year, 0.0)


@dataclass
class Rollup:
    fiscal_years: tuple[int, ...]
    entries: list[Entry]
    totals: Totals
    #: (status, totals) in the order of the ``statuses`` given to ``rollup`` (only those present).
    by_status: list[tuple[str, Totals]]
    sort: str
    descending: bool


SORT_COLUMNS = ("title", "status", "option", "npv_expected", "npv_likely", "one_time_cost")


def sort_column(text: str, years: Iterable[int]) -> tuple[str, bool] | None:
    """``"npv_expected"`` → ("npv_expected", False), ``"-fy2028"`` → ("fy2028", True); None if
    the column is not one of the table's."""
    descending = text.startswith("-")
    column = text[1:] if descending else text
    if column in SORT_COLUMNS or column in {f"fy{y}" for y in years}:
        return column, descending
    return None


def rollup(
    entries: Iterable[Entry],
    *,
    statuses: Sequence[str] = (),
    sort: str = "title",
    status_rank: Callable[[str], int] | None = None,
) -> Rollup:
    """Sum the entries per fiscal year and per status, and sort them by ``sort`` (a column of
    ``Entry.value``, ``-`` in front for descending; unknown columns sort by title). Entries
    without a figure in the column come last whatever the direction; ties keep title order."""
    entries = list(entries)
    years = sorted({y for e in entries if e.figures for y in e.figures.fiscal_years})
    fiscal_years = tuple(range(years[0], years[-1] + 1)) if years else ()
    totals = Totals()
    groups: dict[str, Totals] = {}
    for entry in entries:
        totals.add(entry)
        groups.setdefault(entry.status, Totals()).add(entry)
    order = list(statuses) + sorted(set(groups) - set(statuses))
    by_status = [(status, groups[status]) for status in order if status in groups]

    chosen = sort_column(sort, fiscal_years) or ("title", False)
    column, descending = chosen
    rank = status_rank or (lambda s: order.index(s) if s in order else len(order))
    entries.sort(key=lambda e: (e.title.casefold(), e.key))

    def key(entry: Entry):
        value = entry.value(column)
        if column == "status":
            value = rank(entry.status)
        elif isinstance(value, str):
            value = value.casefold()
        return value

    present = [e for e in entries if key(e) not in (None, "")]
    absent = [e for e in entries if key(e) in (None, "")]
    present.sort(key=key, reverse=descending)  # stable: ties stay in title order
    return Rollup(
        fiscal_years=fiscal_years,
        entries=present + absent,
        totals=totals,
        by_status=by_status,
        sort=column,
        descending=descending,
    )
