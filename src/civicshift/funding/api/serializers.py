"""Funding notices, programs and matches over the API (read only)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from civicshift.core.funding.next_round import KINDS as NEXT_ROUND_KINDS
from civicshift.initiatives.models import Initiative

from ..models import ApplicationItem, FundingApplication, FundingNotice, FundingProgram
from ..next_round import next_round_api, next_rounds


class NoticeSerializer(serializers.ModelSerializer):
    shared = serializers.BooleanField(source="is_shared", read_only=True)
    status = serializers.SerializerMethodField()
    flag = serializers.SerializerMethodField()

    class Meta:
        model = FundingNotice
        fields = [
            "id",
            "shared",
            "program",
            "opportunity_id",
            "opportunity_number",
            "title",
            "agency_code",
            "agency_name",
            "aln_numbers",
            "instrument",
            "category",
            "purposes",
            "eligible_applicants",
            "unknown_applicant_codes",
            "eligibility_text",
            "award_floor",
            "award_ceiling",
            "total_funding",
            "cost_sharing",
            "local_match_share",
            "is_forecast",
            "post_date",
            "close_date",
            "archive_date",
            "forecast_close_date",
            "description",
            "link",
            "status",
            "flag",
            "status_note",
            "source",
            "withdrawn_at",
            "last_checked",
        ]
        read_only_fields = fields

    def get_status(self, notice) -> str:
        return notice.status(self.context["today"])

    def get_flag(self, notice) -> str:
        """lapsed or at_risk, set on the notice or on its program; empty when neither."""
        return notice.flag()


class ProgramSerializer(serializers.ModelSerializer):
    shared = serializers.BooleanField(source="is_shared", read_only=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = FundingProgram
        fields = [
            "id",
            "shared",
            "key",
            "aln_number",
            "title",
            "agency_name",
            "instrument",
            "purposes",
            "recurrence",
            "eligible_applicants",
            "award_floor",
            "award_ceiling",
            "cost_sharing",
            "local_match_share",
            "description",
            "link",
            "via_state",
            "status",
            "status_override",
            "status_note",
            "source",
            "facts_last_checked",
            "verified",
            "not_verified",
            "withdrawn_at",
        ]
        read_only_fields = fields

    def get_status(self, program) -> str:
        return program.status(self.context["today"])


class NextRoundSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=NEXT_ROUND_KINDS,
        help_text=_(
            "expected (an estimate below), ended (funding runs out first), lapsed, rolling, "
            "one_time, paused, unknown (the catalog does not say how often it recurs) or "
            "no_rounds (no past round to count from)."
        ),
    )
    expected_month = serializers.CharField(
        allow_null=True, help_text=_("YYYY-MM: the month the next round is expected, roughly.")
    )
    counted_from = serializers.CharField(
        allow_null=True,
        help_text=_("post: the estimate is of the next opening; close: of the next deadline."),
    )
    interval_months = serializers.IntegerField(allow_null=True)
    last_round_post_date = serializers.DateField(allow_null=True)
    last_round_close_date = serializers.DateField(allow_null=True)
    rounds_not_in_catalog = serializers.IntegerField(
        help_text=_("Rounds the cadence expected since the last one that the catalog lacks.")
    )
    through_fiscal_year = serializers.IntegerField(allow_null=True)
    text = serializers.CharField(help_text=_("The estimate in words, as the pages show it."))


class ProgramDetailSerializer(ProgramSerializer):
    next_round = serializers.SerializerMethodField(
        help_text=_(
            "When the next round is expected, estimated from the recurrence and the last "
            "round's dates; null while a round is forecasted or open."
        )
    )

    class Meta(ProgramSerializer.Meta):
        fields = [*ProgramSerializer.Meta.fields, "next_round"]
        read_only_fields = fields

    @extend_schema_field(NextRoundSerializer(allow_null=True))
    def get_next_round(self, program) -> dict | None:
        estimates = next_rounds(
            self.context["organization"], [program], today=self.context["today"]
        )
        return next_round_api(estimates.get(program.pk))


class ReasonSerializer(serializers.Serializer):
    kind = serializers.CharField()
    passed = serializers.BooleanField(allow_null=True)
    score = serializers.FloatField()
    text = serializers.CharField()


class MatchProgramSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    title = serializers.CharField()


class MatchNoticeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    opportunity_id = serializers.CharField()
    opportunity_number = serializers.CharField()


class MatchSerializer(serializers.Serializer):
    title = serializers.CharField()
    program = MatchProgramSerializer(allow_null=True)
    notice = MatchNoticeSerializer(allow_null=True)
    score = serializers.FloatField()
    eligible = serializers.BooleanField(allow_null=True)
    status = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    matched_terms = serializers.ListField(child=serializers.CharField())
    reasons = ReasonSerializer(many=True)


class ApplicationItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApplicationItem
        fields = ["id", "kind", "label", "due_date", "done"]
        read_only_fields = fields


class ApplicationSerializer(serializers.ModelSerializer):
    initiative = serializers.PrimaryKeyRelatedField(
        queryset=Initiative.objects.none(), help_text=_("Id of the initiative applying.")
    )
    notice = serializers.PrimaryKeyRelatedField(
        queryset=FundingNotice.objects.none(),
        allow_null=True,
        required=False,
        help_text=_("Id of the funding notice (round) applied to."),
    )
    program = serializers.PrimaryKeyRelatedField(
        queryset=FundingProgram.objects.none(),
        allow_null=True,
        required=False,
        help_text=_("Id of the program; taken from the notice when not given."),
    )
    flag = serializers.CharField(
        read_only=True, help_text=_("lapsed or at_risk when the program may not pay.")
    )
    items = ApplicationItemSerializer(many=True, read_only=True)

    class Meta:
        model = FundingApplication
        fields = [
            "id",
            "initiative",
            "notice",
            "program",
            "title",
            "stage",
            "interest",
            "pass_reason",
            "due_date",
            "fiscal_year",
            "federal",
            "amount_requested",
            "amount_awarded",
            "local_match_committed",
            "submitted_on",
            "decided_on",
            "decline_reason",
            "notes",
            "alignment_statement",
            "flag",
            "items",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "flag", "items", "created_at", "updated_at"]
        extra_kwargs = {"title": {"required": False}}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        org = self.context.get("organization")
        if org is not None:
            self.fields["initiative"].queryset = Initiative.objects.for_org(org)
            self.fields["notice"].queryset = FundingNotice.objects.visible_to(org)
            self.fields["program"].queryset = FundingProgram.objects.visible_to(org)

    def validate_fiscal_year(self, value):
        if value is not None and not 2000 <= value <= 2100:
            raise serializers.ValidationError(_("Give a fiscal year such as 2027."))
        return value

    def validate(self, attrs):
        for name in ("amount_requested", "amount_awarded", "local_match_committed"):
            value = attrs.get(name)
            if value is not None and value < 0:
                raise serializers.ValidationError({name: [_("An amount cannot be negative.")]})
        moved = "initiative" in attrs and self.instance is not None
        if moved and attrs["initiative"] != self.instance.initiative:
            raise serializers.ValidationError(
                {"initiative": [_("An application stays with its initiative.")]}
            )
        return attrs
