"""Skills gaps and training figures, without Django (issue 11, item 5).

* **Counted level.** A person can have two assessments of a skill: their manager's and their
  own. The level that counts is the manager's when there is one, else the self-assessment
  (``counted_level``); both are shown. A skill nobody assessed counts as level 0 for the gap
  and is shown as "not assessed".
* **Gap.** ``required − counted``, never below 0: a person above the requirement has no gap.
* **Training cost of a course.** ``fixed + per seat × attendees``; backfill hours (the time
  someone else covers while the attendee is in training) are ``hours per person × attendees``,
  valued at a loaded hourly rate the user sets (wages plus benefits, as the business case's
  staff-time lines do).
* **Fiscal year of a date.** Named by the calendar year it ends in (US practice: with a July
  start, FY2027 runs July 2026 – June 2027), as ``cases.services.current_fiscal_year``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

LEVELS = (0, 1, 2, 3, 4)


def counted_level(manager: int | None, self_assessed: int | None) -> int | None:
    """The manager's level if given, else the self-assessment, else None (not assessed)."""
    return manager if manager is not None else self_assessed


def gap(required: int, assessed: int | None) -> int:
    """How many levels short of the requirement; 0 when met or exceeded."""
    return max(0, required - (assessed or 0))


@dataclass(frozen=True)
class Cell:
    required: int | None  # None: the person's role does not need this skill
    assessed: int | None  # None: not assessed
    gap: int


@dataclass
class GapMatrix:
    """People (rows) × skills (columns). ``cells[(person, skill)]``."""

    people: list
    skills: list
    cells: dict = field(default_factory=dict)

    def cell(self, person, skill) -> Cell:
        return self.cells[(person, skill)]

    @property
    def people_with_gaps(self) -> list:
        return [p for p in self.people if any(self.cells[(p, s)].gap for s in self.skills)]

    def skill_totals(self) -> dict:
        """Per skill: (people needing it, people short of it, sum of gap levels)."""
        out = {}
        for s in self.skills:
            cells = [self.cells[(p, s)] for p in self.people]
            needed = [c for c in cells if c.required]
            out[s] = (len(needed), sum(1 for c in needed if c.gap), sum(c.gap for c in needed))
        return out

    @property
    def total_gap(self) -> int:
        return sum(c.gap for c in self.cells.values())

    def widest_skill(self):
        """The skill with the most people short of it (ties: the larger summed gap), or None."""
        totals = self.skill_totals()
        best = max(self.skills, key=lambda s: (totals[s][1], totals[s][2]), default=None)
        return best if best is not None and totals[best][1] else None


def gap_matrix(
    people: Iterable,
    skills: Iterable,
    role_of: Mapping,
    requirements: Mapping,
    levels: Mapping,
) -> GapMatrix:
    """``role_of[person]`` → role key (or None); ``requirements[(role, skill)]`` → required
    level; ``levels[(person, skill)]`` → counted level (absent: not assessed)."""
    matrix = GapMatrix(list(people), list(skills))
    for p in matrix.people:
        for s in matrix.skills:
            required = requirements.get((role_of.get(p), s))
            assessed = levels.get((p, s))
            matrix.cells[(p, s)] = Cell(
                required, assessed, gap(required, assessed) if required else 0
            )
    return matrix


@dataclass(frozen=True)
class CourseCost:
    attendees: int
    training: Decimal  # fixed + per seat × attendees
    backfill_hours: Decimal  # hours per person × attendees
    backfill: Decimal  # backfill hours × rate


def course_cost(
    *,
    fixed: Decimal,
    per_seat: Decimal,
    hours_per_person: Decimal,
    attendees: int,
    hourly_rate: Decimal,
) -> CourseCost:
    hours = Decimal(hours_per_person) * attendees
    return CourseCost(
        attendees=attendees,
        training=(Decimal(fixed) + Decimal(per_seat) * attendees).quantize(Decimal("0.01")),
        backfill_hours=hours,
        backfill=(hours * Decimal(hourly_rate)).quantize(Decimal("0.01")),
    )


def fiscal_year(day: date, start_month: int) -> int:
    """The fiscal year ``day`` falls in, named by the calendar year it ends in."""
    if start_month == 1:
        return day.year
    return day.year + 1 if day.month >= start_month else day.year


def percent(done: int, total: int) -> int | None:
    """Whole percent complete (rounded half up), None when there is nothing to complete."""
    if total <= 0:
        return None
    return int((Decimal(100 * done) / total).quantize(Decimal("1"), rounding="ROUND_HALF_UP"))
