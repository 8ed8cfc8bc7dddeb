"""The change and communications plan of an initiative: its activities (the sponsor roadmap is
the sponsor's activities), each able to become a task of the initiative's plan, and the
resistance-management plan for resistant and sceptical stakeholders."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicshift.orgs.base import OrgOwnedModel, VersionedModel

from .choices import ActivityKind, ActivityStatus, ResistanceCause

ACTIVITY_FIELDS = (
    "title",
    "kind",
    "audience",
    "message",
    "channel",
    "date",
    "owner",
    "status",
    "notes",
)


class CommsActivity(OrgOwnedModel, VersionedModel):
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="comms_activities",
        verbose_name=_("initiative"),
    )
    title = models.CharField(
        _("activity"),
        max_length=200,
        help_text=_("What happens, in a few words: “Town hall on the new ERP”."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=24,
        choices=ActivityKind.choices,
        default=ActivityKind.COMMUNICATION,
        help_text=_(
            "Sponsor actions make up the sponsor roadmap; resistance responses answer a "
            "resistant or sceptical stakeholder."
        ),
    )
    audience = models.CharField(
        _("audience"),
        max_length=200,
        help_text=_("Who it is for: “All Finance staff”, “Council”, “Utility billing clerks”."),
    )
    message = models.TextField(
        _("key message"),
        blank=True,
        help_text=_("What they should hear or understand afterwards, in one or two sentences."),
    )
    channel = models.CharField(
        _("channel"),
        max_length=120,
        blank=True,
        help_text=_("How it reaches them: e-mail, staff meeting, intranet, in person…"),
    )
    date = models.DateField(_("date"), help_text=_("When it happens."))
    owner = models.CharField(
        _("owner"), max_length=150, blank=True, help_text=_("The person who makes it happen.")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ActivityStatus.choices,
        default=ActivityStatus.PLANNED,
        help_text=_("Planned, done or cancelled."),
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("Anything else to remember."))
    task = models.ForeignKey(
        "plans.PlanTask",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("plan task"),
        help_text=_("The task of the initiative's plan this activity was sent to, if any."),
    )

    class Meta:
        ordering = ["initiative", "date", "id"]
        verbose_name = _("change activity")
        verbose_name_plural = _("change activities")

    def __str__(self) -> str:
        return self.title


RESISTANCE_FIELDS = ("stakeholder", "cause", "response", "owner", "due", "done", "notes")


class ResistanceResponse(OrgOwnedModel, VersionedModel):
    """How the team will answer one resistant or sceptical stakeholder."""

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="resistance_responses",
        verbose_name=_("initiative"),
    )
    stakeholder = models.ForeignKey(
        "people.Stakeholder",
        on_delete=models.CASCADE,
        related_name="resistance_responses",
        verbose_name=_("stakeholder"),
        help_text=_("The resistant or sceptical stakeholder this answers."),
    )
    cause = models.CharField(
        _("likely cause"),
        max_length=16,
        choices=ResistanceCause.choices,
        help_text=_("Why they most likely resist; ask them rather than guess where you can."),
    )
    response = models.TextField(
        _("response"), help_text=_("What you will do about it, concretely.")
    )
    owner = models.CharField(_("owner"), max_length=150, help_text=_("The person who will do it."))
    due = models.DateField(_("by"), help_text=_("When it should be done."))
    done = models.BooleanField(_("done"), default=False, help_text=_("Tick once it is done."))
    notes = models.TextField(_("notes"), blank=True, help_text=_("How it went, what is next."))

    reference_rules = {"stakeholder": ("initiative", "initiative")}

    class Meta:
        ordering = ["initiative", "due", "id"]
        verbose_name = _("resistance response")
        verbose_name_plural = _("resistance responses")

    def __str__(self) -> str:
        return f"{self.stakeholder} — {self.get_cause_display()}"

    def clean(self) -> None:
        if (
            self.stakeholder_id
            and self.initiative_id
            and self.stakeholder.initiative_id != self.initiative_id
        ):
            raise ValidationError({"stakeholder": _("Choose a stakeholder of this initiative.")})
