"""Read-only representations of the registry, the evaluations and the scores a person may
see (``selectors.visible_scores``)."""

from rest_framework import serializers

from ..models import Evaluation, Score, Vendor


class RegistryVendorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Vendor
        fields = [
            "id",
            "name",
            "tax_id",
            "website",
            "acr_date",
            "acr_edition",
            "insurance_carrier",
            "general_liability",
            "cyber_liability",
            "insurance_expires",
        ]
        read_only_fields = fields


class VendorEvaluationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evaluation
        fields = [
            "id",
            "initiative",
            "title",
            "solicitation",
            "cooperative_contract",
            "justification",
            "weight_method",
            "random_index",
            "price_points",
            "proposals_opened_at",
        ]
        read_only_fields = fields


class VendorScoreSerializer(serializers.ModelSerializer):
    evaluator = serializers.IntegerField(source="member.user_id", read_only=True)

    class Meta:
        model = Score
        fields = ["id", "evaluator", "proposal", "criterion", "value", "comment"]
        read_only_fields = fields
