"""Funding notices (the opportunities Grants.gov and Simpler.Grants.gov publish, each with its
own dates and amounts), the imports that wrote them and what each re-import changed.

A notice belongs to a program (``FundingProgram``, models/programs.py: the Assistance Listing
or state program that publishes a notice every round) when its Assistance Listing number names
one. A notice with no organization is shared: the installation-wide catalog (the Grants.gov
extract) that every organization reads and none edits; a notice with an organization is that
organization's own (typed in a csv), seen by it alone. ``FundingNotice.objects.visible_to(org)``
is the only way pages and selectors read notices. The opportunity id is unique within its scope
(shared, or one organization's): see docs/decisions.md, "Funding app".
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civicshift.core.funding.model import FundingProgram as EngineProgram
from civicshift.core.funding.status import derive_status, program_status


class StatusOverride(models.TextChoices):
    NONE = "", _("Follows its dates")
    LAPSED = "lapsed", _("Lapsed (lost its funding)")
    AT_RISK = "at_risk", _("At risk (may lose its funding)")


class ScopedQuerySet(models.QuerySet):
    """Shared rows (no organization) plus each organization's own: programs and notices."""

    def shared(self) -> ScopedQuerySet:
        return self.filter(organization__isnull=True)

    def for_org(self, organization) -> ScopedQuerySet:
        """The organization's own programs only (not the shared catalog)."""
        return self.filter(organization=organization)

    def visible_to(self, organization) -> ScopedQuerySet:
        """The shared catalog plus the organization's own programs."""
        return self.filter(Q(organization__isnull=True) | Q(organization=organization))

    def in_scope(self, organization) -> ScopedQuerySet:
        """The rows an import for ``organization`` (None: the shared catalog) writes."""
        return self.shared() if organization is None else self.for_org(organization)


class SharedOrOwnModel(models.Model):
    """A row of the shared catalog (no organization) or of one organization's own."""

    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text=_("Empty for the shared catalog every organization reads."),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_shared(self) -> bool:
        return self.organization_id is None


