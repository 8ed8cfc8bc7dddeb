"""Forms of an evaluation. Choices naming other rows are the organization's own."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from civicshift.orgs.models import Membership
from civicshift.web.forms import Form, ModelForm

from .models import CooperativeContract, Criterion, Evaluation, MilestoneKind, Proposal, Vendor


class EvaluationForm(ModelForm):
    class Meta:
        model = Evaluation
        fields = [
            "title",
            "solicitation",
            "cooperative_contract",
            "justification",
            "weight_method",
            "price_points",
            "withhold_personal_notes",
        ]
        widgets = {"justification": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cooperative_contract"].queryset = CooperativeContract.objects.for_org(
            organization
        ).select_related("vendor")


class MilestoneForm(Form):
    kind = forms.ChoiceField(label=_("Milestone"), choices=MilestoneKind.choices)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput())


class ProposalForm(ModelForm):
    class Meta:
        model = Proposal
        fields = ["vendor", "price", "one_time_cost", "annual_cost", "received_on", "notes"]
        widgets = {"received_on": forms.DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vendor"].queryset = Vendor.objects.for_org(organization)


class DocumentForm(Form):
    file = forms.FileField(
        label=_("Document"),
        help_text=_("PDF, Word, Excel, PowerPoint or plain text, up to 20 MB."),
    )


class CriterionForm(ModelForm):
    class Meta:
        model = Criterion
        fields = ["parent", "name", "description", "anchor_low", "anchor_mid", "anchor_high"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Criterion.objects.for_org(evaluation.organization).filter(
            evaluation=evaluation
        )


class PanelMemberForm(Form):
    user = forms.ModelChoiceField(
        label=_("Evaluator"),
        queryset=get_user_model().objects.none(),
        help_text=_("A member of the organization with any role."),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        ids = Membership.objects.filter(organization=organization).values("user_id")
        field = self.fields["user"]
        field.queryset = get_user_model().objects.filter(pk__in=ids).order_by("pk")
        from civicshift.accounts.templatetags.people import person

        field.label_from_instance = person
