"""The panel over the API, by the same rules as its pages (docs/vendors.md, "The panel").

* ``…/panel/``: who is on it (anyone who may open the evaluation); an editor puts a member on
  it and opens the proposals once everyone has declared.
* ``…/panel/declarations/``, ``…/panel/judgments/``, ``…/panel/submit/``: the caller's own
  declarations, pairwise judgments and submission — only for a member of the panel (403
  otherwise), and always as themselves: no request names another evaluator.
* ``…/scores/``: the scores the caller may see (``selectors.visible_scores``: their own, and the
  others' submitted ones once they submitted; editors: submitted ones), for panel members and
  editors only; a score is written only by its evaluator (another's is a 404, whatever its
  state, so neither its existence nor its version shows).
* ``…/consensus/``: the agreed scores with their rationale (editors).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from civicshift.orgs.roles import Role, role_at_least

from .. import selectors, services_panel
from ..models import ConsensusScore, PanelMember, Score
from .serializers_panel import (
    ConsensusSerializer,
    DeclarationSerializer,
    DeclarationsSerializer,
    JudgmentSerializer,
    PanelAddSerializer,
    PanelMemberSerializer,
    PanelSubmissionSerializer,
    ScoreSerializer,
)
from .views import EVALUATION_PK, EvaluationChildMixin, child_schema

#: The panel's own actions (a GET and its POST have each their name): any role, if on the
#: panel (checked by ``get_member``).
OWN_ACTIONS = {"declarations", "declare", "judgments", "judge", "submit"}


class MemberMixin(EvaluationChildMixin):
    def get_member(self) -> PanelMember:
        """The caller's own place on the panel, or 403."""
        if not hasattr(self, "_member"):
            self._member = selectors.member_of(self.get_evaluation(), self.request.user)
            if self._member is None:
                raise PermissionDenied(_("Only the evaluators on this evaluation's panel do this."))
        return self._member


