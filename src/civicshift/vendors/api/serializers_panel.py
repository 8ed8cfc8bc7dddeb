"""The panel over the API: who is on it, each member's own declarations, judgments and scores,
and the consensus. Proposals and criteria are scoped to the evaluation in the URL; an
evaluator is never named as the one writing (it is always the person calling)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from civicshift.orgs.models import Membership

from ..models import (
    ConflictDeclaration,
    ConsensusScore,
    Criterion,
    Judgment,
    PanelMember,
    Proposal,
    Score,
)
from .serializers import EvaluationScopedMixin


class PanelMemberSerializer(serializers.ModelSerializer):
    evaluator = serializers.IntegerField(
        source="user_id", read_only=True, help_text=gettext_lazy("The evaluator's user id.")
    )
    conflicts = serializers.SerializerMethodField(
        help_text=gettext_lazy("Ids of the vendors they declared a conflict of interest with.")
    )

    class Meta:
        model = PanelMember
        fields = ["id", "evaluator", "declared_at", "submitted_at", "conflicts"]
        read_only_fields = fields

    def get_conflicts(self, member) -> list[int]:
        return sorted(d.vendor_id for d in member.declarations.all() if d.has_conflict)


class PanelAddSerializer(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.none(),
        help_text=gettext_lazy("User id of a member of the organization (any role)."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        organization = self.context.get("organization")
        if organization is not None:
            members = Membership.objects.for_org(organization).values("user")
            self.fields["user"].queryset = get_user_model().objects.filter(pk__in=members)


class DeclarationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConflictDeclaration
        fields = ["id", "vendor", "has_conflict", "explanation"]
        read_only_fields = fields


class DeclarationItemSerializer(serializers.Serializer):
    vendor = serializers.IntegerField(help_text=gettext_lazy("Id of a vendor with a proposal."))
    has_conflict = serializers.BooleanField(
        help_text=gettext_lazy("True if you have a conflict of interest with this vendor.")
    )
    explanation = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=gettext_lazy("What it is.")
    )


class DeclarationsSerializer(serializers.Serializer):
    declarations = DeclarationItemSerializer(
        many=True, help_text=gettext_lazy("One answer for every vendor that sent a proposal.")
    )

    def validate_declarations(self, items):
        evaluation = self.context["evaluation"]
        vendors = {p.vendor_id: p.vendor for p in evaluation.proposals.select_related("vendor")}
        answers, seen = {}, set()
        for item in items:
            vendor = vendors.get(item["vendor"])
            if vendor is None:
                raise serializers.ValidationError(
                    _("Vendor %(id)s sent no proposal to this evaluation.") % {"id": item["vendor"]}
                )
            if vendor.pk in seen:
                raise serializers.ValidationError(
                    _("“%(v)s” is answered twice.") % {"v": vendor.name}
                )
            seen.add(vendor.pk)
            answers[vendor] = (item["has_conflict"], item["explanation"])
        missing = [v for pk, v in vendors.items() if pk not in seen]
        if missing:
            raise serializers.ValidationError(
                _("Declare for every vendor that sent a proposal; missing: %(v)s.")
                % {"v": ", ".join(f"“{v.name}” (id {v.pk})" for v in missing)}
            )
        return answers


class JudgmentSerializer(EvaluationScopedMixin, serializers.ModelSerializer):
    first = serializers.PrimaryKeyRelatedField(
        queryset=Criterion.objects.none(), help_text=gettext_lazy("Id of the first criterion.")
    )
    second = serializers.PrimaryKeyRelatedField(
        queryset=Criterion.objects.none(),
        help_text=gettext_lazy("Id of the second criterion, of the same group."),
    )
    value = serializers.CharField(
        max_length=8,
        help_text=gettext_lazy(
            "How many times as important the first is as the second, on Saaty's scale: 1 to 9, "
            "or 1/2 to 1/9 when the second matters more."
        ),
    )
    evaluation_scoped = {"first": Criterion, "second": Criterion}

    class Meta:
        model = Judgment
        fields = ["id", "first", "second", "value"]
        read_only_fields = ["id"]
        validators = []


class ScoreSerializer(EvaluationScopedMixin, serializers.ModelSerializer):
    """A score. The personal note is shown to the evaluator themselves only; ``reason`` is
    kept in the audit trail (needed to change a submitted score)."""

    evaluator = serializers.IntegerField(
        source="member.user_id", read_only=True, help_text=gettext_lazy("The evaluator's user id.")
    )
    proposal = serializers.PrimaryKeyRelatedField(
        queryset=Proposal.objects.none(), help_text=gettext_lazy("Id of the proposal scored.")
    )
    criterion = serializers.PrimaryKeyRelatedField(
        queryset=Criterion.objects.none(),
        help_text=gettext_lazy("Id of the criterion (one without parts)."),
    )
    value = serializers.IntegerField(
        help_text=gettext_lazy("From 1 (poor) to 5 (excellent), by the criterion's anchors.")
    )
    reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("Why a submitted score changes (kept in the history)."),
    )
    evaluation_scoped = {"proposal": Proposal, "criterion": Criterion}

    class Meta:
        model = Score
        fields = [
            "id",
            "evaluator",
            "proposal",
            "criterion",
            "value",
            "comment",
            "personal_note",
            "reason",
        ]
        read_only_fields = ["id", "evaluator"]
        validators = []

    def validate(self, attrs):
        if self.instance is not None:
            for name in ("proposal", "criterion"):
                if name in attrs and attrs[name].pk != getattr(self.instance, f"{name}_id"):
                    raise serializers.ValidationError(
                        {name: _("A score stays with its proposal and criterion.")}
                    )
        return attrs

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or instance.member.user_id != request.user.pk:
            data.pop("personal_note", None)
        return data


class ConsensusSerializer(EvaluationScopedMixin, serializers.ModelSerializer):
    proposal = serializers.PrimaryKeyRelatedField(
        queryset=Proposal.objects.none(), help_text=gettext_lazy("Id of the proposal.")
    )
    criterion = serializers.PrimaryKeyRelatedField(
        queryset=Criterion.objects.none(), help_text=gettext_lazy("Id of the criterion.")
    )
    evaluation_scoped = {"proposal": Proposal, "criterion": Criterion}

    class Meta:
        model = ConsensusScore
        fields = ["id", "proposal", "criterion", "value", "rationale"]
        read_only_fields = ["id"]
        validators = []

    def validate(self, attrs):
        if self.instance is not None:
            for name in ("proposal", "criterion"):
                if name in attrs and attrs[name].pk != getattr(self.instance, f"{name}_id"):
                    raise serializers.ValidationError(
                        {name: _("A consensus score stays with its proposal and criterion.")}
                    )
        elif ConsensusScore.objects.filter(
            proposal=attrs["proposal"], criterion=attrs["criterion"]
        ).exists():
            raise serializers.ValidationError(
                {
                    "criterion": _(
                        "The consensus on “%(c)s” for “%(v)s” is already recorded: change it."
                    )
                    % {"c": attrs["criterion"].name, "v": attrs["proposal"].vendor.name}
                }
            )
        return attrs


class PanelSubmissionSerializer(serializers.Serializer):
    declared_at = serializers.DateTimeField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
