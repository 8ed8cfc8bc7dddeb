"""A background job over the API: its status, progress and result (who started it, or an
administrator; 404 from another organization)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from civicshift.api.base import OrgScopedMixin
from civicshift.jobs import selectors

from .serializers import JobSerializer, job_summary


class JobDetailView(OrgScopedMixin, APIView):
    @extend_schema(
        summary="A background job (an analysis above 10,000 runs, a document)",
        operation_id="jobs_retrieve",
        responses=JobSerializer,
    )
    def get(self, request, *args, **kwargs):
        organization, _membership = self.resolve_organization()
        job = selectors.job_for(organization, request.user, kwargs["pk"])
        return Response(job_summary(job, request))
