"""The inventory over the API: systems with their evaluation, components, integrations and
assessments. Ids of related rows are scoped to the organization (anything else: 400 naming
the field)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from civicshift.core.inventory import FLAG_LABELS, questionnaire
from civicshift.inventory import labels
from civicshift.inventory.models import (
    Assessment,
    BackupStatus,
    Category,
    Component,
    ComponentKind,
    Criticality,
    DataClassification,
    Direction,
    Frequency,
    Hosting,
    Integration,
    Method,
    Mfa,
    RegulatedData,
    Sso,
    System,
)
from civicshift.orgs.models import Department

from .schema import NamedChoiceField

DISPOSITION_CHOICES = [(k, v[0]) for k, v in labels.DISPOSITIONS.items()]
SUPPORT_CHOICES = [(labels.SUPPORT_KEYS[k], v) for k, v in labels.SUPPORT_STATES.items()]


def choice(choices, enum_name, **kwargs):
    return NamedChoiceField(choices=choices, enum_name=enum_name, **kwargs)


# --- the evaluation (read only) --------------------------------------------------------------


class SupportSerializer(serializers.Serializer):
    state = choice(SUPPORT_CHOICES, "InventorySupportState")
    phrase = serializers.CharField(help_text=_("e.g. 'past extended support (2024-04-30)'."))
    source = serializers.CharField(
        help_text=_("The component that decided it; empty for the system itself.")
    )
    milestone = serializers.CharField(allow_null=True)
    on = serializers.DateField(allow_null=True)
    days_left = serializers.IntegerField(allow_null=True)


class RiskPartSerializer(serializers.Serializer):
    milestone = serializers.CharField()
    on = serializers.DateField()
    days_left = serializers.IntegerField()
    weight = serializers.FloatField(help_text=_("Its share of 100."))
    points = serializers.FloatField()


class LifecycleRiskSerializer(serializers.Serializer):
    score = serializers.FloatField(allow_null=True, help_text=_("0 to 100; null when unknown."))
    source = serializers.CharField(help_text=_("The component it comes from; empty: the system."))
    parts = RiskPartSerializer(many=True)


class PriorityPartsSerializer(serializers.Serializer):
    condition = serializers.FloatField()
    value = serializers.FloatField()
    lifecycle = serializers.FloatField()
    flags = serializers.FloatField()


class PrioritySerializer(serializers.Serializer):
    score = serializers.FloatField(help_text=_("0 to 100, the sum of the parts."))
    parts = PriorityPartsSerializer()


class FlagSerializer(serializers.Serializer):
    key = choice(list(FLAG_LABELS.items()), "InventoryRiskFlag")
    label = serializers.CharField()
    detail = serializers.CharField()
    accepted_by = serializers.CharField(allow_null=True)
    accepted_until = serializers.DateField(allow_null=True)
    accepted_reason = serializers.CharField(allow_null=True)


class CostPartsSerializer(serializers.Serializer):
    licence = serializers.DecimalField(max_digits=16, decimal_places=2)
    maintenance = serializers.DecimalField(max_digits=16, decimal_places=2)
    hosting = serializers.DecimalField(max_digits=16, decimal_places=2)
    staff = serializers.DecimalField(max_digits=16, decimal_places=2)


class CompletenessSerializer(serializers.Serializer):
    fraction = serializers.FloatField()
    missing = serializers.ListField(child=serializers.CharField())


class EvaluationSerializer(serializers.Serializer):
    running = serializers.BooleanField(help_text=_("False once the town's lifecycle says retired."))
    support = SupportSerializer()
    components_support = SupportSerializer(many=True)
    annual_cost = serializers.DecimalField(max_digits=16, decimal_places=2)
    cost_parts = CostPartsSerializer()
    value = serializers.FloatField(allow_null=True)
    condition = serializers.FloatField(allow_null=True)
    disposition = choice(DISPOSITION_CHOICES, "InventoryDisposition", allow_null=True)
    priority = PrioritySerializer()
    lifecycle_risk = LifecycleRiskSerializer()
    flags = FlagSerializer(many=True)
    open_flags = serializers.IntegerField()
    completeness = CompletenessSerializer()


def _support(s) -> dict:
    return {
        "state": labels.SUPPORT_KEYS[s.state],
        "phrase": s.phrase,
        "source": s.source,
        "milestone": s.milestone,
        "on": s.on,
        "days_left": s.days_left,
    }


def evaluation_dict(row) -> dict:
    report = row.report
    return {
        "running": report.running,
        "support": _support(report.support.overall),
        "components_support": [_support(s) for s in report.support.components],
        "annual_cost": report.annual_cost,
        "cost_parts": report.costs.parts(),
        "value": report.assessment.value,
        "condition": report.assessment.condition,
        "disposition": report.assessment.disposition,
        "priority": {"score": report.priority.score, "parts": report.priority.parts},
        "lifecycle_risk": {
            "score": report.lifecycle.score,
            "source": report.lifecycle_source,
            "parts": [vars(p) for p in report.lifecycle.parts],
        },
        "flags": [
            {
                "key": f.key,
                "label": f.label,
                "detail": f.detail,
                "accepted_by": f.accepted.by if f.accepted else None,
                "accepted_until": f.accepted.until if f.accepted else None,
                "accepted_reason": f.accepted.reason if f.accepted else None,
            }
            for f in report.flags
        ],
        "open_flags": len(report.open_flags),
        "completeness": {
            "fraction": row.completeness.fraction,
            "missing": list(row.completeness.missing),
        },
    }


# --- systems ---------------------------------------------------------------------------------


class SystemSerializer(serializers.ModelSerializer):
    category = choice(Category.choices, "InventoryCategory", required=False)
    hosting = choice(Hosting.choices, "InventoryHosting", required=False, allow_blank=True)
    data_classification = choice(
        DataClassification.choices, "InventoryDataClassification", required=False, allow_blank=True
    )
    criticality = choice(
        Criticality.choices, "InventoryCriticality", required=False, allow_blank=True
    )
    backup_status = choice(
        BackupStatus.choices, "InventoryBackupStatus", required=False, allow_blank=True
    )
    mfa = choice(Mfa.choices, "InventoryMfa", required=False)
    sso = choice(Sso.choices, "InventorySso", required=False)
    regulated_data = serializers.ListField(
        child=choice(RegulatedData.choices, "InventoryRegulatedData"),
        required=False,
        help_text=_("Regulated data it holds."),
    )
    departments = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=Department.objects.none(),
        help_text=_("Ids of this organization's departments that use it."),
    )
    owner = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.none(),
        required=False,
        allow_null=True,
        help_text=_("User id of the member who keeps the record current (see /members/)."),
        error_messages={
            "does_not_exist": _("No member of this organization has the user id {pk_value}.")
        },
    )
    components = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text=_("Ids of the components it runs on.")
    )
    evaluation = serializers.SerializerMethodField(
        help_text=_(
            "Computed today: support roll-up, annual cost and parts, disposition, priority "
            "and lifecycle risk with their parts, red flags, completeness."
        )
    )

    class Meta:
        model = System
        fields = [
            "id",
            "external_id",
            "name",
            "category",
            "departments",
            "capability",
            "vendor",
            "product",
            "product_version",
            "hosting",
            "year_deployed",
            "cost_licence",
            "cost_maintenance",
            "cost_hosting",
            "staff_fte",
            "staff_loaded_cost",
            "users_count",
            "support_mainstream_end",
            "support_extended_end",
            "support_esu_end",
            "contract_end",
            "data_classification",
            "regulated_data",
            "criticality",
            "rto_hours",
            "rpo_hours",
            "backup_status",
            "backup_tested_on",
            "mfa",
            "sso",
            "owner",
            "owner_name",
            "staff_who_know",
            "lifecycle_planned",
            "lifecycle_phase_in",
            "lifecycle_active",
            "lifecycle_phase_out",
            "lifecycle_retired",
            "notes",
            "components",
            "last_reviewed_at",
            "evaluation",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "last_reviewed_at", "created_at", "updated_at"]
        extra_kwargs = {
            "product_version": {"help_text": _("The product's version, e.g. '2012 R2'.")}
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        organization = self.context.get("organization")
        if organization is None:
            return
        self.fields["departments"].child_relation.queryset = Department.objects.for_org(
            organization
        )
        self.fields["owner"].queryset = get_user_model().objects.filter(
            memberships__organization=organization
        )

    @extend_schema_field(EvaluationSerializer)
    def get_evaluation(self, system: System) -> dict:
        rows = self.context.get("rows") or {}
        row = rows.get(system.pk)
        if row is None:
            from civicshift.inventory.selectors import row_for

            row = row_for(system)
        return EvaluationSerializer(evaluation_dict(row)).data


class ComponentSerializer(serializers.ModelSerializer):
    kind = choice(ComponentKind.choices, "InventoryComponentKind")
    systems = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=System.objects.none(),
        help_text=_("Ids of this organization's systems that run on it."),
    )
    support = serializers.SerializerMethodField()

    class Meta:
        model = Component
        fields = [
            "id",
            "name",
            "kind",
            "vendor",
            "product",
            "product_version",
            "support_mainstream_end",
            "support_extended_end",
            "support_esu_end",
            "systems",
            "notes",
            "support",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        organization = self.context.get("organization")
        if organization is not None:
            self.fields["systems"].child_relation.queryset = System.objects.for_org(organization)

    @extend_schema_field(SupportSerializer)
    def get_support(self, component: Component) -> dict:
        from django.utils import timezone

        from civicshift.inventory.selectors import engine, milestones_of

        return _support(engine.support_status(milestones_of(component), timezone.localdate()))


class IntegrationSerializer(serializers.ModelSerializer):
    source = serializers.PrimaryKeyRelatedField(
        queryset=System.objects.none(), help_text=_("Id of the system the data comes from.")
    )
    target = serializers.PrimaryKeyRelatedField(
        queryset=System.objects.none(), help_text=_("Id of the system the data goes to.")
    )
    direction = choice(Direction.choices, "InventoryDirection", required=False)
    method = choice(Method.choices, "InventoryMethod")
    frequency = choice(Frequency.choices, "InventoryFrequency", required=False, allow_blank=True)

    class Meta:
        model = Integration
        fields = [
            "id",
            "source",
            "target",
            "direction",
            "method",
            "frequency",
            "data_exchanged",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        organization = self.context.get("organization")
        if organization is not None:
            for name in ("source", "target"):
                self.fields[name].queryset = System.objects.for_org(organization)

    def validate(self, data):
        source = data.get("source", getattr(self.instance, "source", None))
        target = data.get("target", getattr(self.instance, "target", None))
        if source is not None and source == target:
            raise serializers.ValidationError(
                {"target": [_("An interface connects two different systems.")]}
            )
        return data


class AssessmentSerializer(serializers.ModelSerializer):
    answers = serializers.DictField(
        child=serializers.IntegerField(min_value=1, max_value=5),
        help_text=_(
            "The level (1 to 5) chosen for each question, by its key: "
            "%(keys)s. Unanswered questions are left out."
        )
        % {"keys": ", ".join(c.key for c in questionnaire().criteria)},
    )
    assessor = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "system",
            "assessed_on",
            "assessor",
            "answers",
            "questionnaire_version",
            "notes",
            "result",
            "created_at",
        ]
        read_only_fields = ["id", "system", "assessor", "questionnaire_version", "created_at"]
        extra_kwargs = {"assessed_on": {"required": False}}

    def get_assessor(self, assessment: Assessment) -> str:
        from civicshift.accounts.people import person_name

        return person_name(assessment.assessor)

    @extend_schema_field(
        serializers.DictField(
            help_text=_("value, condition (1 to 5) and disposition of these answers")
        )
    )
    def get_result(self, assessment: Assessment) -> dict:
        from civicshift.core.inventory import assess

        result = assess(assessment.answers)
        return {
            "value": result.value,
            "condition": result.condition,
            "disposition": result.disposition,
        }


class SystemFiltersSerializer(serializers.Serializer):
    """Query parameters of the systems list."""

    q = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Words in the name, vendor or product.")
    )
    category = choice(Category.choices, "InventoryCategory", required=False)
    department = serializers.IntegerField(
        required=False, min_value=1, help_text=_("A department id.")
    )
    hosting = choice(Hosting.choices, "InventoryHosting", required=False)
    disposition = choice(
        [*DISPOSITION_CHOICES, ("none", _("Not assessed"))],
        "InventoryDispositionFilter",
        required=False,
    )
    support = choice(SUPPORT_CHOICES, "InventorySupportState", required=False)
    red_flags = serializers.BooleanField(
        required=False, default=False, help_text=_("Only systems with open red flags.")
    )
    ordering = serializers.ChoiceField(
        choices=["name", "-cost", "-priority", "-support", "completeness", "reviewed", "-flags"],
        required=False,
        default="name",
    )


class IntegrationFiltersSerializer(serializers.Serializer):
    """Query parameters of the interfaces list; given together, all must hold."""

    system = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("A system id: the interfaces from or to that system."),
    )
    source = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("A system id: the interfaces that start at that system."),
    )
    target = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("A system id: the interfaces that arrive at that system."),
    )
    direction = choice(Direction.choices, "InventoryDirection", required=False)
    method = choice(Method.choices, "InventoryMethod", required=False)
