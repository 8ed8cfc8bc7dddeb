"""Plans over the API. Writes go through ``civicshift.plans.services`` (role check, model
validation, the engine's check that the plan can still be scheduled, audit record); rows are
always fetched through the organization, tasks and links through their plan."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from civicshift.api.base import ServiceWriteMixin
from civicshift.core.schedule.cpm import schedule
from civicshift.core.schedule.model import ScheduleError

from .. import selectors, services, services_buffer, services_calendars, services_risks
from ..models import Plan, PlanLink, PlanTask, Risk, WorkCalendar
from .serializers import (
    CalendarSerializer,
    LibraryRiskSerializer,
    LinkSerializer,
    PlanSerializer,
    RiskFromLibrarySerializer,
    RiskIssueSerializer,
    RiskOccurredSerializer,
    RiskSerializer,
    ScheduleBufferRequestSerializer,
    ScheduleBufferSerializer,
    ScheduleSerializer,
    TaskSerializer,
)

PLAN_PK = OpenApiParameter(
    "plan_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id of the plan."
)


def schedule_body(plan: Plan) -> dict:
    """The computed schedule in the shape of ``civicshift plan cpm --json``."""
    tasks = list(selectors.tasks_of(plan))
    try:
        result = schedule(selectors.project_of(plan, tasks=tasks))
    except ScheduleError as exc:
        raise ApiValidationError({"plan": [str(exc)]}) from exc
    names = {t.key: t.name for t in tasks}
    return {
        "project_start": result.project_start.isoformat(),
        "project_finish": result.project_finish.isoformat(),
        "critical_path": list(result.critical_path),
        "warnings": list(result.warnings),
        "tasks": [
            {
                "id": key,
                "name": names.get(key, ""),
                "early_start": t.early_start.isoformat(),
                "early_finish": t.early_finish.isoformat(),
                "late_start": t.late_start.isoformat(),
                "late_finish": t.late_finish.isoformat(),
                "total_float_minutes": t.total_float_minutes,
                "free_float_minutes": t.free_float_minutes,
                "critical": t.critical,
            }
            for key, t in result.tasks.items()
        ],
    }


@extend_schema_view(
    list=extend_schema(summary="List plans (one per initiative)"),
    create=extend_schema(summary="Start an initiative's plan (editor)"),
    retrieve=extend_schema(summary="Read a plan's settings"),
    update=extend_schema(summary="Replace a plan's settings (editor)"),
    partial_update=extend_schema(summary="Change a plan's settings (editor)"),
    destroy=extend_schema(summary="Delete a plan with its tasks, links and baselines (editor)"),
)
@extend_schema(tags=["plans"])
class PlanViewSet(ServiceWriteMixin, viewsets.ModelViewSet):
    serializer_class = PlanSerializer
    queryset = Plan.objects.none()
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        return Plan.objects.for_org(self.organization).select_related("initiative")

    def service_create(self, data: dict) -> Plan:
        return services.plan_create(actor=self.request.user, **data)

    def service_update(self, instance: Plan, data: dict) -> Plan:
        return services.plan_update(actor=self.request.user, plan=instance, **data)

    def service_delete(self, instance: Plan) -> None:
        services.plan_delete(actor=self.request.user, plan=instance)

    @extend_schema(
        summary="The plan's computed schedule: dates, float and the critical path",
        responses=ScheduleSerializer,
    )
    @action(detail=True, methods=["get"])
    def schedule(self, request, *args, **kwargs):
        return Response(schedule_body(self.get_object()))

    @extend_schema(
        summary="What adding the risks' schedule buffer to the plan would do",
        parameters=[
            OpenApiParameter("basis", OpenApiTypes.STR, enum=sorted(services_buffer.BASES))
        ],
        responses=ScheduleBufferSerializer,
    )
    @action(detail=True, methods=["get"], url_path="buffer", url_name="buffer")
    def buffer(self, request, *args, **kwargs):
        params = ScheduleBufferRequestSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        return self._buffer_body(self.get_object(), params.validated_data.get("basis"))

    @extend_schema(
        summary="Add the schedule buffer before the final milestone, or update it (editor)",
        request=ScheduleBufferRequestSerializer,
        responses=ScheduleBufferSerializer,
    )
    @buffer.mapping.post
    def buffer_apply(self, request, *args, **kwargs):
        plan = self.get_object()
        params = ScheduleBufferRequestSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        basis = params.validated_data.get("basis")
        with self.service_errors():
            services_buffer.schedule_buffer_apply(actor=request.user, plan=plan, basis=basis)
        return self._buffer_body(plan, basis)

    @staticmethod
    def _buffer_body(plan: Plan, basis: str | None) -> Response:
        proposal = services_buffer.schedule_buffer_proposal(plan, basis)
        return Response(
            {
                "basis": proposal.basis,
                "simulation_days": proposal.figures["simulation"],
                "register_days": proposal.figures["register"],
                "days": proposal.days,
                "milestone": proposal.milestone.pk if proposal.milestone else None,
                "before": [t.pk for t in proposal.before],
                "buffer_task": proposal.existing.pk if proposal.existing else None,
                "problem": proposal.problem,
            }
        )


class PlanChildMixin(ServiceWriteMixin):
    def get_plan(self) -> Plan:
        if not hasattr(self, "_plan"):
            self._plan = get_object_or_404(
                Plan.objects.for_org(self.organization), pk=self.kwargs["plan_pk"]
            )
        return self._plan

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not self.is_schema_view and hasattr(self, "organization"):
            context["plan"] = self.get_plan()
        return context


@extend_schema_view(
    list=extend_schema(summary="List a plan's tasks in outline order", parameters=[PLAN_PK]),
    create=extend_schema(summary="Add a task (editor)", parameters=[PLAN_PK]),
    retrieve=extend_schema(summary="Read a task", parameters=[PLAN_PK]),
    update=extend_schema(summary="Replace a task (editor)", parameters=[PLAN_PK]),
    partial_update=extend_schema(summary="Change a task (editor)", parameters=[PLAN_PK]),
    destroy=extend_schema(
        summary="Delete a task, the tasks inside it and their links (editor)",
        parameters=[PLAN_PK],
    ),
)
@extend_schema(tags=["plans"])
class TaskViewSet(PlanChildMixin, viewsets.ModelViewSet):
    serializer_class = TaskSerializer
    queryset = PlanTask.objects.none()
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        return selectors.tasks_of(self.get_plan())

    def service_create(self, data: dict) -> PlanTask:
        return services.task_create(actor=self.request.user, plan=self.get_plan(), **data)

    def service_update(self, instance: PlanTask, data: dict) -> PlanTask:
        return services.task_update(actor=self.request.user, task=instance, **data)

    def service_delete(self, instance: PlanTask) -> None:
        services.task_delete(actor=self.request.user, task=instance)


@extend_schema_view(
    list=extend_schema(summary="List a plan's links", parameters=[PLAN_PK]),
    create=extend_schema(summary="Link two tasks (editor)", parameters=[PLAN_PK]),
    retrieve=extend_schema(summary="Read a link", parameters=[PLAN_PK]),
    update=extend_schema(summary="Replace a link (editor)", parameters=[PLAN_PK]),
    partial_update=extend_schema(summary="Change a link (editor)", parameters=[PLAN_PK]),
    destroy=extend_schema(summary="Remove a link (editor)", parameters=[PLAN_PK]),
)
@extend_schema(tags=["plans"])
class LinkViewSet(PlanChildMixin, viewsets.ModelViewSet):
    serializer_class = LinkSerializer
    queryset = PlanLink.objects.none()
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        return selectors.links_of(self.get_plan())

    def service_create(self, data: dict) -> PlanLink:
        return services.link_create(actor=self.request.user, plan=self.get_plan(), **data)

    def service_update(self, instance: PlanLink, data: dict) -> PlanLink:
        return services.link_update(actor=self.request.user, link=instance, **data)

    def service_delete(self, instance: PlanLink) -> None:
        services.link_delete(actor=self.request.user, link=instance)


@extend_schema_view(
    list=extend_schema(summary="List working calendars"),
    create=extend_schema(summary="Add a working calendar (editor)"),
    retrieve=extend_schema(summary="Read a working calendar with its exceptions"),
    update=extend_schema(summary="Replace a working calendar (editor)"),
    partial_update=extend_schema(summary="Change a working calendar (editor)"),
    destroy=extend_schema(summary="Delete a working calendar no plan uses (editor)"),
)
@extend_schema(tags=["plans"])
class CalendarViewSet(ServiceWriteMixin, viewsets.ModelViewSet):
    serializer_class = CalendarSerializer
    queryset = WorkCalendar.objects.none()
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        return selectors.calendars_for(self.organization)

    def service_create(self, data: dict) -> WorkCalendar:
        return services_calendars.calendar_create(
            actor=self.request.user, organization=self.organization, **data
        )

    def service_update(self, instance: WorkCalendar, data: dict) -> WorkCalendar:
        return services_calendars.calendar_update(
            actor=self.request.user, calendar=instance, **data
        )

    def service_delete(self, instance: WorkCalendar) -> None:
        services_calendars.calendar_delete(actor=self.request.user, calendar=instance)


INITIATIVE = OpenApiParameter(
    "initiative",
    OpenApiTypes.INT,
    OpenApiParameter.QUERY,
    description="Only this initiative's risks; 0 for the programme's (no initiative).",
)


@extend_schema_view(
    list=extend_schema(summary="List risks", parameters=[INITIATIVE]),
    create=extend_schema(summary="Record a risk (editor)"),
    retrieve=extend_schema(summary="Read a risk"),
    update=extend_schema(summary="Replace a risk (editor)"),
    partial_update=extend_schema(summary="Change a risk (editor)"),
    destroy=extend_schema(summary="Delete a risk with its actions (editor)"),
)
@extend_schema(tags=["plans"])
class RiskViewSet(ServiceWriteMixin, viewsets.ModelViewSet):
    serializer_class = RiskSerializer
    queryset = Risk.objects.none()
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        risks = selectors.risks_for(self.organization)
        wanted = self.request.query_params.get("initiative")
        if wanted is not None and self.action == "list":
            if not wanted.isdigit():
                raise ApiValidationError({"initiative": ["Give an initiative id, or 0."]})
            risks = risks.filter(initiative=int(wanted) or None)
        return risks

    def service_create(self, data: dict) -> Risk:
        return services_risks.risk_create(
            actor=self.request.user, organization=self.organization, **data
        )

    def service_update(self, instance: Risk, data: dict) -> Risk:
        return services_risks.risk_update(actor=self.request.user, risk=instance, **data)

    def service_delete(self, instance: Risk) -> None:
        services_risks.risk_delete(actor=self.request.user, risk=instance)

    @extend_schema(
        summary="The risk happened: it becomes an issue linked to it (editor)",
        request=RiskOccurredSerializer,
        responses={201: RiskIssueSerializer},
    )
    @action(detail=True, methods=["post"], url_path="occurred", url_name="occurred")
    def occurred(self, request, *args, **kwargs):
        risk = self.get_object()
        params = RiskOccurredSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        with self.service_errors():
            issue = services_risks.risk_occurred(
                actor=request.user, risk=risk, title=params.validated_data.get("title", "")
            )
        return Response(RiskIssueSerializer(issue).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="The municipal risk library: common risks to start a register from",
        responses=LibraryRiskSerializer(many=True),
    )
    @action(detail=False, methods=["get"], url_path="library", url_name="library")
    def library(self, request, *args, **kwargs):
        from civicshift.core.risk_library import load_library

        def triple(r):
            return None if r is None else [r.low, r.likely, r.high]

        entries = [
            {
                "id": e.id,
                "title": e.title,
                "category": e.category,
                "cause": e.cause,
                "event": e.event,
                "effect": e.effect,
                "likelihood": e.likelihood,
                "impact": e.impact,
                "response": e.response,
                "mitigation": e.mitigation,
                "schedule_days": triple(e.schedule_days),
                "cost_share": triple(e.cost_share),
            }
            for e in load_library().risks
        ]
        return Response(LibraryRiskSerializer(entries, many=True).data)

    @extend_schema(
        summary="Add risks from the library to a register, as drafts (editor)",
        request=RiskFromLibrarySerializer,
        responses={201: RiskSerializer(many=True)},
    )
    @action(detail=False, methods=["post"], url_path="from-library", url_name="from-library")
    def from_library(self, request, *args, **kwargs):
        params = RiskFromLibrarySerializer(data=request.data, context=self.get_serializer_context())
        params.is_valid(raise_exception=True)
        with self.service_errors():
            created = services_risks.risks_from_library(
                actor=request.user,
                organization=self.organization,
                initiative=params.validated_data.get("initiative"),
                library_ids=params.validated_data["library_ids"],
                budget=params.validated_data.get("budget"),
            )
        risks = self.scoped_queryset().filter(pk__in=[r.pk for r in created])
        return Response(
            RiskSerializer(risks, many=True, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )
