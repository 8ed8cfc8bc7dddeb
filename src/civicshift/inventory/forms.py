"""Forms of the inventory's pages: a system (in fieldsets), a component, the assessment
questionnaire, accepting a risk, asking an owner to review."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicshift.accounts.people import person_name
from civicshift.core.inventory import FLAG_LABELS, questionnaire
from civicshift.orgs.models import Department
from civicshift.web.concurrency import VersionedFormMixin
from civicshift.web.forms import CheckboxSelectMultiple, Form, ModelForm, RadioSelect

from .models import Component, ComponentKind, RegulatedData, System


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_name(obj)


#: The system form's fieldsets: (key, legend, one sentence of help, fields).
SYSTEM_FIELDSETS = [
    (
        "what",
        _("What it is"),
        _("The name staff use, what it does for the town and the product behind it."),
        ["name", "external_id", "category", "capability", "vendor", "product", "product_version"],
    ),
    (
        "who",
        _("Who uses it"),
        _("Departments that would notice if it stopped, and how many people sign in to it."),
        ["departments", "users_count", "criticality"],
    ),
    (
        "cost",
        _("What it costs each year"),
        _(
            "The annual running cost is licence + maintenance + hosting + staff time "
            "(FTE × loaded cost of one FTE). It keeps counting until the system is retired."
        ),
        [
            "cost_licence",
            "cost_maintenance",
            "cost_hosting",
            "staff_fte",
            "staff_loaded_cost",
            "contract_end",
        ],
    ),
    (
        "support",
        _("Vendor support"),
        _(
            "The vendor's dates, not yours: after each the system is less supported. Dates "
            "that have passed still count; the system stays in the risk reports."
        ),
        [
            "hosting",
            "year_deployed",
            "operating_system",
            "support_mainstream_end",
            "support_extended_end",
            "support_esu_end",
        ],
    ),
    (
        "security",
        _("Data and security"),
        _("What it holds decides what protection it needs."),
        ["data_classification", "regulated_data", "mfa", "sso"],
    ),
    (
        "recovery",
        _("Recovery"),
        _("How quickly it must come back after a disaster, and whether a restore was tested."),
        ["rto_hours", "rpo_hours", "backup_status", "backup_tested_on"],
    ),
    (
        "people",
        _("People"),
        _("Who keeps this record current, and how many staff could run it tomorrow."),
        ["owner", "owner_name", "staff_who_know"],
    ),
    (
        "lifecycle",
        _("Your own lifecycle"),
        _(
            "The town's own plan for the system, each phase with the date it starts; the "
            "dates must follow one another. Retired systems leave the running cost."
        ),
        [
            "lifecycle_planned",
            "lifecycle_phase_in",
            "lifecycle_active",
            "lifecycle_phase_out",
            "lifecycle_retired",
            "notes",
        ],
    ),
]

#: Boxes of the form that are not fields of the system (saved through their own service).
FORM_ONLY_FIELDS = {"operating_system"}

SYSTEM_FIELDS = [
    name for *_head, names in SYSTEM_FIELDSETS for name in names if name not in FORM_ONLY_FIELDS
]

DATE_FIELDS = [
    "contract_end",
    "support_mainstream_end",
    "support_extended_end",
    "support_esu_end",
    "backup_tested_on",
    "lifecycle_planned",
    "lifecycle_phase_in",
    "lifecycle_active",
    "lifecycle_phase_out",
    "lifecycle_retired",
]
MONEY_FIELDS = ["cost_licence", "cost_maintenance", "cost_hosting", "staff_loaded_cost"]


def members_of(organization, keep=None):
    """The organization's members (and ``keep``, a current owner who has left)."""
    members = Q(memberships__organization=organization)
    if keep:
        members |= Q(pk=keep)
    return get_user_model().objects.filter(members).distinct().order_by("first_name", "last_name")


