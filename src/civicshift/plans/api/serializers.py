"""Plans over the API: plans, tasks, links, calendars and risks. Durations and lags are in
minutes (with the unit they are shown in); times are wall-clock local date-times without a
time zone, as the plan keeps them. Ids of related rows are scoped to the organization (and to
the plan, for tasks): anything else is a 400 naming the field."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from civicshift.initiatives.models import Initiative

# One enum component for the two fields that take a duration unit (drf-spectacular would name it
# twice, after each field). The named-choice field is the API's shared one, kept in inventory's
# schema module where it was first needed.
from civicshift.inventory.api.schema import NamedChoiceField
from civicshift.orgs.models import Department

from ..forms import members_of
from ..models import (
    RISK_FIELDS,
    CalendarException,
    DurationUnit,
    Plan,
    PlanLink,
    PlanTask,
    Risk,
    RiskIssue,
    WorkCalendar,
)

WALL_CLOCK = _("Local date-time without a time zone, e.g. 2027-01-04T08:00:00.")


class WallClockField(serializers.DateTimeField):
    """Reads and writes naive local date-times (no offset, no conversion)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", WALL_CLOCK)
        super().__init__(default_timezone=None, **kwargs)

    def enforce_timezone(self, value):
        return value.replace(tzinfo=None) if value.tzinfo else value

    def to_representation(self, value):
        return None if value is None else value.replace(tzinfo=None).isoformat()


class CalendarExceptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CalendarException
        fields = ["id", "name", "start", "finish", "periods"]
        read_only_fields = ["id"]
        extra_kwargs = {"finish": {"required": False}}


class CalendarSerializer(serializers.ModelSerializer):
    exceptions = CalendarExceptionSerializer(many=True, read_only=True)

    class Meta:
        model = WorkCalendar
        fields = ["id", "name", "week", "is_default", "exceptions", "created_at", "updated_at"]
        read_only_fields = ["id", "exceptions", "created_at", "updated_at"]