class FundingNotice(SharedOrOwnModel):
    opportunity_id = models.CharField(
        _("opportunity id"),
        max_length=64,
        help_text=_("Grants.gov's opportunity id, or your own short name for a typed program."),
    )
    program = models.ForeignKey(
        "funding.FundingProgram",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notices",
        help_text=_("The program (Assistance Listing) this notice is a round of."),
        # Indexed by Meta.indexes, created in migration 0005: on PostgreSQL, adding the column
        # with its deferred foreign key to a filled table queues trigger events, and an index
        # created in the same transaction is refused.
        db_index=False,
    )
    opportunity_number = models.CharField(_("opportunity number"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=500)
    agency_code = models.CharField(_("agency code"), max_length=100, blank=True)
    agency_name = models.CharField(_("agency"), max_length=300, blank=True)
    aln_numbers = models.JSONField(_("Assistance Listing numbers"), default=list, blank=True)
    aln_titles = models.JSONField(_("Assistance Listing titles"), default=list, blank=True)
    instrument = models.CharField(
        _("kind of funding"),
        max_length=40,
        blank=True,
        help_text=_("Formula grant, competitive grant, loan, ..."),
    )
    funding_instruments = models.JSONField(
        _("Grants.gov instrument codes"), default=list, blank=True
    )
    category = models.CharField(_("category"), max_length=10, blank=True)
    purposes = models.JSONField(_("purposes"), default=list, blank=True)
    recurrence = models.CharField(_("recurrence"), max_length=200, blank=True)
    eligible_applicants = models.JSONField(
        _("eligible applicants"),
        default=list,
        blank=True,
        help_text=_("Grants.gov applicant codes: 02 city or township, 01 county, 99 anyone."),
    )
    unknown_applicant_codes = models.JSONField(
        _("applicant codes Grants.gov does not list"), default=list, blank=True
    )
    eligibility_text = models.TextField(_("eligibility notes"), blank=True)
    award_floor = models.DecimalField(
        _("smallest award"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    award_ceiling = models.DecimalField(
        _("largest award"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    total_funding = models.DecimalField(
        _("total funding"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    expected_awards = models.PositiveIntegerField(_("expected awards"), null=True, blank=True)
    cost_sharing = models.BooleanField(_("cost sharing required"), null=True, blank=True)
    local_match_share = models.DecimalField(
        _("local match share"),
        max_digits=6,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("The local share of the total project cost (0.25 is 25 %)."),
    )
    is_forecast = models.BooleanField(_("forecast"), default=False)
    post_date = models.DateField(_("opens"), null=True, blank=True)
    close_date = models.DateField(_("due"), null=True, blank=True)
    archive_date = models.DateField(_("withdrawn on"), null=True, blank=True)
    forecast_close_date = models.DateField(_("expected due date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    link = models.CharField(_("link"), max_length=1000, blank=True)
    #: The status the file states (Simpler.Grants.gov, csv); empty when it follows the dates.
    source_status = models.CharField(_("status in the file"), max_length=20, blank=True)
    status_override = models.CharField(
        _("status set by hand"), max_length=20, choices=StatusOverride.choices, blank=True
    )
    status_note = models.TextField(_("why"), blank=True)
    source = models.CharField(
        _("source"), max_length=40, help_text=_("grants.gov-xml, simpler-json, csv or catalog.")
    )
    source_file = models.CharField(_("file"), max_length=300, blank=True)
    #: Set when a newer full extract of the same source no longer lists the notice.
    withdrawn_at = models.DateTimeField(_("missing from the source since"), null=True, blank=True)
    last_checked = models.DateTimeField(_("last checked"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    audit_exclude = ("created_at", "updated_at", "last_checked")

    class Meta:
        ordering = ["close_date", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "opportunity_id"],
                condition=Q(organization__isnull=False),
                name="funding_notice_unique_in_org",
            ),
            models.UniqueConstraint(
                fields=["opportunity_id"],
                condition=Q(organization__isnull=True),
                name="funding_notice_unique_shared",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "close_date"]),
            models.Index(fields=["program"], name="funding_notice_program_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.opportunity_number or self.opportunity_id})"

    def flag(self) -> str:
        """lapsed or at_risk: set on the notice, else on its program; "" when neither."""
        if self.status_override:
            return self.status_override
        program = self.program if self.program_id else None
        return program.status_override if program is not None else ""

    def to_engine(self) -> EngineProgram:
        """What ``civicshift.core.funding`` matches on: the notice, with what its program
        adds (purposes, the program's title, "through the state", a lapsed or at-risk flag).
        Read with ``select_related("program")``."""
        program = self.program if self.program_id else None
        titles = tuple(self.aln_titles)
        if program is not None and program.title not in titles:
            titles += (program.title,)
        return EngineProgram(
            key=str(self.pk),
            title=self.title,
            description=" ".join(filter(None, (self.description, self.eligibility_text))),
            purposes=tuple(self.purposes or (program.purposes if program else ())),
            aln_titles=titles,
            eligible_applicants=tuple(self.eligible_applicants),
            award_floor=self.award_floor,
            award_ceiling=self.award_ceiling,
            cost_sharing=self.cost_sharing,
            local_match_share=self.local_match_share,
            is_forecast=self.is_forecast,
            post_date=self.post_date,
            close_date=self.close_date,
            archive_date=self.archive_date,
            forecast_close_date=self.forecast_close_date,
            status=self.flag() or self.source_status,
            via_state=bool(program and program.via_state),
        )

    def date_status(self, today: date) -> str:
        """The status from the round's own dates alone (archived when withdrawn): a flag on
        the program does not open or close a round."""
        if self.withdrawn_at is not None:
            return "archived"
        return derive_status(
            today=today,
            is_forecast=self.is_forecast,
            post_date=self.post_date,
            close_date=self.close_date,
            archive_date=self.archive_date,
        )

    def status(self, today: date) -> str:
        """archived when withdrawn from its source, else as ``program_status`` reads it."""
        if self.withdrawn_at is not None and not self.flag():
            return "archived"
        return program_status(self.to_engine(), today)


class FundingImport(models.Model):
    """One run of ``funding_import``: who, which file, what it counted, its problems."""

    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=254, blank=True)
    file = models.CharField(_("file"), max_length=300)
    format = models.CharField(_("format"), max_length=40)
    full_extract = models.BooleanField(_("full extract"), default=False)
    counts = models.JSONField(default=dict)
    #: The first problems, as text (all of them are counted in ``counts``).
    problems = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file} ({self.format})"


class ChangeKind(models.TextChoices):
    CREATED = "created", _("New")
    UPDATED = "updated", _("Changed")
    WITHDRAWN = "withdrawn", _("No longer in the source")
    RESTORED = "restored", _("Back in the source")


class FundingChange(models.Model):
    """What one import changed in one notice, or one catalog load in one program: ``changes``
    is ``{field: [before, after]}`` (a close date moved, a ceiling raised)."""

    funding_import = models.ForeignKey(
        FundingImport, on_delete=models.CASCADE, related_name="changes"
    )
    notice = models.ForeignKey(
        FundingNotice, on_delete=models.CASCADE, null=True, blank=True, related_name="changes"
    )
    program = models.ForeignKey(
        "funding.FundingProgram",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="changes",
        # Not program_id: that was the column renamed to notice_id in 0003, whose index kept
        # the name a new program_id index would take.
        db_column="fundingprogram_id",
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    kind = models.CharField(max_length=16, choices=ChangeKind.choices)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.notice_id or self.program_id}"