class SystemForm(ModelForm):
    operating_system = forms.CharField(
        label=_("Operating system"),
        required=False,
        max_length=200,
        help_text=_(
            "What it runs on, with its version, e.g. 'Windows Server 2012 R2' or 'IBM i 7.1'. "
            "It becomes a component of its own with its vendor's support dates, shared with "
            "the other systems on it; the system is as supported as its operating system."
        ),
    )
    regulated_data = forms.MultipleChoiceField(
        label=_("Regulated data held"),
        choices=RegulatedData.choices,
        required=False,
        widget=CheckboxSelectMultiple,
        help_text=_(
            "Data that laws or contracts protect. Each needs multi-factor sign-in; "
            "without it the system shows a red flag."
        ),
    )

    class Meta:
        model = System
        fields = SYSTEM_FIELDS
        widgets = {
            "departments": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
            **dict.fromkeys(DATE_FIELDS, forms.DateInput),
        }
        field_classes = {"owner": MemberChoiceField}
        help_texts = {
            "owner": _(
                "The member who keeps this record current; review requests go to them. "
                "Someone without an account: type their name below instead."
            ),
            "category": _("Groups the system in reports and the dashboard."),
            "criticality": _("How much harm an outage does; it sets recovery priorities."),
            "hosting": _("Where it runs: this decides who patches it and who backs it up."),
            "year_deployed": _("The year the town started using it (1950 to 2100)."),
            "users_count": _("People who sign in to it, staff and residents."),
            "contract_end": _("A contract ending within six months shows as a red flag."),
            "mfa": _("Whether signing in needs a second factor (a code or a key)."),
            "sso": _("Whether staff sign in with their usual town account."),
            "backup_status": _("A backup counts once a restore from it has been tested."),
            "vendor": _("The company that sells or supports it."),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["departments"].queryset = Department.objects.for_org(organization)
        self.fields["owner"].queryset = members_of(organization, self.instance.owner_id)
        self.fields["owner"].empty_label = _("No member (or type a name below)")
        if self.instance.pk:
            self.initial["regulated_data"] = list(self.instance.regulated_data or [])
            systems = self.instance.components.filter(kind=ComponentKind.OS).order_by("name")
            names = [c.name for c in systems]
            if len(names) == 1:
                self.initial["operating_system"] = names[0]
            elif names:
                self.fields["operating_system"].disabled = True
                self.fields["operating_system"].help_text = _(
                    "It runs on several operating systems (%(names)s): change them on the "
                    "Components page."
                ) % {"names": ", ".join(names)}
        for name in MONEY_FIELDS + ["staff_fte", "rto_hours", "rpo_hours"]:
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "step": "any"})
        for name in MONEY_FIELDS + ["staff_fte"]:
            self.fields[name].required = False  # left empty: nothing spent (0)

    def fieldsets(self):
        """(key, legend, help, bound fields) in the order of :data:`SYSTEM_FIELDSETS`."""
        return [
            (key, legend, help_text, [self[name] for name in names])
            for key, legend, help_text, names in SYSTEM_FIELDSETS
        ]

    def clean(self):
        data = super().clean()
        for name in MONEY_FIELDS + ["staff_fte"]:
            if name in data and data[name] is None:
                data[name] = Decimal(0)
        if data.get("owner") is not None and data.get("owner_name"):
            self.add_error("owner_name", _("Choose a member or type a name, not both."))
        return data

    def service_fields(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in FORM_ONLY_FIELDS}
        data["departments"] = list(data.get("departments") or [])
        data["regulated_data"] = list(data.get("regulated_data") or [])
        return data

    def operating_system_changed(self) -> bool:
        """Whether the "Operating system" box was changed (a system linked to several keeps
        them: the box is then read only)."""
        field = self.fields["operating_system"]
        return not field.disabled and "operating_system" in self.changed_data


