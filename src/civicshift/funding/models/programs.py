"""Funding programs: the Assistance Listing (ALN) or the state, regional or foundation program
that stands behind its funding notices, kept apart from them (models/notices.py).

A program holds what stays true from one round to the next: who runs it, what it funds, who may
apply, the usual award range and local match, how often it recurs, whether a city reaches it
through its state, and whether it has lost (``lapsed``) or may lose (``at_risk``) its funding.
A notice holds one round: its opportunity number, dates and amounts. A program flagged lapsed
or at risk carries the flag to every one of its notices and to every initiative counting on it.

Programs come from the starter catalog (``civicshift funding load-catalog``), from an import
that meets an Assistance Listing number for the first time (the program is then made from the
notice's facts and marked ``source`` of that file), or from an organization's own csv. Like
notices, a program with no organization is shared, and ``visible_to(org)`` is the only way to
read them. The key is the Assistance Listing number when there is one (``97.137``), so a
Grants.gov notice finds the starter catalog's program; else the catalog's own key.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civicshift.core.funding.model import FundingProgram as EngineProgram
from civicshift.core.funding.status import program_status

from .notices import SharedOrOwnModel, StatusOverride


class FundingProgram(SharedOrOwnModel):
    key = models.CharField(
        _("key"),
        max_length=64,
        help_text=_("The Assistance Listing number (such as 97.137), or a short name."),
    )
    aln_number = models.CharField(_("Assistance Listing number"), max_length=16, blank=True)
    title = models.CharField(_("title"), max_length=500)
    agency_name = models.CharField(_("agency"), max_length=300, blank=True)
    instrument = models.CharField(
        _("kind of funding"),
        max_length=40,
        blank=True,
        help_text=_("Formula grant, competitive grant, cooperative agreement, loan, ..."),
    )
    purposes = models.JSONField(_("purposes"), default=list, blank=True)
    recurrence = models.CharField(_("recurrence"), max_length=200, blank=True)
    eligible_applicants = models.JSONField(
        _("eligible applicants"),
        default=list,
        blank=True,
        help_text=_("Grants.gov applicant codes: 02 city or township, 01 county, 99 anyone."),
    )
    award_floor = models.DecimalField(
        _("usual smallest award"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    award_ceiling = models.DecimalField(
        _("usual largest award"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    cost_sharing = models.BooleanField(_("cost sharing required"), null=True, blank=True)
    local_match_share = models.DecimalField(
        _("local match share"),
        max_digits=6,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("The local share of the total project cost (0.25 is 25 %)."),
    )
    description = models.TextField(_("what it funds"), blank=True)
    link = models.CharField(_("link"), max_length=1000, blank=True)
    via_state = models.BooleanField(
        _("through the state"),
        default=False,
        help_text=_(
            "The state applies and passes the money on to local governments: a county or city "
            "is eligible through its state."
        ),
    )
    status_override = models.CharField(
        _("flag"),
        max_length=20,
        choices=StatusOverride.choices,
        blank=True,
        help_text=_(
            "Lapsed: the program lost its funding. At risk: it may. Every notice of the program "
            "and every initiative counting on it shows the flag."
        ),
    )
    status_note = models.TextField(_("why"), blank=True)
    #: The flag was set with ``civicshift funding flag`` (or by the organization): a catalog
    #: load leaves it as it is.
    flag_by_hand = models.BooleanField(default=False, editable=False)
    source = models.CharField(
        _("source"),
        max_length=40,
        help_text=_("catalog, or the file format whose notice first named it."),
    )
    facts_last_checked = models.DateField(_("facts last checked"), null=True, blank=True)
    #: Which facts the starter catalog confirmed against its source on that date, and which not.
    verified = models.JSONField(default=list, blank=True)
    not_verified = models.JSONField(default=list, blank=True)
    #: Set when a newer starter catalog no longer lists the program.
    withdrawn_at = models.DateTimeField(_("missing from the catalog since"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    audit_exclude = ("created_at", "updated_at")

    class Meta:
        # Not the default funding_fundingprogram: the notice table had that name before
        # 0003 renamed it, and its old index names (kept by the rename) would clash.
        db_table = "funding_program"
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "key"],
                condition=Q(organization__isnull=False),
                name="funding_program_key_in_org",
            ),
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(organization__isnull=True),
                name="funding_program_key_shared",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.aln_number or self.key})"

    @property
    def flagged(self) -> bool:
        return self.status_override in (StatusOverride.LAPSED, StatusOverride.AT_RISK)

    def to_engine(self) -> EngineProgram:
        """The program on its own, for matching when it has no notice of its own (a formula
        or pass-through program, a state program typed by hand)."""
        return EngineProgram(
            key=f"p{self.pk}",
            title=self.title,
            description=self.description,
            purposes=tuple(self.purposes),
            eligible_applicants=tuple(self.eligible_applicants),
            award_floor=self.award_floor,
            award_ceiling=self.award_ceiling,
            cost_sharing=self.cost_sharing,
            local_match_share=self.local_match_share,
            status=self.status_override,
            via_state=self.via_state,
        )

    def status(self, today: date) -> str:
        """lapsed or at risk when flagged; archived when the catalog dropped it; else posted
        (a standing program with no dates of its own: its notices carry the rounds' dates)."""
        if self.withdrawn_at is not None and not self.status_override:
            return "archived"
        return program_status(self.to_engine(), today)
