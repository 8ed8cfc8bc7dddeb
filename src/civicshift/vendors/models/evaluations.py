"""An evaluation of vendor proposals for one initiative: the solicitation, its milestones, the
proposals and their documents, the criteria tree, the panel and its declarations, judgments and
scores, the consensus, and the due diligence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicshift.orgs.base import OrgOwnedModel, VersionedModel


class Solicitation(models.TextChoices):
    RFP = "rfp", _("Request for proposals (RFP)")
    RFQ = "rfq", _("Request for quotes (RFQ)")
    RFI = "rfi", _("Request for information (RFI)")
    COOPERATIVE = "cooperative", _("Cooperative purchase")
    SOLE_SOURCE = "sole_source", _("Sole source")


class WeightMethod(models.TextChoices):
    TYPED = "typed", _("Typed percentages")
    AHP = "ahp", _("Pairwise comparisons (AHP)")


class Evaluation(OrgOwnedModel, VersionedModel):
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="vendor_evaluations",
        help_text=_("The initiative the purchase is for."),
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("e.g. 'RFP 2026-04: Enterprise resource planning system'."),
    )
    solicitation = models.CharField(
        _("how you are buying"),
        max_length=16,
        choices=Solicitation.choices,
        default=Solicitation.RFP,
        help_text=_(
            "RFP: vendors propose and you score. RFQ: mostly price. RFI: information only, no "
            "award. Cooperative: buy from a contract another public body competed. Sole "
            "source: only one vendor can supply it (needs a written justification)."
        ),
    )
    cooperative_contract = models.ForeignKey(
        "vendors.CooperativeContract",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cooperative contract"),
        help_text=_("For a cooperative purchase: the contract you buy from."),
    )
    justification = models.TextField(
        _("written justification"),
        blank=True,
        help_text=_(
            "Why this way of buying is allowed and best value: required for a sole source "
            "and a cooperative purchase."
        ),
    )
    weight_method = models.CharField(
        _("how weights are set"),
        max_length=8,
        choices=WeightMethod.choices,
        default=WeightMethod.TYPED,
        help_text=_(
            "Typed: you enter each criterion's share in percent. AHP: the panel compares "
            "criteria two at a time and the weights are derived from the comparisons."
        ),
    )
    random_index = models.CharField(
        _("random-index table"),
        max_length=20,
        default="saaty-1980",
        help_text=_("The published table the consistency ratio is computed against."),
    )
    price_points = models.DecimalField(
        _("points for price"),
        max_digits=7,
        decimal_places=2,
        default=0,
        help_text=_(
            "The points the lowest price earns; others earn lowest price ÷ their price × "
            "these points. 0 if price is a criterion of the tree instead."
        ),
    )
    proposals_opened_at = models.DateTimeField(
        _("proposals opened"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the proposals were opened to the panel; declarations come before."),
    )
    withhold_personal_notes = models.BooleanField(
        _("leave evaluators' personal notes out of public-records exports"),
        default=True,
        help_text=_(
            "When ticked, the notes evaluators keep for themselves are left out of the "
            "public-records export (check with your records officer and counsel)."
        ),
    )
    awarded_proposal = models.ForeignKey(
        "vendors.Proposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text=_("The proposal recommended for award."),
    )
    award_rationale = models.TextField(
        _("why this proposal is recommended"),
        blank=True,
        editable=False,
        help_text=_(
            "The written recommendation: why this proposal is the best value, in plain words "
            "for the council."
        ),
    )

    audit_number = ("price_points",)  # points, not dollars, in the history

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("vendor evaluation")

    def __str__(self) -> str:
        return self.title


class MilestoneKind(models.TextChoices):
    RELEASE = "release", _("Solicitation released")
    QUESTIONS = "questions", _("Questions due")
    PROPOSALS = "proposals", _("Proposals due")
    EVALUATION = "evaluation", _("Evaluation")
    DEMONSTRATIONS = "demonstrations", _("Demonstrations")
    COUNCIL = "council", _("Council approval")
    CONTRACT = "contract", _("Contract signed")


class Milestone(OrgOwnedModel):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(
        _("milestone"), max_length=16, choices=MilestoneKind.choices, help_text=_("Which step.")
    )
    date = models.DateField(_("date"), help_text=_("The planned date."))
    task = models.ForeignKey(
        "plans.PlanTask",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("The plan task made from this milestone, once it was added to the plan."),
    )

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "kind"], name="vendor_milestone_once")
        ]
        verbose_name = _("evaluation milestone")

    def __str__(self) -> str:
        return self.get_kind_display()


class Proposal(OrgOwnedModel, VersionedModel):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="proposals")
    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.PROTECT,
        related_name="proposals",
        help_text=_("The company that sent it."),
    )
    price = models.DecimalField(
        _("price"),
        max_digits=14,
        decimal_places=2,
        help_text=_("The total price the vendor proposes for the scope, in dollars."),
    )
    one_time_cost = models.DecimalField(
        _("one-time costs"),
        max_digits=14,
        decimal_places=2,
        default=0,
        help_text=_("Implementation, licences bought once, data conversion, training."),
    )
    annual_cost = models.DecimalField(
        _("yearly costs"),
        max_digits=14,
        decimal_places=2,
        default=0,
        help_text=_("Subscription, maintenance and hosting per year, in today's dollars."),
    )
    received_on = models.DateField(
        _("received"), null=True, blank=True, help_text=_("When the proposal arrived.")
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("Anything about the proposal."))

    class Meta:
        ordering = ["vendor__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "vendor"], name="vendor_one_proposal")
        ]
        verbose_name = _("proposal")

    def __str__(self) -> str:
        return str(self.vendor)


class ProposalDocument(OrgOwnedModel):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="documents")
    filename = models.CharField(
        _("file name"), max_length=200, help_text=_("The name of the file as uploaded.")
    )
    content_type = models.CharField(
        max_length=100, help_text=_("The kind of file, found from its contents.")
    )
    size = models.PositiveIntegerField(help_text=_("Its size in bytes."))
    content = models.BinaryField(help_text=_("The file itself."))

    audit_exclude = ("created_at", "updated_at", "content")

    class Meta:
        ordering = ["filename", "id"]
        verbose_name = _("proposal document")

    def __str__(self) -> str:
        return self.filename


class Criterion(OrgOwnedModel, VersionedModel):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
        help_text=_("The criterion this is a sub-criterion of; empty for a main criterion."),
    )
    name = models.CharField(
        _("criterion"), max_length=200, help_text=_("e.g. 'Functional fit' or 'Payroll'.")
    )
    description = models.TextField(
        _("what it means"), blank=True, help_text=_("What the panel should look at.")
    )
    position = models.PositiveIntegerField(
        default=0, help_text=_("Order among its siblings (smallest first).")
    )
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=6,
        decimal_places=2,
        default=0,
        help_text=_(
            "Its share of its group, in percent; the shares of one group add up to 100. "
            "With AHP this is derived from the comparisons."
        ),
    )
    anchor_low = models.CharField(
        _("what a 1 looks like"),
        max_length=300,
        blank=True,
        help_text=_("In words: the poorest answer that still counts."),
    )
    anchor_mid = models.CharField(
        _("what a 3 looks like"),
        max_length=300,
        blank=True,
        help_text=_("In words: an answer that meets the need."),
    )
    anchor_high = models.CharField(
        _("what a 5 looks like"),
        max_length=300,
        blank=True,
        help_text=_("In words: an answer that clearly exceeds the need."),
    )

    audit_number = ("weight",)  # a percentage typed as 60, not dollars, in the history

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.name


class PanelMember(OrgOwnedModel):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="panel")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("evaluator"),
        help_text=_("A member of the organization, with any role, who scores the proposals."),
    )
    declared_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("When they declared their conflicts of interest for every vendor."),
    )
    submitted_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("When they submitted their scores; after this the scores are locked."),
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "user"], name="vendor_panel_once")
        ]
        verbose_name = _("panel member")

    def __str__(self) -> str:
        from civicshift.accounts.people import person_name

        # Named as colleagues see each other (never by e-mail address): it shows in the history.
        return f"{self.evaluation}: {person_name(self.user)}"


class ConflictDeclaration(OrgOwnedModel):
    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="declarations")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="+")
    has_conflict = models.BooleanField(
        _("I have a conflict of interest"),
        default=False,
        help_text=_(
            "A financial interest, a family member or close friend working there, a job offer, "
            "or anything a reasonable person would see as a conflict. A conflict removes you "
            "from scoring this vendor."
        ),
    )
    explanation = models.TextField(
        _("explanation"), blank=True, help_text=_("What the conflict is, if there is one.")
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "vendor"], name="vendor_declare_once")
        ]
        verbose_name = _("conflict-of-interest declaration")

    def __str__(self) -> str:
        return f"{self.member_id} / {self.vendor_id}"


class Judgment(OrgOwnedModel):
    """One evaluator's pairwise comparison of two sibling criteria on Saaty's 1–9 scale."""

    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="judgments")
    first = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.CharField(
        _("how much more important"),
        max_length=4,
        help_text=_(
            "How many times as important the first is as the second: 1 equal, 3 moderately, "
            "5 strongly, 7 very strongly, 9 extremely; 1/3…1/9 when the second matters more."
        ),
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "first", "second"], name="vendor_judge_once")
        ]
        verbose_name = _("pairwise judgment")

    def __str__(self) -> str:
        return f"{self.first_id} vs {self.second_id}: {self.value}"


class Score(OrgOwnedModel, VersionedModel):
    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="scores")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(
        _("score"), help_text=_("From 1 (poor) to 5 (excellent), by the criterion's anchors.")
    )
    comment = models.TextField(
        _("comment"),
        blank=True,
        help_text=_("Why this score; required for the lowest and the highest score."),
    )
    personal_note = models.TextField(
        _("personal note"),
        blank=True,
        help_text=_("A note for yourself; may be left out of public-records exports."),
    )

    #: Blind scoring: the history pages never show a score's events (they would show drafts and
    #: personal notes to the other members); the public-records export keeps the changes made
    #: after submission (``vendors.public_record``).
    audit_history_hidden = True

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "proposal", "criterion"], name="vendor_score_once"
            )
        ]
        verbose_name = _("score")

    def __str__(self) -> str:
        return f"{self.value}"


class ConsensusScore(OrgOwnedModel, VersionedModel):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="consensus")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="consensus")
    value = models.DecimalField(
        _("consensus score"),
        max_digits=4,
        decimal_places=2,
        help_text=_("The score the panel agreed on together, on the same 1–5 scale."),
    )
    rationale = models.TextField(
        _("rationale"), help_text=_("Why the panel agreed on this score, in plain words.")
    )

    audit_number = ("value",)  # a score from 1 to 5, not dollars, in the history

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "criterion"], name="vendor_consensus_once")
        ]
        verbose_name = _("consensus score")

    def __str__(self) -> str:
        return f"{self.value}"


class Checklist(models.TextChoices):
    SECURITY = "security", _("Security questionnaire")
    CONTRACT = "contract", _("Contract checklist")


class DiligenceAnswer(OrgOwnedModel, VersionedModel):
    """One answer of the security questionnaire or one item of the contract checklist."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="diligence")
    checklist = models.CharField(
        max_length=10, choices=Checklist.choices, help_text=_("Which list it belongs to.")
    )
    item = models.CharField(
        max_length=40, help_text=_("The question's id in the versioned data file.")
    )
    answer = models.CharField(
        _("answer"),
        max_length=10,
        choices=[
            ("yes", _("Yes")),
            ("partly", _("Partly")),
            ("no", _("No")),
            ("unknown", _("Not known yet")),
        ],
        default="unknown",
        help_text=_("What the vendor's evidence or the draft contract shows."),
    )
    value = models.CharField(
        _("stated value"),
        max_length=120,
        blank=True,
        help_text=_("A number or place the item asks for, e.g. '72' hours or 'United States'."),
    )
    evidence = models.TextField(
        _("evidence"), blank=True, help_text=_("Where this is shown: a report, a page, a clause.")
    )
    evidence_document = models.ForeignKey(
        ProposalDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evidence file"),
        help_text=_(
            "The proposal's document that shows it (its SOC 2 report, the draft contract…)."
        ),
    )

    class Meta:
        ordering = ["checklist", "item", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "checklist", "item"], name="vendor_diligence_once"
            )
        ]
        verbose_name = _("due-diligence answer")

    def __str__(self) -> str:
        return f"{self.checklist}:{self.item}"


class ReferenceCheck(OrgOwnedModel, VersionedModel):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="reference_checks"
    )
    customer = models.CharField(
        _("customer called"), max_length=200, help_text=_("The town, city or county you called.")
    )
    contact = models.CharField(
        _("person spoken to"), max_length=200, blank=True, help_text=_("Their name and role.")
    )
    checked_on = models.DateField(_("date"), null=True, blank=True, help_text=_("When you called."))
    answers = models.JSONField(
        default=dict, blank=True, help_text=_("Their answers to the standard questions, by id.")
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("What you learned, in a few sentences.")
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("reference check")

    def __str__(self) -> str:
        return self.customer
