"""Keeping the inventory honest: assessments, accepted risks, review requests, import mappings."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicshift.core.inventory import FLAG_LABELS
from civicshift.orgs.base import OrgOwnedModel, VersionedModel

from .systems import System

FLAG_CHOICES = [(key, _(label)) for key, label in FLAG_LABELS.items()]


class Assessment(OrgOwnedModel, VersionedModel):
    """One scoring of a system's business value and technical condition; the latest counts."""

    system = models.ForeignKey(
        System, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("system")
    )
    assessed_on = models.DateField(_("assessed on"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    answers = models.JSONField(
        _("answers"), default=dict, help_text=_("The level chosen for each question, 1 to 5.")
    )
    questionnaire_version = models.CharField(_("questionnaire version"), max_length=20)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        get_latest_by = ["assessed_on", "id"]
        verbose_name = _("assessment")

    def __str__(self) -> str:
        return f"{self.system} ({self.assessed_on})"


class RiskAcceptance(OrgOwnedModel):
    """A named person accepted one red flag of a system until a date; it returns after."""

    system = models.ForeignKey(
        System, on_delete=models.CASCADE, related_name="acceptances", verbose_name=_("system")
    )
    flag = models.CharField(_("risk"), max_length=32, choices=FLAG_CHOICES)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    accepted_by_name = models.CharField(
        _("accepted by"),
        max_length=150,
        help_text=_("The person with the authority to accept this risk, e.g. the city manager."),
    )
    until = models.DateField(
        _("accepted until"), help_text=_("After this date the risk shows again.")
    )
    # Not "reason": audited_create takes ``reason`` for the audit record itself.
    rationale = models.TextField(_("reason"), help_text=_("Why the town accepts it for now."))

    class Meta:
        ordering = ["-until"]
        verbose_name = _("accepted risk")

    def __str__(self) -> str:
        return f"{self.system}: {self.get_flag_display()} until {self.until}"


class ReviewRequest(OrgOwnedModel):
    """ "Please review your record": sent to a system's owner, done when they confirm it."""

    system = models.ForeignKey(
        System, on_delete=models.CASCADE, related_name="review_requests", verbose_name=_("system")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("owner asked"),
    )
    message = models.TextField(_("message"), blank=True)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    completed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("review request")

    def __str__(self) -> str:
        return f"{self.system} ({self.requested_at:%Y-%m-%d})"


class ImportMapping(OrgOwnedModel, VersionedModel):
    """A remembered column mapping, found again by the headers of the next upload."""

    name = models.CharField(_("name"), max_length=150)
    headers = models.JSONField(
        _("headers"), default=list, help_text=_("The spreadsheet's headers, normalised.")
    )
    signature = models.CharField(max_length=64, editable=False)
    mapping = models.JSONField(
        _("mapping"), default=dict, help_text=_("Which field each column fills.")
    )
    header_row = models.PositiveIntegerField(
        _("header row"), default=1, validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("import mapping")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "signature"], name="inventory_mapping_unique_signature"
            )
        ]

    def __str__(self) -> str:
        return self.name
