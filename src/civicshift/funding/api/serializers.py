"""Funding notices, programs and matches over the API (read only)."""

from __future__ import annotations

from rest_framework import serializers

from ..models import FundingNotice, FundingProgram


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
