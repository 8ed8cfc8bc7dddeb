"""A system (application or infrastructure service) and the components it runs on."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from civicshift.orgs.base import OrgOwnedModel, VersionedModel

from .choices import (
    LIFECYCLE_PHASES,
    BackupStatus,
    Category,
    ComponentKind,
    Criticality,
    DataClassification,
    Hosting,
    Mfa,
    RegulatedData,
    Sso,
)

ZERO = Decimal(0)


def money(label, help_text):
    return models.DecimalField(
        label,
        max_digits=14,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
        help_text=help_text,
    )


def validate_regulated_data(value) -> None:
    allowed = set(RegulatedData.values)
    if not isinstance(value, list) or any(v not in allowed for v in value):
        raise ValidationError(
            _("Choose from: %(allowed)s.") % {"allowed": ", ".join(RegulatedData.values)}
        )


class SupportDates(models.Model):
    """The vendor's support milestones, and where they came from (typed or endoflife.date)."""

    support_mainstream_end = models.DateField(
        _("end of mainstream support"),
        null=True,
        blank=True,
        help_text=_("After this the vendor fixes only security problems; no new features."),
    )
    support_extended_end = models.DateField(
        _("end of extended support"),
        null=True,
        blank=True,
        help_text=_("After this the vendor publishes no security fixes, unless you pay extra."),
    )
    support_esu_end = models.DateField(
        _("end of paid extended security updates"),
        null=True,
        blank=True,
        help_text=_(
            "The last date paid security updates can be bought (e.g. Microsoft's Extended "
            "Security Updates). Leave blank if the vendor offers none."
        ),
    )
    eol_product = models.CharField(
        _("endoflife.date product"),
        max_length=100,
        blank=True,
        help_text=_("The product in the endoflife.date catalogue these dates come from."),
    )
    eol_cycle = models.CharField(
        _("endoflife.date release"), max_length=100, blank=True, help_text=_("Its release cycle.")
    )
    eol_confidence = models.FloatField(
        _("match confidence"),
        null=True,
        blank=True,
        help_text=_(
            "How sure the automatic match is, from 0 to 1; confirm it before relying on it."
        ),
    )
    eol_confirmed = models.BooleanField(
        _("match confirmed"),
        default=False,
        help_text=_("Someone checked that the catalogue entry is the right product and version."),
    )

    class Meta:
        abstract = True

    def support_date_errors(self) -> dict:
        m, e, s = self.support_mainstream_end, self.support_extended_end, self.support_esu_end
        errors = {}
        if m and e and e < m:
            errors["support_extended_end"] = _("Extended support cannot end before mainstream.")
        if e and s and s < e:
            errors["support_esu_end"] = _("Paid updates cannot end before extended support.")
        return errors


