"""The application pipeline: an organization's funding profile (SAM.gov registration), each
application an initiative makes (or a notice it passes over), and each application's items
(the required documents to check off, and after an award the reporting dates). The rules of
stages, reasons and flags are in ``civicshift.core.funding.pipeline``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from civicshift.core.funding import pipeline
from civicshift.orgs.base import OrgOwnedModel, VersionedModel


class Stage(models.TextChoices):
    RESEARCHING = pipeline.RESEARCHING, _("Researching")
    DRAFTING = pipeline.DRAFTING, _("Drafting")
    SUBMITTED = pipeline.SUBMITTED, _("Submitted")
    AWARDED = pipeline.AWARDED, _("Awarded")
    DECLINED = pipeline.DECLINED, _("Declined by the funder")
    WITHDRAWN = pipeline.WITHDRAWN, _("Withdrawn by us")
    PASSED_OVER = pipeline.PASSED_OVER, _("Passed over (not pursued)")


class Interest(models.TextChoices):
    WILL_APPLY = "will_apply", _("We will apply")
    WILL_CONSIDER = "will_consider", _("We will consider it")
    SUPPORT_PARTNER = "support_partner", _("We will support a partner’s application")


class PassReason(models.TextChoices):
    NONE = "", _("—")
    LOCAL_MATCH = "local_match", _("We cannot meet the local match")
    NOT_ELIGIBLE = "not_eligible", _("We are not eligible")
    DEADLINE = "deadline_too_close", _("The deadline is too close")
    NOT_PRIORITY = "not_a_priority", _("Not a priority this year")
    TOO_SMALL = "award_too_small", _("The award is too small for the work")
    REPORTING = "reporting_burden", _("The reporting burden is too heavy")
    NO_CAPACITY = "no_capacity", _("No staff to write or manage it")
    PARTNER = "partner_applies", _("A partner applies instead")
    OTHER = "other", _("Another reason (see the notes)")


class FundingProfile(OrgOwnedModel, VersionedModel):
    """What every application of the organization needs: its SAM.gov registration."""

    uei = models.CharField(
        _("Unique Entity ID (UEI)"),
        max_length=12,
        blank=True,
        help_text=_("The 12-character id SAM.gov gives your organization."),
    )
    sam_expires = models.DateField(
        _("SAM.gov registration expires"),
        null=True,
        blank=True,
        help_text=_(
            "Registrations expire a year after they are made or renewed. Federal applications "
            "need an active one; you are warned when an application is due after this date."
        ),
    )
    grants_contact = models.CharField(
        _("grants contact"),
        max_length=200,
        blank=True,
        help_text=_("Who prepares and signs applications (a name or an office)."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="funding_profile_one_per_org")
        ]

    def __str__(self) -> str:
        return str(_("Funding profile"))


class FundingApplication(OrgOwnedModel, VersionedModel):
    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="funding_applications"
    )
    notice = models.ForeignKey(
        "funding.FundingNotice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        help_text=_("The round applied to, if it has a notice."),
    )
    program = models.ForeignKey(
        "funding.FundingProgram",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        help_text=_("The program behind it."),
    )
    title = models.CharField(
        _("name"), max_length=300, help_text=_("How your team calls this application.")
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.RESEARCHING
    )
    interest = models.CharField(
        _("interest"),
        max_length=20,
        choices=Interest.choices,
        default=Interest.WILL_CONSIDER,
        help_text=_("How far the organization means to go with it."),
    )
    pass_reason = models.CharField(
        _("why it is passed over"),
        max_length=20,
        choices=PassReason.choices,
        blank=True,
        help_text=_("Needed to pass a notice over: next year's planning counts the reasons."),
    )
    due_date = models.DateField(
        _("application due"),
        null=True,
        blank=True,
        help_text=_("Taken from the notice; change it if the funder or your state set another."),
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year of spending"),
        null=True,
        blank=True,
        help_text=_(
            "The fiscal year in which the money would be spent: federal amounts per fiscal "
            "year are checked against the Single Audit threshold."
        ),
    )
    federal = models.BooleanField(
        _("federal money"),
        default=True,
        help_text=_(
            "Federal awards, also those passed through the state, count toward a Single "
            "Audit; state and foundation money does not."
        ),
    )
    amount_requested = models.DecimalField(
        _("amount requested"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    amount_awarded = models.DecimalField(
        _("amount awarded"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    local_match_committed = models.DecimalField(
        _("local match committed"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("What the organization has committed of its own money."),
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(_("decision on"), null=True, blank=True)
    decline_reason = models.TextField(
        _("reason the funder gave"), blank=True, help_text=_("When declined, if they said why.")
    )
    notes = models.TextField(_("internal notes"), blank=True)
    alignment_statement = models.TextField(
        _("alignment statement"),
        blank=True,
        help_text=_(
            "How the initiative serves the program’s priorities and your strategic goals, as "
            "you will put it in the application. Start from the drafted paragraph and edit it."
        ),
    )

    #: The longest alignment statement kept (about four pages): funders' narrative sections
    #: are a few thousand characters; more is a paste gone wrong.
    ALIGNMENT_MAX_LENGTH = 10_000

    class Meta:
        ordering = ["due_date", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def flag(self) -> str:
        """lapsed or at_risk from the notice or the program: the money may not come."""
        if self.notice_id and self.notice.flag():
            return self.notice.flag()
        return self.program.status_override if self.program_id else ""


class ItemKind(models.TextChoices):
    DOCUMENT = "document", _("Document to prepare")
    REPORT = "report", _("Report after the award")


class ApplicationItem(OrgOwnedModel, VersionedModel):
    """One line of an application's checklist (a document to prepare) or, after an award,
    one reporting date (a progress, financial or closeout report)."""

    application = models.ForeignKey(
        FundingApplication, on_delete=models.CASCADE, related_name="items"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    code = models.CharField(max_length=20, blank=True, editable=False)
    label = models.CharField(_("what"), max_length=300)
    due_date = models.DateField(_("due"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["kind", "due_date", "pk"]

    def __str__(self) -> str:
        return self.label
