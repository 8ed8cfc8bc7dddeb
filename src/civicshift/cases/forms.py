from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from civicshift.core.cases import default_in_npv
from civicshift.web.forms import ModelForm

from .models import (
    LINE_INPUT_FIELDS,
    NARRATIVE_FIELDS,
    SETTINGS_FIELDS,
    BusinessCase,
    CaseLine,
    Option,
)


class CaseSettingsForm(ModelForm):
    class Meta:
        model = BusinessCase
        fields = [*SETTINGS_FIELDS, "recommended_option"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommended_option"].queryset = Option.objects.for_org(
            self.instance.organization
        ).filter(case=self.instance)
        self.fields["recommended_option"].empty_label = _("Not decided yet")


class NarrativeForm(ModelForm):
    class Meta:
        model = BusinessCase
        fields = NARRATIVE_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in NARRATIVE_FIELDS}


class OptionForm(ModelForm):
    class Meta:
        model = Option
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


COUNTING = [
    ("auto", _("By category: resident time saved beside the NPV, everything else in it")),
    ("npv", _("In the financial NPV")),
    ("wider", _("Beside the NPV, as a wider social benefit")),
]


THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")


class PerYearField(forms.CharField):
    """Amounts per year typed as "10000, 25000, 0, 40000" (or one per line); a list of texts
    the model checks (CaseLine.per_year_amounts names the year that is not a number)."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value):
        # Amounts are separated by semicolons, new lines, spaces or ", "; a part such as
        # "10,000" (groups of three digits) keeps its thousands separators, any other comma
        # separates ("10000,25000").
        parts = []
        for part in re.split(r"[;\s]+|,\s+", (value or "").strip()):
            if not part:
                continue
            if THOUSANDS.fullmatch(part):
                parts.append(part.replace(",", ""))
            else:
                parts.extend(p for p in part.split(",") if p)
        return parts


class LineForm(ModelForm):
    counting = forms.ChoiceField(
        label=_("Where does it count?"),
        choices=COUNTING,
        initial="auto",
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Money the city spends or saves counts in the NPV. Benefits to residents, "
            "such as time saved, are reported beside it unless you choose otherwise."
        ),
    )

    per_year = PerYearField(
        label=CaseLine._meta.get_field("per_year").verbose_name,
        help_text=CaseLine._meta.get_field("per_year").help_text,
        required=False,
    )

    class Meta:
        model = CaseLine
        fields = LINE_INPUT_FIELDS

    def __init__(self, *args, option: Option, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.option = option
        self.instance.organization = option.organization
        horizon = option.case.horizon_years
        for name in ("first_period", "last_period"):
            self.fields[name].widget.attrs.update({"min": 0, "max": horizon})
        start = option.case.start_year
        years = {"n": horizon, "first": f"FY{start}", "last": f"FY{start + horizon}"}
        self.fields["first_period"].help_text = (
            _("Year 0 is %(first)s, year 1 is the fiscal year after, up to year %(n)s, %(last)s.")
            % years
        )
        self.fields["last_period"].help_text = (
            _(
                "The same as the first year for a one-time amount. The case runs from year 0 "
                "(%(first)s) to year %(n)s (%(last)s)."
            )
            % years
        )
        self.fields["ramp"].help_text = _(
            "Benefits often arrive gradually. Shares of the full amount realised in the first "
            "years, separated by commas, as percentages or decimals: '50%, 80%' (or '0.5, 0.8') "
            "= half in the first year, 80% in the second, all after that."
        )
        for name in ("low", "likely", "high"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "min": 0})
        if self.instance.pk:
            self.initial["counting"] = "npv" if self.instance.in_npv else "wider"

    def clean(self):
        data = super().clean()
        counting = data.get("counting") or "auto"
        if counting == "auto":
            self.instance.in_npv = default_in_npv(data.get("category") or "")
        else:
            self.instance.in_npv = counting == "npv"
        return data

    def service_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in LINE_INPUT_FIELDS}
        fields["in_npv"] = self.instance.in_npv
        return fields
