"""The business case as a report (``civicshift.formats.cases.report``) for the documents, and
the offline template's contents, built from the database.

The figures come from the same selectors as the pages (``option_figures`` with the case's seed
and iterations), so a document shows exactly what the option page shows after "Run the
simulation".
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

import civicshift
from civicshift.core import formatting
from civicshift.formats.cases.report import (
    CaseReport,
    NarrativeSection,
    OptionReport,
    ReportLine,
    option_report,
)
from civicshift.formats.cases.template_data import TemplateLine, TemplateSettings

from .models import (
    BENEFIT_CATEGORIES,
    COST_CATEGORIES,
    NARRATIVE_FIELDS,
    BusinessCase,
    CaseLine,
    Category,
    Distribution,
    Option,
)
from .narrative import narrative_guidance
from .results import operating_budget_impact
from .selectors import CaseProgress, OptionFigures, case_figures
from .terms import recommendation_check


def _number(value) -> str:
    """1234.5 → '1,234.5'; 56 → '56' (no trailing zeros)."""
    text = f"{float(value):,.4f}".rstrip("0").rstrip(".")
    return text or "0"


def line_basis(line: CaseLine, currency: str) -> str:
    """How a line's amount is built when it has a multiplier: hours × rate, cost × chance."""
    if line.multiplier is None:
        return ""
    values = {"likely": _number(line.likely), "rate": _number(line.multiplier)}
    if line.category in (Category.STAFF_TIME, Category.RESIDENT_TIME):
        rate = values["rate"]
        values["rate"] = f"${rate}" if currency == "USD" else f"{rate} {currency}"
        return _("%(likely)s hours × %(rate)s an hour") % values
    if line.category == Category.AVOIDED_COST:
        values["rate"] = formatting.percent(line.multiplier, 0)
        return _("%(likely)s if it happens × %(rate)s chance a year") % values
    return _("%(likely)s × %(rate)s") % values


def _report_line(line: CaseLine, core_line, currency: str) -> ReportLine:
    est = core_line.amount
    return ReportLine(
        name=line.name,
        kind=line.kind,
        category=str(Category(line.category).label) if line.category else "",
        low=float(est.low),
        likely=float(est.likely),
        high=float(est.high),
        distribution=line.distribution if est.is_uncertain else Distribution.POINT,
        periods=tuple(core_line.periods),
        escalation=float(line.escalation),
        ramp=tuple(core_line.ramp),
        in_npv=line.in_npv,
        basis=line_basis(line, currency),
        multiplier=None if line.multiplier is None else float(line.multiplier),
        entered=_entered(line),
    )


def _entered(line: CaseLine) -> tuple[float, float, float] | None:
    """Low / likely / high as typed, before the multiplier (None without one). A line given
    per year has its multiplier as its whole amount: 1 before it."""
    if line.multiplier is None:
        return None
    if line.per_year:
        return (1.0, 1.0, 1.0)
    likely = float(line.likely)
    low = likely if line.low is None else float(line.low)
    high = likely if line.high is None else float(line.high)
    return (low, likely, high)


def _option_report(case: BusinessCase, figures: OptionFigures) -> OptionReport:
    option = figures.option
    recommended = case.recommended_option_id == option.pk
    if not figures.ok:
        problem = (
            _("no costs or benefits entered yet") if figures.problem == "empty" else figures.problem
        )
        return OptionReport(
            name=option.name,
            description=option.description,
            recommended=recommended,
            problem=problem,
        )
    currency = case.organization.currency
    lines = [
        _report_line(row, core, currency)
        for row, core in zip(figures.lines, figures.case.lines, strict=True)
    ]
    return option_report(
        option.name,
        figures.case,
        figures.analysis,
        simulation=figures.simulation,
        tornado=figures.tornado or (),
        switching=figures.switching or (),
        payback_target_years=case.payback_target_years,
        description=option.description,
        recommended=recommended,
        budget_impact=operating_budget_impact(figures).tolist(),
        lines=lines,
        summary=figures.summary,
    )


def case_option_figures(
    case: BusinessCase, *, simulate: bool = True, progress: CaseProgress | None = None
) -> list[OptionFigures]:
    """Every option's figures, with the simulation (the case's seed and iterations)."""
    return case_figures(case, simulate=simulate, progress=progress)


def case_report(
    case: BusinessCase, *, today: dt.date | None = None, progress: CaseProgress | None = None
) -> CaseReport:
    """The whole business case as plain data for the Word, PDF and Excel writers."""
    figures = case_option_figures(case, progress=progress)
    check = recommendation_check(case, figures)
    initiative = case.initiative
    guidance = {section.field: section for section in narrative_guidance(case, figures)}
    sections = []
    for name in NARRATIVE_FIELDS:
        section = guidance[name]
        sections.append(
            NarrativeSection(
                title=section.label[:1].upper() + section.label[1:],
                text=getattr(case, name) or "",
                guidance=section.guidance,
                facts=tuple(section.facts),
            )
        )
    return CaseReport(
        title=initiative.title,
        organization=case.organization.name,
        prepared_on=today or timezone.localdate(),
        version=civicshift.__version__,
        start_year=case.start_year,
        horizon_years=case.horizon_years,
        discount_rate=float(case.discount_rate),
        iterations=case.iterations,
        seed=case.seed,
        payback_target_years=case.payback_target_years,
        options=tuple(_option_report(case, f) for f in figures),
        sections=tuple(sections),
        currency=case.organization.currency,
        problem_statement=initiative.problem_statement or "",
        recommendation_reason=case.recommendation_reason if case.recommended_option_id else "",
        better_option=check.best_name if check.needs_reason else "",
    )


# --- the offline template -------------------------------------------------------------------


def template_categories() -> list[tuple[str, str, str]]:
    """(key, label, which kinds) for the template's category list."""
    result = []
    for category in Category:
        if category in COST_CATEGORIES and category in BENEFIT_CATEGORIES:
            kinds = _("costs and benefits")
        elif category in COST_CATEGORIES:
            kinds = _("costs")
        else:
            kinds = _("benefits")
        result.append((category.value, str(category.label), kinds))
    return result


def template_settings(case: BusinessCase, option: Option | None = None) -> TemplateSettings:
    title = case.initiative.title + (f" — {option.name}" if option is not None else "")
    return TemplateSettings(
        title=title,
        start_year=case.start_year,
        horizon_years=case.horizon_years,
        discount_rate=float(case.discount_rate),
    )


def template_line(line: CaseLine) -> TemplateLine:
    """A database line as a template row: amounts as entered, before the multiplier."""
    point = line.distribution == Distribution.POINT
    return TemplateLine(
        name=line.name,
        kind=line.kind,
        likely=float(line.likely),
        first_period=line.first_period,
        last_period=line.last_period,
        category=line.category,
        distribution=line.distribution,
        low=None if point or line.low is None else float(line.low),
        high=None if point or line.high is None else float(line.high),
        escalation=float(line.escalation),
        ramp=line.ramp_shares(),
        in_npv=line.in_npv,
        multiplier=None if line.multiplier is None else float(line.multiplier),
        per_year=line.per_year_amounts(),
    )
