"""Business cases over the API: cases, their options and lines, the analysis, saved analyses.

Nested rows are always reached through the organization: the case from
``BusinessCase.objects.for_org(org)``, the option within that case, the line within that option,
so an id of another organization or of another case answers 404. Writes go through
``civicshift.cases.services`` (role check, model validation, audit record).
"""

from __future__ import annotations

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, Throttled, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

import civicshift
from civicshift.api.base import ServiceWriteMixin
from civicshift.cases import services
from civicshift.cases.jobs import ANALYSIS, INLINE_ITERATIONS
from civicshift.cases.models import BusinessCase, CaseLine, CaseRun, Option
from civicshift.cases.results import analysis_dict
from civicshift.cases.selectors import OptionFigures, option_figures
from civicshift.jobs.api.serializers import JobSerializer, job_summary
from civicshift.jobs.models import JobStatus
from civicshift.jobs.services import RateLimited, job_start
from civicshift.orgs.roles import Role, role_at_least

from .serializers import (
    AnalysisSerializer,
    AnalyzeRequestSerializer,
    BusinessCaseCreateSerializer,
    BusinessCaseSerializer,
    CaseLineSerializer,
    CaseRunSerializer,
    OptionSerializer,
)

CASE_PK = OpenApiParameter(
    "case_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id of the business case."
)
OPTION_PK = OpenApiParameter(
    "option_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id of the option."
)


def scoped_case(organization, pk) -> BusinessCase:
    """The organization's business case ``pk``, or 404."""
    return get_object_or_404(
        BusinessCase.objects.for_org(organization).select_related(
            "initiative", "recommended_option"
        ),
        pk=pk,
    )


def analyze_case(case: BusinessCase) -> list[OptionFigures]:
    """Every option's deterministic figures and Monte Carlo run, with the case's seed and
    iterations (as the 'Save analysis' button of the screens)."""
    options = Option.objects.for_org(case.organization).filter(case=case).prefetch_related("lines")
    return [option_figures(case, option, simulate=True) for option in options]