class ComponentForm(ModelForm):
    class Meta:
        model = Component
        fields = [
            "name",
            "kind",
            "vendor",
            "product",
            "product_version",
            "support_mainstream_end",
            "support_extended_end",
            "support_esu_end",
            "systems",
            "notes",
        ]
        widgets = {
            "systems": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "support_mainstream_end": forms.DateInput,
            "support_extended_end": forms.DateInput,
            "support_esu_end": forms.DateInput,
        }
        help_texts = {
            "kind": _("An operating system past its support is a red flag of every system on it."),
            "systems": _(
                "Each system is as supported as its least-supported component: linking a "
                "component past its support makes the system past support too."
            ),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["systems"].queryset = System.objects.for_org(organization).order_by("name")

    def clean(self):
        data = super().clean()
        name = (data.get("name") or "").strip()
        same = Component.objects.for_org(self.organization).filter(name__iexact=name)
        if name and same.exclude(pk=self.instance.pk).exists():
            self.add_error("name", _("There is already a component with this name."))
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["systems"] = list(data.get("systems") or [])
        return data


class AssessmentForm(Form):
    """One radio group per question of the questionnaire, each level in words."""

    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you based the answers on, e.g. 'Asked the finance clerks, May 2027'."),
    )

    def __init__(self, *args, initial_answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire()
        initial_answers = initial_answers or {}
        fields = {}
        for criterion in self.questionnaire.criteria:
            fields[criterion.key] = forms.TypedChoiceField(
                label=criterion.question,
                choices=[
                    (str(level), f"{level} — {words}")
                    for level, words in sorted(criterion.levels.items())
                ],
                coerce=int,
                empty_value=None,
                required=False,
                widget=RadioSelect,
                initial=str(initial_answers[criterion.key])
                if criterion.key in initial_answers
                else None,
                help_text=_("Counts towards business value.")
                if criterion.dimension == "value"
                else _("Counts towards technical condition."),
            )
        # The questions first, then the notes.
        notes = self.fields.pop("notes")
        self.fields.update(fields)
        self.fields["notes"] = notes

    def criteria_fields(self):
        return [(criterion, self[criterion.key]) for criterion in self.questionnaire.criteria]

    def clean(self):
        data = super().clean()
        answered = [c.key for c in self.questionnaire.criteria if data.get(c.key) is not None]
        if not answered:
            raise forms.ValidationError(_("Answer at least one question."))
        return data

    def answers(self) -> dict[str, int]:
        return {
            c.key: self.cleaned_data[c.key]
            for c in self.questionnaire.criteria
            if self.cleaned_data.get(c.key) is not None
        }


class AssessmentEditForm(VersionedFormMixin, AssessmentForm):
    """Correcting a saved assessment: its answers, date and notes, with the version it was
    opened at (two people correcting it at once cannot overwrite each other)."""

    def __init__(self, *args, instance, **kwargs):
        self.instance = instance
        kwargs.setdefault("initial", {}).update(
            notes=instance.notes, assessed_on=instance.assessed_on
        )
        super().__init__(*args, initial_answers=dict(instance.answers), **kwargs)
        notes = self.fields.pop("notes")
        self.fields["assessed_on"] = forms.DateField(
            label=_("Assessed on"),
            widget=forms.DateInput,
            help_text=_("The day the answers were true; not in the future."),
        )
        self.fields["notes"] = notes

    def clean_assessed_on(self):
        day = self.cleaned_data["assessed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Choose today or a date in the past."))
        return day


class RiskAcceptForm(Form):
    flag = forms.ChoiceField(label=_("Risk"), choices=[(k, _(v)) for k, v in FLAG_LABELS.items()])
    accepted_by_name = forms.CharField(
        label=_("Accepted by"),
        max_length=150,
        help_text=_("The person with the authority to accept it, e.g. 'Dana Reyes, City Manager'."),
    )
    until = forms.DateField(
        label=_("Accepted until"),
        widget=forms.DateInput,
        help_text=_("After this date the red flag shows again, so the decision is revisited."),
    )
    rationale = forms.CharField(
        label=_("Why"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the record, e.g. 'Replacement funded in the FY2028 budget'."),
    )

    def __init__(self, *args, flags=None, **kwargs):
        super().__init__(*args, **kwargs)
        if flags:
            self.fields["flag"].choices = [(k, _(FLAG_LABELS[k])) for k in flags]

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until <= timezone.localdate():
            raise forms.ValidationError(_("Choose a date in the future."))
        return until


class ReviewRequestForm(Form):
    message = forms.CharField(
        label=_("Message to the owner"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional, e.g. 'Please check the support dates after the upgrade'."),
    )


class BulkReviewForm(Form):
    months = forms.IntegerField(
        label=_("Records not reviewed for at least (months)"),
        min_value=1,
        max_value=120,
        initial=12,
        help_text=_(
            "Every owner with an account whose record was last reviewed this long ago (or "
            "never) gets a request, unless one is already open."
        ),
    )
    message = forms.CharField(
        label=_("Message to the owners"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
