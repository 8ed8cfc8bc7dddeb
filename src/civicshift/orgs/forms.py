from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civicshift.web.concurrency import version_field
from civicshift.web.forms import Form, ModelForm

from .models import ORGANIZATION_SETTINGS, Department, Organization, StrategicGoal
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


class OrganizationSettingsForm(ModelForm):
    class Meta:
        model = Organization
        fields = ORG_FIELDS


class OrganizationCreateForm(ModelForm):
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
