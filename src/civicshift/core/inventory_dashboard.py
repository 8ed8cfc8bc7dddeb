"""The inventory dashboard's figures, from the engine's reports (``core.inventory``); no Django.

Every chart of the dashboard is one function here, and the same numbers fill the chart and the
table beside it:

- :func:`scatter` — business value against technical condition, bubble area by annual cost,
  one point per running system with both dimensions assessed (Gartner's TIME quadrants).
- :func:`timeline` — the next support milestone of every system and component in the next
  36 months (``core.inventory.HORIZON_DAYS``), by quarter or by month. Records already past
  end of extended support are listed first and stay there: a date that has passed never
  takes a record out of the picture.
- :func:`cost_split` — run cost per group (department, category). A system used by several
  departments is split **equally** between them, to the cent: each gets the cost divided by
  the number of departments, rounded down to the cent, and the cents left over go one each to
  the departments first in alphabetical order, so the groups always add up to the total.
  Costs are rounded to the cent first (staff time × loaded cost can have more decimals).
- :func:`flag_summary` — open red flags grouped by flag, and the accepted ones apart.
- :func:`consolidation` — systems serving the same business capability, with their combined
  annual cost.

Retired systems (the town's own lifecycle) cost nothing and carry no flags: they are left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from .inventory import (
    FLAG_LABELS,
    HORIZON_DAYS,
    Milestones,
    SupportState,
    SystemReport,
    consolidation_candidates,
    support_status,
)

CENT = Decimal("0.01")


def cents(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True)
class DashboardSystem:
    key: object
    name: str
    category: str  # its label, as shown
    departments: tuple[str, ...]
    report: SystemReport
    capability: str = ""


def running(systems: Iterable[DashboardSystem]) -> list[DashboardSystem]:
    return [s for s in systems if s.report.running]


# --- value × condition --------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    key: object
    name: str
    condition: float
    value: float
    annual_cost: Decimal
    disposition: str


@dataclass(frozen=True)
class Scatter:
    points: tuple[Point, ...]
    #: Running systems not yet placed: (key, name) of those missing one dimension or both.
    unassessed: tuple[tuple[object, str], ...]

    def count(self, disposition: str) -> int:
        return sum(1 for p in self.points if p.disposition == disposition)


def scatter(systems: Iterable[DashboardSystem]) -> Scatter:
    points, missing = [], []
    for s in running(systems):
        a = s.report.assessment
        if a.disposition is None:
            missing.append((s.key, s.name))
            continue
        points.append(
            Point(s.key, s.name, a.condition, a.value, cents(s.report.annual_cost), a.disposition)
        )
    return Scatter(tuple(points), tuple(missing))


# --- end of support ----------------------------------------------------------------------


@dataclass(frozen=True)
class SupportRecord:
    """A system's own support dates, or a component's with the systems that run on it."""

    key: object
    name: str
    kind: str  # "system" or "component"
    milestones: Milestones
    systems: tuple[str, ...] = ()


@dataclass(frozen=True)
class TimelineEntry:
    record: SupportRecord
    milestone: str  # key of core.inventory.MILESTONE_LABELS
    on: date
    phrase: str


@dataclass(frozen=True)
class Bucket:
    label: str  # "2027 Q1" or "2027-01"
    start: date
    entries: tuple[TimelineEntry, ...]


@dataclass(frozen=True)
class Timeline:
    #: Already past end of extended support (or of paid updates): listed first, always.
    past: tuple[TimelineEntry, ...]
    buckets: tuple[Bucket, ...]
    #: Records whose next milestone is further than the horizon.
    beyond: tuple[SupportRecord, ...]
    #: Records with no support date at all.
    unknown: tuple[SupportRecord, ...]
    horizon_end: date

    @property
    def upcoming(self) -> int:
        return sum(len(b.entries) for b in self.buckets)


def _period_start(d: date, by: str) -> date:
    if by == "month":
        return date(d.year, d.month, 1)
    return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


def _next_period(d: date, by: str) -> date:
    step = 1 if by == "month" else 3
    month = d.month - 1 + step
    return date(d.year + month // 12, month % 12 + 1, 1)


def _period_label(d: date, by: str) -> str:
    if by == "month":
        return f"{d.year}-{d.month:02d}"
    return f"{d.year} Q{(d.month - 1) // 3 + 1}"


def timeline(
    records: Iterable[SupportRecord], on: date, by: str = "quarter", horizon_days=HORIZON_DAYS
) -> Timeline:
    """Each record's next support milestone within ``horizon_days`` of ``on``, grouped by
    ``by`` ("quarter" or "month"); records past support first. Records are sorted by date,
    then name."""
    if by not in ("quarter", "month"):
        raise ValueError(f"Group by quarter or month, not {by!r}.")
    end = date.fromordinal(on.toordinal() + horizon_days)
    past, beyond, unknown = [], [], []
    ahead: list[TimelineEntry] = []
    for record in records:
        status = support_status(record.milestones, on)
        if status.state is SupportState.UNKNOWN:
            unknown.append(record)
            continue
        if status.state >= SupportState.PAST_SUPPORT:
            # The milestone that passed: paid updates, or extended support.
            past.append(TimelineEntry(record, status.milestone, status.on, status.phrase))
            continue
        upcoming = [(k, d) for k, d in record.milestones.items() if d >= on]
        key, when = min(upcoming, key=lambda kd: (kd[1], kd[0]))
        if when > end:
            beyond.append(record)
            continue
        ahead.append(TimelineEntry(record, key, when, status.phrase))
    order = lambda e: (e.on, e.record.name.casefold(), str(e.record.key))  # noqa: E731
    ahead.sort(key=order)
    buckets = []
    start = _period_start(on, by)
    while start <= end:
        nxt = _next_period(start, by)
        inside = tuple(e for e in ahead if start <= e.on < nxt)
        buckets.append(Bucket(_period_label(start, by), start, inside))
        start = nxt
    by_name = lambda r: (r.name.casefold(), str(r.key))  # noqa: E731
    return Timeline(
        tuple(sorted(past, key=order)),
        tuple(buckets),
        tuple(sorted(beyond, key=by_name)),
        tuple(sorted(unknown, key=by_name)),
        end,
    )


# --- run cost ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CostGroup:
    name: str
    total: Decimal
    #: (system key, system name, its share in this group, the number of groups it is split in)
    shares: tuple[tuple[object, str, Decimal, int], ...]


def split_equally(amount: Decimal, groups: Sequence[str]) -> dict[str, Decimal]:
    """``amount`` shared equally between ``groups`` to the cent; the odd cents go one each to
    the groups first in alphabetical order. The shares add up to the amount in cents."""
    names = sorted(set(groups), key=lambda g: (g.casefold(), g))
    total_cents = int(cents(amount) / CENT)
    base, left = divmod(total_cents, len(names))
    return {g: Decimal(base + (1 if i < left else 0)) * CENT for i, g in enumerate(names)}


def cost_split(
    systems: Iterable[DashboardSystem], group_of, unassigned: str
) -> tuple[CostGroup, ...]:
    """Run cost per group; ``group_of(system)`` gives its groups (empty: ``unassigned``).
    Largest first, then by name."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    shares: dict[str, list] = defaultdict(list)
    for s in running(systems):
        groups = tuple(group_of(s)) or (unassigned,)
        parts = split_equally(s.report.annual_cost, groups)
        for g, share in parts.items():
            totals[g] += share
            shares[g].append((s.key, s.name, share, len(parts)))
    out = [
        CostGroup(g, totals[g], tuple(sorted(shares[g], key=lambda x: (-x[2], x[1].casefold()))))
        for g in totals
    ]
    return tuple(sorted(out, key=lambda c: (-c.total, c.name.casefold())))


