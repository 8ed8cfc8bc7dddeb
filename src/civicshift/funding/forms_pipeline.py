"""Forms of the application pipeline: an application, one checklist item or reporting date,
and the organization's funding profile (SAM.gov registration)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civicshift.web.forms import ModelForm

from .models import ApplicationItem, FundingApplication, FundingProfile, ItemKind

MAX_AMOUNT = 10**12  # a trillion dollars: anything above is a typing error


class ApplicationForm(ModelForm):
    class Meta:
        model = FundingApplication
        fields = [
            "title",
            "stage",
            "interest",
            "pass_reason",
            "due_date",
            "fiscal_year",
            "federal",
            "amount_requested",
            "amount_awarded",
            "local_match_committed",
            "submitted_on",
            "decided_on",
            "decline_reason",
            "notes",
        ]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}),
            "submitted_on": forms.DateInput(attrs={"type": "date"}),
            "decided_on": forms.DateInput(attrs={"type": "date"}),
            "decline_reason": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_fiscal_year(self):
        year = self.cleaned_data.get("fiscal_year")
        if year is not None and not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Give a fiscal year such as 2027."))
        return year

    def _amount(self, name: str):
        value = self.cleaned_data.get(name)
        if value is not None and not 0 <= value < MAX_AMOUNT:
            raise forms.ValidationError(_("Give an amount from $0 to under $1 trillion."))
        return value

    def clean_amount_requested(self):
        return self._amount("amount_requested")

    def clean_amount_awarded(self):
        return self._amount("amount_awarded")

    def clean_local_match_committed(self):
        return self._amount("local_match_committed")


class ItemForm(ModelForm):
    class Meta:
        model = ApplicationItem
        fields = ["kind", "label", "due_date"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"})}
        labels = {"label": _("Document or report")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = ItemKind.DOCUMENT


class ProfileForm(ModelForm):
    class Meta:
        model = FundingProfile
        fields = ["uei", "sam_expires", "grants_contact"]
        widgets = {"sam_expires": forms.DateInput(attrs={"type": "date"})}

    def clean_uei(self):
        uei = self.cleaned_data.get("uei", "").strip().upper()
        if uei and (len(uei) != 12 or not uei.isalnum()):
            raise forms.ValidationError(_("A UEI is 12 letters and digits, such as J7M9HPTGJ1S9."))
        return uei


class AlignmentStatementForm(ModelForm):
    """The alignment statement of one application, carrying the version it was opened at."""

    class Meta:
        model = FundingApplication
        fields = ["alignment_statement"]
        widgets = {"alignment_statement": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, draft: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["alignment_statement"]
        field.max_length = None  # the service says how long is too long, naming the length
        if draft and not (self.instance and self.instance.alignment_statement):
            self.initial["alignment_statement"] = draft
