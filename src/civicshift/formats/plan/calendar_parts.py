"""What a derived calendar adds to its base, for the writers.

Readers fold a derived calendar's base in (``model.Calendar`` is fully resolved, the base's
exceptions and work weeks after its own); a writer that keeps the base link writes only the
overrides, so that reading the file again folds the same calendar back.
"""

from __future__ import annotations

from dataclasses import dataclass

from civicshift.core.schedule.model import (
    Calendar,
    CalendarException,
    WorkingPeriod,
    WorkWeek,
)


@dataclass(frozen=True)
class OwnPart:
    week: dict[int, tuple[WorkingPeriod, ...]]  # Monday = 0; only days that differ from the base
    exceptions: tuple[CalendarException, ...]
    work_weeks: tuple[WorkWeek, ...]
    base: Calendar | None


def _without_suffix(items: tuple, suffix: tuple) -> tuple:
    if suffix and len(items) >= len(suffix) and items[len(items) - len(suffix) :] == suffix:
        return items[: len(items) - len(suffix)]
    return items


def own_part(calendar: Calendar, calendars: tuple[Calendar, ...]) -> OwnPart:
    base = next((c for c in calendars if c.id == calendar.base_id), None)
    if calendar.base_id is None or base is None:
        return OwnPart(
            dict(enumerate(calendar.week)), calendar.exceptions, calendar.work_weeks, None
        )
    week = {d: calendar.week[d] for d in range(7) if calendar.week[d] != base.week[d]}
    return OwnPart(
        week,
        _without_suffix(calendar.exceptions, base.exceptions),
        _without_suffix(calendar.work_weeks, base.work_weeks),
        base,
    )
