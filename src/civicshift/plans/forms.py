"""Forms of the plan pages. Durations and lags are typed as people say them (3d, 4h, 2ed,
−1d, 50 %) and stored in minutes (``core.schedule.durations``)."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civicshift.core.schedule import durations
from civicshift.initiatives.forms import MemberChoiceField
from civicshift.orgs.models import Department
from civicshift.web.forms import Form, ModelForm

from .fields import WallClockFormField
from .models import (
    RISK_FIELDS,
    Plan,
    PlanLink,
    PlanTask,
    Risk,
    RiskAction,
    RiskIssue,
    WorkCalendar,
)


def members_of(organization, keep=None):
    """The organization's members (and ``keep``, an owner who has since left); none for no
    organization."""
    if organization is None:
        return get_user_model().objects.none()
    members = Q(memberships__organization=organization)
    if keep:
        members |= Q(pk=keep)
    return get_user_model().objects.filter(members).distinct().order_by("first_name", "last_name")


DURATION_HELP = _(
    "A number and a unit: 3d (working days), 4h (working hours), 2w (working weeks), "
    "1mo; 2ed is two calendar days, nights and weekends included. 0d is a milestone."
)
WEEKDAYS = [
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
]


def units_of(plan: Plan) -> durations.Units:
    return durations.Units(plan.minutes_per_day, plan.minutes_per_week, plan.days_per_month)


class WallClockInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def wall_clock(label, *, required=False, help_text=""):
    return WallClockFormField(
        label=label, required=required, help_text=help_text, widget=WallClockInput
    )


class DurationField(forms.CharField):
    def __init__(self, *args, units=None, allow_negative=False, allow_percent=False, **kwargs):
        self.units = units or durations.Units()
        self.allow_negative, self.allow_percent = allow_negative, allow_percent
        super().__init__(*args, max_length=20, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        try:
            return durations.parse(
                value,
                self.units,
                allow_negative=self.allow_negative,
                allow_percent=self.allow_percent,
            )
        except durations.DurationSyntaxError as exc:
            raise ValidationError(str(exc)) from exc


# --- calendars -------------------------------------------------------------------------------


def _format_periods(periods) -> str:
    return ", ".join(f"{a // 60:02d}:{a % 60:02d}–{b // 60:02d}:{b % 60:02d}" for a, b in periods)


_PERIOD = r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$"


def parse_periods(text: str) -> list[list[int]]:
    periods = []
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        match = re.match(_PERIOD, part)
        if not match:
            raise ValidationError(
                _("“%(part)s” is not a period of hours: write 08:00–12:00.") % {"part": part}
            )
        h1, m1, h2, m2 = map(int, match.groups())
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if not (0 <= start < end <= 1440 and m1 < 60 and m2 < 60):
            raise ValidationError(
                _("“%(part)s”: the end must be after the start, within the day.") % {"part": part}
            )
        if periods and start < periods[-1][1]:
            raise ValidationError(_("Write the periods in order, without overlaps."))
        periods.append([start, end])
    return periods


class CalendarForm(ModelForm):
    class Meta:
        model = WorkCalendar
        fields = ["name", "is_default"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        week = (
            self.instance.week if self.instance.pk else [[[480, 720], [780, 1020]]] * 5 + [[], []]
        )
        for index, day in enumerate(WEEKDAYS):
            self.fields[f"day_{index}"] = forms.CharField(
                label=day,
                required=False,
                initial=_format_periods(week[index]),
                help_text=_("Working hours, e.g. 08:00–12:00, 13:00–17:00. Empty: not worked.")
                if index == 0
                else "",
            )
        # Added after the USWDS mixin styled the model's fields: style them the same.
        for index in range(7):
            self.fields[f"day_{index}"].widget.attrs["class"] = "usa-input"

    def clean(self):
        data = super().clean()
        week = []
        for index in range(7):
            try:
                week.append(parse_periods(data.get(f"day_{index}", "")))
            except ValidationError as exc:
                self.add_error(f"day_{index}", exc)
                week.append([])
        if not any(week) and not self.errors:
            raise ValidationError(_("A calendar needs working hours on at least one day."))
        data["week"] = week
        self.instance.week = week  # not a form field: the model's own checks need it
        for index in range(7):
            data.pop(f"day_{index}", None)
        return data


class CalendarExceptionForm(Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, required=False, help_text=_("e.g. Labor Day.")
    )
    start = forms.DateField(label=_("First day"))
    finish = forms.DateField(
        label=_("Last day"), required=False, help_text=_("Empty for a single day.")
    )
    hours = forms.CharField(
        label=_("Working hours that day"),
        required=False,
        help_text=_("Empty for a day off; otherwise e.g. 08:00–12:00."),
    )

    def clean_hours(self):
        return parse_periods(self.cleaned_data.get("hours", ""))


# --- plans -----------------------------------------------------------------------------------


class PlanForm(ModelForm):
    start = wall_clock(
        _("Project start"), required=True, help_text=_("When work begins, in your local time.")
    )
    status_date = wall_clock(
        _("Status date"),
        help_text=_("Progress is reported as of this moment (earned value, missed tasks)."),
    )

    class Meta:
        model = Plan
        fields = [
            "start",
            "calendar",
            "promised_finish",
            "status_date",
            "minutes_per_day",
            "critical_slack_limit_days",
            "honor_constraints",
        ]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["calendar"].queryset = WorkCalendar.objects.for_org(organization)


class TaskForm(ModelForm):
    duration = DurationField(label=_("Duration"), help_text=DURATION_HELP)
    optimistic = DurationField(
        label=_("Optimistic duration"),
        required=False,
        help_text=_("For the schedule-risk simulation: the duration if all goes well."),
    )
    pessimistic = DurationField(
        label=_("Pessimistic duration"),
        required=False,
        help_text=_("The duration if most things go wrong (not the worst imaginable)."),
    )
    constraint_date = wall_clock(_("Constraint date"))
    deadline = wall_clock(
        _("Deadline"),
        help_text=_("A target that does not move the task, but shows when it would be missed."),
    )
    actual_start = wall_clock(_("Actual start"))
    actual_finish = wall_clock(_("Actual finish"))

    class Meta:
        model = PlanTask
        fields = [
            "key",
            "name",
            "parent",
            "duration",
            "milestone",
            "optimistic",
            "pessimistic",
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
        ]

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.plan = plan  # the model's checks compare the phase's plan with it
        units = units_of(plan)
        for name in ("duration", "optimistic", "pessimistic"):
            self.fields[name].units = units
        inst = self.instance
        if inst.pk:
            unit = inst.duration_unit
            self.initial["duration"] = durations.format(
                durations.Duration(inst.duration_minutes, unit=unit), units
            )
            for name in ("optimistic", "pessimistic"):
                minutes = getattr(inst, f"{name}_minutes")
                if minutes is not None:
                    self.initial[name] = durations.format(
                        durations.Duration(minutes, unit=unit), units
                    )
        else:
            self.initial.setdefault("duration", "1d")
        self.fields["key"].required = False
        org = plan.organization
        phases = PlanTask.objects.for_org(org).filter(plan=plan)
        if inst.pk:
            phases = phases.exclude(pk=inst.pk)
        self.fields["parent"].queryset = phases.order_by("position")
        self.fields["calendar"].queryset = WorkCalendar.objects.for_org(org)
        self.fields["department"].queryset = Department.objects.for_org(org)

    def clean(self):
        data = super().clean()
        duration = data.pop("duration", None)
        if duration is not None:
            data["duration_minutes"] = duration[0].minutes
            data["duration_unit"] = duration[0].unit
        for name in ("optimistic", "pessimistic"):
            value = data.pop(name, None)
            data[f"{name}_minutes"] = None if value is None else value[0].minutes
        return data


class LinkForm(ModelForm):
    lag = DurationField(
        label=_("Lag"),
        required=False,
        allow_negative=True,
        allow_percent=True,
        help_text=_(
            "Waiting time after the link, e.g. 2d; negative to overlap (−1d); or a "
            "share of the predecessor, 50%. Empty: none."
        ),
    )

    class Meta:
        model = PlanLink
        fields = ["predecessor", "successor", "type", "lag"]

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        tasks = PlanTask.objects.for_org(plan.organization).filter(plan=plan).order_by("position")
        self.fields["predecessor"].queryset = tasks
        self.fields["successor"].queryset = tasks
        self.fields["lag"].units = units_of(plan)
        inst = self.instance
        if inst.pk:
            self.initial["lag"] = (
                f"{inst.lag_percent.normalize()}%"
                if inst.lag_percent is not None
                else durations.format(
                    durations.Duration(inst.lag_minutes, unit=inst.lag_unit), units_of(plan)
                )
            )

    def clean(self):
        data = super().clean()
        lag = data.pop("lag", None)
        if lag is None:
            data.update(lag_minutes=0, lag_unit="d", lag_percent=None)
        else:
            duration, percent = lag
            data.update(lag_minutes=duration.minutes, lag_unit=duration.unit, lag_percent=percent)
        return data


class BaselineForm(Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        required=False,
        help_text=_("e.g. “As approved by council, March 2027”."),
    )


# --- risks -----------------------------------------------------------------------------------


class RiskForm(ModelForm):
    class Meta:
        model = Risk
        fields = [*RISK_FIELDS, "status"]
        widgets = {
            "cause": forms.Textarea(attrs={"rows": 2}),
            "event": forms.Textarea(attrs={"rows": 2}),
            "effect": forms.Textarea(attrs={"rows": 2}),
            "contingency_plan": forms.Textarea(attrs={"rows": 3}),
            "acceptance_rationale": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"owner": MemberChoiceField}

    def __init__(self, *args, organization, initiative=None, **kwargs):
        super().__init__(*args, **kwargs)
        tasks = PlanTask.objects.for_org(organization)
        tasks = tasks.filter(plan__initiative=initiative) if initiative else tasks.none()
        self.fields["tasks"].queryset = tasks.order_by("position")
        self.fields["owner"].queryset = members_of(organization, self.instance.owner_id)


class RiskActionForm(ModelForm):
    class Meta:
        model = RiskAction
        fields = ["description", "task", "due_on", "done"]

    def __init__(self, *args, organization, initiative=None, **kwargs):
        super().__init__(*args, **kwargs)
        tasks = PlanTask.objects.for_org(organization)
        tasks = tasks.filter(plan__initiative=initiative) if initiative else tasks.none()
        self.fields["task"].queryset = tasks.order_by("position")


class IssueForm(ModelForm):
    class Meta:
        model = RiskIssue
        fields = ["title", "owner", "status", "resolution"]
        field_classes = {"owner": MemberChoiceField}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members_of(organization, self.instance.owner_id)


_AFTER = re.compile(r"^\s*([A-Za-z0-9][\w.-]*?)\s*(FS|SS|FF|SF)?\s*(?:([+-])\s*(\S+))?\s*$", re.I)


def parse_after(text: str, *, plan: Plan) -> list[tuple[PlanTask, str, int, str, float | None]]:
    """``3, 4SS+2d, 7FF-1d, 9FS+50%`` (Microsoft Project's Predecessors column) → the task,
    link type, lag minutes, lag unit and lag percent of each predecessor."""
    tasks = {
        t.key.lower(): t for t in PlanTask.objects.for_org(plan.organization).filter(plan=plan)
    }
    result, seen = [], set()
    for item in filter(None, (p.strip() for p in re.split(r"[,;]", text or ""))):
        match = _AFTER.match(item)
        if not match:
            raise ValidationError(
                _(
                    "“%(item)s” is not a predecessor: write a task id, then optionally SS, FF or "
                    "SF and a lag, e.g. 4SS+2d."
                )
                % {"item": item}
            )
        key, kind, sign, lag_text = match.groups()
        task = tasks.get(key.lower())
        if task is None:
            raise ValidationError(_("No task of this plan has the id “%(key)s”.") % {"key": key})
        if task.pk in seen:
            raise ValidationError(_("Task “%(key)s” is listed twice.") % {"key": key})
        seen.add(task.pk)
        minutes, unit, percent = 0, "d", None
        if lag_text:
            try:
                lag, percent = durations.parse(
                    sign + lag_text, units_of(plan), allow_negative=True, allow_percent=True
                )
            except durations.DurationSyntaxError as exc:
                raise ValidationError(f"{item}: {exc}") from exc
            minutes, unit = lag.minutes, lag.unit
        result.append((task, (kind or "FS").upper(), minutes, unit, percent))
    return result


class QuickTaskForm(Form):
    """One cell of the task table edited in place: the duration, or the predecessors."""

    duration = DurationField(label=_("Duration"), required=False)
    after = forms.CharField(label=_("After (predecessors)"), required=False, max_length=500)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["duration"].units = units_of(plan)

    def clean_after(self):
        if "after" not in self.data:
            return None
        return parse_after(self.cleaned_data.get("after", ""), plan=self.plan)


PLAN_FILES = (".xml", ".mspdi", ".yaml", ".yml", ".json")


class PlanImportForm(Form):
    file = forms.FileField(
        label=_("A plan file"),
        help_text=_(
            "Microsoft Project or ProjectLibre saved as XML (File › Save As › XML), or a "
            "CivicShift plan file (.yaml or .json), up to 50 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(PLAN_FILES)}),
    )

    def clean_file(self):
        from civicshift.formats import safety
        from civicshift.formats.plan import MAX_PLAN_BYTES

        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(PLAN_FILES):
            raise ValidationError(
                _(
                    "“%(name)s” is not a plan file this reads: choose a Microsoft Project XML "
                    "file or a .yaml or .json plan file."
                )
                % {"name": upload.name}
            )
        try:
            self.content = safety.read_bounded(upload, max_bytes=MAX_PLAN_BYTES, name=upload.name)
        except safety.UnsafeFileError as exc:
            raise ValidationError(str(exc)) from None
        return upload


class TemplateForm(Form):
    template = forms.ChoiceField(
        label=_("Plan template"),
        help_text=_(
            "The phases and tasks such projects really have, with typical durations and the "
            "risks they usually meet. Adjust them afterwards."
        ),
    )
    start = WallClockFormField(
        label=_("Project start"),
        widget=WallClockInput,
        help_text=_("When work begins, in your local time."),
    )
    budget = forms.DecimalField(
        label=_("Budget (optional)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=_("The project's budget: the risks' costs are estimated as shares of it."),
    )

    def __init__(self, *args, **kwargs):
        from civicshift.core.plan_templates import load_templates

        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [
            (t.id, t.title) for t in sorted(load_templates().values(), key=lambda t: t.title)
        ]


class SimulationForm(Form):
    iterations = forms.IntegerField(
        label=_("Number of simulated futures"),
        initial=5000,
        min_value=100,
        max_value=100_000,
        help_text=_(
            "Each future draws every uncertain task's duration between its optimistic and "
            "pessimistic estimates, and whether each risk happens. 5,000 is plenty."
        ),
    )
    seed = forms.IntegerField(
        label=_("Seed"),
        initial=1,
        min_value=0,
        max_value=2**32 - 1,
        help_text=_("The same seed and plan always give the same figures."),
    )
