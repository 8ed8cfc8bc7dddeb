"""The portfolio roll-up of an organization: every initiative's recommended option, its NPV and
its budget per fiscal year (``civicshift.core.portfolio`` does the arithmetic).

Three queries whatever the number of initiatives: the initiatives, their business cases with
the recommended option, and the lines of those options.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from civicshift.core.cases import CaseError
from civicshift.core.lifecycle import LIFECYCLE_ORDER
from civicshift.core.portfolio import (
    INVALID,
    NO_CASE,
    NO_LINES,
    NO_RECOMMENDED_OPTION,
    Entry,
    Rollup,
    budget_figures,
    rollup,
)
from civicshift.initiatives.models import Initiative

from .bridge import option_case
from .models import BusinessCase, CaseLine

STATUS_ORDER = tuple(status.value for status in LIFECYCLE_ORDER)


@dataclass
class Portfolio:
    """The roll-up with the database rows it came from (``initiatives`` by id)."""

    rollup: Rollup
    initiatives: dict[int, Initiative]
    #: The business case of each initiative that has one, by initiative id.
    cases: dict[int, BusinessCase]


def portfolio_entries(
    organization,
) -> tuple[list[Entry], dict[int, Initiative], dict[int, BusinessCase]]:
    initiatives = {
        i.pk: i
        for i in Initiative.objects.for_org(organization).only("id", "title", "status", "version")
    }
    cases = {
        case.initiative_id: case
        for case in BusinessCase.objects.for_org(organization).select_related("recommended_option")
    }
    chosen = {
        case.recommended_option_id
        for case in cases.values()
        if case.recommended_option_id is not None
    }
    lines: dict[int, list[CaseLine]] = defaultdict(list)
    for line in CaseLine.objects.for_org(organization).filter(option_id__in=chosen):
        lines[line.option_id].append(line)

    entries = []
    for initiative in initiatives.values():
        base = {"key": initiative.pk, "title": initiative.title, "status": initiative.status}
        case = cases.get(initiative.pk)
        option = case.recommended_option if case is not None else None
        if case is None:
            entries.append(Entry(**base, missing=NO_CASE))
            continue
        if option is None or option.case_id != case.pk:
            entries.append(Entry(**base, missing=NO_RECOMMENDED_OPTION))
            continue
        base["option"] = option.name
        rows = lines.get(option.pk, [])
        if not rows:
            entries.append(Entry(**base, missing=NO_LINES))
            continue
        case.initiative = initiative  # the core case's title, without another query
        try:
            figures = budget_figures(option_case(case, option, rows))
        except CaseError as exc:
            entries.append(Entry(**base, missing=INVALID, detail=str(exc)))
            continue
        entries.append(Entry(**base, figures=figures))
    return entries, initiatives, cases


def organization_portfolio(organization, *, sort: str = "title") -> Portfolio:
    """The organization's roll-up sorted by ``sort`` (``core.portfolio.rollup``'s columns)."""
    entries, initiatives, cases = portfolio_entries(organization)
    return Portfolio(
        rollup=rollup(entries, statuses=STATUS_ORDER, sort=sort),
        initiatives=initiatives,
        cases=cases,
    )
