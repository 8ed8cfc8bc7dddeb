"""The funding mix over the API: lines, the summary per fiscal year, and the calculator."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import MIX_LINE_FIELDS, FundingMixLine


class MixLineSerializer(serializers.ModelSerializer):
    """A source of funding in one fiscal year. The fiscal year must be one of the business
    case's (checked by the service, answered as 400 naming ``fiscal_year``)."""

    initiative = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = FundingMixLine
        fields = ["id", "initiative", *MIX_LINE_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]


class MixYearSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField(help_text=_("Named by the year it ends in."))
    in_case = serializers.BooleanField(help_text=_("One of the business case's years."))
    one_time_cost = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    recurring_cost = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    cost = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        allow_null=True,
        help_text=_("One-time + recurring cost of the recommended option (null: no costs)."),
    )
    by_kind = serializers.DictField(child=serializers.DecimalField(max_digits=16, decimal_places=2))
    by_status = serializers.DictField(
        child=serializers.DecimalField(max_digits=16, decimal_places=2)
    )
    funded = serializers.DecimalField(max_digits=16, decimal_places=2)
    committed = serializers.DecimalField(max_digits=16, decimal_places=2)
    gap = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        allow_null=True,
        help_text=_("cost − funded; negative is a surplus."),
    )
    uncommitted_gap = serializers.DecimalField(
        max_digits=16, decimal_places=2, allow_null=True, help_text=_("cost − committed.")
    )


class MixSummarySerializer(serializers.Serializer):
    initiative = serializers.IntegerField()
    has_costs = serializers.BooleanField()
    missing = serializers.CharField(
        help_text=_(
            "Why there are no costs: no_case, no_recommended_option, no_lines, invalid, or empty."
        )
    )
    option = serializers.CharField(help_text=_("The recommended option whose costs are used."))
    years = MixYearSerializer(many=True)
    total_cost = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    total_funded = serializers.DecimalField(max_digits=16, decimal_places=2)
    total_gap = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)


class FinancingRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["loan", "lease", "bond"])
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    rate = serializers.DecimalField(
        max_digits=8, decimal_places=6, help_text=_("Annual rate as a decimal, 0.045 = 4.5 %.")
    )
    years = serializers.IntegerField()
    payments_per_year = serializers.IntegerField(default=12)
    in_advance = serializers.BooleanField(default=False)
    issuance_cost = serializers.DecimalField(
        max_digits=6, decimal_places=4, default=0, help_text=_("Bonds: 0.02 = 2 % of amount.")
    )


class PeriodSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    year = serializers.IntegerField()
    payment = serializers.FloatField()
    interest = serializers.FloatField()
    principal = serializers.FloatField()
    balance = serializers.FloatField()


class FinancingSerializer(serializers.Serializer):
    kind = serializers.CharField()
    amount = serializers.FloatField()
    principal = serializers.FloatField(help_text=_("What is borrowed (a bond's par)."))
    issuance_cost = serializers.FloatField()
    annual_rate = serializers.FloatField()
    years = serializers.IntegerField()
    payments_per_year = serializers.IntegerField()
    in_advance = serializers.BooleanField()
    payment = serializers.FloatField(help_text=_("Per period, positive."))
    annual_payment = serializers.FloatField()
    total_paid = serializers.FloatField()
    total_interest = serializers.FloatField()
    schedule = PeriodSerializer(many=True)
