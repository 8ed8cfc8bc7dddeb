"""The staff ideas board over the API: ideas (list, share, read, reword), their comments,
support, managers' responses and promotion to an initiative, and hiding a comment. Every write
goes through ``civicshift.ideas.services``, which checks the role: viewers share, comment and
support; editors respond, hide and promote."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from civicshift.api.base import ServiceWriteMixin
from civicshift.ideas import selectors, services
from civicshift.ideas.models import Idea, IdeaComment, IdeaResponse
from civicshift.orgs.roles import Role

from .serializers import (
    IdeaCommentSerializer,
    IdeaHideSerializer,
    IdeaPromotedSerializer,
    IdeaPromoteSerializer,
    IdeaRespondSerializer,
    IdeaResponseSerializer,
    IdeaSerializer,
    IdeaSupportSerializer,
)

#: Actions whose least role is editor; the services check it again.
EDITOR_ACTIONS = {"respond", "promote", "hide"}


@extend_schema_view(
    list=extend_schema(summary="The staff ideas board, most supported first"),
    create=extend_schema(summary="Share a problem or an idea (any member)"),
    retrieve=extend_schema(summary="Read an idea"),
    update=extend_schema(summary="Reword an idea (its submitter or an editor)"),
    partial_update=extend_schema(summary="Reword an idea (its submitter or an editor)"),
)
@extend_schema(tags=["ideas"])
class IdeaViewSet(
    ServiceWriteMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = IdeaSerializer
    queryset = Idea.objects.none()
    lookup_value_regex = r"\d+"

    @property
    def write_role(self):
        return Role.EDITOR if getattr(self, "action", None) in EDITOR_ACTIONS else Role.VIEWER

    def scoped_queryset(self):
        organization, _membership = self.resolve_organization()
        return selectors.ideas_for(organization).order_by("-support_count", "-created_at", "-id")

    def service_create(self, data: dict) -> Idea:
        return services.idea_create(actor=self.request.user, organization=self.organization, **data)

    def service_update(self, instance: Idea, data: dict) -> Idea:
        return services.idea_update(actor=self.request.user, idea=instance, **data)

    @extend_schema(
        summary="The idea's comments, oldest first (GET), or add one (POST, any member)",
        request=IdeaCommentSerializer,
        responses={200: IdeaCommentSerializer(many=True), 201: IdeaCommentSerializer},
    )
    @action(detail=True, methods=["get", "post"], url_path="comments", url_name="comments")
    def comments(self, request, *args, **kwargs):
        idea = self.get_object()
        if request.method == "GET":
            found = (
                IdeaComment.objects.for_org(self.organization)
                .filter(idea=idea)
                .select_related("author", "hidden_by")
            )
            return Response(IdeaCommentSerializer(found, many=True).data)
        params = IdeaCommentSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        with self.service_errors():
            comment = services.comment_create(
                actor=request.user, idea=idea, body=params.validated_data["body"]
            )
        return Response(IdeaCommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="The managers' responses, oldest first",
        responses=IdeaResponseSerializer(many=True),
    )
    @action(detail=True, methods=["get"], url_path="responses", url_name="responses")
    def responses(self, request, *args, **kwargs):
        idea = self.get_object()
        found = (
            IdeaResponse.objects.for_org(self.organization)
            .filter(idea=idea)
            .select_related("responder")
        )
        return Response(IdeaResponseSerializer(found, many=True).data)

    @extend_schema(
        summary="Support the idea, or take the support back (any member)",
        request=None,
        responses=IdeaSupportSerializer,
    )
    @action(detail=True, methods=["post"], url_path="support", url_name="support")
    def support(self, request, *args, **kwargs):
        idea = self.get_object()
        with self.service_errors():
            supported = services.support_toggle(actor=request.user, idea=idea)
        return Response({"supported": supported, "support_count": idea.support_count})

    @extend_schema(
        summary="Respond in the open; may change the status (editor)",
        request=IdeaRespondSerializer,
        responses={201: IdeaResponseSerializer},
    )
    @action(detail=True, methods=["post"], url_path="respond", url_name="respond")
    def respond(self, request, *args, **kwargs):
        idea = self.get_object()
        params = IdeaRespondSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        with self.service_errors():
            answer = services.idea_respond(actor=request.user, idea=idea, **params.validated_data)
        return Response(IdeaResponseSerializer(answer).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Make the idea an initiative, keeping its history (editor)",
        request=IdeaPromoteSerializer,
        responses={201: IdeaPromotedSerializer},
    )
    @action(detail=True, methods=["post"], url_path="promote", url_name="promote")
    def promote(self, request, *args, **kwargs):
        idea = self.get_object()
        params = IdeaPromoteSerializer(data=request.data, context=self.get_serializer_context())
        params.is_valid(raise_exception=True)
        with self.service_errors():
            initiative = services.idea_promote(
                actor=request.user, idea=idea, **params.validated_data
            )
        idea = self.scoped_queryset().get(pk=idea.pk)
        body = {"initiative": initiative.pk, "idea": self.get_serializer(idea).data}
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Hide an abusive comment, with the reason everyone sees (editor)",
        request=IdeaHideSerializer,
        responses=IdeaCommentSerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"comments/(?P<comment_pk>\d+)/hide",
        url_name="hide",
    )
    def hide(self, request, *args, comment_pk=None, **kwargs):
        idea = self.get_object()
        comment = selectors.comment_get(idea, comment_pk)
        params = IdeaHideSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        with self.service_errors():
            comment = services.comment_hide(
                actor=request.user, comment=comment, reason=params.validated_data["reason"]
            )
        return Response(IdeaCommentSerializer(comment).data)