class System(OrgOwnedModel, VersionedModel, SupportDates):
    external_id = models.CharField(
        _("your id"),
        max_length=100,
        blank=True,
        help_text=_("The id your own spreadsheet uses, if any; re-imports match on it first."),
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("What staff call it, e.g. 'Utility billing'.")
    )
    category = models.CharField(
        _("category"), max_length=32, choices=Category.choices, default=Category.OTHER
    )
    departments = models.ManyToManyField(
        "orgs.Department",
        blank=True,
        related_name="inventory_systems",
        verbose_name=_("departments"),
        help_text=_("The departments that use it."),
    )
    capability = models.CharField(
        _("business capability"),
        max_length=150,
        blank=True,
        help_text=_(
            "The job it does for the town, e.g. 'Permit intake'. Systems with the same "
            "capability are shown as candidates for consolidation."
        ),
    )
    vendor = models.CharField(_("vendor"), max_length=200, blank=True)
    product = models.CharField(
        _("product"), max_length=200, blank=True, help_text=_("The product's name as sold.")
    )
    # Not "version": VersionedModel's field of that name counts saved changes.
    product_version = models.CharField(
        _("version"),
        max_length=100,
        blank=True,
        help_text=_("Support dates depend on it, e.g. '2012 R2' or '7.1'."),
    )
    hosting = models.CharField(_("hosting"), max_length=32, choices=Hosting.choices, blank=True)
    year_deployed = models.PositiveSmallIntegerField(
        _("year deployed"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
    )
    cost_licence = money(_("licence per year"), _("Subscription or licence fees each year."))
    cost_maintenance = money(
        _("maintenance per year"), _("Vendor maintenance and support contract each year.")
    )
    cost_hosting = money(
        _("hosting per year"), _("Servers, cloud or data-centre charges each year.")
    )
    staff_fte = models.DecimalField(
        _("staff time (FTE)"),
        max_digits=7,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal(1000))],
        help_text=_("Full-time equivalents spent running it: 0.25 is a quarter of one person."),
    )
    staff_loaded_cost = money(
        _("loaded cost of one FTE per year"),
        _("Salary plus benefits and overhead of one full-time person for a year."),
    )
    users_count = models.PositiveIntegerField(_("number of users"), null=True, blank=True)
    contract_end = models.DateField(_("contract end"), null=True, blank=True)
    data_classification = models.CharField(
        _("data classification"),
        max_length=16,
        choices=DataClassification.choices,
        blank=True,
        help_text=_("The most sensitive kind of data it holds."),
    )
    regulated_data = models.JSONField(
        _("regulated data held"),
        default=list,
        blank=True,
        validators=[validate_regulated_data],
        help_text=_("Data that laws or contracts protect: each brings security requirements."),
    )
    criticality = models.CharField(
        _("business criticality"), max_length=20, choices=Criticality.choices, blank=True
    )
    rto_hours = models.DecimalField(
        _("recovery time objective (hours)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
        help_text=_("How long it may be down after a disaster before the harm is unacceptable."),
    )
    rpo_hours = models.DecimalField(
        _("recovery point objective (hours)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
        help_text=_("How many hours of recent data you could afford to lose."),
    )
    backup_status = models.CharField(
        _("backup"), max_length=16, choices=BackupStatus.choices, blank=True
    )
    backup_tested_on = models.DateField(
        _("last restore test"),
        null=True,
        blank=True,
        help_text=_("A backup counts as tested for a year after a successful restore test."),
    )
    mfa = models.CharField(
        _("multi-factor sign-in"), max_length=16, choices=Mfa.choices, default=Mfa.UNKNOWN
    )
    sso = models.CharField(
        _("single sign-on"), max_length=16, choices=Sso.choices, default=Sso.UNKNOWN
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
        help_text=_("The member who keeps this record current and answers questions about it."),
    )
    owner_name = models.CharField(
        _("owner (name)"),
        max_length=150,
        blank=True,
        help_text=_("The owner's name when they have no account here."),
    )
    staff_who_know = models.PositiveSmallIntegerField(
        _("staff who know how to run it"),
        null=True,
        blank=True,
        help_text=_("If only one person knows, the town depends on that person."),
    )
    lifecycle_planned = models.DateField(_("planned from"), null=True, blank=True)
    lifecycle_phase_in = models.DateField(_("phasing in from"), null=True, blank=True)
    lifecycle_active = models.DateField(_("active from"), null=True, blank=True)
    lifecycle_phase_out = models.DateField(_("phasing out from"), null=True, blank=True)
    lifecycle_retired = models.DateField(
        _("retired on"),
        null=True,
        blank=True,
        help_text=_("From this date it no longer counts in the running cost and risks."),
    )
    notes = models.TextField(_("notes"), blank=True)
    last_reviewed_at = models.DateTimeField(_("last reviewed"), null=True, blank=True)
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last reviewed by"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("system")
        constraints = [
            models.UniqueConstraint(
                "organization",
                "external_id",
                condition=~models.Q(external_id=""),
                name="inventory_system_unique_external_id",
                violation_error_message=_("Another system already has this id."),
            )
        ]
        indexes = [models.Index("organization", Lower("name"), name="inventory_system_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        dates = [
            (key, getattr(self, f"lifecycle_{key}"))
            for key, _label in LIFECYCLE_PHASES
            if getattr(self, f"lifecycle_{key}")
        ]
        for (_k1, d1), (k2, d2) in zip(dates, dates[1:], strict=False):
            if d2 < d1:
                errors[f"lifecycle_{k2}"] = _("This date comes before the previous phase's.")
        errors.update(self.support_date_errors())
        if errors:
            raise ValidationError(errors)

    def lifecycle_phase(self, on) -> str:
        """The town's own phase on a date: the last phase whose date has come ('' if none)."""
        phase = ""
        for key, _label in LIFECYCLE_PHASES:
            when = getattr(self, f"lifecycle_{key}")
            if when is not None and when <= on:
                phase = key
        return phase


class Component(OrgOwnedModel, VersionedModel, SupportDates):
    """An operating system, database or server platform systems run on."""

    name = models.CharField(
        _("name"), max_length=200, help_text=_("e.g. 'Windows Server 2012 R2 (FS01, FS02)'.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ComponentKind.choices)
    vendor = models.CharField(_("vendor"), max_length=200, blank=True)
    product = models.CharField(_("product"), max_length=200, blank=True)
    product_version = models.CharField(_("version"), max_length=100, blank=True)
    systems = models.ManyToManyField(
        System,
        blank=True,
        related_name="components",
        verbose_name=_("systems running on it"),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("component")
        constraints = [
            models.UniqueConstraint(
                "organization",
                Lower("name"),
                name="inventory_component_unique_name",
                violation_error_message=_("There is already a component with this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = self.support_date_errors()
        if errors:
            raise ValidationError(errors)
