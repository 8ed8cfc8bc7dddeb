"""Saved analyses of a business case over the API, beside ``…/business-cases/<id>/runs/`` (the
list, an action of the case): one saved analysis, the comparison of two, and running one again.

* ``GET …/business-cases/<case>/runs/<id>/`` (viewer): the run with its seed, iterations,
  version, the fingerprint of its amounts and each option's headline figures;
* ``POST …/business-cases/<case>/runs/compare/`` (viewer, writes nothing): ``{"then": id,
  "now": id}``, two runs of that case → what changed between them, as the run's page shows it
  beside today's figures (``cases.runs.compare_payloads``);
* ``POST …/business-cases/<case>/runs/<id>/rerun/`` (viewer: it saves nothing): the
  background job the page's "Run it again" button starts, answered 202 with the job to follow
  (429 over the per-user limits, as ``…/analyze/``).

Runs are reached through the case of the URL (``CaseChildMixin``), so a run of another case or
organization answers 404 in the URL and 400 naming the field in the comparison's body.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import Throttled
from rest_framework.request import Request
from rest_framework.response import Response

from civicshift.cases.models import CaseRun
from civicshift.cases.runs import amounts_fingerprint, compare_runs, comparison_data, run_again
from civicshift.jobs.api.serializers import JobSerializer, job_summary
from civicshift.jobs.services import RateLimited
from civicshift.orgs.roles import Role

from .serializers import CaseRunSerializer
from .serializers_runs import RunCompareRequestSerializer, RunComparisonSerializer
from .views import CASE_PK, CaseChildMixin

TOO_MANY = OpenApiResponse(description="Too many analyses or documents at once (per person).")


def run_heading(run: CaseRun) -> dict:
    return {
        "id": run.pk,
        "label": run.label,
        "created_at": run.created_at,
        "seed": run.seed,
        "iterations": run.iterations,
        "version": run.version,
        "amounts_fingerprint": amounts_fingerprint(run.inputs),
    }


@extend_schema_view(retrieve=extend_schema(summary="Read a saved analysis"))
@extend_schema(tags=["business cases"], parameters=[CASE_PK])
class CaseRunViewSet(CaseChildMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A saved analysis keeps the inputs (every line as entered), the seed, the number of runs
    and the CivicShift version, so the figures a council saw can be produced again. Viewers
    read and compare; editors run one again."""

    serializer_class = CaseRunSerializer
    queryset = CaseRun.objects.none()
    lookup_value_regex = r"\d+"

    @property
    def write_role(self) -> str:
        # Comparing only reads (a POST for its body of two ids) and running again saves nothing
        # (as the web page's button, cases.views.RunReproduceView): a viewer may do both.
        reading = getattr(self, "action", None) in ("compare", "rerun")
        return Role.VIEWER if reading else Role.EDITOR

    def scoped_queryset(self):
        return (
            CaseRun.objects.for_org(self.organization)
            .filter(case=self.case)
            .select_related("created_by")
        )

    @extend_schema(
        summary="Compare two saved analyses of a business case (viewer)",
        operation_id="business_cases_runs_compare",
        description=(
            "What changed from the saved analysis `then` to the saved analysis `now`, both of "
            "this business case: the settings that differ, per option the lines added, removed "
            "or changed (field by field) and the NPV, IRR and benefit–cost ratio of each. The "
            "same comparison the saved analysis page shows beside today's figures. Nothing is "
            "written. An id of another case's or organization's run, or a missing one, is "
            "refused (400) naming the field."
        ),
        request=RunCompareRequestSerializer,
        responses={200: RunComparisonSerializer},
    )
    @action(detail=False, methods=["post"], url_path="compare", url_name="compare")
    def compare(self, request: Request, *args, **kwargs) -> Response:
        params = RunCompareRequestSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        params.is_valid(raise_exception=True)
        then, now = params.validated_data["then"], params.validated_data["now"]
        body = {
            "then": run_heading(then),
            "now": run_heading(now),
            **comparison_data(compare_runs(then, now)),
        }
        return Response(RunComparisonSerializer(body).data)

    @extend_schema(
        summary="Run a saved analysis again from its saved inputs (editor)",
        operation_id="business_cases_runs_rerun",
        description=(
            "Starts the background job the page's 'Run it again' button starts: the saved "
            "analysis computed again from the inputs, seed and number of runs it kept (not "
            "from today's lines). Answers 202 with the job; follow its `url` until `status` is "
            "`done`: its `result` holds the figures computed again and `differences`, one "
            "sentence per figure that did not come out the same (empty when the software is "
            "the same). 429 over the per-person limits."
        ),
        request=None,
        responses={202: JobSerializer, 429: TOO_MANY},
    )
    @action(detail=True, methods=["post"], url_path="rerun", url_name="rerun")
    def rerun(self, request: Request, *args, **kwargs) -> Response:
        run = self.get_object()
        try:
            job = run_again(actor=request.user, run=run)
        except RateLimited as exc:
            raise Throttled(wait=60, detail=str(exc)) from exc
        body = job_summary(job, request)
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})
