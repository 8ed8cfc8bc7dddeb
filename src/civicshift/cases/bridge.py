"""From the database rows of a business case to the core model the analysis runs on."""

from __future__ import annotations

from collections.abc import Iterable

from civicshift.core.cases import Case, Estimate, Line

from .models import BusinessCase, CaseLine, Distribution, Option


def line_estimate(line: CaseLine) -> Estimate:
    """The line's amount as a core estimate; the multiplier (hourly rate, annual probability)
    scales low, likely and high alike."""
    factor = float(line.multiplier) if line.multiplier is not None else 1.0
    likely = float(line.likely) * factor
    if line.distribution == Distribution.POINT:
        return Estimate(likely, likely, likely, "point")
    return Estimate(float(line.low) * factor, likely, float(line.high) * factor, line.distribution)


def core_line(line: CaseLine) -> Line:
    return Line(
        name=line.name,
        kind=line.kind,
        amount=line_estimate(line),
        periods=tuple(range(line.first_period, line.last_period + 1)),
        escalation=float(line.escalation),
        ramp=line.ramp_shares(),
        category=line.category,
        in_npv=line.in_npv,
    )


def option_case(
    case: BusinessCase, option: Option, lines: Iterable[CaseLine] | None = None
) -> Case:
    """The option's incremental cash flows (compared with the status quo) as a core Case."""
    rows = list(option.lines.all()) if lines is None else list(lines)
    return Case(
        title=f"{case.initiative.title} — {option.name}",
        start_year=case.start_year,
        horizon_years=case.horizon_years,
        discount_rate=float(case.discount_rate),
        lines=tuple(core_line(line) for line in rows),
    )
