"""Forms of the vendor registry. Choices that name other rows are the organization's own."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civicshift.inventory.models import System
from civicshift.web.forms import ModelForm

from .models import (
    Certification,
    CooperativeContract,
    Evaluation,
    PerformanceRecord,
    Vendor,
    VendorContact,
    VendorProduct,
    VendorReference,
)


class VendorForm(ModelForm):
    not_a_duplicate = forms.BooleanField(
        label=_("This is a different company from the ones listed above"),
        required=False,
        help_text=_("Tick only after checking: two records of one company split its history."),
    )

    class Meta:
        model = Vendor
        fields = [
            "name",
            "tax_id",
            "website",
            "address",
            "acr_date",
            "acr_edition",
            "insurance_carrier",
            "general_liability",
            "cyber_liability",
            "insurance_expires",
            "notes",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "acr_date": forms.DateInput(),
            "insurance_expires": forms.DateInput(),
        }

    def __init__(self, *args, duplicates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicates = duplicates or []
        if not self.duplicates:
            del self.fields["not_a_duplicate"]


class ContactForm(ModelForm):
    class Meta:
        model = VendorContact
        fields = ["name", "title", "email", "phone"]


class ProductForm(ModelForm):
    class Meta:
        model = VendorProduct
        fields = ["name", "description", "systems"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["systems"].queryset = System.objects.for_org(organization)


class ContractForm(ModelForm):
    class Meta:
        model = CooperativeContract
        fields = ["program", "number", "title", "expires"]
        widgets = {"expires": forms.DateInput()}


class CertificationForm(ModelForm):
    class Meta:
        model = Certification
        fields = ["kind", "level", "report_date", "period_start", "period_end", "expires"]
        widgets = {
            "report_date": forms.DateInput(),
            "period_start": forms.DateInput(),
            "period_end": forms.DateInput(),
            "expires": forms.DateInput(),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


class ReferenceForm(ModelForm):
    class Meta:
        model = VendorReference
        fields = ["customer", "contact_name", "contact_email", "contact_phone", "project"]


class PerformanceForm(ModelForm):
    class Meta:
        model = PerformanceRecord
        fields = [
            "contract",
            "evaluation",
            "period_start",
            "period_end",
            "value",
            *PerformanceRecord.ASPECTS,
            "hire_again",
            "comments",
        ]
        widgets = {
            "period_start": forms.DateInput(),
            "period_end": forms.DateInput(),
            "comments": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organization, vendor, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the evaluations this vendor took part in.
        self.fields["evaluation"].queryset = (
            Evaluation.objects.for_org(organization)
            .filter(proposals__vendor=vendor)
            .distinct()
            .order_by("-id")
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


ITEM_FORMS = {
    "contact": (ContactForm, _("Add a contact")),
    "product": (ProductForm, _("Add a product")),
    "contract": (ContractForm, _("Add a cooperative contract")),
    "certification": (CertificationForm, _("Add a certification or attestation")),
    "reference": (ReferenceForm, _("Add a municipal reference")),
    "performance": (PerformanceForm, _("Record how a contract went")),
}
