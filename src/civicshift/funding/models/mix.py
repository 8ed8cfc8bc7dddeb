"""The funding mix of an initiative: the money expected from each source, per fiscal year.

A line names its source in words for now (a grant line may say which program it is); it does
not point at a catalog entry, so the catalog can change shape without touching the mix.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicshift.core.funding import mix as core_mix
from civicshift.orgs.base import OrgOwnedModel, VersionedModel


class SourceKind(models.TextChoices):
    GRANT = "grant", _("Grant award")
    CAPITAL_BUDGET = "capital_budget", _("Capital budget")
    OPERATING_BUDGET = "operating_budget", _("Operating budget")
    LEASE = "lease", _("Lease or subscription financing")
    BOND_LOAN = "bond_loan", _("Bond or loan")
    PARTNERSHIP = "partnership", _("Partnership or shared service with neighbouring governments")
    COOPERATIVE = "cooperative_purchasing", _("Cooperative purchasing")


class SourceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    REQUESTED = "requested", _("Requested")
    COMMITTED = "committed", _("Committed")


assert {k.value for k in SourceKind} == set(core_mix.KINDS)
assert {s.value for s in SourceStatus} == set(core_mix.STATUSES)

#: The fields a person fills in, in the order the form and the API show them.
MIX_LINE_FIELDS = ("fiscal_year", "kind", "name", "amount", "status", "notes")


class FundingMixLine(OrgOwnedModel, VersionedModel):
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="funding_mix_lines",
        verbose_name=_("initiative"),
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"),
        validators=[MinValueValidator(1990), MaxValueValidator(2200)],
        help_text=_(
            "The fiscal year the money is for, named by the year it ends in (FY2028). It must "
            "be one of the business case's years."
        ),
    )
    kind = models.CharField(
        _("kind of source"),
        max_length=24,
        choices=SourceKind.choices,
        help_text=_(
            "Where the money comes from: a grant, your own capital or operating budget, "
            "financing (a lease, a bond or a loan), a partnership with neighbouring "
            "governments, or a cooperative purchasing contract."
        ),
    )
    name = models.CharField(
        _("source"),
        max_length=200,
        help_text=_(
            "The source in a few words, e.g. “State and Local Cybersecurity Grant, FY2026 "
            "round” or “Capital improvement plan, project 27-04”."
        ),
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=14,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0.01")),
            MaxValueValidator(Decimal("999999999999.99")),
        ],
        help_text=_("Dollars this source gives in that fiscal year. More than zero."),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SourceStatus.choices,
        default=SourceStatus.PLANNED,
        help_text=_(
            "Planned: you intend to use it but have not asked. Requested: applied for or in "
            "the budget request, not decided. Committed: awarded, appropriated or signed."
        ),
    )
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_("Anything a reader should know: conditions, local match, who decides."),
    )

    class Meta:
        ordering = ["fiscal_year", "kind", "pk"]
        verbose_name = _("funding mix line")
        verbose_name_plural = _("funding mix lines")

    def __str__(self) -> str:
        return f"FY{self.fiscal_year} {self.name}"
