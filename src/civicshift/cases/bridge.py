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


def _number(text) -> float | None:
    return None if text is None else float(text)


def case_from_run_inputs(inputs: dict, option_name: str) -> Case:
    """Rebuild one option's core Case from a saved analysis's inputs (``CaseRun.inputs``), so
    the figures a council saw can be produced again after the lines have changed."""
    option = next(o for o in inputs["options"] if o["name"] == option_name)
    rows = [
        CaseLine(
            name=v["name"],
            kind=v["kind"],
            category=v["category"],
            distribution=v["distribution"],
            low=_number(v["low"]),
            likely=float(v["likely"]),
            high=_number(v["high"]),
            multiplier=_number(v["multiplier"]),
            first_period=v["first_period"],
            last_period=v["last_period"],
            escalation=float(v["escalation"]),
            ramp=v["ramp"],
            in_npv=v["in_npv"],
        )
        for v in option["lines"]
    ]
    return Case(
        title=option_name,
        start_year=inputs["start_year"],
        horizon_years=inputs["horizon_years"],
        discount_rate=float(inputs["discount_rate"]),
        lines=tuple(core_line(row) for row in rows),
    )
