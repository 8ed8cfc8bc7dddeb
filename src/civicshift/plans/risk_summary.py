"""What the risk register page shows, from the register's arithmetic (``core.risk``): each
risk's score, level and expected cost and delay, the heat map, the contingency reserve and the
schedule buffer before and after the responses."""

from __future__ import annotations

from dataclasses import dataclass

from civicshift.core import risk as engine
from civicshift.core.risk_library import load_library

from .models import Risk, RiskIssue


def _range(low, likely, high) -> engine.Range | None:
    if low is None or likely is None or high is None:
        return None
    return engine.Range(float(low), float(likely), float(high))


def core_risk(risk: Risk) -> engine.Risk:
    """A stored risk as the register arithmetic's ``Risk``."""
    return engine.Risk(
        id=str(risk.pk),
        title=risk.title,
        category=risk.category,
        likelihood=risk.likelihood,
        impact=risk.impact,
        probability=None if risk.probability is None else float(risk.probability),
        cost=_range(risk.cost_low, risk.cost_likely, risk.cost_high),
        schedule=_range(risk.delay_low_days, risk.delay_likely_days, risk.delay_high_days),
        response=risk.response,
        residual_likelihood=risk.residual_likelihood,
        residual_impact=risk.residual_impact,
        residual_probability=(
            None if risk.residual_probability is None else float(risk.residual_probability)
        ),
        acceptance_rationale=risk.acceptance_rationale,
        review_on=risk.review_on,
        status=risk.status,
    )


@dataclass
class RiskRow:
    risk: Risk
    score: int
    level: str
    level_label: str
    emv: float | None
    delay_days: float | None


@dataclass
class Cell:
    count: int
    level: str
    level_label: str


@dataclass
class RegisterSummary:
    rows: list[RiskRow]
    heatmap: list[tuple[int, list[Cell]]]  # likelihood 5 down to 1, impacts 1 to 5
    scale: list[int]
    contingency: float
    contingency_after: float | None
    buffer_days: float
    buffer_days_after: float
    open_count: int
    high_count: int
    top_level_label: str
    top_level_min: int
    issues: list[RiskIssue]


def register_summary(risks: list[Risk]) -> RegisterSummary:
    scales = load_library().scales
    labels = {lvl.key: lvl.label for lvl in scales.levels}
    top = scales.levels[-1]
    cores = [core_risk(r) for r in risks]
    rows = []
    for stored, r in zip(risks, cores, strict=True):
        value = engine.score(r.likelihood, r.impact)
        key = engine.level(value)
        rows.append(
            RiskRow(
                risk=stored,
                score=value,
                level=key,
                level_label=labels[key],
                emv=engine.emv(r) if r.cost else None,
                delay_days=engine.emv(r, what="schedule") if r.schedule else None,
            )
        )
    grid = engine.heat_map(cores)
    heatmap = []
    for likelihood in range(5, 0, -1):
        cells = []
        for impact in range(1, 6):
            key = engine.level(likelihood * impact)
            cells.append(Cell(grid.count(likelihood, impact), key, labels[key]))
        heatmap.append((likelihood, cells))
    exposure = engine.contingency(cores)
    open_rows = [row for row in rows if row.risk.status == "open"]
    issues = sorted(
        {issue.pk: issue for r in risks for issue in r.issues.all()}.values(),
        key=lambda i: (i.status, -i.raised_on.toordinal()),
    )
    return RegisterSummary(
        rows=rows,
        heatmap=heatmap,
        scale=[1, 2, 3, 4, 5],
        contingency=exposure.contingency_before,
        contingency_after=(
            exposure.contingency_after
            if exposure.contingency_after != exposure.contingency_before
            else None
        ),
        buffer_days=exposure.buffer_days_before,
        buffer_days_after=exposure.buffer_days_after,
        open_count=len(open_rows),
        high_count=sum(row.score >= top.min_score for row in open_rows),
        top_level_label=top.label,
        top_level_min=top.min_score,
        issues=issues,
    )
