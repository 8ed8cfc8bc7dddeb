"""The business case's background work: long simulations, documents, saved analyses.

Registered with ``civicshift.jobs`` in ``CasesConfig.ready()``. Simulations and documents are
deterministic, so they are cached by a fingerprint of everything they depend on
(``case_fingerprint``: the values of the case, its options and lines, the initiative's title and
problem, the organization's name and currency; for a document also its format and date).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicshift.core.jsonvalues import to_jsonable
from civicshift.core.montecarlo import MonteCarloResult
from civicshift.jobs.registry import JobKind, JobOutcome, register_kind
from civicshift.jobs.runner import JobFailed
from civicshift.orgs.roles import Role

from .models import BusinessCase, CaseLine, Option

#: Simulations up to this many runs stay on the page (about a second); more run in the
#: background.
INLINE_ITERATIONS = 10_000

SIMULATION = "cases.simulation"
DOCUMENT = "cases.document"
SAVE_RUN = "cases.save_run"
REPRODUCE_RUN = "cases.reproduce_run"
ANALYSIS = "cases.analysis"


def _values(queryset) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in row.items() if k not in ("created_at", "updated_at")}
        for row in queryset.order_by("pk").values()
    ]


def case_fingerprint(case: BusinessCase, option: Option | None = None) -> dict[str, Any]:
    """What the case's figures and documents depend on (one option's, if ``option``)."""
    organization = case.organization
    options = Option.objects.for_org(organization).filter(case=case)
    lines = CaseLine.objects.for_org(organization).filter(option__case=case)
    if option is not None:
        options = options.filter(pk=option.pk)
        lines = lines.filter(option=option)
    return to_jsonable(
        {
            "organization": {"name": organization.name, "currency": organization.currency},
            "initiative": {
                "title": case.initiative.title,
                "problem_statement": case.initiative.problem_statement,
            },
            "case": _values(BusinessCase.objects.filter(pk=case.pk)),
            "options": _values(options),
            "lines": _values(lines),
        }
    )


def _case(organization, inputs) -> BusinessCase:
    case = (
        BusinessCase.objects.for_org(organization)
        .select_related("initiative", "organization", "recommended_option")
        .filter(pk=inputs["case"])
        .first()
    )
    if case is None:
        raise JobFailed(_("The business case was deleted before this could be done."))
    return case


def _option(case: BusinessCase, inputs) -> Option:
    option = Option.objects.for_org(case.organization).filter(case=case, pk=inputs["option"])
    option = option.first()
    if option is None:
        raise JobFailed(_("The option was deleted before this could be done."))
    return option


def case_progress(context):
    """A ``selectors.CaseProgress`` that reports to the job: fraction and sentence."""

    def report(index: int, count: int, name: str, done: int, total: int) -> None:
        context.report_progress(
            (index + done / total) / count * 0.9,
            _("Simulating option %(i)d of %(n)d (“%(name)s”): %(done)s of %(total)s runs.")
            % {
                "i": index + 1,
                "n": count,
                "name": name,
                "done": f"{done:,}",
                "total": f"{total:,}",
            },
        )

    return report


# --- simulation of one option ---------------------------------------------------------------


def simulation_data(simulation: MonteCarloResult) -> dict[str, Any]:
    data = dataclasses.asdict(simulation)
    data["percentiles"] = {str(k): v for k, v in simulation.percentiles.items()}
    data["prob_payback_within"] = {str(k): v for k, v in simulation.prob_payback_within.items()}
    return to_jsonable(data)


def simulation_from(data: dict[str, Any]) -> MonteCarloResult:
    return MonteCarloResult(
        **{
            **data,
            "percentiles": {int(k): v for k, v in data["percentiles"].items()},
            "prob_payback_within": {int(k): v for k, v in data["prob_payback_within"].items()},
            "histogram_edges": tuple(data["histogram_edges"]),
            "histogram_counts": tuple(data["histogram_counts"]),
        }
    )


def option_url(case: BusinessCase, option: Option, name: str = "option") -> str:
    return reverse(
        f"cases:{name}",
        kwargs={"org_slug": case.organization.slug, "pk": case.initiative_id, "option": option.pk},
    )


def simulation_fingerprint(organization, inputs) -> dict[str, Any]:
    case = _case(organization, inputs)
    return case_fingerprint(case, _option(case, inputs))


def run_simulation(context) -> JobOutcome:
    from .selectors import option_figures

    case = _case(context.organization, context.inputs)
    option = _option(case, context.inputs)
    report = case_progress(context)
    figures = option_figures(
        case,
        option,
        simulate=True,
        progress=lambda done, total: report(0, 1, option.name, done, total),
    )
    if figures.simulation is None:
        raise JobFailed(
            _("This option has no figures to simulate yet: %(problem)s")
            % {"problem": figures.problem}
        )
    return JobOutcome(
        data={"simulation": simulation_data(figures.simulation)},
        url=option_url(case, option, "simulate"),
    )


# --- documents ------------------------------------------------------------------------------


def document_fingerprint(organization, inputs) -> dict[str, Any]:
    return {
        "case": case_fingerprint(_case(organization, inputs)),
        "format": inputs["format"],
        "date": timezone.localdate(),  # the document says when it was prepared
    }


def document_filename(case: BusinessCase, extension: str) -> str:
    stem = slugify(case.initiative.title)[:60] or "initiative"
    return f"{stem}-business-case.{extension}"


def build_document(context) -> JobOutcome:
    from .report import case_report
    from .views_documents import DOCUMENT_FORMATS

    case = _case(context.organization, context.inputs)
    extension = context.inputs["format"]
    writer, content_type = DOCUMENT_FORMATS[extension]
    report = case_report(case, progress=case_progress(context))
    context.report_progress(0.9, _("Writing the document and drawing its charts."))
    return JobOutcome(
        content=writer(report),
        filename=document_filename(case, extension),
        content_type=content_type,
    )


# --- saved analysis -------------------------------------------------------------------------


def save_run(context) -> JobOutcome:
    from . import services
    from .results import run_payload
    from .selectors import case_figures

    case = _case(context.organization, context.inputs)
    figures = case_figures(case, simulate=True, progress=case_progress(context))
    context.report_progress(0.95, _("Saving the analysis."))
    inputs, results = run_payload(case, figures)
    run = services.case_run_save(
        actor=context.user,
        case=case,
        label=context.inputs.get("label", ""),
        inputs=inputs,
        results=results,
    )
    return JobOutcome(
        data={"run": run.pk},
        url=reverse(
            "cases:runs", kwargs={"org_slug": case.organization.slug, "pk": case.initiative_id}
        ),
    )


def reproduce_saved_run(context) -> JobOutcome:
    """A saved analysis computed again from its saved inputs, seed and iterations (not from
    today's lines), with the figures that differ from the saved ones (none when the software
    is the same)."""
    from .models import CaseRun
    from .results import reproduce_run
    from .runs import reproduction_differences

    run = CaseRun.objects.for_org(context.organization).filter(pk=context.inputs["run"]).first()
    if run is None:
        raise JobFailed(_("The saved analysis was deleted before it could be run again."))
    context.report_progress(0.1, _("Computing the saved analysis again from its inputs."))
    reproduced = reproduce_run(run)
    return JobOutcome(
        data={
            "run": run.pk,
            "results": reproduced,
            "differences": reproduction_differences(run.results, reproduced),
        },
        url=reverse(
            "cases:run",
            kwargs={
                "org_slug": run.organization.slug,
                "pk": run.case.initiative_id,
                "run": run.pk,
            },
        )
        + f"?job={context.job.pk}",
    )


# --- the API's analysis ---------------------------------------------------------------------


def analysis_fingerprint(organization, inputs) -> dict[str, Any] | None:
    if inputs.get("save"):
        return None  # it writes a saved analysis each time
    return {
        "case": case_fingerprint(_case(organization, inputs)),
        "iterations": inputs["iterations"],
        "seed": inputs["seed"],
    }


def run_analysis(context) -> JobOutcome:
    """The API's analysis: every option with the given seed and iterations, saved if asked."""
    from . import services
    from .api.views import analysis_body
    from .results import run_payload
    from .selectors import case_figures

    case = _case(context.organization, context.inputs)
    # The override applies to this analysis only: the instance is never saved, but a saved run
    # records the seed and iterations actually used.
    case.iterations = context.inputs["iterations"]
    case.seed = context.inputs["seed"]
    figures = case_figures(case, simulate=True, progress=case_progress(context))
    run = None
    if context.inputs.get("save"):
        inputs, results = run_payload(case, figures)
        run = services.case_run_save(
            actor=context.user,
            case=case,
            label=context.inputs.get("label", ""),
            inputs=inputs,
            results=results,
        )
    return JobOutcome(data=analysis_body(case, figures, run))


