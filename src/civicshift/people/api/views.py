"""The People tab over the API: an initiative's stakeholders, ADKAR ratings, affected groups,
change activities (with "send to the plan") and resistance responses, each through
``people.services``; and one summary of the tab's figures."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from civicshift.api.base import OrgScopedMixin, ServiceWriteMixin
from civicshift.initiatives.models import Initiative

from .. import selectors, services
from ..models import AdkarRating, CommsActivity, ImpactGroup, ResistanceResponse, Stakeholder
from ..services_plan import activity_send_to_plan
from .serializers import (
    ActivitySerializer,
    AdkarRatingSerializer,
    ImpactGroupSerializer,
    PeopleSummarySerializer,
    ResistanceResponseSerializer,
    SendResultSerializer,
    StakeholderSerializer,
)

INITIATIVE_PK = OpenApiParameter(
    "initiative_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id of the initiative."
)


def _schema(noun: str, plural: str = ""):
    plural = plural or f"{noun}s"
    return extend_schema_view(
        list=extend_schema(summary=f"List an initiative's {plural}", parameters=[INITIATIVE_PK]),
        create=extend_schema(summary=f"Add a {noun} (editor)", parameters=[INITIATIVE_PK]),
        retrieve=extend_schema(summary=f"Read a {noun}", parameters=[INITIATIVE_PK]),
        update=extend_schema(summary=f"Replace a {noun} (editor)", parameters=[INITIATIVE_PK]),
        partial_update=extend_schema(
            summary=f"Change a {noun} (editor)", parameters=[INITIATIVE_PK]
        ),
        destroy=extend_schema(summary=f"Delete a {noun} (editor)", parameters=[INITIATIVE_PK]),
    )


class InitiativeRowViewSet(ServiceWriteMixin, viewsets.ModelViewSet):
    lookup_value_regex = r"\d+"
    rows = None  # selectors function: initiative → queryset

    def get_initiative(self) -> Initiative:
        if not hasattr(self, "_initiative"):
            self.resolve_organization()
            self._initiative = get_object_or_404(
                Initiative.objects.for_org(self.organization), pk=self.kwargs["initiative_pk"]
            )
        return self._initiative

    def scoped_queryset(self):
        return type(self).rows(self.get_initiative())


@_schema("stakeholder")
@extend_schema(tags=["people"])
class StakeholderViewSet(InitiativeRowViewSet):
    serializer_class = StakeholderSerializer
    queryset = Stakeholder.objects.none()
    rows = selectors.stakeholders_of

    def service_create(self, data):
        return services.stakeholder_create(
            actor=self.request.user, initiative=self.get_initiative(), **data
        )

    def service_update(self, instance, data):
        return services.stakeholder_update(actor=self.request.user, stakeholder=instance, **data)

    def service_delete(self, instance):
        services.stakeholder_delete(actor=self.request.user, stakeholder=instance)


@_schema("ADKAR rating")
@extend_schema(tags=["people"])
class AdkarRatingViewSet(InitiativeRowViewSet):
    serializer_class = AdkarRatingSerializer
    queryset = AdkarRating.objects.none()
    rows = selectors.ratings_of

    def service_create(self, data):
        return services.adkar_rating_create(
            actor=self.request.user, initiative=self.get_initiative(), **data
        )

    def service_update(self, instance, data):
        return services.adkar_rating_update(actor=self.request.user, rating=instance, **data)

    def service_delete(self, instance):
        services.adkar_rating_delete(actor=self.request.user, rating=instance)


@_schema("affected group")
@extend_schema(tags=["people"])
class ImpactGroupViewSet(InitiativeRowViewSet):
    serializer_class = ImpactGroupSerializer
    queryset = ImpactGroup.objects.none()
    rows = selectors.impact_groups_of

    def service_create(self, data):
        return services.impact_group_create(
            actor=self.request.user, initiative=self.get_initiative(), **data
        )

    def service_update(self, instance, data):
        return services.impact_group_update(actor=self.request.user, group=instance, **data)

    def service_delete(self, instance):
        services.impact_group_delete(actor=self.request.user, group=instance)


@_schema("change activity", "change activities")
@extend_schema(tags=["people"])
class ActivityViewSet(InitiativeRowViewSet):
    serializer_class = ActivitySerializer
    queryset = CommsActivity.objects.none()
    rows = selectors.activities_of

    def service_create(self, data):
        return services.activity_create(
            actor=self.request.user, initiative=self.get_initiative(), **data
        )

    def service_update(self, instance, data):
        return services.activity_update(actor=self.request.user, activity=instance, **data)

    def service_delete(self, instance):
        services.activity_delete(actor=self.request.user, activity=instance)

    @extend_schema(
        summary="Send a change activity to the initiative's plan as a task (editor); "
        "sending again updates that task or changes nothing",
        parameters=[INITIATIVE_PK],
        request=None,
        responses=SendResultSerializer,
    )
    @action(detail=True, methods=["post"], url_path="send-to-plan")
    def send_to_plan(self, request, *args, **kwargs):
        activity = self.get_object()
        with self.service_errors():
            task, done = activity_send_to_plan(actor=request.user, activity=activity)
        return Response(
            SendResultSerializer({"done": done, "task": task.pk, "task_key": task.key}).data
        )


@_schema("resistance response")
@extend_schema(tags=["people"])
class ResistanceResponseViewSet(InitiativeRowViewSet):
    serializer_class = ResistanceResponseSerializer
    queryset = ResistanceResponse.objects.none()
    rows = selectors.responses_of

    def service_create(self, data):
        return services.resistance_response_create(
            actor=self.request.user, initiative=self.get_initiative(), **data
        )

    def service_update(self, instance, data):
        return services.resistance_response_update(
            actor=self.request.user, resistance=instance, **data
        )

    def service_delete(self, instance):
        services.resistance_response_delete(actor=self.request.user, resistance=instance)


class PeopleSummaryView(OrgScopedMixin, APIView):
    @extend_schema(
        summary="An initiative's people figures: the grid, the ADKAR barriers, the change "
        "effort and the resistance plan",
        operation_id="people_initiative_summary",
        tags=["people"],
        responses=PeopleSummarySerializer,
    )
    def get(self, request, *args, **kwargs):
        organization, _membership = self.resolve_organization()
        initiative = get_object_or_404(Initiative.objects.for_org(organization), pk=kwargs["pk"])
        grid = selectors.grid_for(initiative)
        barriers = selectors.barrier_summary(initiative)
        impact = selectors.impact_for(initiative)
        plan = selectors.comms_plan_for(initiative)
        body = {
            "initiative": initiative.pk,
            "quadrants": [
                {
                    "key": q.key,
                    "label": q.label,
                    "action": q.action,
                    "stakeholders": [s.pk for s in q.stakeholders],
                }
                for q in grid.quadrants
            ],
            "grid_summary": grid.summary,
            "barriers": [{"element": e.key, "count": n} for e, n in barriers.counts],
            "no_barrier": barriers.clear,
            "impact_groups": [
                {
                    "id": g.pk,
                    "name": g.name,
                    "headcount": g.headcount,
                    "depth": sized.depth,
                    "size": sized.size,
                }
                for g, sized, _text in impact.groups
            ],
            "people_affected": impact.summary.people,
            "full_change_equivalent": impact.summary.load,
            "change_effort": impact.summary.size,
            "impact_summary": impact.sentence,
            "resisting_without_response": plan.unanswered,
        }
        return Response(PeopleSummarySerializer(body).data)
