"""How a vendor did on the contracts the organization managed with it: one record per contract
(or per review period of a long one), rated by the people who managed it. The vendor's page sums
them up as its performance history, which the next evaluation's panel can read."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicshift.orgs.base import OrgOwnedModel

RATING_HELP = _("1 poor, 3 as agreed, 5 better than agreed; leave empty if you cannot say.")


#: The question each rating answers, shown beside its mean on the vendor's page.
QUESTIONS = {
    "on_time": _("Did they deliver by the dates agreed?"),
    "on_budget": _("Did it cost what was agreed, without surprise extras?"),
    "quality": _("Did what they delivered work as promised?"),
    "responsiveness": _("Did they answer and fix problems within the service levels?"),
}


def _rating(label, name):
    what = QUESTIONS[name]
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=f"{what} {RATING_HELP}",
    )


class HireAgain(models.TextChoices):
    YES = "yes", _("Yes")
    WITH_CHANGES = "with_changes", _("Yes, with changes to the contract")
    NO = "no", _("No")


class PerformanceRecord(OrgOwnedModel):
    """A contract managed with the vendor and how it went."""

    #: The aspects rated, in the order the vendor's page shows them.
    ASPECTS = ("on_time", "on_budget", "quality", "responsiveness")

    vendor = models.ForeignKey(
        "vendors.Vendor", on_delete=models.CASCADE, related_name="performance"
    )
    evaluation = models.ForeignKey(
        "vendors.Evaluation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evaluation that chose it"),
        help_text=_("The evaluation here that led to the contract, if there was one."),
    )
    contract = models.CharField(
        _("contract"),
        max_length=200,
        help_text=_("Its name or number, e.g. 'ERP implementation, contract 2024-117'."),
    )
    period_start = models.DateField(_("from"), help_text=_("The first day of the period rated."))
    period_end = models.DateField(
        _("to"),
        null=True,
        blank=True,
        help_text=_("The last day, or empty if it is still running."),
    )
    value = models.DecimalField(
        _("amount paid"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("What the organization paid the vendor over the period, in dollars."),
    )
    on_time = _rating(_("on time"), "on_time")
    on_budget = _rating(_("on budget"), "on_budget")
    quality = _rating(_("quality"), "quality")
    responsiveness = _rating(_("responsiveness"), "responsiveness")
    hire_again = models.CharField(
        _("would you hire them again?"),
        max_length=20,
        choices=HireAgain.choices,
        blank=True,
        help_text=_("The plain answer of the people who managed the contract."),
    )
    comments = models.TextField(
        _("comments"),
        blank=True,
        help_text=_("What went well and what did not, in facts a later panel can check."),
    )

    class Meta:
        ordering = ["-period_start", "id"]
        verbose_name = _("performance record")

    def __str__(self) -> str:
        return self.contract

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})
        if self.evaluation_id and self.vendor_id:
            evaluation = self.evaluation
            if evaluation.organization_id != self.vendor.organization_id:
                raise ValidationError(
                    {"evaluation": _("Choose one of this organization's evaluations.")}
                )
            if not evaluation.proposals.filter(vendor_id=self.vendor_id).exists():
                raise ValidationError(
                    {"evaluation": _("This vendor sent no proposal to that evaluation.")}
                )
