"""Vendors and evaluations over the API, read-only for now: the registry, the evaluations a
person may open (an evaluator: only those they are on the panel of), and the scores they may
see — their own, and the others' submitted ones once they have submitted (editors: submitted
scores only). The same selectors as the pages, so blind scoring holds on this path too."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from civicshift.api.base import ServiceWriteMixin

from .. import selectors
from ..models import Evaluation, Vendor
from .serializers import RegistryVendorSerializer, VendorEvaluationSerializer, VendorScoreSerializer


@extend_schema(tags=["vendors"])
class VendorViewSet(
    ServiceWriteMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = RegistryVendorSerializer
    queryset = Vendor.objects.none()
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        organization, _membership = self.resolve_organization()
        return Vendor.objects.for_org(organization).order_by("name", "id")


@extend_schema(tags=["vendors"])
class EvaluationViewSet(
    ServiceWriteMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = VendorEvaluationSerializer
    queryset = Evaluation.objects.none()
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        organization, _membership = self.resolve_organization()
        return selectors.evaluations_visible(organization, self.request.user).order_by("-id")

    @extend_schema(
        summary="The scores you may see: your own, and submitted ones once you submitted",
        responses=VendorScoreSerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def scores(self, request, *args, **kwargs):
        evaluation = self.get_object()
        scores = selectors.visible_scores(evaluation, request.user).select_related("member")
        return Response(VendorScoreSerializer(scores.order_by("id"), many=True).data)
