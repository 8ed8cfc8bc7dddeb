"""Forms of the funding mix (a line) and of the financing calculator."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from civicshift.core.funding.financing import (
    MAX_YEARS,
    PAYMENTS_PER_YEAR,
    Financing,
    FinancingError,
    calculate,
)
from civicshift.web.forms import Form, ModelForm, RadioSelect

from .models import MIX_LINE_FIELDS, FundingMixLine, SourceKind, SourceStatus


class MixLineForm(ModelForm):
    class Meta:
        model = FundingMixLine
        fields = list(MIX_LINE_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, fiscal_years=(), **kwargs):
        super().__init__(*args, **kwargs)
        if fiscal_years:
            first, last = fiscal_years[0], fiscal_years[-1]
            self.fields["fiscal_year"].help_text = _(
                "The fiscal year the money is for, named by the year it ends in: one of the "
                "business case's years, FY%(first)s to FY%(last)s."
            ) % {"first": first, "last": last}
            if not self.is_bound and not self.instance.pk:
                self.initial.setdefault("fiscal_year", first)


KIND_CHOICES = (
    ("loan", _("Loan")),
    ("lease", _("Lease or subscription")),
    ("bond", _("Bond")),
)

#: Calculator field ← the core's name for it (in error messages).
CORE_FIELDS = {
    "amount": "amount",
    "rate": "rate_percent",
    "years": "years",
    "payments_per_year": "payments_per_year",
    "issuance_cost": "issuance_cost_percent",
    "kind": "kind",
}


class FinancingForm(Form):
    """The calculator's inputs; ``cleaned_data["result"]`` is the core's ``Financing``."""

    kind = forms.ChoiceField(
        label=_("What kind of financing"),
        choices=KIND_CHOICES,
        initial="loan",
        widget=RadioSelect,
        help_text=_(
            "A loan is repaid in level payments at the end of each period. A lease or "
            "subscription is the same, usually paid at the start of each period. A bond is "
            "repaid in level annual debt service."
        ),
    )
    amount = forms.DecimalField(
        label=_("Amount financed, in dollars"),
        max_digits=14,
        decimal_places=2,
        help_text=_(
            "The principal of the loan, the value the lease pays for, or the money the bond "
            "must raise."
        ),
    )
    rate_percent = forms.DecimalField(
        label=_("Interest rate, percent a year"),
        max_digits=6,
        decimal_places=3,
        help_text=_("The annual rate (for a bond its coupon or yield), e.g. 4.5. From 0 to 100."),
    )
    years = forms.IntegerField(
        label=_("Term, in years"),
        help_text=_("How many years the payments last, from 1 to %(max)d.") % {"max": MAX_YEARS},
    )
    payments_per_year = forms.TypedChoiceField(
        label=_("Payments a year"),
        coerce=int,
        choices=[(n, str(n)) for n in PAYMENTS_PER_YEAR],
        initial=12,
        help_text=_("12 for monthly, 4 quarterly, 2 twice a year, 1 yearly. A bond pays yearly."),
    )
    in_advance = forms.BooleanField(
        label=_("Pay at the start of each period (in advance)"),
        required=False,
        help_text=_(
            "Leases and subscriptions are usually paid in advance: the first payment at "
            "signing. Ignored for loans and bonds."
        ),
    )
    issuance_cost_percent = forms.DecimalField(
        label=_("Bond issuance costs, percent of the amount"),
        required=False,
        max_digits=5,
        decimal_places=2,
        initial=Decimal("0"),
        help_text=_(
            "Underwriting, counsel and rating fees, added to the amount to give the bond's "
            "par, e.g. 2. Bonds only."
        ),
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        kind = data["kind"]
        try:
            data["result"] = calculate(
                kind,
                amount=data["amount"],
                rate=data["rate_percent"] / 100,
                years=data["years"],
                payments_per_year=1 if kind == "bond" else data["payments_per_year"],
                in_advance=kind == "lease" and data.get("in_advance", False),
                issuance_cost=(data.get("issuance_cost_percent") or 0) / 100,
            )
        except FinancingError as exc:
            raise ValidationError({CORE_FIELDS.get(exc.field): exc.message}) from None
        return data


ADD_KINDS = (
    (SourceKind.LEASE, SourceKind.LEASE.label),
    (SourceKind.OPERATING_BUDGET, SourceKind.OPERATING_BUDGET.label),
    (SourceKind.BOND_LOAN, SourceKind.BOND_LOAN.label),
)


class AddPaymentsForm(Form):
    """Add a calculated financing to the mix, one line per fiscal year of its payments."""

    first_fiscal_year = forms.IntegerField(
        label=_("First fiscal year of the payments"),
        help_text=_(
            "Named by the year it ends in, e.g. 2028. Every year paid must be one of the case's."
        ),
    )
    kind = forms.ChoiceField(
        label=_("Record the payments as"),
        choices=ADD_KINDS,
        help_text=_(
            "Lease or subscription financing when a vendor spreads the cost; operating "
            "budget when your budget pays the debt service; bond or loan for the financing itself."
        ),
    )
    name = forms.CharField(
        label=_("Source"), max_length=200, help_text=_("A few words, e.g. “Equipment lease”.")
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=SourceStatus.choices, initial=SourceStatus.PLANNED
    )


def annual_amounts(result: Financing) -> list[Decimal]:
    """What each year of the term pays, rounded to the cent."""
    return [Decimal(str(round(paid, 2))) for _year, paid, _i, _p in result.by_year()]
