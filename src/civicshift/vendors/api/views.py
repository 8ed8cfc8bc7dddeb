"""Vendors and evaluations over the API: the registry, the evaluations a person may open (an
evaluator: only those they are on the panel of), their proposals and criteria, and typed
weights. Writes go through the module's services (role check, validation, audit record, one
transaction); rows are fetched through the organization, and an evaluation's rows through the
evaluations the caller may open. The panel's endpoints (declarations, judgments, blind scores,
consensus) are in ``views_panel``."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from civicshift.api.base import ServiceWriteMixin, validation_detail

from .. import selectors, services, services_registry
from ..models import Criterion, Evaluation, Proposal, Vendor
from .serializers import (
    CriterionSerializer,
    ProposalSerializer,
    RegistryVendorSerializer,
    TypedWeightsSerializer,
    VendorEvaluationSerializer,
)

EVALUATION_PK = OpenApiParameter(
    "evaluation_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id of the evaluation."
)


def child_schema(noun: str, *, delete: bool = False, role: str = "editor"):
    """Summaries (and the evaluation id parameter) of a viewset under an evaluation."""
    views = {
        "list": extend_schema(summary=f"List the evaluation's {noun}s", parameters=[EVALUATION_PK]),
        "create": extend_schema(summary=f"Add a {noun} ({role})", parameters=[EVALUATION_PK]),
        "retrieve": extend_schema(summary=f"Read a {noun}", parameters=[EVALUATION_PK]),
        "update": extend_schema(summary=f"Replace a {noun} ({role})", parameters=[EVALUATION_PK]),
        "partial_update": extend_schema(
            summary=f"Change a {noun} ({role})", parameters=[EVALUATION_PK]
        ),
    }
    if delete:
        views["destroy"] = extend_schema(
            summary=f"Delete a {noun} ({role})", parameters=[EVALUATION_PK]
        )
    return extend_schema_view(**views)


@extend_schema_view(
    list=extend_schema(summary="List the vendor registry"),
    create=extend_schema(summary="Add a company to the registry (editor)"),
    retrieve=extend_schema(summary="Read a vendor"),
    update=extend_schema(summary="Replace a vendor's record (editor)"),
    partial_update=extend_schema(summary="Change a vendor's record (editor)"),
    destroy=extend_schema(summary="Delete a vendor that sent no proposal (editor)"),
)
@extend_schema(tags=["vendors"])
class VendorViewSet(ServiceWriteMixin, viewsets.ModelViewSet):
    serializer_class = RegistryVendorSerializer
    queryset = Vendor.objects.none()
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        organization, _membership = self.resolve_organization()
        return Vendor.objects.for_org(organization).order_by("name", "id")

    def service_create(self, data):
        return services_registry.vendor_create(
            actor=self.request.user, organization=self.organization, **data
        )

    def service_update(self, instance, data):
        return services_registry.vendor_update(actor=self.request.user, vendor=instance, **data)

    def service_delete(self, instance):
        services_registry.vendor_delete(actor=self.request.user, vendor=instance)


@extend_schema_view(
    list=extend_schema(summary="List the evaluations you may open"),
    create=extend_schema(summary="Start an evaluation for an initiative (editor)"),
    retrieve=extend_schema(summary="Read an evaluation"),
    update=extend_schema(summary="Replace an evaluation's settings (editor)"),
    partial_update=extend_schema(summary="Change an evaluation's settings (editor)"),
)
@extend_schema(tags=["vendors"])
class EvaluationViewSet(
    ServiceWriteMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = VendorEvaluationSerializer
    queryset = Evaluation.objects.none()
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        organization, _membership = self.resolve_organization()
        return selectors.evaluations_visible(organization, self.request.user).order_by("-id")

    def service_create(self, data):
        initiative = data.pop("initiative")
        return services.evaluation_create(actor=self.request.user, initiative=initiative, **data)

    def service_update(self, instance, data):
        data.pop("initiative", None)  # it stays (the serializer refuses another)
        return services.evaluation_update(actor=self.request.user, evaluation=instance, **data)

    @extend_schema(
        summary="Set the typed weights of one group of criteria; they add up to 100 (editor)",
        request=TypedWeightsSerializer,
        responses=CriterionSerializer(many=True),
    )
    @action(detail=True, methods=["post"])
    def weights(self, request, *args, **kwargs):
        evaluation = self.get_object()
        context = {**self.get_serializer_context(), "evaluation": evaluation}
        params = TypedWeightsSerializer(data=request.data, context=context)
        params.is_valid(raise_exception=True)
        parent = params.validated_data.get("parent")
        try:
            services.weights_set_typed(
                actor=request.user,
                evaluation=evaluation,
                parent=parent,
                weights=params.validated_data["weights"],
            )
        except DjangoValidationError as exc:
            # The service's refusal names the group and the total: an answer about "weights".
            detail = (
                validation_detail(exc) if hasattr(exc, "error_dict") else {"weights": exc.messages}
            )
            raise serializers.ValidationError(detail) from exc
        group = Criterion.objects.for_org(self.organization).filter(
            evaluation=evaluation, parent=parent
        )
        return Response(CriterionSerializer(group, many=True, context=context).data)


class EvaluationChildMixin(ServiceWriteMixin):
    """Rows of one evaluation (``evaluation_pk`` in the URL), reached only through the
    evaluations the caller may open: another organization's, or for an evaluator one they are
    not on the panel of, is a 404."""

    lookup_value_regex = r"\d+"

    def get_evaluation(self) -> Evaluation:
        if not hasattr(self, "_evaluation"):
            organization, _membership = self.resolve_organization()
            self._evaluation = get_object_or_404(
                selectors.evaluations_visible(organization, self.request.user),
                pk=self.kwargs["evaluation_pk"],
            )
        return self._evaluation

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not self.is_schema_view and hasattr(self, "organization"):
            context["evaluation"] = self.get_evaluation()
        return context


@child_schema("proposal")
@extend_schema(tags=["vendors"])
class ProposalViewSet(
    EvaluationChildMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ProposalSerializer
    queryset = Proposal.objects.none()

    def scoped_queryset(self):
        return (
            Proposal.objects.for_org(self.organization)
            .filter(evaluation=self.get_evaluation())
            .select_related("vendor")
            .order_by("vendor__name", "id")
        )

    def service_create(self, data):
        vendor = data.pop("vendor")
        return services.proposal_create(
            actor=self.request.user, evaluation=self.get_evaluation(), vendor=vendor, **data
        )

    def service_update(self, instance, data):
        data.pop("vendor", None)  # it stays (the serializer refuses another)
        return services.proposal_update(actor=self.request.user, proposal=instance, **data)


@child_schema("criterion", delete=True)
@extend_schema(tags=["vendors"])
class CriterionViewSet(EvaluationChildMixin, viewsets.ModelViewSet):
    serializer_class = CriterionSerializer
    queryset = Criterion.objects.none()

    def scoped_queryset(self):
        return Criterion.objects.for_org(self.organization).filter(evaluation=self.get_evaluation())

    def service_create(self, data):
        parent = data.pop("parent", None)
        return services.criterion_create(
            actor=self.request.user, evaluation=self.get_evaluation(), parent=parent, **data
        )

    def service_update(self, instance, data):
        data.pop("parent", None)  # it stays (the serializer refuses another)
        return services.criterion_update(actor=self.request.user, criterion=instance, **data)

    def service_delete(self, instance):
        services.criterion_delete(actor=self.request.user, criterion=instance)
