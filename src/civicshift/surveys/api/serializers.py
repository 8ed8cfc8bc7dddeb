"""Surveys, their questions, their results and the anonymous submission over the API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from civicshift.initiatives.models import Initiative

from ..models import ItemKind, Survey, SurveyItem


class SurveySerializer(serializers.ModelSerializer):
    initiative = serializers.PrimaryKeyRelatedField(
        queryset=Initiative.objects.none(),
        allow_null=True,
        required=False,
        help_text=_("Id of the initiative the survey is about."),
    )
    previous_wave = serializers.PrimaryKeyRelatedField(
        queryset=Survey.objects.none(),
        allow_null=True,
        required=False,
        help_text=_("Id of the earlier survey of the same series, to compare with."),
    )
    response_count = serializers.SerializerMethodField(help_text=_("How many people answered."))
    public_path = serializers.SerializerMethodField(
        help_text=_("The survey's public address (no sign-in), for editors; empty otherwise.")
    )

    class Meta:
        model = Survey
        fields = [
            "id",
            "title",
            "initiative",
            "change_name",
            "system_name",
            "introduction",
            "status",
            "k",
            "ask_department",
            "require_code",
            "allow_linking",
            "previous_wave",
            "response_count",
            "public_path",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "response_count", "public_path", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        org = self.context.get("organization")
        if org is not None:
            self.fields["initiative"].queryset = Initiative.objects.for_org(org)
            self.fields["previous_wave"].queryset = Survey.objects.for_org(org)

    def get_response_count(self, obj) -> int:
        return obj.responses.count()

    def get_public_path(self, obj) -> str:
        from django.urls import reverse

        from civicshift.orgs.roles import Role, role_at_least

        membership = self.context.get("membership")
        if membership is None or not role_at_least(membership.role, Role.EDITOR):
            return ""
        return reverse("surveys_public:answer", args=[obj.token])


class SurveyItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = SurveyItem
        fields = [
            "id",
            "position",
            "bank",
            "bank_item",
            "subscale",
            "kind",
            "text",
            "choices",
            "required",
        ]
        read_only_fields = ["id", "bank", "bank_item"]


class BankSerializer(serializers.Serializer):
    bank = serializers.ChoiceField(
        choices=["oric", "technology_acceptance"], help_text=_("The item bank to add.")
    )


class SubmissionSerializer(serializers.Serializer):
    """One anonymous answer. ``answers`` maps a question id to a scale point (1..5 or 1..7), a
    choice, a list of choices or text."""

    answers = serializers.DictField(
        child=serializers.JSONField(), help_text=_("Question id → answer.")
    )
    department = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("Department id, or null: prefer not to say.")
    )
    code = serializers.CharField(
        required=False, allow_blank=True, help_text=_("The one-time code, if the survey needs one.")
    )
    link_word = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text=_("Optional private word to link this answer with the next wave's."),
    )


class SubmittedSerializer(serializers.Serializer):
    received = serializers.BooleanField()


__all__ = ["ItemKind"]