@extend_schema_view(
    list=extend_schema(
        summary="Who is on the panel: declared, submitted, conflicts", parameters=[EVALUATION_PK]
    ),
    create=extend_schema(
        summary="Put a member of the organization on the panel (editor)",
        parameters=[EVALUATION_PK],
        request=PanelAddSerializer,
        responses={201: PanelMemberSerializer},
    ),
)
@extend_schema(tags=["vendors"])
class PanelViewSet(
    MemberMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = PanelMemberSerializer
    queryset = PanelMember.objects.none()

    @property
    def write_role(self) -> str:
        return Role.VIEWER if getattr(self, "action", None) in OWN_ACTIONS else Role.EDITOR

    def get_serializer_class(self):
        if getattr(self, "action", None) == "create":
            return PanelAddSerializer
        return PanelMemberSerializer

    def scoped_queryset(self):
        return (
            PanelMember.objects.for_org(self.organization)
            .filter(evaluation=self.get_evaluation())
            .prefetch_related("declarations")
        )

    def create(self, request, *args, **kwargs):
        params = PanelAddSerializer(data=request.data, context=self.get_serializer_context())
        params.is_valid(raise_exception=True)
        with self.service_errors():
            member = services_panel.panel_member_add(
                actor=request.user,
                evaluation=self.get_evaluation(),
                user=params.validated_data["user"],
            )
        return Response(PanelMemberSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Open the proposals to the panel, once everyone has declared (editor)",
        parameters=[EVALUATION_PK],
        request=None,
        responses=PanelMemberSerializer(many=True),
    )
    @action(detail=False, methods=["post"], url_path="open-proposals", url_name="open")
    def open_proposals(self, request, *args, **kwargs):
        with self.service_errors():
            services_panel.proposals_open(actor=request.user, evaluation=self.get_evaluation())
        return Response(PanelMemberSerializer(self.scoped_queryset(), many=True).data)

    @extend_schema(
        summary="Your conflict-of-interest declarations",
        parameters=[EVALUATION_PK],
        responses=DeclarationSerializer(many=True),
    )
    @action(detail=False, methods=["get"])
    def declarations(self, request, *args, **kwargs):
        return Response(DeclarationSerializer(self.get_member().declarations, many=True).data)

    @extend_schema(
        summary="Declare your conflicts of interest, one answer per vendor (once, before "
        "the proposals open)",
        parameters=[EVALUATION_PK],
        request=DeclarationsSerializer,
        responses={201: DeclarationSerializer(many=True)},
    )
    @declarations.mapping.post
    def declare(self, request, *args, **kwargs):
        member = self.get_member()
        params = DeclarationsSerializer(data=request.data, context=self.get_serializer_context())
        params.is_valid(raise_exception=True)
        with self.service_errors():
            services_panel.declarations_submit(
                actor=request.user, member=member, answers=params.validated_data["declarations"]
            )
        return Response(
            DeclarationSerializer(member.declarations, many=True).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Your pairwise judgments of the criteria (AHP)",
        parameters=[EVALUATION_PK],
        responses=JudgmentSerializer(many=True),
    )
    @action(detail=False, methods=["get"])
    def judgments(self, request, *args, **kwargs):
        return Response(JudgmentSerializer(self.get_member().judgments, many=True).data)

    @extend_schema(
        summary="Compare two criteria of a group on Saaty's 1–9 scale (replaces your earlier "
        "judgment of the pair)",
        parameters=[EVALUATION_PK],
        request=JudgmentSerializer,
        responses={201: JudgmentSerializer},
    )
    @judgments.mapping.post
    def judge(self, request, *args, **kwargs):
        member = self.get_member()
        params = JudgmentSerializer(data=request.data, context=self.get_serializer_context())
        params.is_valid(raise_exception=True)
        with self.service_errors():
            judgment = services_panel.judgment_set(
                actor=request.user, member=member, **params.validated_data
            )
        return Response(JudgmentSerializer(judgment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Submit your scores: every one given; they are locked from then on",
        parameters=[EVALUATION_PK],
        request=None,
        responses=PanelSubmissionSerializer,
    )
    @action(detail=False, methods=["post"])
    def submit(self, request, *args, **kwargs):
        with self.service_errors():
            member = services_panel.scores_submit(actor=request.user, member=self.get_member())
        return Response(PanelSubmissionSerializer(member).data)


def _id_filter(params, name: str) -> int | None:
    raw = params.get(name)
    if raw in (None, ""):
        return None
    if not raw.isdigit():
        raise serializers.ValidationError({name: [_("Give an id.")]})
    return int(raw)


@child_schema("score", role="the evaluator, their own")
@extend_schema(tags=["vendors"])
class ScoreViewSet(
    MemberMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Blind scoring: ``visible_scores`` is the only way in, filters narrow it further, and
    changes reach the caller's own scores only."""

    serializer_class = ScoreSerializer
    queryset = Score.objects.none()
    write_role = Role.VIEWER  # a panel member of any role, checked by get_member()

    def scoped_queryset(self):
        evaluation = self.get_evaluation()
        user = self.request.user
        if self.action in ("update", "partial_update"):
            return Score.objects.for_org(self.organization).filter(member=self.get_member())
        if not role_at_least(self.membership.role, Role.EDITOR):
            self.get_member()  # a viewer not on the panel reads no scores at all
        scores = selectors.visible_scores(evaluation, user)
        params = self.request.query_params
        for name, lookup in (
            ("proposal", "proposal_id"),
            ("criterion", "criterion_id"),
            ("evaluator", "member__user_id"),
        ):
            wanted = _id_filter(params, name) if self.action == "list" else None
            if wanted is not None:
                scores = scores.filter(**{lookup: wanted})
        return scores.select_related("member").order_by("id")

    def create(self, request, *args, **kwargs):
        self.get_member()  # 403 for anyone not on the panel, before the body is read
        return super().create(request, *args, **kwargs)

    def service_create(self, data):
        member = self.get_member()
        if member.scores.filter(proposal=data["proposal"], criterion=data["criterion"]).exists():
            raise serializers.ValidationError(
                {
                    "criterion": [
                        _("You have scored “%(c)s” for “%(v)s” already: change that score.")
                        % {"c": data["criterion"].name, "v": data["proposal"].vendor.name}
                    ]
                }
            )
        return services_panel.score_set(actor=self.request.user, member=member, **data)

    def service_update(self, instance, data):
        return services_panel.score_set(
            actor=self.request.user,
            member=instance.member,
            proposal=instance.proposal,
            criterion=instance.criterion,
            value=data.get("value", instance.value),
            comment=data.get("comment", instance.comment),
            personal_note=data.get("personal_note", instance.personal_note),
            reason=data.get("reason", ""),
            expected_version=instance.version,
        )


@child_schema("consensus score")
@extend_schema(tags=["vendors"])
class ConsensusViewSet(
    EvaluationChildMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ConsensusSerializer
    queryset = ConsensusScore.objects.none()
    read_role = Role.EDITOR

    def scoped_queryset(self):
        return (
            ConsensusScore.objects.for_org(self.organization)
            .filter(proposal__evaluation=self.get_evaluation())
            .order_by("id")
        )

    def service_create(self, data):
        return services_panel.consensus_set(actor=self.request.user, **data)

    def service_update(self, instance, data):
        return services_panel.consensus_set(
            actor=self.request.user,
            proposal=instance.proposal,
            criterion=instance.criterion,
            value=data.get("value", instance.value),
            rationale=data.get("rationale", instance.rationale),
            expected_version=instance.version,
        )