@extend_schema_view(
    list=extend_schema(
        summary="List business cases",
        parameters=[
            OpenApiParameter(
                "initiative",
                OpenApiTypes.INT,
                description="Only the case of this initiative (id).",
            )
        ],
    ),
    create=extend_schema(
        summary="Start a business case for an initiative (editor)",
        request=BusinessCaseCreateSerializer,
        responses={201: BusinessCaseSerializer},
    ),
    retrieve=extend_schema(summary="Read a business case"),
    update=extend_schema(summary="Replace a business case's settings and narrative (editor)"),
    partial_update=extend_schema(
        summary="Change a business case's settings, narrative or recommended option (editor)"
    ),
    destroy=extend_schema(summary="Delete a business case with its options and lines (editor)"),
)
@extend_schema(tags=["business cases"])
class BusinessCaseViewSet(ServiceWriteMixin, viewsets.ModelViewSet):
    """A business case compares options for an initiative with the status quo: the years it
    covers, the discount rate, the simulation settings, the Five Case narrative and the
    recommended option. Viewers read; editors change."""

    serializer_class = BusinessCaseSerializer
    queryset = BusinessCase.objects.none()
    lookup_value_regex = r"\d+"

    @property
    def write_role(self) -> str:
        # Anyone who can read a case may run its analysis; saving it needs an editor (checked
        # in ``analyze`` and again by the service).
        return Role.VIEWER if getattr(self, "action", None) == "analyze" else Role.EDITOR

    def get_serializer_class(self):
        if getattr(self, "action", None) == "create":
            return BusinessCaseCreateSerializer
        return BusinessCaseSerializer

    def scoped_queryset(self):
        cases = (
            BusinessCase.objects.for_org(self.organization)
            .select_related("initiative", "recommended_option")
            .prefetch_related("options")
            .order_by("initiative__title", "pk")
        )
        if self.action == "list":
            initiative = self.request.query_params.get("initiative", "").strip()
            if initiative:
                if not initiative.isdigit():
                    raise ValidationError({"initiative": [_("Give an initiative id.")]})
                cases = cases.filter(initiative_id=int(initiative))
        return cases

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        with self.service_errors():
            case = services.business_case_create(actor=request.user, **data)
        case = self.get_queryset().get(pk=case.pk)
        body = BusinessCaseSerializer(case, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    def service_update(self, instance: BusinessCase, data: dict) -> BusinessCase:
        case = services.business_case_update(actor=self.request.user, case=instance, **data)
        return self.get_queryset().get(pk=case.pk)

    def service_delete(self, instance: BusinessCase) -> None:
        services.business_case_delete(actor=self.request.user, case=instance)

    @extend_schema(
        summary="Run the analysis of every option (viewer; saving needs an editor)",
        operation_id="business_cases_analyze",
        description=(
            "Deterministic figures (NPV, IRR, MIRR, benefit–cost ratio, payback, cash flows, "
            "tornado, switching values) and a Monte Carlo run of every option, with the case's "
            "seed and iterations unless `seed` or `iterations` are given. The same seed gives "
            "the same figures as the screens and the command line. With `save: true` the "
            "figures are also kept, with the inputs, seed and version, as a saved analysis "
            "(see `…/runs/`)."
        ),
        request=AnalyzeRequestSerializer,
        responses={200: AnalysisSerializer, 201: AnalysisSerializer, 202: JobSerializer},
    )
    @action(detail=True, methods=["post"], url_path="analyze", url_name="analyze")
    def analyze(self, request: Request, *args, **kwargs) -> Response:
        case = self.get_object()
        params = AnalyzeRequestSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        options = params.validated_data
        if options["save"] and not role_at_least(self.membership.role, Role.EDITOR):
            raise PermissionDenied(
                _("Saving an analysis needs the %(role)s role in %(org)s; your role is %(yours)s.")
                % {
                    "role": Role.EDITOR.label,
                    "org": self.organization.name,
                    "yours": Role(self.membership.role).label,
                }
            )
        # An override applies to this analysis only: the instance is never saved, but the
        # saved run records the seed and iterations actually used.
        iterations = options.get("iterations", case.iterations)
        # Up to INLINE_ITERATIONS runs the answer comes at once; more run in the background
        # and the answer is 202 with the job to follow. Both are counted by the per-user limits
        # (429) and, unless saved, cached.
        try:
            job = job_start(
                actor=request.user,
                organization=self.organization,
                kind=ANALYSIS,
                inputs={
                    "case": case.pk,
                    "iterations": iterations,
                    "seed": options.get("seed", case.seed),
                    "save": options["save"],
                    "label": options["label"].strip(),
                },
                label=_("Analysis of %(initiative)s") % {"initiative": case.initiative.title},
                inline=iterations <= INLINE_ITERATIONS,
            )
        except RateLimited as exc:
            raise Throttled(wait=60, detail=str(exc)) from exc
        if job.status == JobStatus.DONE:
            body = job.result["data"]
            return Response(
                body, status=status.HTTP_201_CREATED if body["run"] else status.HTTP_200_OK
            )
        if job.status == JobStatus.FAILED:
            raise ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [job.error]})
        return Response(job_summary(job, request), status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="List the saved analyses of a business case",
        operation_id="business_cases_runs_list",
        description=(
            "Each saved analysis keeps the inputs (every line as entered), the seed, the "
            "iterations and the CivicShift version, so the figures can be reproduced. Newest "
            "first. One of them: `…/business-cases/{case_pk}/runs/{id}/`; two compared: "
            "`POST …/runs/compare/`; one run again: `POST …/runs/{id}/rerun/`."
        ),
        request=None,
        responses=CaseRunSerializer(many=True),
    )
    @action(detail=True, methods=["get"], url_path="runs", url_name="runs")
    def runs(self, request: Request, *args, **kwargs) -> Response:
        case = self.get_object()
        runs = (
            CaseRun.objects.for_org(self.organization)
            .filter(case=case)
            .select_related("created_by")
        )
        page = self.paginate_queryset(runs)
        serializer = CaseRunSerializer(page, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(serializer.data)


def analysis_body(case: BusinessCase, figures: list[OptionFigures], run) -> dict:
    """The analysis answer: per option, the fields of a saved run's results."""
    return {
        "version": civicshift.__version__,
        "case": case.pk,
        "iterations": case.iterations,
        "seed": case.seed,
        "options": [
            {
                "id": f.option.pk,
                "name": f.option.name,
                "recommended": f.option.pk == case.recommended_option_id,
                **analysis_dict(f),
            }
            for f in figures
        ],
        "run": run.pk if run is not None else None,
    }


class CaseChildMixin(ServiceWriteMixin):
    # Resolves the business case of the URL within the organization (404 otherwise) before
    # anything else is read or validated.

    case: BusinessCase

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        self.case = scoped_case(self.organization, self.kwargs["case_pk"])

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["case"] = getattr(self, "case", None)
        return context


@extend_schema_view(
    list=extend_schema(summary="List the options of a business case"),
    create=extend_schema(summary="Add an option (editor)"),
    retrieve=extend_schema(summary="Read an option"),
    update=extend_schema(summary="Replace an option (editor)"),
    partial_update=extend_schema(summary="Change an option (editor)"),
    destroy=extend_schema(summary="Delete an option with its lines (editor)"),
)
@extend_schema(tags=["business cases"], parameters=[CASE_PK])
class CaseOptionViewSet(CaseChildMixin, viewsets.ModelViewSet):
    """An option is one way to solve the problem; its lines are the difference it makes
    compared with carrying on as today. Viewers read; editors change."""

    serializer_class = OptionSerializer
    queryset = Option.objects.none()
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        return (
            Option.objects.for_org(self.organization)
            .filter(case=self.case)
            .annotate(line_count=Count("lines"))
            .order_by("position", "pk")
        )

    def service_create(self, data: dict) -> Option:
        return services.option_create(actor=self.request.user, case=self.case, **data)

    def service_update(self, instance: Option, data: dict) -> Option:
        return services.option_update(actor=self.request.user, option=instance, **data)

    def service_delete(self, instance: Option) -> None:
        services.option_delete(actor=self.request.user, option=instance)

    @extend_schema(
        summary="Duplicate an option and its lines as a variant (editor)",
        request=None,
        responses={201: OptionSerializer},
    )
    @action(detail=True, methods=["post"], url_path="duplicate", url_name="duplicate")
    def duplicate(self, request: Request, *args, **kwargs) -> Response:
        """Copies the option and its lines under the name "… (variant)" (or "… (variant 2)"
        …), audited, in one transaction; an optional ``name`` in the body names the copy."""
        option = self.get_object()
        name = request.data.get("name", "") if isinstance(request.data, dict) else ""
        with self.service_errors():
            variant = services.option_duplicate(
                actor=request.user, option=option, name=str(name or "")
            )
        variant = self.scoped_queryset().get(pk=variant.pk)
        return Response(self.get_serializer(variant).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="List the cost and benefit lines of an option"),
    create=extend_schema(summary="Add a cost or benefit line (editor)"),
    retrieve=extend_schema(summary="Read a cost or benefit line"),
    update=extend_schema(summary="Replace a cost or benefit line (editor)"),
    partial_update=extend_schema(summary="Change a cost or benefit line (editor)"),
    destroy=extend_schema(summary="Delete a cost or benefit line (editor)"),
)
@extend_schema(tags=["business cases"], parameters=[CASE_PK, OPTION_PK])
class CaseLineViewSet(CaseChildMixin, viewsets.ModelViewSet):
    """A cost or benefit line of an option: a single figure or a three-point estimate (low,
    likely, high; triangular or PERT), the years it applies to, a yearly increase, a ramp-up
    for benefits, and a multiplier (hourly rate, or the yearly chance of a failure). A
    ValidationError names the field, e.g.
    ``{"low": ["Low (9,000.00) is greater than likely (5,000.00)."]}``.
    Viewers read; editors change."""

    serializer_class = CaseLineSerializer
    queryset = CaseLine.objects.none()
    lookup_value_regex = r"\d+"

    option: Option

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        self.option = get_object_or_404(
            Option.objects.for_org(self.organization)
            .filter(case=self.case)
            .select_related("case__initiative"),
            pk=self.kwargs["option_pk"],
        )

    def scoped_queryset(self):
        return CaseLine.objects.for_org(self.organization).filter(option=self.option)

    def service_create(self, data: dict) -> CaseLine:
        return services.line_create(actor=self.request.user, option=self.option, **data)

    def service_update(self, instance: CaseLine, data: dict) -> CaseLine:
        return services.line_update(actor=self.request.user, line=instance, **data)

    def service_delete(self, instance: CaseLine) -> None:
        services.line_delete(actor=self.request.user, line=instance)
