from __future__ import annotations

import math
import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from civicshift.core.cases import default_in_npv
from civicshift.web.forms import ModelForm, SharedChoiceField, shared_choices_formfield

from .models import (
    LINE_INPUT_FIELDS,
    NARRATIVE_FIELDS,
    OPTIMISM_FIELDS,
    SETTINGS_FIELDS,
    TERMS_FIELDS,
    BusinessCase,
    CaseLine,
    Option,
)

#: Uplifts are refused outside 0 to 300 % (issue 7), as decimals like every rate of the case.
UPLIFT_FIELDS = ("optimism_one_time", "optimism_recurring", "optimism_duration")
#: The decimal rates of the settings page (0.03 = 3 %), checked with a message naming them.
RATE_FIELDS = ("discount_rate", "inflation", "alternative_rate")


def _uplift_message(label) -> str:
    return _(
        "%(field)s: enter an uplift between 0 and 3 as a decimal (0 to 300%%; 0.5 = 50%%)."
    ) % {"field": str(label)[:1].upper() + str(label)[1:]}


class CaseSettingsForm(ModelForm):
    """Years, rate and simulation; the terms of the figures (real or nominal, inflation, the
    headline figures, a second rate); the optimism bias; the recommended option and, when it
    does not have the best NPV, why (the service requires it)."""

    class Meta:
        model = BusinessCase
        fields = [
            *SETTINGS_FIELDS,
            *TERMS_FIELDS,
            *OPTIMISM_FIELDS,
            "recommended_option",
            "recommendation_reason",
        ]
        widgets = {
            "optimism_reason": forms.Textarea(attrs={"rows": 3}),
            "recommendation_reason": forms.Textarea(attrs={"rows": 3}),
        }

    #: Fieldsets of the settings page, in order: (key, legend, fields).
    GROUPS = (
        ("years", _("Years and discount rate"), ("start_year", "horizon_years", "discount_rate")),
        ("basis", _("Real or nominal"), ("basis", "inflation")),
        (
            "lead",
            _("Headline figures and a second rate"),
            ("lead", "alternative_rate", "alternative_rate_label"),
        ),
        ("optimism", _("Optimism bias"), OPTIMISM_FIELDS),
        ("recommendation", _("Recommendation"), ("recommended_option", "recommendation_reason")),
        ("simulation", _("Simulation"), ("payback_target_years", "iterations", "seed")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommended_option"].queryset = Option.objects.for_org(
            self.instance.organization
        ).filter(case=self.instance)
        self.fields["recommended_option"].empty_label = _("Not decided yet")
        for name in UPLIFT_FIELDS:
            self.fields[name].widget.attrs.update(
                {
                    "inputmode": "decimal",
                    "min": 0,
                    "max": 3,
                    "aria-describedby": f"id_{name}_helptext bounds-{name}",
                }
            )
        for name in RATE_FIELDS:
            self.fields[name].widget.attrs.update({"inputmode": "decimal"})

    def groups(self):
        """(legend, bound fields) per fieldset, for the template."""
        return [(key, legend, [self[n] for n in names]) for key, legend, names in self.GROUPS]

    def clean(self):
        data = super().clean()
        for name in UPLIFT_FIELDS:
            value = data.get(name)
            if value is not None and not 0 <= value <= 3:
                self.add_error(name, _uplift_message(self.fields[name].label))
        return data


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
    counting = SharedChoiceField(
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
        help_text=_(
            "Optional, for irregular amounts: one amount for each year from the first year to "
            "the last, separated by commas or spaces, e.g. 10000, 25000, 0, 40000. Leave "
            "'amount (likely)' empty (or it is replaced by their total) and keep 'Single "
            "figure'; the yearly increase and ramp-up are not used."
        ),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )

    #: Where the amounts per year go: after the years they cover, before the increase and ramp
    #: they replace.
    ORDER = (
        "name",
        "kind",
        "category",
        "distribution",
        "low",
        "likely",
        "high",
        "multiplier",
        "first_period",
        "last_period",
        "per_year",
        "escalation",
        "ramp",
        "counting",
    )

    class Meta:
        model = CaseLine
        fields = LINE_INPUT_FIELDS
        #: Its choice fields share their choices between forms instead of deep-copying them at
        #: each keystroke of the live preview (web.forms.SharedChoicesMixin).
        formfield_callback = shared_choices_formfield

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
        self.fields["likely"].required = False  # not needed with amounts per year (clean)
        not_with_per_year = _(" Not used with amounts per year.")
        for name in ("escalation", "ramp"):
            self.fields[name].help_text = f"{self.fields[name].help_text}{not_with_per_year}"
        self.start_year = option.case.start_year
        self.order_fields(self.ORDER)
        if self.instance.pk:
            self.initial["counting"] = "npv" if self.instance.in_npv else "wider"

    def clean_per_year(self):
        """Each amount checked here, so the message names the year (period and fiscal year)."""
        parts = self.cleaned_data.get("per_year") or []
        first = self.cleaned_data.get("first_period") or 0
        for k, part in enumerate(parts):
            where = _("Amount %(n)s (year %(period)s, FY%(fy)s)") % {
                "n": k + 1,
                "period": first + k,
                "fy": self.start_year + first + k,
            }
            try:
                number = float(part)
            except ValueError:
                raise forms.ValidationError(
                    _("%(where)s: “%(value)s” is not a number.") % {"where": where, "value": part}
                ) from None
            if not math.isfinite(number) or number < 0:
                raise forms.ValidationError(
                    _("%(where)s: enter an amount of 0 or more.") % {"where": where}
                )
        return parts

    def clean(self):
        data = super().clean()
        if data.get("likely") is None and not data.get("per_year") and "likely" not in self.errors:
            self.add_error("likely", _("Enter the amount, or give amounts per year below."))
        elif data.get("likely") is None and data.get("per_year"):
            data["likely"] = Decimal("0")  # the model replaces it by the amounts' total
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
