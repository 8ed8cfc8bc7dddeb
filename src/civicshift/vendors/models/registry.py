"""The organization's vendor registry: companies, their contacts, products, cooperative
contracts, certifications, insurance, accessibility report and municipal references."""

from __future__ import annotations

import re
import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _

from civicshift.orgs.base import OrgOwnedModel, VersionedModel

#: Company-form words left out when comparing names ("Acme, Inc." and "ACME" are the same).
_SUFFIXES = {
    "inc",
    "incorporated",
    "llc",
    "ltd",
    "limited",
    "corp",
    "corporation",
    "co",
    "company",
    "plc",
    "lp",
    "llp",
    "the",
    "gmbh",
    "sa",
    "ag",
    "pc",
}


def normalise_name(name: str) -> str:
    """A company name reduced for duplicate detection: accents, case, punctuation and
    company-form words (Inc., LLC, Corporation…) removed."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    text = text.lower().replace("&", " and ").replace(".", "")
    words = [w for w in re.split(r"[^a-z0-9]+", text) if w and w not in _SUFFIXES]
    return " ".join(words)


def normalise_tax_id(tax_id: str) -> str:
    """Digits and letters only, upper case: "12-3456789" and "123456789" are the same."""
    return re.sub(r"[^0-9A-Za-z]", "", tax_id or "").upper()


class Vendor(OrgOwnedModel, VersionedModel):
    name = models.CharField(
        _("company name"),
        max_length=200,
        help_text=_("The company's legal or trading name, as on its proposals."),
    )
    normalised_name = models.CharField(
        max_length=200,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("The name reduced for finding duplicates (set on its own)."),
    )
    tax_id = models.CharField(
        _("tax id"),
        max_length=40,
        blank=True,
        help_text=_("The federal employer identification number (EIN) or other tax number."),
    )
    normalised_tax_id = models.CharField(
        max_length=40,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("The tax id with spaces and dashes removed (set on its own)."),
    )
    website = models.URLField(_("website"), blank=True, help_text=_("The company's web site."))
    address = models.TextField(_("address"), blank=True, help_text=_("Where the company is."))
    acr_date = models.DateField(
        _("accessibility conformance report date"),
        null=True,
        blank=True,
        help_text=_(
            "The date of the company's latest Accessibility Conformance Report (a filled-in "
            "VPAT): how its product meets WCAG and Section 508. Empty if it has none."
        ),
    )
    acr_edition = models.CharField(
        _("report edition"),
        max_length=80,
        blank=True,
        help_text=_("Which VPAT edition the report uses, e.g. 'VPAT 2.5 WCAG'."),
    )
    insurance_carrier = models.CharField(
        _("insurance carrier"),
        max_length=200,
        blank=True,
        help_text=_("The insurer named on the certificate of insurance."),
    )
    general_liability = models.DecimalField(
        _("general liability cover"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Amount covered per occurrence for general liability, in dollars."),
    )
    cyber_liability = models.DecimalField(
        _("cyber liability cover"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Amount covered for data breaches and cyber incidents, in dollars."),
    )
    insurance_expires = models.DateField(
        _("insurance expires"),
        null=True,
        blank=True,
        help_text=_("When the certificate of insurance runs out."),
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("Anything else worth knowing."))

    audit_exclude = ("created_at", "updated_at", "normalised_name", "normalised_tax_id")

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("vendor")
        verbose_name_plural = _("vendors")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.normalised_name = normalise_name(self.name)
        self.normalised_tax_id = normalise_tax_id(self.tax_id)
        super().save(*args, **kwargs)


class VendorContact(OrgOwnedModel):
    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200, help_text=_("The person's name."))
    title = models.CharField(
        _("job title"), max_length=200, blank=True, help_text=_("e.g. 'Account executive'.")
    )
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Their work e-mail address."))
    phone = models.CharField(_("phone"), max_length=40, blank=True, help_text=_("Work phone."))

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("vendor contact")

    def __str__(self) -> str:
        return self.name


class VendorProduct(OrgOwnedModel):
    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="products")
    name = models.CharField(
        _("product"), max_length=200, help_text=_("The product or service, e.g. 'Tyler Munis'.")
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("What it does, in a sentence or two.")
    )
    systems = models.ManyToManyField(
        "inventory.System",
        blank=True,
        related_name="vendor_products",
        verbose_name=_("systems in the inventory"),
        help_text=_("The systems in your inventory this product is, or that this vendor supplies."),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("vendor product")

    def __str__(self) -> str:
        return self.name


class ContractProgram(models.TextChoices):
    NASPO = "naspo", _("NASPO ValuePoint")
    SOURCEWELL = "sourcewell", _("Sourcewell")
    GSA = "gsa", _("GSA schedule")
    STATE = "state", _("State contract")
    OTHER = "other", _("Other cooperative contract")


class CooperativeContract(OrgOwnedModel):
    """A contract another public body already competed that you may buy from."""

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="contracts")
    program = models.CharField(
        _("program"),
        max_length=16,
        choices=ContractProgram.choices,
        help_text=_("Which cooperative purchasing program awarded the contract."),
    )
    number = models.CharField(
        _("contract number"), max_length=80, help_text=_("The number as the program lists it.")
    )
    title = models.CharField(
        _("what it covers"),
        max_length=200,
        blank=True,
        help_text=_("e.g. 'Cloud solutions' or 'Enterprise resource planning'."),
    )
    expires = models.DateField(
        _("expires"), null=True, blank=True, help_text=_("When the contract ends.")
    )

    class Meta:
        ordering = ["program", "number", "id"]
        verbose_name = _("cooperative contract")

    def __str__(self) -> str:
        return f"{self.get_program_display()} {self.number}"


class CertificationKind(models.TextChoices):
    SOC2 = "soc2", _("SOC 2 Type II report")
    STATERAMP = "stateramp", _("StateRAMP / GovRAMP")
    FEDRAMP = "fedramp", _("FedRAMP")
    ISO27001 = "iso27001", _("ISO/IEC 27001 certificate")
    OTHER = "other", _("Other attestation")


class Certification(OrgOwnedModel):
    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="certifications")
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=CertificationKind.choices,
        help_text=_(
            "SOC 2 Type II: an auditor tested the controls over a period. StateRAMP/GovRAMP "
            "and FedRAMP: authorised for government data. ISO 27001: a certified security "
            "management system."
        ),
    )
    level = models.CharField(
        _("level or scope"),
        max_length=120,
        blank=True,
        help_text=_("e.g. 'Moderate', 'Ready', or what the report covers."),
    )
    report_date = models.DateField(
        _("report or certificate date"),
        null=True,
        blank=True,
        help_text=_("The date on the report or certificate."),
    )
    period_start = models.DateField(
        _("period from"),
        null=True,
        blank=True,
        help_text=_("For a SOC 2 Type II: the first day of the period the auditor tested."),
    )
    period_end = models.DateField(
        _("period to"),
        null=True,
        blank=True,
        help_text=_("For a SOC 2 Type II: the last day of the period the auditor tested."),
    )
    expires = models.DateField(
        _("expires"),
        null=True,
        blank=True,
        help_text=_("When the certificate or authorisation runs out, if it says."),
    )

    class Meta:
        ordering = ["kind", "-report_date", "id"]
        verbose_name = _("certification")

    def __str__(self) -> str:
        return self.get_kind_display()


class VendorReference(OrgOwnedModel):
    """Another municipality that uses the vendor and agreed to be asked about it."""

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="references")
    customer = models.CharField(
        _("customer"), max_length=200, help_text=_("The town, city or county, e.g. 'City of Ames'.")
    )
    contact_name = models.CharField(
        _("contact"), max_length=200, blank=True, help_text=_("Who to call there.")
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True, help_text=_("Their e-mail."))
    contact_phone = models.CharField(
        _("contact phone"), max_length=40, blank=True, help_text=_("Their phone.")
    )
    project = models.CharField(
        _("what they bought"),
        max_length=200,
        blank=True,
        help_text=_("The product and project, e.g. 'ERP, went live 2023'."),
    )

    class Meta:
        ordering = ["customer", "id"]
        verbose_name = _("municipal reference")

    def __str__(self) -> str:
        return self.customer
