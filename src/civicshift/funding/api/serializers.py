"""Funding programs and matches over the API (read only)."""

from __future__ import annotations

from rest_framework import serializers

from ..models import FundingProgram


class ProgramSerializer(serializers.ModelSerializer):
    shared = serializers.BooleanField(source="is_shared", read_only=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = FundingProgram
        fields = [
            "id",
            "shared",
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
            "status_override",
            "status_note",
            "source",
            "withdrawn_at",
            "last_checked",
        ]
        read_only_fields = fields

    def get_status(self, program) -> str:
        return program.status(self.context["today"])


class ReasonSerializer(serializers.Serializer):
    kind = serializers.CharField()
    passed = serializers.BooleanField(allow_null=True)
    score = serializers.FloatField()
    text = serializers.CharField()


class MatchSerializer(serializers.Serializer):
    program = serializers.IntegerField()
    title = serializers.CharField()
    score = serializers.FloatField()
    eligible = serializers.BooleanField(allow_null=True)
    status = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    matched_terms = serializers.ListField(child=serializers.CharField())
    reasons = ReasonSerializer(many=True)
