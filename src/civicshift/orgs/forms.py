from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civicshift.web.concurrency import version_field
from civicshift.web.forms import Form, ModelForm

from .models import (
    ORGANIZATION_SETTINGS,
    Department,
    Organization,
    StrategicGoal,
    default_time_zone,
    time_zone_choices,
)
from .roles import ROLE_HELP, Role


class DepartmentForm(ModelForm):
    class Meta:
        model = Department
        fields = ["name", "code", "head"]


class GoalForm(ModelForm):
    class Meta:
        model = StrategicGoal
        fields = ["code", "statement", "description", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


ORG_FIELDS = list(ORGANIZATION_SETTINGS)


class TimeZoneFormMixin:
    """The organization's time zone chosen from the machine's IANA list."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"] = forms.ChoiceField(
            label=self.fields["time_zone"].label,
            help_text=self.fields["time_zone"].help_text,
            choices=time_zone_choices,
            initial=self.fields["time_zone"].initial,
            required=False,
        )
        self.fields["time_zone"].widget.attrs["class"] = "usa-select"

    def clean_time_zone(self) -> str:
        """Left out (an older form, a script): the zone stays as it is."""
        return self.cleaned_data["time_zone"] or self.instance.time_zone or default_time_zone()


class OrganizationSettingsForm(TimeZoneFormMixin, ModelForm):
    class Meta:
        model = Organization
        fields = ORG_FIELDS


class OrganizationCreateForm(TimeZoneFormMixin, ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "slug", *ORG_FIELDS[1:]]

    def validate_unique(self):
        """The service refuses duplicate slugs with a clearer message."""


def _role_help() -> str:
    return " ".join(f"{Role(r).label}: {text}" for r, text in ROLE_HELP.items())


class InviteForm(Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The invitation link is sent here. It works for 14 days."),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=Role.choices, initial=Role.VIEWER, help_text=_role_help
    )


class RoleForm(Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    #: The membership's version when the list was shown (``web.concurrency``).
    version = version_field()
