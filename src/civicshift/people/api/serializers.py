"""The People tab over the API: its five kinds of rows, and the summaries the pages show."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from civicshift.orgs.models import Department

from ..models import AdkarRating, CommsActivity, ImpactGroup, ResistanceResponse, Stakeholder
from ..models.plan import ACTIVITY_FIELDS, RESISTANCE_FIELDS
from ..models.ratings import ADKAR_RATING_FIELDS, IMPACT_GROUP_FIELDS
from ..models.stakeholders import STAKEHOLDER_FIELDS


class OrgDepartmentField(serializers.PrimaryKeyRelatedField):
    """A department of the request's organization (another organization's id is 400)."""

    def get_queryset(self):
        view = self.context.get("view")
        if view is None or getattr(view, "is_schema_view", False):
            return Department.objects.none()
        return Department.objects.for_org(view.get_initiative().organization)


class InitiativeStakeholderField(serializers.PrimaryKeyRelatedField):
    """A stakeholder of the initiative in the URL (any other id is 400)."""

    def get_queryset(self):
        view = self.context.get("view")
        if view is None or getattr(view, "is_schema_view", False):
            return Stakeholder.objects.none()
        initiative = view.get_initiative()
        return Stakeholder.objects.for_org(initiative.organization).filter(initiative=initiative)


class StakeholderSerializer(serializers.ModelSerializer):
    initiative = serializers.PrimaryKeyRelatedField(read_only=True)
    department = OrgDepartmentField(
        queryset=Department.objects.all(), required=False, allow_null=True
    )
    quadrant = serializers.CharField(
        read_only=True,
        help_text=_("manage_closely, keep_satisfied, keep_informed or monitor (split at 3)."),
    )
    stance_gap = serializers.IntegerField(
        read_only=True,
        help_text=_("Steps from the stance now to the stance needed (positive: still to win)."),
    )

    class Meta:
        model = Stakeholder
        fields = [
            "id",
            "initiative",
            *STAKEHOLDER_FIELDS,
            "quadrant",
            "stance_gap",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]


class AdkarRatingSerializer(serializers.ModelSerializer):
    initiative = serializers.PrimaryKeyRelatedField(read_only=True)
    stakeholder = InitiativeStakeholderField(
        queryset=Stakeholder.objects.all(), required=False, allow_null=True
    )
    barrier = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text=_("The first element rated 3 or lower, or null when there is no barrier."),
    )

    class Meta:
        model = AdkarRating
        fields = [
            "id",
            "initiative",
            *ADKAR_RATING_FIELDS,
            "barrier",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]


class ImpactGroupSerializer(serializers.ModelSerializer):
    initiative = serializers.PrimaryKeyRelatedField(read_only=True)
    department = OrgDepartmentField(
        queryset=Department.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = ImpactGroup
        fields = ["id", "initiative", *IMPACT_GROUP_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]


class ActivitySerializer(serializers.ModelSerializer):
    initiative = serializers.PrimaryKeyRelatedField(read_only=True)
    task = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text=_("The plan task this activity was sent to, or null.")
    )

    class Meta:
        model = CommsActivity
        fields = ["id", "initiative", *ACTIVITY_FIELDS, "task", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]


class ResistanceResponseSerializer(serializers.ModelSerializer):
    initiative = serializers.PrimaryKeyRelatedField(read_only=True)
    stakeholder = InitiativeStakeholderField(queryset=Stakeholder.objects.all())

    class Meta:
        model = ResistanceResponse
        fields = ["id", "initiative", *RESISTANCE_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]


class SendResultSerializer(serializers.Serializer):
    done = serializers.ChoiceField(
        choices=["add", "update", "same"],
        help_text=_(
            "add: a task was added; update: its task was brought up to date; same: "
            "already there, nothing changed."
        ),
    )
    task = serializers.IntegerField(help_text=_("The plan task's id."))
    task_key = serializers.CharField(help_text=_("The task's id in the plan."))


class QuadrantSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    action = serializers.CharField()
    stakeholders = serializers.ListField(child=serializers.IntegerField())


class ElementCountSerializer(serializers.Serializer):
    element = serializers.CharField()
    count = serializers.IntegerField()


class ImpactGroupSizeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    headcount = serializers.IntegerField()
    depth = serializers.FloatField(help_text=_("Mean of the aspect ratings, 0–5."))
    size = serializers.CharField(help_text=_("small, medium or large."))


class PeopleSummarySerializer(serializers.Serializer):
    initiative = serializers.IntegerField()
    quadrants = QuadrantSerializer(many=True)
    grid_summary = serializers.CharField()
    barriers = ElementCountSerializer(many=True, help_text=_("From each subject's latest rating."))
    no_barrier = serializers.IntegerField()
    impact_groups = ImpactGroupSizeSerializer(many=True)
    people_affected = serializers.IntegerField()
    full_change_equivalent = serializers.FloatField(help_text=_("Σ headcount × depth ÷ 5."))
    change_effort = serializers.CharField(allow_null=True, help_text=_("small, medium, large."))
    impact_summary = serializers.CharField()
    resisting_without_response = serializers.IntegerField()
