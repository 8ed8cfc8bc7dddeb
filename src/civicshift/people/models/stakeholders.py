"""A person or group with a stake in an initiative, placed on the power–interest grid."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicshift.core import people as core
from civicshift.orgs.base import OrgOwnedModel, VersionedModel

from .choices import Stance, SubjectKind

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]

#: The fields a person fills in, in the order the form and the API show them.
STAKEHOLDER_FIELDS = (
    "name",
    "kind",
    "department",
    "role",
    "influence",
    "interest",
    "current_stance",
    "desired_stance",
    "concerns",
    "engagement",
)


class Stakeholder(OrgOwnedModel, VersionedModel):
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="stakeholders",
        verbose_name=_("initiative"),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_(
            "A person (“Maria Lopez, Finance Director”) or a group (“Accounts payable clerks”)."
        ),
    )
    kind = models.CharField(
        _("person or group"),
        max_length=10,
        choices=SubjectKind.choices,
        default=SubjectKind.PERSON,
        help_text=_("Whether this is one person or a group of people treated alike."),
    )
    department = models.ForeignKey(
        "orgs.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
        help_text=_("The department they work in; empty for people outside the organization."),
    )
    role = models.CharField(
        _("role in the change"),
        max_length=200,
        blank=True,
        help_text=_("E.g. sponsor, system owner, daily user, union representative, council."),
    )
    influence = models.PositiveSmallIntegerField(
        _("influence"),
        validators=ONE_TO_FIVE,
        default=3,
        help_text=_(
            "How much they can help or block the change, 1 (hardly at all) to 5 (they can stop it)."
        ),
    )
    interest = models.PositiveSmallIntegerField(
        _("interest"),
        validators=ONE_TO_FIVE,
        default=3,
        help_text=_(
            "How much the change affects them or how much they care, 1 (hardly) to 5 (it "
            "changes their daily work)."
        ),
    )
    current_stance = models.CharField(
        _("stance now"),
        max_length=12,
        choices=Stance.choices,
        default=Stance.NEUTRAL,
        help_text=_("Where they stand today, as far as you can tell."),
    )
    desired_stance = models.CharField(
        _("stance needed"),
        max_length=12,
        choices=Stance.choices,
        default=Stance.SUPPORTIVE,
        help_text=_("Where the change needs them to be for it to succeed."),
    )
    concerns = models.TextField(
        _("concerns"),
        blank=True,
        help_text=_("What worries them about the change, in their words where you can."),
    )
    engagement = models.TextField(
        _("engagement actions"),
        blank=True,
        help_text=_("How you will involve them: meetings, updates, a role in testing…"),
    )

    class Meta:
        ordering = ["initiative", "name", "id"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")

    def __str__(self) -> str:
        return self.name

    @property
    def quadrant(self) -> str:
        return core.quadrant(self.influence, self.interest)

    @property
    def stance_gap(self) -> int:
        return core.stance_gap(self.current_stance, self.desired_stance)
