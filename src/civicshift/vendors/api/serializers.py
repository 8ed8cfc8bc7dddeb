"""The registry, the evaluations, their proposals and criteria, and typed weights over the API.
Ids of related rows are scoped to the organization (a proposal's or criterion's, to the
evaluation in the URL): anything else is a 400 naming the field. The panel's serializers are in
``serializers_panel``."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from civicshift.core.decision.ahp import random_index_tables
from civicshift.initiatives.models import Initiative

from .. import selectors_registry
from ..models import (
    CooperativeContract,
    Criterion,
    Evaluation,
    Proposal,
    Vendor,
    normalise_name,
    normalise_tax_id,
)


class EvaluationScopedMixin:
    """Point the id fields at the organization's rows (``org_scoped``) or the rows of the
    evaluation in the URL (``evaluation_scoped``), from the serializer's context."""

    org_scoped: dict = {}
    evaluation_scoped: dict = {}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        organization = self.context.get("organization")
        evaluation = self.context.get("evaluation")
        for name, model in self.org_scoped.items():
            if organization is not None and name in self.fields:
                self.fields[name].queryset = model.objects.for_org(organization)
        for name, model in self.evaluation_scoped.items():
            if evaluation is not None and name in self.fields:
                self.fields[name].queryset = model.objects.for_org(evaluation.organization).filter(
                    evaluation=evaluation
                )


class RegistryVendorSerializer(serializers.ModelSerializer):
    different_company = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=gettext_lazy(
            "Send true to add a company whose name or tax id matches one already in the "
            "registry (two companies may share a trading name)."
        ),
    )

    class Meta:
        model = Vendor
        fields = [
            "id",
            "name",
            "tax_id",
            "website",
            "address",
            "acr_date",
            "acr_edition",
            "insurance_carrier",
            "general_liability",
            "cyber_liability",
            "insurance_expires",
            "notes",
            "different_company",
        ]
        read_only_fields = ["id"]
        extra_kwargs = {
            "general_liability": {"min_value": 0},
            "cyber_liability": {"min_value": 0},
        }

    def validate(self, attrs):
        different = attrs.pop("different_company", False)
        organization = self.context.get("organization")
        if different or organization is None or not ({"name", "tax_id"} & set(attrs)):
            return attrs
        name = attrs.get("name", getattr(self.instance, "name", ""))
        tax_id = attrs.get("tax_id", getattr(self.instance, "tax_id", ""))
        if self.instance is not None and (
            normalise_name(name),
            normalise_tax_id(tax_id),
        ) == (self.instance.normalised_name, self.instance.normalised_tax_id):
            return attrs  # neither changed: the record was accepted as it is
        matches = selectors_registry.likely_duplicates(
            organization, name=name, tax_id=tax_id, exclude=self.instance
        )
        if matches:
            raise serializers.ValidationError(
                {
                    "name": _(
                        "Likely the same company as %(others)s (same name or tax id). If it is "
                        "a different company, send different_company: true."
                    )
                    % {"others": ", ".join(f"“{v.name}” (id {v.pk})" for v in matches)}
                }
            )
        return attrs


class VendorEvaluationSerializer(EvaluationScopedMixin, serializers.ModelSerializer):
    initiative = serializers.PrimaryKeyRelatedField(
        queryset=Initiative.objects.none(),
        help_text=gettext_lazy("Id of the initiative the purchase is for (it stays with it)."),
    )
    cooperative_contract = serializers.PrimaryKeyRelatedField(
        queryset=CooperativeContract.objects.none(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("For a cooperative purchase: id of the contract you buy from."),
    )
    random_index = serializers.ChoiceField(
        choices=[],
        required=False,
        help_text=gettext_lazy("The published random-index table the consistency ratio uses."),
    )
    org_scoped = {"initiative": Initiative, "cooperative_contract": CooperativeContract}

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
            "withhold_personal_notes",
            "proposals_opened_at",
            "awarded_proposal",
        ]
        read_only_fields = ["id", "proposals_opened_at", "awarded_proposal"]
        extra_kwargs = {"price_points": {"min_value": 0}}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["random_index"].choices = sorted(random_index_tables())

    def validate_initiative(self, value):
        if self.instance is not None and self.instance.initiative_id != value.pk:
            raise serializers.ValidationError(_("An evaluation stays with its initiative."))
        return value


class ProposalSerializer(EvaluationScopedMixin, serializers.ModelSerializer):
    vendor = serializers.PrimaryKeyRelatedField(
        queryset=Vendor.objects.none(),
        help_text=gettext_lazy("Id of the company in your registry that sent it."),
    )
    org_scoped = {"vendor": Vendor}

    class Meta:
        model = Proposal
        fields = [
            "id",
            "evaluation",
            "vendor",
            "price",
            "one_time_cost",
            "annual_cost",
            "received_on",
            "notes",
        ]
        read_only_fields = ["id", "evaluation"]
        validators = []  # one per vendor: the service says so, naming the field

    def validate_vendor(self, value):
        if self.instance is not None and self.instance.vendor_id != value.pk:
            raise serializers.ValidationError(_("A proposal stays with the vendor that sent it."))
        return value


class CriterionSerializer(EvaluationScopedMixin, serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Criterion.objects.none(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "Id of the criterion of this evaluation it is a part of; null for a main one."
        ),
    )
    evaluation_scoped = {"parent": Criterion}

    class Meta:
        model = Criterion
        fields = [
            "id",
            "evaluation",
            "parent",
            "name",
            "description",
            "position",
            "weight",
            "anchor_low",
            "anchor_mid",
            "anchor_high",
        ]
        # Weights are set a group at a time (…/weights/), so that each group adds up to 100 %.
        read_only_fields = ["id", "evaluation", "weight"]

    def validate_parent(self, value):
        current = getattr(self.instance, "parent_id", None)
        if self.instance is not None and current != getattr(value, "pk", None):
            raise serializers.ValidationError(
                _("A criterion stays in its group: add a new one where you want it.")
            )
        return value


class TypedWeightsSerializer(EvaluationScopedMixin, serializers.Serializer):
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Criterion.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("The group: id of the parent criterion, or null for the main ones."),
    )
    weights = serializers.DictField(
        child=serializers.DecimalField(max_digits=6, decimal_places=2),
        help_text=gettext_lazy(
            "Each criterion of the group by id, with its share in percent: "
            '{"12": "60", "13": "40"}. They must add up to 100.'
        ),
    )
    evaluation_scoped = {"parent": Criterion}

    def validate(self, attrs):
        evaluation = self.context["evaluation"]
        parent = attrs.get("parent")
        group = {
            str(c.pk): c
            for c in Criterion.objects.for_org(evaluation.organization).filter(
                evaluation=evaluation, parent=parent
            )
        }
        unknown = [key for key in attrs["weights"] if key not in group]
        if unknown:
            raise serializers.ValidationError(
                {
                    "weights": _("Not criteria of this group: %(ids)s.")
                    % {"ids": ", ".join(sorted(unknown))}
                }
            )
        attrs["weights"] = {group[key]: value for key, value in attrs["weights"].items()}
        return attrs
