"""An initiative's plan: its tasks in outline order, the links between them, baselines."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicshift.orgs.base import OrgOwnedModel, VersionedModel

from ..fields import WallClockDateTimeField
from .calendars import WorkCalendar
from .choices import Constraint, Distribution, DurationUnit, LinkType

MINUTES_HELP = _("Stored in minutes; shown in the unit chosen beside it.")


class Plan(OrgOwnedModel, VersionedModel):
    initiative = models.OneToOneField(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="plan",
        verbose_name=_("initiative"),
    )
    start = WallClockDateTimeField(
        _("project start"),
        help_text=_("When work begins, in the town's local time. Tasks start from here."),
    )
    calendar = models.ForeignKey(
        WorkCalendar,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("calendar"),
        help_text=_("Working days and hours for the whole plan; empty: the default calendar."),
    )
    promised_finish = models.DateField(
        _("promised finish"),
        null=True,
        blank=True,
        help_text=_("The date promised to council or residents, shown against the forecast."),
    )
    status_date = WallClockDateTimeField(
        _("status date"),
        null=True,
        blank=True,
        help_text=_("Progress is reported as of this moment (earned value, missed tasks)."),
    )
    minutes_per_day = models.PositiveIntegerField(
        _("minutes in a working day"),
        default=480,
        validators=[MinValueValidator(1), MaxValueValidator(1440)],
        help_text=_("What “1 day” of duration means: 480 minutes is 8 hours."),
    )
    minutes_per_week = models.PositiveIntegerField(
        _("minutes in a working week"),
        default=2400,
        validators=[MinValueValidator(1), MaxValueValidator(10080)],
    )
    days_per_month = models.PositiveIntegerField(
        _("working days in a month"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    critical_slack_limit_days = models.PositiveIntegerField(
        _("critical when float is at most (days)"),
        default=0,
        help_text=_("A task is critical when it can slip at most this many days."),
    )
    honor_constraints = models.BooleanField(
        _("dates typed on tasks win over links"),
        default=True,
        help_text=_(
            "As in Microsoft Project: a fixed date that the links cannot meet shows as "
            "negative float instead of moving."
        ),
    )
    source_name = models.CharField(
        _("imported from"), max_length=255, blank=True, help_text=_("The file it came from.")
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("plan")

    def __str__(self) -> str:
        return str(self.initiative)


class PlanTask(OrgOwnedModel, VersionedModel):
    """A task, a phase (a task with tasks under it) or a milestone. ``position`` orders the
    outline; ``parent`` makes the tree (a phase's tasks follow it)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("plan")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("phase"),
        help_text=_("The phase this task belongs to."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    key = models.CharField(
        _("task id"),
        max_length=40,
        help_text=_("A short id, unique in the plan, that links and files use (e.g. A, 1.2, 17)."),
    )
    wbs = models.CharField(
        _("WBS code"), max_length=40, blank=True, help_text=_("Outline number, e.g. 2.3.")
    )
    name = models.CharField(_("name"), max_length=255)
    duration_minutes = models.PositiveIntegerField(_("duration"), default=0, help_text=MINUTES_HELP)
    duration_unit = models.CharField(
        _("unit"), max_length=3, choices=DurationUnit.choices, default=DurationUnit.DAYS
    )
    milestone = models.BooleanField(
        _("milestone"),
        null=True,
        blank=True,
        help_text=_("A checkpoint with no duration; empty: a milestone when the duration is 0."),
    )
    optimistic_minutes = models.PositiveIntegerField(
        _("optimistic duration"), null=True, blank=True, help_text=MINUTES_HELP
    )
    pessimistic_minutes = models.PositiveIntegerField(
        _("pessimistic duration"), null=True, blank=True, help_text=MINUTES_HELP
    )
    distribution = models.CharField(
        _("distribution"),
        max_length=12,
        choices=Distribution.choices,
        default=Distribution.PERT,
        help_text=_("How the schedule-risk simulation draws durations between the estimates."),
    )
    constraint = models.CharField(
        _("date constraint"), max_length=4, choices=Constraint.choices, default=Constraint.ASAP
    )
    constraint_date = WallClockDateTimeField(_("constraint date"), null=True, blank=True)
    deadline = WallClockDateTimeField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("A target that does not move the task, but shows when it would be missed."),
    )
    calendar = models.ForeignKey(
        WorkCalendar,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("task calendar"),
        help_text=_("Only when this task works other hours than the plan."),
    )
    owner = models.CharField(
        _("owner"), max_length=150, blank=True, help_text=_("The person or team doing it.")
    )
    department = models.ForeignKey(
        "orgs.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    percent_complete = models.DecimalField(
        _("% complete"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    actual_start = WallClockDateTimeField(_("actual start"), null=True, blank=True)
    actual_finish = WallClockDateTimeField(_("actual finish"), null=True, blank=True)
    cost = models.DecimalField(
        _("budgeted cost"),
        max_digits=14,
        decimal_places=2,
        default=0,
        help_text=_("What the task is planned to cost, for earned value."),
    )
    actual_cost = models.DecimalField(
        _("actual cost so far"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive tasks stay in the plan but are not scheduled."),
    )
    notes = models.TextField(_("notes"), blank=True)
    schedule_buffer = models.BooleanField(
        _("schedule contingency buffer"),
        default=False,
        editable=False,
        help_text=_(
            "The task that holds the risks' schedule buffer before the final milestone, added "
            "and updated by “Add the schedule buffer to the plan”."
        ),
    )

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = _("task")
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="plans_task_key_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id and self.parent.plan_id != self.plan_id:
            raise ValidationError({"parent": _("The phase must be in the same plan.")})
        if self.constraint in (Constraint.ASAP, Constraint.ALAP):
            self.constraint_date = None
        elif self.constraint_date is None:
            raise ValidationError({"constraint_date": _("This kind of constraint needs a date.")})
        low, high = self.optimistic_minutes, self.pessimistic_minutes
        if (low is None) != (high is None):
            raise ValidationError(
                {"pessimistic_minutes": _("Give both the optimistic and the pessimistic duration.")}
            )
        if low is not None and not low <= self.duration_minutes <= high:
            raise ValidationError(
                {"optimistic_minutes": _("Optimistic ≤ likely (the duration) ≤ pessimistic.")}
            )
        if self.actual_start and self.actual_finish and self.actual_finish < self.actual_start:
            raise ValidationError({"actual_finish": _("It cannot finish before it started.")})


class PlanLink(OrgOwnedModel, VersionedModel):
    """A dependency: the successor waits on the predecessor, with a lag (negative: a lead)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="links", verbose_name=_("plan")
    )
    predecessor = models.ForeignKey(
        PlanTask,
        on_delete=models.CASCADE,
        related_name="successor_links",
        verbose_name=_("predecessor"),
    )
    successor = models.ForeignKey(
        PlanTask,
        on_delete=models.CASCADE,
        related_name="predecessor_links",
        verbose_name=_("successor"),
    )
    type = models.CharField(_("type"), max_length=2, choices=LinkType.choices, default=LinkType.FS)
    lag_minutes = models.IntegerField(
        _("lag"), default=0, help_text=_("Waiting time after the link; negative for an overlap.")
    )
    lag_unit = models.CharField(
        _("lag unit"), max_length=3, choices=DurationUnit.choices, default=DurationUnit.DAYS
    )
    lag_percent = models.DecimalField(
        _("lag as % of the predecessor"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Instead of a fixed lag: this share of the predecessor's duration."),
    )

    class Meta:
        ordering = ["plan", "successor__position", "predecessor__position"]
        verbose_name = _("link")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"],
                name="plans_link_unique",
                violation_error_message=_("These two tasks are already linked."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.type})"

    def clean(self) -> None:
        if self.predecessor_id and self.predecessor_id == self.successor_id:
            raise ValidationError({"successor": _("A task cannot depend on itself.")})
        for end in ("predecessor", "successor"):
            task = getattr(self, end, None) if getattr(self, f"{end}_id") else None
            if task is not None and task.plan_id != self.plan_id:
                raise ValidationError({end: _("Both tasks must be in this plan.")})


class Baseline(OrgOwnedModel):
    """The plan as it was agreed, kept to measure variance: each task's dates, duration, cost."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="baselines", verbose_name=_("plan")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("e.g. Council approval."))
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saved by"),
    )
    tasks = models.JSONField(
        _("task dates"),
        default=dict,
        blank=True,
        help_text=_("Per task id: start, finish, duration in minutes and cost, as saved."),
    )
    project_finish = WallClockDateTimeField(_("finish"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = ["created_at", "id"]
        verbose_name = _("baseline")

    def __str__(self) -> str:
        return self.name
