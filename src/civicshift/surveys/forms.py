"""Forms of the survey builder (editors) and of the open survey page (respondents)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civicshift.core.survey.items import BANKS, load_bank
from civicshift.initiatives.models import Initiative
from civicshift.orgs.models import Department
from civicshift.web.forms import (
    WIDGET_CLASSES,
    CheckboxSelectMultiple,
    Form,
    ModelForm,
    RadioSelect,
    _uswds_widget,
    widget_type,
)

from .models import ItemKind, Survey, SurveyItem

PREFER_NOT = "none"


class SurveyForm(ModelForm):
    class Meta:
        model = Survey
        fields = [
            "title",
            "initiative",
            "change_name",
            "system_name",
            "introduction",
            "status",
            "k",
            "ask_department",
            "require_code",
            "allow_linking",
            "previous_wave",
        ]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = Initiative.objects.for_org(organization)
        previous = Survey.objects.for_org(organization)
        if self.instance.pk:
            previous = previous.exclude(pk=self.instance.pk)
        self.fields["previous_wave"].queryset = previous
        self.fields["k"].min_value = 3
        self.fields["k"].widget.attrs["min"] = 3


class ItemForm(ModelForm):
    choices_text = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For one-choice and several-choice questions: one option per line."),
    )

    class Meta:
        model = SurveyItem
        fields = ["text", "kind", "subscale", "required", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subscale"].help_text = _(
            "Optional: give agree-scale questions the same name to average them into one score."
        )
        if self.instance.pk:
            self.fields["choices_text"].initial = "\n".join(self.instance.choices or [])
        self.order_fields(["text", "kind", "choices_text", "subscale", "required", "position"])

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["choices"] = [c for c in data.pop("choices_text", "").splitlines() if c.strip()]
        return data


class BankForm(Form):
    bank = forms.ChoiceField(
        label=_("Instrument"),
        choices=[],
        help_text=_("Adds all its questions, worded with the change and system named above."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        for bank_id in BANKS:
            bank = load_bank(bank_id)
            choices.append((bank_id, " / ".join(bank.subscales.values())))
        self.fields["bank"].choices = choices


class CodesForm(Form):
    count = forms.IntegerField(
        label=_("How many codes"),
        min_value=1,
        max_value=2000,
        initial=50,
        help_text=_("One per person you invite. Codes are shown once: print or save the list."),
    )


def _likert_choices(points: int):
    if points == 5:
        labels = load_bank("oric").labels
    else:
        labels = (
            _("Strongly disagree"),
            _("Disagree"),
            _("Somewhat disagree"),
            _("Neither agree nor disagree"),
            _("Somewhat agree"),
            _("Agree"),
            _("Strongly agree"),
        )
    return [(str(i + 1), label) for i, label in enumerate(labels)]


class ResponseForm(Form):
    """The respondent's form, built from the survey's questions. Field names are ``q<id>``;
    ``website`` is a honeypot (hidden from people, filled by bots) and ``rt`` the signed
    render token."""

    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    rt = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, survey: Survey, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.items = list(items)
        if survey.require_code:
            self.fields["code"] = forms.CharField(
                label=_("Your one-time code"),
                max_length=40,
                help_text=_("The code on the slip you were given. It works once."),
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )
        if survey.ask_department:
            departments = Department.objects.for_org(survey.organization)
            self.fields["department"] = forms.ChoiceField(
                label=_("Your department"),
                choices=[(str(d.pk), d.name) for d in departments]
                + [(PREFER_NOT, _("Prefer not to say"))],
                widget=RadioSelect,
                help_text=_(
                    "Results are shown for a department only where at least %(k)d people answered."
                )
                % {"k": survey.k},
            )
        for item in self.items:
            name = f"q{item.pk}"
            required = item.required
            if item.points:
                self.fields[name] = forms.TypedChoiceField(
                    label=item.text,
                    choices=_likert_choices(item.points),
                    coerce=int,
                    widget=RadioSelect,
                    required=required,
                )
            elif item.kind == ItemKind.SINGLE:
                self.fields[name] = forms.ChoiceField(
                    label=item.text,
                    choices=[(c, c) for c in item.choices],
                    widget=RadioSelect,
                    required=required,
                )
            elif item.kind == ItemKind.MULTIPLE:
                self.fields[name] = forms.MultipleChoiceField(
                    label=item.text,
                    choices=[(c, c) for c in item.choices],
                    widget=CheckboxSelectMultiple,
                    required=required,
                )
            else:
                self.fields[name] = forms.CharField(
                    label=item.text,
                    required=required,
                    max_length=4000,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    help_text=_(
                        "Please do not write names or details that would identify you or "
                        "anyone else."
                    ),
                )
        if survey.allow_linking:
            self.fields["link_word"] = forms.CharField(
                label=_("Private linking word (optional)"),
                required=False,
                max_length=100,
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
                help_text=_(
                    "Use the same private word in the next survey to let us compare your own "
                    "answers. Pick something only you know, not your name. Leave it empty to "
                    "stay fully unlinked."
                ),
            )

        for name, field in self.fields.items():
            if name in self.base_fields:
                continue
            # Added after the USWDS styling of the base form's __init__: style them the same.
            field.widget = _uswds_widget(field.widget)
            css = WIDGET_CLASSES.get(widget_type(field.widget))
            if css:
                field.widget.attrs["class"] = (
                    field.widget.attrs.get("class", "") + " " + css
                ).strip()

    def answers(self) -> dict:
        out = {}
        for item in self.items:
            value = self.cleaned_data.get(f"q{item.pk}")
            if value in (None, "", []):
                continue
            out[item.key] = value.strip() if isinstance(value, str) else value
        return out

    def department(self):
        value = self.cleaned_data.get("department")
        if not value or value == PREFER_NOT:
            return None
        return Department.objects.for_org(self.survey.organization).filter(pk=value).first()

    def question_fields(self):
        return [self[f"q{i.pk}"] for i in self.items]
