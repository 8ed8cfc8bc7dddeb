"""Surveys and their questions (editors write, members read), results (members), and the one
endpoint open without signing in: an answer to an open survey by its token."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from civicshift.api.base import OrgScopedMixin, ServiceWriteMixin

from .. import selectors, services
from ..forms import PREFER_NOT, ResponseForm
from ..models import Survey, SurveyItem
from ..views_public import SUBMIT_LIMIT
from .serializers import (
    SubmissionSerializer,
    SubmittedSerializer,
    SurveyItemSerializer,
    SurveySerializer,
)

SURVEY_PK = OpenApiParameter(
    "survey_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id of the survey."
)


@extend_schema_view(
    list=extend_schema(summary="The organization's readiness surveys"),
    create=extend_schema(summary="Make a readiness survey (editor)"),
    retrieve=extend_schema(summary="Read a readiness survey"),
    update=extend_schema(summary="Replace a survey's settings (editor)"),
    partial_update=extend_schema(summary="Change a survey's settings, e.g. open it (editor)"),
    destroy=extend_schema(summary="Delete a survey nobody answered (editor)"),
)
@extend_schema(tags=["surveys"])
class SurveyViewSet(ServiceWriteMixin, viewsets.ModelViewSet):
    serializer_class = SurveySerializer
    queryset = Survey.objects.none()
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        organization, _membership = self.resolve_organization()
        return Survey.objects.for_org(organization)

    def service_create(self, data: dict) -> Survey:
        return services.survey_create(
            actor=self.request.user, organization=self.organization, **data
        )

    def service_update(self, instance: Survey, data: dict) -> Survey:
        return services.survey_update(actor=self.request.user, survey=instance, **data)

    def service_delete(self, instance: Survey) -> None:
        services.survey_delete(actor=self.request.user, survey=instance)


@extend_schema_view(
    list=extend_schema(summary="A survey's questions", parameters=[SURVEY_PK]),
    create=extend_schema(summary="Add a question of your own (editor)", parameters=[SURVEY_PK]),
    retrieve=extend_schema(summary="Read a question", parameters=[SURVEY_PK]),
    update=extend_schema(summary="Replace a question (editor)", parameters=[SURVEY_PK]),
    partial_update=extend_schema(summary="Change a question (editor)", parameters=[SURVEY_PK]),
    destroy=extend_schema(summary="Remove a question (editor)", parameters=[SURVEY_PK]),
)
@extend_schema(tags=["surveys"])
class SurveyItemViewSet(ServiceWriteMixin, viewsets.ModelViewSet):
    serializer_class = SurveyItemSerializer
    queryset = SurveyItem.objects.none()
    lookup_value_regex = r"\d+"

    def get_survey(self) -> Survey:
        if not hasattr(self, "_survey"):
            self.resolve_organization()
            self._survey = get_object_or_404(
                Survey.objects.for_org(self.organization), pk=self.kwargs["survey_pk"]
            )
        return self._survey

    def scoped_queryset(self):
        return selectors.items_of(self.get_survey())

    def service_create(self, data: dict) -> SurveyItem:
        return services.survey_item_create(
            actor=self.request.user, survey=self.get_survey(), **data
        )

    def service_update(self, instance: SurveyItem, data: dict) -> SurveyItem:
        return services.survey_item_update(actor=self.request.user, item=instance, **data)

    def service_delete(self, instance: SurveyItem) -> None:
        services.survey_item_delete(actor=self.request.user, item=instance)


class SurveyResultsView(OrgScopedMixin, APIView):
    @extend_schema(
        summary="A survey's results, under the k rule",
        description=(
            "The same figures as the results page: subscale means with 95% intervals, "
            "Cronbach's alpha, each question's distribution, departments only where at least "
            "k people answered (with complement protection), group scores only where rwg(j) "
            ">= 0.70, hotspots, free text (small groups without their department) and the "
            "comparison with the previous wave. Only the count is given below k answers."
        ),
        operation_id="surveys_results",
        tags=["surveys"],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request, org_slug: str, pk: int):
        organization, _membership = self.resolve_organization()
        survey = selectors.survey_get(organization, pk)
        return Response(selectors.survey_results(survey))


class SubmitView(APIView):
    """The only endpoint open without signing in."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Answer an open survey (no sign-in)",
        description=(
            "Unknown, draft and closed tokens answer the same 404. Rate limited per address "
            "without storing it (429). Nothing about the caller is stored: no account, "
            "address or time."
        ),
        operation_id="surveys_submit",
        tags=["surveys"],
        request=SubmissionSerializer,
        responses={201: SubmittedSerializer},
        auth=[],
    )
    def post(self, request, token: str):
        if not SUBMIT_LIMIT.hit(request):
            return Response(
                {"detail": "Too many answers from this network; wait ten minutes."},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": "600"},
            )
        survey = selectors.survey_for_token(token)
        body = SubmissionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        items = list(selectors.items_of(survey))
        form_data = {}
        for item in items:
            value = data["answers"].get(str(item.pk))
            if value is None:
                continue
            form_data[f"q{item.pk}"] = value if isinstance(value, list) else str(value)
        department = data.get("department")
        form_data["department"] = str(department) if department else PREFER_NOT
        form_data["code"] = data.get("code", "")
        form_data["link_word"] = data.get("link_word", "")
        form = ResponseForm(_QueryDict(form_data), survey=survey, items=items)
        del form.fields["rt"], form.fields["website"]  # the page's spam checks, not the API's
        if not form.is_valid():
            errors = {}
            for name, messages in form.errors.items():
                key = name[1:] if name.startswith("q") and name[1:].isdigit() else name
                errors.setdefault("answers" if key.isdigit() else key, {} if key.isdigit() else [])
                if key.isdigit():
                    errors["answers"][key] = messages
                else:
                    errors[key] = messages
            raise ValidationError(errors)
        try:
            services.response_submit(
                survey=survey,
                answers=form.answers(),
                department=form.department(),
                code=form.cleaned_data.get("code", ""),
                link_word=form.cleaned_data.get("link_word", ""),
            )
        except services.SubmissionRefused as exc:
            raise ValidationError(
                {"code" if survey.require_code else "non_field_errors": exc.messages}
            ) from exc
        return Response({"received": True}, status=status.HTTP_201_CREATED)


class _QueryDict(dict):
    """Form data from JSON: ``getlist`` for the several-choice questions."""

    def getlist(self, key, default=None):
        value = self.get(key, default)
        return value if isinstance(value, list) else ([] if value is None else [value])