def run_cost(systems: Iterable[DashboardSystem]) -> Decimal:
    """The annual run cost of the running systems, each rounded to the cent."""
    return sum((cents(s.report.annual_cost) for s in running(systems)), Decimal(0))


# --- red flags --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FlaggedSystem:
    key: object
    name: str
    detail: str


@dataclass(frozen=True)
class FlagGroup:
    flag: str
    label: str
    systems: tuple[FlaggedSystem, ...]


@dataclass(frozen=True)
class AcceptedFlag:
    key: object
    name: str
    flag: str
    label: str
    detail: str
    by: str
    until: date
    reason: str


@dataclass(frozen=True)
class FlagSummary:
    open: tuple[FlagGroup, ...]
    accepted: tuple[AcceptedFlag, ...]

    @property
    def open_count(self) -> int:
        return sum(len(g.systems) for g in self.open)


def flag_summary(systems: Iterable[DashboardSystem]) -> FlagSummary:
    """Open flags grouped by flag, in the engine's order of flags, systems by name; accepted
    flags apart, soonest to return first."""
    found: dict[str, list[FlaggedSystem]] = defaultdict(list)
    accepted = []
    for s in sorted(running(systems), key=lambda s: (s.name.casefold(), str(s.key))):
        for f in s.report.flags:
            if f.accepted is None:
                found[f.key].append(FlaggedSystem(s.key, s.name, f.detail))
            else:
                a = f.accepted
                accepted.append(
                    AcceptedFlag(s.key, s.name, f.key, f.label, f.detail, a.by, a.until, a.reason)
                )
    groups = tuple(FlagGroup(k, FLAG_LABELS[k], tuple(found[k])) for k in FLAG_LABELS if found[k])
    return FlagSummary(groups, tuple(sorted(accepted, key=lambda a: (a.until, a.name.casefold()))))


# --- consolidation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsolidationGroup:
    capability: str
    #: (key, name, annual cost)
    systems: tuple[tuple[object, str, Decimal], ...]
    combined: Decimal


def consolidation(systems: Iterable[DashboardSystem]) -> tuple[ConsolidationGroup, ...]:
    """Running systems sharing a capability (``core.inventory.consolidation_candidates``)."""
    alive = {s.key: s for s in running(systems)}
    out = []
    for label, keys in consolidation_candidates({k: s.capability for k, s in alive.items()}):
        members = sorted(
            ((k, alive[k].name, cents(alive[k].report.annual_cost)) for k in keys),
            key=lambda m: (m[1].casefold(), str(m[0])),
        )
        out.append(
            ConsolidationGroup(label, tuple(members), sum((m[2] for m in members), Decimal(0)))
        )
    return tuple(out)
