"""Writing one demo business case through the case services, as the initiative's author."""

from __future__ import annotations

from civicshift.cases import services as case_services
from civicshift.cases.models import BusinessCase, Option
from civicshift.cases.results import run_payload
from civicshift.cases.selectors import case_for_initiative, option_figures
from civicshift.initiatives.models import Initiative

from .schema import DemoCase


def load_business_case(demo: DemoCase, *, initiative: Initiative, author) -> BusinessCase:
    """The case, its options and lines, the recommendation and (optionally) a saved analysis,
    all through the case services as ``author``."""
    case = case_services.business_case_create(
        actor=author, initiative=initiative, **demo.settings, **demo.narrative
    )
    # A new case starts with one option ("Proposed solution"): it becomes the first one.
    starter = case.options.get()
    options: dict[str, Option] = {}
    for i, demo_option in enumerate(demo.options):
        fields = {"name": demo_option.name, "description": demo_option.description}
        if i == 0:
            option = case_services.option_update(actor=author, option=starter, **fields)
        else:
            option = case_services.option_create(actor=author, case=case, **fields)
        for line in demo_option.lines:
            case_services.line_create(actor=author, option=option, **line.service_fields())
        options[demo_option.name] = option
    if demo.recommended:
        case = case_services.business_case_update(
            actor=author,
            case=case,
            recommended_option=options[demo.recommended],
            recommendation_reason=demo.recommendation_reason,
        )
    if demo.saved_analysis:
        # As stored (decimals at their saved precision), exactly as the screens read it.
        case = case_for_initiative(initiative.organization, initiative.pk)
        figures = [option_figures(case, option, simulate=True) for option in options.values()]
        inputs, results = run_payload(case, figures)
        case_services.case_run_save(
            actor=author, case=case, label=demo.saved_analysis, inputs=inputs, results=results
        )
    return case
