"""ADKAR-style ratings of a person or group, and the change-impact assessment's groups."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicshift.core import people as core
from civicshift.orgs.base import OrgOwnedModel, VersionedModel

from .choices import SubjectKind
from .stakeholders import ONE_TO_FIVE

ADKAR_FIELDS = core.ADKAR_ELEMENTS
ADKAR_RATING_FIELDS = ("subject", "kind", "stakeholder", "rated_on", *ADKAR_FIELDS, "notes")


def _element(label, help_text):
    return models.PositiveSmallIntegerField(
        label, validators=ONE_TO_FIVE, default=3, help_text=help_text
    )


class AdkarRating(OrgOwnedModel, VersionedModel):
    """How far a person or group has come along the five elements of a change, 1 (not at all)
    to 5 (fully). The first element rated 3 or lower is the barrier point."""

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="adkar_ratings",
        verbose_name=_("initiative"),
    )
    subject = models.CharField(
        _("who"),
        max_length=200,
        help_text=_("The person or group rated, e.g. “Utility billing clerks”."),
    )
    kind = models.CharField(
        _("person or group"),
        max_length=10,
        choices=SubjectKind.choices,
        default=SubjectKind.GROUP,
        help_text=_("Whether this rating is of one person or of a group."),
    )
    stakeholder = models.ForeignKey(
        "people.Stakeholder",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adkar_ratings",
        verbose_name=_("stakeholder"),
        help_text=_("Optional: the stakeholder of this initiative the rating is about."),
    )
    rated_on = models.DateField(
        _("rated on"), help_text=_("When the rating was made; a later rating shows progress.")
    )
    awareness = _element(
        _("awareness"), _("They know why the change is needed and what happens if nothing does.")
    )
    desire = _element(_("desire"), _("They want to take part in the change and support it."))
    knowledge = _element(
        _("knowledge"), _("They know how to work the new way: steps, screens, rules.")
    )
    ability = _element(
        _("ability"), _("They can actually do it, day to day, at the speed the work needs.")
    )
    reinforcement = _element(
        _("reinforcement"),
        _("Something keeps the new way in place: recognition, measures, no way back."),
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("What the ratings rest on."))

    reference_rules = {"stakeholder": ("initiative", "initiative")}

    class Meta:
        ordering = ["initiative", "subject", "-rated_on", "id"]
        verbose_name = _("ADKAR rating")
        verbose_name_plural = _("ADKAR ratings")

    def __str__(self) -> str:
        return self.subject

    def clean(self) -> None:
        if (
            self.stakeholder_id
            and self.initiative_id
            and self.stakeholder.initiative_id != self.initiative_id
        ):
            raise ValidationError({"stakeholder": _("Choose a stakeholder of this initiative.")})

    def ratings(self) -> dict[str, int]:
        return {e: getattr(self, e) for e in ADKAR_FIELDS}

    @property
    def barrier(self) -> str | None:
        return core.barrier_point(self.ratings())


#: The aspects of daily work a change can touch, each rated 0–5 (their wording is in
#: people/data/change.yaml, checked against this list by the tests).
IMPACT_ASPECTS = (
    "processes",
    "systems",
    "job_roles",
    "reporting",
    "skills",
    "location_schedule",
)
IMPACT_GROUP_FIELDS = ("name", "department", "headcount", *IMPACT_ASPECTS, "notes")
ZERO_TO_FIVE = [MinValueValidator(0), MaxValueValidator(5)]


def _aspect(label, help_text):
    return models.PositiveSmallIntegerField(
        label, validators=ZERO_TO_FIVE, default=0, help_text=help_text
    )


class ImpactGroup(OrgOwnedModel, VersionedModel):
    """A group of people the initiative changes, and how much each aspect of their daily work
    changes, 0 (not at all) to 5 (completely)."""

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="impact_groups",
        verbose_name=_("initiative"),
    )
    name = models.CharField(
        _("group"), max_length=200, help_text=_("E.g. “Accounts payable”, “Meter readers”.")
    )
    department = models.ForeignKey(
        "orgs.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
        help_text=_("The department the group works in, if it is one department."),
    )
    headcount = models.PositiveIntegerField(
        _("people"),
        validators=[MaxValueValidator(1_000_000)],
        help_text=_("How many people are in the group."),
    )
    processes = _aspect(
        _("processes"), _("How much the steps of their work change, 0 (not at all) to 5.")
    )
    systems = _aspect(
        _("systems and tools"), _("How much the software and tools they use change, 0 to 5.")
    )
    job_roles = _aspect(
        _("job roles"), _("How much their duties and responsibilities change, 0 to 5.")
    )
    reporting = _aspect(
        _("reporting"), _("How much who they report to, or what they report, changes, 0 to 5.")
    )
    skills = _aspect(_("skills"), _("How much they must learn to do the work, 0 to 5."))
    location_schedule = _aspect(
        _("location and schedule"), _("How much where or when they work changes, 0 to 5.")
    )
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("What changes for them, in a sentence or two.")
    )

    class Meta:
        ordering = ["initiative", "name", "id"]
        verbose_name = _("affected group")
        verbose_name_plural = _("affected groups")

    def __str__(self) -> str:
        return self.name

    def aspects(self) -> list[int]:
        return [getattr(self, a) for a in IMPACT_ASPECTS]
