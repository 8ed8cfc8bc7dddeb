"""Forms of the initiative's Systems tab."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civicshift.cases.models import Option
from civicshift.web.forms import Form

from .models import Relation, System

PART_LABELS = {
    "licence": _("Licence fees"),
    "maintenance": _("Maintenance contract"),
    "hosting": _("Hosting"),
    "staff": _("Staff time"),
}


class LinkForm(Form):
    system = forms.ModelChoiceField(
        label=_("System"), queryset=System.objects.none(), empty_label=_("Choose a system")
    )
    relation = forms.ChoiceField(
        label=_("What this initiative does to it"),
        choices=Relation.choices,
        help_text=_(
            "An initiative that replaces or retires a system is its successor: the system's "
            "running costs can become avoided costs in the business case."
        ),
    )
    notes = forms.CharField(label=_("Notes"), max_length=300, required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system"].queryset = System.objects.for_org(organization).order_by("name")


class AvoidedCostsForm(Form):
    option = forms.ModelChoiceField(
        label=_("Add them to option"),
        queryset=Option.objects.none(),
        empty_label=None,
        help_text=_("The option of the business case that retires the system."),
    )
    parts = forms.MultipleChoiceField(
        label=_("Costs that stop"),
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Fees the town no longer pays become cashable savings; staff time released is a "
            "benefit, but not cash unless posts are cut."
        ),
    )
    first_period = forms.IntegerField(
        label=_("First year without it"),
        min_value=0,
        help_text=_(
            "Year of the case from which the costs stop: 0 is the case's first fiscal year, "
            "1 the next, and so on."
        ),
    )
    last_period = forms.IntegerField(
        label=_("Last year counted"), min_value=0, help_text=_("Usually the case's last year.")
    )

    def __init__(self, *args, options, parts, horizon, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option"].queryset = options
        self.fields["parts"].choices = [(p, PART_LABELS[p]) for p in parts]
        self.fields["first_period"].max_value = horizon
        self.fields["last_period"].max_value = horizon
        self.fields["first_period"].widget.attrs["max"] = horizon
        self.fields["last_period"].widget.attrs["max"] = horizon

    def clean(self):
        data = super().clean()
        first, last = data.get("first_period"), data.get("last_period")
        if first and last and last < first:
            self.add_error("last_period", _("The last year comes after the first."))
        return data