def register() -> None:
    register_kind(
        JobKind(
            key=ANALYSIS,
            label=gettext_lazy("Analysis"),
            run=run_analysis,
            fingerprint=analysis_fingerprint,
            rate_limited=True,
        )
    )
    register_kind(
        JobKind(
            key=SIMULATION,
            label=gettext_lazy("Uncertainty simulation"),
            run=run_simulation,
            fingerprint=simulation_fingerprint,
            rate_limited=True,
            result_template="cases/job_simulation.html",
            result_scripts=("vendor/chartjs/chart.umd.min.js", "civicshift/charts.js"),
        )
    )
    register_kind(
        JobKind(
            key=DOCUMENT,
            label=gettext_lazy("Business case document"),
            run=build_document,
            fingerprint=document_fingerprint,
            rate_limited=True,
            # 2: the documents print the recommendation's reason and its warning.
            version="2",
        )
    )
    register_kind(
        JobKind(
            key=REPRODUCE_RUN,
            label=gettext_lazy("Saved analysis run again"),
            run=reproduce_saved_run,
            rate_limited=True,
        )
    )
    register_kind(
        JobKind(
            key=SAVE_RUN,
            label=gettext_lazy("Saved analysis"),
            run=save_run,
            rate_limited=True,
            role=Role.EDITOR,
        )
    )
