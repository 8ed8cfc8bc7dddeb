"""Reads of business cases, and their figures computed by the core engine."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404

from civicshift.core.cases import Analysis, Case, CaseError, Summary, summarize
from civicshift.core.montecarlo import (
    MonteCarloResult,
    SwitchingValue,
    TornadoBar,
    monte_carlo,
    switching_values,
    tornado,
)
from civicshift.orgs.prepared import PreparedQuery

from .bridge import option_case
from .models import BusinessCase, CaseLine, Option


def case_for_initiative(organization, initiative_pk: int) -> BusinessCase | None:
    return (
        BusinessCase.objects.for_org(organization)
        .select_related("initiative", "recommended_option")
        .filter(initiative_id=initiative_pk)
        .first()
    )


def option_get(case: BusinessCase, pk: int) -> Option:
    return get_object_or_404(Option.objects.for_org(case.organization).filter(case=case), pk=pk)


#: The live preview's two queries, compiled once (``orgs.prepared``: compiling them cost more
#: than running them, at every keystroke). The same rows as the querysets they are built from.
_OPTION_FOR_INITIATIVE = PreparedQuery(
    lambda org_id, initiative_id, pk: Option.objects.filter(
        organization_id=org_id,
        case__organization_id=org_id,
        case__initiative_id=initiative_id,
        pk=pk,
    ).select_related("case__initiative"),
    org_id=int,
    initiative_id=int,
    pk=int,
)
#: The lines without their timestamps, which neither the figures nor the line form read (two
#: date-time conversions per line at every keystroke; a query pinned by test_preview_speed would
#: show if something did read them).
_OPTION_LINES = PreparedQuery(
    lambda org_id, option_id: CaseLine.objects.filter(
        organization_id=org_id, option_id=option_id
    ).defer("created_at", "updated_at"),
    org_id=int,
    option_id=int,
)


def option_for_initiative(organization, initiative_pk: int, pk: int) -> Option:
    """The option ``pk`` of the business case of initiative ``initiative_pk``, with its case and
    the case's initiative, in one query (the live preview's, at every keystroke): the same rows
    ``case_for_initiative`` then ``option_get`` fetch, or 404."""
    found = _OPTION_FOR_INITIATIVE(org_id=organization.pk, initiative_id=initiative_pk, pk=pk)
    if not found:
        raise Http404("No such option.")
    option = found[0]
    option.organization = option.case.organization = organization  # the same row
    return option


def option_lines(option: Option) -> list[CaseLine]:
    """The option's lines, in their order (``created_at`` and ``updated_at`` deferred)."""
    return _OPTION_LINES(org_id=option.organization_id, option_id=option.pk)


def line_get(option: Option, pk: int) -> CaseLine:
    return get_object_or_404(
        CaseLine.objects.for_org(option.organization).filter(option=option), pk=pk
    )


@dataclass
class OptionFigures:
    """An option's figures, or the reason there are none yet."""

    option: Option
    lines: list[CaseLine]
    case: Case | None = None
    analysis: Analysis | None = None
    #: Everything shown about the option, computed once (``core.cases.summarize``): likely and
    #: expected figures, before and after optimism bias, other rates, scenarios, the profile.
    #: ``analysis`` is its figures at the likely amounts (``summary.likely``).
    summary: Summary | None = None
    problem: str = ""
    #: The core's error behind ``problem`` (it names the line and the field), if any.
    error: CaseError | None = None
    simulation: MonteCarloResult | None = None
    tornado: list[TornadoBar] | None = None
    switching: list[SwitchingValue] | None = None

    @property
    def ok(self) -> bool:
        return self.analysis is not None


def option_figures(
    case: BusinessCase,
    option: Option,
    lines: Iterable[CaseLine] | None = None,
    *,
    simulate: bool = False,
    sensitivity: bool = True,
    compact: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> OptionFigures:
    """The option's figures; ``sensitivity=False`` leaves out the tornado and the switching
    values (each analyses the case again), and ``compact=True`` everything but the headline
    figures (``summarize(..., compact=True)``), for the live preview, which shows neither."""
    rows = list(option.lines.all()) if lines is None else list(lines)
    figures = OptionFigures(option=option, lines=rows)
    if not rows:
        figures.problem = "empty"
        return figures
    try:
        figures.case = option_case(case, option, rows)
        figures.summary = summarize(figures.case, compact=compact)
        figures.analysis = figures.summary.likely
    except CaseError as exc:
        figures.problem = str(exc)
        figures.error = exc
        return figures
    if sensitivity:
        figures.tornado = tornado(figures.case)
        figures.switching = switching_values(figures.case)
    if simulate:
        figures.simulation = monte_carlo(
            figures.case, iterations=case.iterations, seed=case.seed, progress=progress
        )
    return figures


#: ``progress(option_index, option_count, option_name, done, iterations)`` for a whole case.
CaseProgress = Callable[[int, int, str, int, int], None]


def case_figures(
    case: BusinessCase, *, simulate: bool = False, progress: CaseProgress | None = None
) -> list[OptionFigures]:
    """Every option's figures; ``progress`` hears of each simulation chunk of each option."""
    options = list(
        Option.objects.for_org(case.organization).filter(case=case).prefetch_related("lines")
    )
    figures = []
    for index, option in enumerate(options):
        report = None
        if progress is not None:

            def report(done, total, index=index, name=option.name):
                progress(index, len(options), name, done, total)

        figures.append(option_figures(case, option, simulate=simulate, progress=report))
    return figures
