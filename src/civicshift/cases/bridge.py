"""From the database rows of a business case to the core model the analysis runs on."""

from __future__ import annotations

from collections.abc import Iterable

from civicshift.core.cases import Case, Estimate, Line, OptimismBias

from .models import BusinessCase, CaseLine, Distribution, Option


def line_estimate(line: CaseLine) -> Estimate:
    """The line's amount as a core estimate; the multiplier (hourly rate, annual probability)
    scales low, likely and high alike. A line with amounts per year has them as its schedule
    (``Line.per_year``) and the multiplier (1 when none) as its amount."""
    factor = float(line.multiplier) if line.multiplier is not None else 1.0
    if line.per_year:
        return Estimate.point(factor)
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
        per_year=line.per_year_amounts(),
    )


def _decimal(value) -> float | None:
    return None if value is None or value == "" else float(value)


def case_terms(case) -> dict:
    """The case-wide terms of the core Case (real or nominal, lead, second rate, optimism
    bias) from a BusinessCase or from a saved analysis's inputs (a dict; old runs lack them)."""
    get = case.get if isinstance(case, dict) else lambda name, default=None: getattr(case, name)

    def number(name: str, default: float = 0.0) -> float:
        value = _decimal(get(name, None))
        return default if value is None else value

    uplifts = {
        "one_time": number("optimism_one_time"),
        "recurring": number("optimism_recurring"),
        "duration": number("optimism_duration"),
    }
    bias = None
    if any(uplifts.values()):
        bias = OptimismBias(
            **uplifts,
            category=get("optimism_category", "") or "",
            reason=get("optimism_reason", "") or "",
        )
    return {
        "basis": get("basis", "real") or "real",
        "inflation": number("inflation"),
        "lead": get("lead", "likely") or "likely",
        "alternative_rate": _decimal(get("alternative_rate", None)),
        "alternative_rate_label": get("alternative_rate_label", "") or "",
        "optimism": bias,
    }


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
        **case_terms(case),
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
            per_year=v.get("per_year", []),
        )
        for v in option["lines"]
    ]
    return Case(
        title=option_name,
        start_year=inputs["start_year"],
        horizon_years=inputs["horizon_years"],
        discount_rate=float(inputs["discount_rate"]),
        lines=tuple(core_line(row) for row in rows),
        **case_terms(inputs),
    )
