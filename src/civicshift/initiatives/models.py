"""Initiatives: the central object every later module (business case, funding, plan, people,
vendors, security) hangs off."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from civicshift.core.lifecycle import Status as CoreStatus
from civicshift.orgs.base import OrgOwnedModel, VersionedModel


class Status(models.TextChoices):
    IDEA = CoreStatus.IDEA.value, _("Idea")
    PROPOSED = CoreStatus.PROPOSED.value, _("Proposed")
    APPROVED = CoreStatus.APPROVED.value, _("Approved")
    FUNDED = CoreStatus.FUNDED.value, _("Funded")
    IN_PROGRESS = CoreStatus.IN_PROGRESS.value, _("In progress")
    LIVE = CoreStatus.LIVE.value, _("Live")
    CLOSED = CoreStatus.CLOSED.value, _("Closed")
    ON_HOLD = CoreStatus.ON_HOLD.value, _("On hold")
    CANCELLED = CoreStatus.CANCELLED.value, _("Cancelled")


STATUS_HELP = {
    Status.IDEA: _("Someone has suggested it; nothing is decided."),
    Status.PROPOSED: _("Written up and submitted for a decision."),
    Status.APPROVED: _("Leadership agreed to go ahead, subject to funding."),
    Status.FUNDED: _("Money is budgeted or awarded."),
    Status.IN_PROGRESS: _("Being built or rolled out."),
    Status.LIVE: _("In use by staff or residents."),
    Status.CLOSED: _("Finished and reviewed."),
    Status.ON_HOLD: _("Paused; it can resume where it stopped."),
    Status.CANCELLED: _("Stopped for good."),
}


class Tag(OrgOwnedModel):
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint("organization", Lower("name"), name="tag_unique")]
        verbose_name = _("tag")

    def __str__(self) -> str:
        return self.name


#: The words the list's search looks in, as a PostgreSQL text-search vector. The "simple"
#: configuration (no stemming) works the same for English and Spanish text; the search adds
#: prefix matching, so "exch" finds "Exchange" as the user types. The index below is built on
#: this exact expression, so the planner can use it (docs/decisions.md).
SEARCH_VECTOR = SearchVector("title", "problem_statement", "proposed_solution", config="simple")


class Initiative(OrgOwnedModel, VersionedModel):
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("A short name people will recognise, e.g. 'Online building permits'."),
    )
    problem_statement = models.TextField(
        _("problem"),
        blank=True,
        help_text=_("What is wrong today, for whom, and what it costs. Plain words, no jargon."),
    )
    proposed_solution = models.TextField(
        _("proposed solution"),
        blank=True,
        help_text=_(
            "What you want to do about it. You can compare options later in the business case."
        ),
    )
    sponsor_departments = models.ManyToManyField(
        "orgs.Department",
        blank=True,
        related_name="initiatives",
        verbose_name=_("sponsoring departments"),
        help_text=_("The departments that asked for it or will use it."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
        help_text=_("The member who answers questions about it."),
    )
    goals = models.ManyToManyField(
        "orgs.StrategicGoal",
        blank=True,
        related_name="initiatives",
        verbose_name=_("strategic goals served"),
        help_text=_("Which goals of your strategic plan this helps achieve."),
    )
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="initiatives", verbose_name=_("tags")
    )
    cost_low = models.DecimalField(
        _("rough cost, low"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_(
            "Your best early guess of the lowest total cost. The business case refines it later."
        ),
    )
    cost_high = models.DecimalField(
        _("rough cost, high"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("The highest total cost you think is plausible."),
    )
    target_start = models.DateField(_("target start"), null=True, blank=True)
    target_end = models.DateField(_("target finish"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.IDEA, editable=False
    )
    #: The stage an on-hold initiative left, so it can resume there.
    status_before_hold = models.CharField(
        max_length=16, choices=Status.choices, blank=True, editable=False
    )

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["organization", "-updated_at"]),
            # Created on PostgreSQL only (migration 0003); SQLite searches with LIKE.
            GinIndex(SEARCH_VECTOR, name="initiative_search"),
        ]
        verbose_name = _("initiative")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if (
            self.cost_low is not None
            and self.cost_high is not None
            and (self.cost_low > self.cost_high)
        ):
            errors["cost_high"] = _("The high estimate must be at least the low estimate.")
        if self.target_start and self.target_end and self.target_start > self.target_end:
            errors["target_end"] = _("The finish date must be on or after the start date.")
        if errors:
            raise ValidationError(errors)

    @property
    def status_help(self) -> str:
        return STATUS_HELP[Status(self.status)]


class StatusChange(OrgOwnedModel):
    """One move along the lifecycle: who, when and why."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=16, choices=Status.choices)
    to_status = models.CharField(max_length=16, choices=Status.choices)
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("status change")

    def __str__(self) -> str:
        return f"{self.initiative}: {self.from_status} → {self.to_status}"
