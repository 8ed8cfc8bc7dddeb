"""Forms of the integrations pages, the map and the dashboard.

The filters are plain choice fields filled with the organization's own systems and
departments (a GET filter names no other object by id in a form the tenancy harness sends
foreign ids to; an id that is not among the choices is refused like any unknown choice)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from civicshift.web.forms import Form, ModelForm

from .models import Category, Integration, Method
from .selectors import systems_for
from .selectors_map import departments_of


class IntegrationForm(ModelForm):
    """One interface: from, to, direction, method, frequency and what is exchanged."""

    class Meta:
        model = Integration
        fields = ["source", "target", "direction", "method", "frequency", "data_exchanged", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "direction": _("“Both ways” when each system sends data to the other."),
            "method": _(
                "Manual re-keying means staff type the data in again: it is marked on the map, "
                "as it costs time and causes errors."
            ),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        systems = systems_for(organization).order_by("name")
        self.fields["source"].queryset = systems
        self.fields["target"].queryset = systems
        self.fields["frequency"].required = False

    def clean(self):
        cleaned = super().clean()
        source, target = cleaned.get("source"), cleaned.get("target")
        if source is not None and source == target:
            self.add_error(
                "target",
                ValidationError(
                    _(
                        "“To system” must be another system than “From system” "
                        "(%(name)s): a system cannot connect to itself."
                    ),
                    params={"name": source.name},
                    code="self_connection",
                ),
            )
        return cleaned

    def _post_clean(self):
        # The model's own clean() says the same thing in fewer words; say it once.
        if "target" in self.errors and any(
            e.code == "self_connection" for e in self.errors.as_data()["target"]
        ):
            return
        super()._post_clean()


class IntegrationFilterForm(Form):
    system = forms.TypedChoiceField(label=_("System"), required=False, coerce=int, empty_value=None)
    method = forms.ChoiceField(label=_("Method"), required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system"].choices = [("", _("All systems"))] + [
            (pk, name)
            for pk, name in systems_for(organization).order_by("name").values_list("pk", "name")
        ]
        self.fields["method"].choices = [("", _("All methods")), *Method.choices]


class MapFilterForm(Form):
    category = forms.ChoiceField(label=_("Category"), required=False)
    department = forms.TypedChoiceField(
        label=_("Department"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories")), *Category.choices]
        self.departments = {d.pk: d for d in departments_of(organization)}
        self.fields["department"].choices = [("", _("All departments"))] + [
            (pk, d.name) for pk, d in self.departments.items()
        ]


class TimelineForm(Form):
    by = forms.ChoiceField(
        label=_("Group the end-of-support timeline by"),
        required=False,
        choices=[("quarter", _("Quarter")), ("month", _("Month"))],
    )