class PlanSerializer(serializers.ModelSerializer):
    initiative = serializers.PrimaryKeyRelatedField(
        queryset=Initiative.objects.none(), help_text=_("Id of the initiative the plan is for.")
    )
    calendar = serializers.PrimaryKeyRelatedField(
        queryset=WorkCalendar.objects.none(),
        allow_null=True,
        required=False,
        help_text=_("Id of the working calendar; null: the organization's default."),
    )
    start = WallClockField()
    status_date = WallClockField(required=False, allow_null=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "initiative",
            "start",
            "calendar",
            "promised_finish",
            "status_date",
            "minutes_per_day",
            "minutes_per_week",
            "days_per_month",
            "critical_slack_limit_days",
            "honor_constraints",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        org = self.context.get("organization")
        if org is not None:
            self.fields["initiative"].queryset = Initiative.objects.for_org(org)
            self.fields["calendar"].queryset = WorkCalendar.objects.for_org(org)


class TaskSerializer(serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(
        queryset=PlanTask.objects.none(),
        allow_null=True,
        required=False,
        help_text=_("Id of the phase (a task of the same plan) this task belongs to."),
    )
    calendar = serializers.PrimaryKeyRelatedField(
        queryset=WorkCalendar.objects.none(), allow_null=True, required=False
    )
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.none(), allow_null=True, required=False
    )
    duration_unit = NamedChoiceField(
        choices=DurationUnit.choices, enum_name="PlanDurationUnit", required=False
    )
    constraint_date = WallClockField(required=False, allow_null=True)
    deadline = WallClockField(required=False, allow_null=True)
    actual_start = WallClockField(required=False, allow_null=True)
    actual_finish = WallClockField(required=False, allow_null=True)

    class Meta:
        model = PlanTask
        fields = [
            "id",
            "key",
            "wbs",
            "name",
            "parent",
            "position",
            "duration_minutes",
            "duration_unit",
            "milestone",
            "optimistic_minutes",
            "pessimistic_minutes",
            "distribution",
            "constraint",
            "constraint_date",
            "deadline",
            "calendar",
            "owner",
            "department",
            "percent_complete",
            "actual_start",
            "actual_finish",
            "cost",
            "actual_cost",
            "active",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "position", "created_at", "updated_at"]
        extra_kwargs = {"key": {"required": False}}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        org, plan = self.context.get("organization"), self.context.get("plan")
        if org is not None:
            self.fields["calendar"].queryset = WorkCalendar.objects.for_org(org)
            self.fields["department"].queryset = Department.objects.for_org(org)
            if plan is not None:
                self.fields["parent"].queryset = PlanTask.objects.for_org(org).filter(plan=plan)


class LinkSerializer(serializers.ModelSerializer):
    predecessor = serializers.PrimaryKeyRelatedField(
        queryset=PlanTask.objects.none(), help_text=_("Id of the task waited for.")
    )
    successor = serializers.PrimaryKeyRelatedField(
        queryset=PlanTask.objects.none(), help_text=_("Id of the task that waits.")
    )
    lag_unit = NamedChoiceField(
        choices=DurationUnit.choices, enum_name="PlanDurationUnit", required=False
    )

    class Meta:
        model = PlanLink
        fields = [
            "id",
            "predecessor",
            "successor",
            "type",
            "lag_minutes",
            "lag_unit",
            "lag_percent",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        org, plan = self.context.get("organization"), self.context.get("plan")
        if org is not None and plan is not None:
            tasks = PlanTask.objects.for_org(org).filter(plan=plan)
            self.fields["predecessor"].queryset = tasks
            self.fields["successor"].queryset = tasks


class RiskSerializer(serializers.ModelSerializer):
    initiative = serializers.PrimaryKeyRelatedField(
        queryset=Initiative.objects.none(),
        allow_null=True,
        required=False,
        help_text=_("Id of the initiative; null for a risk to the whole programme."),
    )
    tasks = serializers.PrimaryKeyRelatedField(
        queryset=PlanTask.objects.none(),
        many=True,
        required=False,
        help_text=_("Ids of the initiative's plan tasks the risk would delay."),
    )
    owner = serializers.PrimaryKeyRelatedField(
        queryset=members_of(None), allow_null=True, required=False
    )
    score = serializers.IntegerField(read_only=True, help_text=_("Likelihood × impact, 1–25."))

    class Meta:
        model = Risk
        fields = [
            "id",
            "initiative",
            *RISK_FIELDS,
            "score",
            "status",
            "library_id",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "score", "status", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        org = self.context.get("organization")
        if org is not None:
            self.fields["initiative"].queryset = Initiative.objects.for_org(org)
            self.fields["tasks"].child_relation.queryset = PlanTask.objects.for_org(org)
            self.fields["owner"].queryset = members_of(org)


class RiskIssueSerializer(serializers.ModelSerializer):
    """An issue: something that happened, often a risk that occurred (read only here)."""

    class Meta:
        model = RiskIssue
        fields = ["id", "risk", "initiative", "title", "raised_on", "owner", "status", "resolution"]
        read_only_fields = fields


class RiskOccurredSerializer(serializers.Serializer):
    title = serializers.CharField(
        max_length=255,
        required=False,
        allow_blank=True,
        help_text=_("The issue's title; empty: the risk's."),
    )


class LibraryRiskSerializer(serializers.Serializer):
    """An entry of the municipal risk library (read only)."""

    id = serializers.CharField(help_text=_("The entry's id, for risks/from-library/."))
    title = serializers.CharField()
    category = serializers.CharField()
    cause = serializers.CharField()
    event = serializers.CharField()
    effect = serializers.CharField()
    likelihood = serializers.IntegerField(help_text=_("Typical likelihood, 1–5."))
    impact = serializers.IntegerField(help_text=_("Typical impact, 1–5."))
    response = serializers.CharField()
    mitigation = serializers.CharField()
    schedule_days = serializers.ListField(
        child=serializers.FloatField(),
        allow_null=True,
        help_text=_("Delay if it happens [low, likely, high], working days; null if none."),
    )
    cost_share = serializers.ListField(
        child=serializers.FloatField(),
        allow_null=True,
        help_text=_("Cost if it happens [low, likely, high] as shares of the budget; or null."),
    )


class RiskFromLibrarySerializer(serializers.Serializer):
    initiative = serializers.PrimaryKeyRelatedField(
        queryset=Initiative.objects.none(),
        allow_null=True,
        required=False,
        help_text=_("The initiative whose register gets the risks; null for the programme's."),
    )
    library_ids = serializers.ListField(
        child=serializers.CharField(max_length=60),
        allow_empty=False,
        max_length=100,
        help_text=_("Ids of library entries (risks/library/). Entries already there are skipped."),
    )
    budget = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        help_text=_("The project's budget, to turn the entries' cost shares into amounts."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        org = self.context.get("organization")
        if org is not None:
            self.fields["initiative"].queryset = Initiative.objects.for_org(org)


class ScheduledTaskSerializer(serializers.Serializer):
    id = serializers.CharField(help_text=_("The task's id in the plan (its key)."))
    name = serializers.CharField()
    early_start = serializers.CharField(help_text=WALL_CLOCK)
    early_finish = serializers.CharField(help_text=WALL_CLOCK)
    late_start = serializers.CharField(help_text=WALL_CLOCK)
    late_finish = serializers.CharField(help_text=WALL_CLOCK)
    total_float_minutes = serializers.IntegerField(
        help_text=_("Working minutes the task can slip without moving the finish (may be < 0).")
    )
    free_float_minutes = serializers.IntegerField(
        help_text=_("Working minutes it can slip without moving any successor.")
    )
    critical = serializers.BooleanField()


class ScheduleSerializer(serializers.Serializer):
    project_start = serializers.CharField(help_text=WALL_CLOCK)
    project_finish = serializers.CharField(help_text=WALL_CLOCK)
    critical_path = serializers.ListField(child=serializers.CharField())
    warnings = serializers.ListField(child=serializers.CharField())
    tasks = ScheduledTaskSerializer(many=True)


class ScheduleBufferRequestSerializer(serializers.Serializer):
    basis = NamedChoiceField(
        choices=[("simulation", "simulation"), ("register", "register")],
        enum_name="PlanBufferBasis",
        required=False,
        help_text=_(
            "simulation: P80 of the latest schedule-risk simulation of the plan as it is now "
            "minus its deterministic finish; register: the register's expected delay. Default: "
            "the simulation when there is a current one, else the register."
        ),
    )


class ScheduleBufferSerializer(serializers.Serializer):
    basis = serializers.CharField()
    simulation_days = serializers.FloatField(
        allow_null=True, help_text=_("Working days; null without a current simulation.")
    )
    register_days = serializers.FloatField(help_text=_("Working days."))
    days = serializers.IntegerField(
        allow_null=True, help_text=_("The buffer's duration: the chosen figure rounded up.")
    )
    milestone = serializers.IntegerField(
        allow_null=True, help_text=_("Id of the final milestone the buffer goes before.")
    )
    before = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("Ids of the tasks before the buffer.")
    )
    buffer_task = serializers.IntegerField(
        allow_null=True, help_text=_("Id of the buffer task in the plan, if there is one.")
    )
    problem = serializers.CharField(help_text=_("Why it cannot be added; empty when it can."))
