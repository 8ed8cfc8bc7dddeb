"""Initiatives: fields, related lists by id, tags by name, and the status change request."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from civicshift.core.lifecycle import allowed_targets
from civicshift.initiatives.models import Initiative, Status
from civicshift.initiatives.selectors import SORTS
from civicshift.orgs.models import Department, StrategicGoal


class StatusField(serializers.ChoiceField):
    """An initiative status. One named enum (``InitiativeStatus``) in the OpenAPI document,
    wherever a status appears (see ``api/schema.py``)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(choices=Status.choices, **kwargs)


class TagNamesField(serializers.ListField):
    """Tags as a list of names. Unknown names are created on save (as on the screens)."""

    child = serializers.CharField(max_length=50, allow_blank=False)

    def to_representation(self, data) -> list[str]:
        if hasattr(data, "all"):
            return [tag.name for tag in data.all()]
        return super().to_representation(data)


class InitiativeSerializer(serializers.ModelSerializer):
    sponsor_departments = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=Department.objects.none(),
        help_text=_("Ids of this organization's departments that asked for it or will use it."),
    )
    goals = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=StrategicGoal.objects.none(),
        help_text=_("Ids of this organization's strategic goals it serves."),
    )
    tags = TagNamesField(required=False, help_text=_("Tag names; new names become new tags."))
    owner = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.none(),
        required=False,
        allow_null=True,
        help_text=_("User id of the member who answers questions about it (see /members/)."),
        error_messages={
            "does_not_exist": _("No member of this organization has the user id {pk_value}.")
        },
    )
    status = StatusField(
        read_only=True,
        help_text=_("Change it with POST …/initiatives/{id}/status/."),
    )
    allowed_next_statuses = serializers.SerializerMethodField(
        help_text=_("The statuses it may move to next."),
    )

    class Meta:
        model = Initiative
        fields = [
            "id",
            "title",
            "problem_statement",
            "proposed_solution",
            "status",
            "allowed_next_statuses",
            "sponsor_departments",
            "goals",
            "tags",
            "owner",
            "cost_low",
            "cost_high",
            "target_start",
            "target_end",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        organization = self.context.get("organization")
        if organization is None:
            return
        fields = self.fields
        fields["sponsor_departments"].child_relation.queryset = Department.objects.for_org(
            organization
        )
        fields["goals"].child_relation.queryset = StrategicGoal.objects.for_org(organization)
        fields["owner"].queryset = get_user_model().objects.filter(
            memberships__organization=organization
        )

    @extend_schema_field(serializers.ListField(child=StatusField()))
    def get_allowed_next_statuses(self, initiative: Initiative) -> list[str]:
        return [
            s.value
            for s in allowed_targets(initiative.status, initiative.status_before_hold or None)
        ]


class StatusChangeRequestSerializer(serializers.Serializer):
    to_status = StatusField(help_text=_("The status to move to."))
    reason = serializers.CharField(
        allow_blank=True,
        help_text=_("Why the status changes; the history keeps it."),
    )


class InitiativeFiltersSerializer(serializers.Serializer):
    """Query parameters of the initiative list."""

    q = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_("Words to find in the title, problem or solution."),
    )
    status = StatusField(required=False)
    department = serializers.IntegerField(
        required=False, min_value=1, help_text=_("A department id.")
    )
    goal = serializers.IntegerField(
        required=False, min_value=1, help_text=_("A strategic goal id.")
    )
    tag = serializers.CharField(required=False, help_text=_("A tag id or a tag name."))
    ordering = serializers.ChoiceField(
        choices=list(SORTS),
        required=False,
        default="updated",
        help_text=_("Sort order; 'updated' (most recently changed first) by default."),
    )
