from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civicshift.accounts.people import person_name
from civicshift.orgs.models import Department, StrategicGoal
from civicshift.web.forms import Form, ModelForm

from .models import Initiative, Status


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_name(obj)


class InitiativeForm(ModelForm):
    tag_names = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_(
            "Words that help find it later, separated by commas, e.g. 'residents, cloud, ARPA'."
        ),
    )

    class Meta:
        model = Initiative
        fields = [
            "title",
            "problem_statement",
            "proposed_solution",
            "sponsor_departments",
            "owner",
            "goals",
            "cost_low",
            "cost_high",
            "target_start",
            "target_end",
        ]
        widgets = {
            "problem_statement": forms.Textarea(attrs={"rows": 4}),
            "proposed_solution": forms.Textarea(attrs={"rows": 4}),
            "sponsor_departments": forms.CheckboxSelectMultiple,
            "goals": forms.CheckboxSelectMultiple,
            "target_start": forms.DateInput,
            "target_end": forms.DateInput,
        }
        field_classes = {"owner": MemberChoiceField}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sponsor_departments"].queryset = Department.objects.for_org(organization)
        self.fields["goals"].queryset = StrategicGoal.objects.for_org(organization)
        # Members, plus the current owner even if they have left (so saving keeps them).
        members = Q(memberships__organization=organization)
        if self.instance.owner_id:
            members |= Q(pk=self.instance.owner_id)
        self.fields["owner"].queryset = (
            get_user_model().objects.filter(members).distinct().order_by("first_name", "last_name")
        )
        self.fields["owner"].empty_label = _("No owner yet")
        # Any amount: cents and figures in the billions both pass (a step of 1000 made the
        # browser refuse 1250.50).
        for name in ("cost_low", "cost_high"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "step": "any"})
        if self.instance.pk:
            self.initial["tag_names"] = ", ".join(t.name for t in self.instance.tags.all())

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["tag_names"] = [t for t in data.pop("tag_names", "").split(",") if t.strip()]
        data["sponsor_departments"] = list(data["sponsor_departments"])
        data["goals"] = list(data["goals"])
        return data


class StatusChangeForm(Form):
    to_status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(
        label=_("Why"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("For the record, e.g. 'Council approved on March 4 (resolution 2027-12)'."),
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s.value, Status(s.value).label) for s in targets]
