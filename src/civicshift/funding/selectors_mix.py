"""Reads of an initiative's funding mix, and its summary per fiscal year against the business
case's costs.

The costs are the portfolio roll-up's (``civicshift.core.portfolio.budget_figures`` on the
recommended option, built by ``cases.bridge.option_case``), so the mix, the roll-up and the
option page agree on every fiscal year's one-time and recurring costs.
"""

from __future__ import annotations

from dataclasses import dataclass

from civicshift.cases.bridge import option_case
from civicshift.cases.models import BusinessCase
from civicshift.cases.selectors import case_for_initiative, option_lines
from civicshift.core.cases import CaseError
from civicshift.core.funding.mix import Mix, Source, funding_mix
from civicshift.core.portfolio import (
    INVALID,
    NO_CASE,
    NO_LINES,
    NO_RECOMMENDED_OPTION,
    budget_figures,
)

from .models import FundingMixLine


def mix_lines(initiative):
    """The initiative's mix lines, by fiscal year, kind and order of entry."""
    return FundingMixLine.objects.for_org(initiative.organization).filter(initiative=initiative)


def mix_line_get(initiative, pk: int) -> FundingMixLine:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(mix_lines(initiative), pk=pk)


def case_years(case: BusinessCase | None) -> tuple[int, ...]:
    """The business case's fiscal years (period 0 to the horizon), or () without a case."""
    if case is None:
        return ()
    return tuple(case.start_year + t for t in range(case.horizon_years + 1))


@dataclass
class MixSummary:
    mix: Mix
    lines: list[FundingMixLine]
    case: BusinessCase | None
    #: Why there are no costs: core.portfolio's NO_CASE, NO_RECOMMENDED_OPTION, NO_LINES,
    #: INVALID, or "" when there are.
    missing: str = ""
    detail: str = ""
    option_name: str = ""
    basis: str = ""


def mix_summary(initiative) -> MixSummary:
    """The mix of ``initiative`` per fiscal year: three queries (case, option lines, mix)."""
    organization = initiative.organization
    case = case_for_initiative(organization, initiative.pk)
    lines = list(mix_lines(initiative))
    sources = [Source(ln.fiscal_year, ln.kind, ln.status, ln.amount) for ln in lines]
    costs = None
    missing = detail = option_name = ""
    if case is None:
        missing = NO_CASE
    elif case.recommended_option is None or case.recommended_option.case_id != case.pk:
        missing = NO_RECOMMENDED_OPTION
    else:
        option = case.recommended_option
        option_name = option.name
        rows = option_lines(option)
        if not rows:
            missing = NO_LINES
        else:
            case.initiative = initiative
            try:
                figures = budget_figures(option_case(case, option, rows))
            except CaseError as exc:
                missing, detail = INVALID, str(exc)
            else:
                costs = {
                    year: (float(one), float(rec))
                    for year, one, rec in zip(
                        figures.fiscal_years,
                        figures.one_time_costs,
                        figures.recurring_costs,
                        strict=True,
                    )
                }
    return MixSummary(
        mix=funding_mix(sources, case_years=case_years(case), costs=costs),
        lines=lines,
        case=case,
        missing=missing,
        detail=detail,
        option_name=option_name,
        basis=case.basis if case is not None else "",
    )
