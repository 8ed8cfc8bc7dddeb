"""The business-case lines made from a proposal's costs (``vendors.services_case``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from civicshift.orgs.base import OrgOwnedModel


class CaseLinePart(models.TextChoices):
    ONE_TIME = "one_time", _("One-time costs")
    ANNUAL = "annual", _("Yearly costs")


class ProposalCaseLine(OrgOwnedModel):
    """A business-case line made from a proposal's costs, so adding again updates it instead
    of adding it twice: at most one line of each part per evaluation."""

    evaluation = models.ForeignKey(
        "vendors.Evaluation", on_delete=models.CASCADE, related_name="case_lines"
    )
    proposal = models.ForeignKey(
        "vendors.Proposal",
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The proposal whose costs the line holds."),
    )
    line = models.OneToOneField(
        "cases.CaseLine", on_delete=models.CASCADE, related_name="+", editable=False
    )
    part = models.CharField(
        _("part"),
        max_length=10,
        choices=CaseLinePart.choices,
        help_text=_("The proposal's one-time costs or its yearly costs."),
    )
    proposal_version = models.PositiveIntegerField(
        _("proposal version"),
        help_text=_("The version of the proposal the figures were taken from."),
    )

    #: The proposal must be one of this evaluation's (checked by the backup import).
    reference_rules = {"proposal": ("evaluation", "evaluation")}

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "part"],
                name="vendor_case_line_once",
                violation_error_message=_("This evaluation already added a line of this part."),
            )
        ]
        verbose_name = _("proposal line of the business case")

    def __str__(self) -> str:
        return f"{self.part}: {self.line_id}"
