"""The staff ideas board: a problem or idea any member raises, the comments and supports of
the others, the managers' open responses that move it along, and the initiative it may become.

Every member takes part, viewers included (docs/decisions.md, "Staff ideas board"): a viewer
submits, comments and supports; an editor or admin responds and promotes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicshift.orgs.base import OrgOwnedModel, VersionedModel


class Status(models.TextChoices):
    NEW = "new", _("New")
    UNDER_REVIEW = "under_review", _("Under review")
    PLANNED = "planned", _("Planned")
    PROMOTED = "promoted", _("Became an initiative")
    DECLINED = "declined", _("Declined")


STATUS_HELP = {
    Status.NEW: _("Submitted; no manager has answered yet."),
    Status.UNDER_REVIEW: _("A manager is looking into it."),
    Status.PLANNED: _("Managers agreed to do something about it; the response says what."),
    Status.PROMOTED: _("It is now an initiative of its own, planned and tracked like the others."),
    Status.DECLINED: _("Managers decided not to go ahead; the response says why."),
}

#: Where a manager's response may take an idea from each status. A promotion goes through
#: ``idea_promote`` (it creates the initiative), never through a plain response.
RESPONSE_TARGETS = {
    Status.NEW: (Status.UNDER_REVIEW, Status.PLANNED, Status.DECLINED),
    Status.UNDER_REVIEW: (Status.UNDER_REVIEW, Status.PLANNED, Status.DECLINED),
    Status.PLANNED: (Status.PLANNED, Status.UNDER_REVIEW, Status.DECLINED),
    Status.DECLINED: (Status.DECLINED, Status.UNDER_REVIEW),
    Status.PROMOTED: (Status.PROMOTED,),
}


class Idea(OrgOwnedModel, VersionedModel):
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("A short name others will recognise, e.g. 'Let residents book park shelters'."),
    )
    problem = models.TextField(
        _("the problem"),
        help_text=_("What goes wrong today, for whom, and how often. Plain words."),
    )
    proposal = models.TextField(
        _("the idea"),
        blank=True,
        help_text=_("What you would do about it, if you have an idea. Leave empty if not."),
    )
    department = models.ForeignKey(
        "orgs.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
        help_text=_("The department where the problem shows up, if it is one department."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("submitted by"),
        help_text=_("The member who raised it."),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.NEW,
        editable=False,
        help_text=_("Where the idea stands; only a manager's response changes it."),
    )
    initiative = models.OneToOneField(
        "initiatives.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="staff_idea",
        verbose_name=_("initiative"),
        help_text=_("The initiative this idea became, once an editor promoted it."),
    )
    #: Counted supports, kept beside the rows for sorting the board (changed with them).
    support_count = models.PositiveIntegerField(
        _("supporters"),
        default=0,
        editable=False,
        help_text=_("How many members support it (one each)."),
    )
    #: When anything people see changed last: a comment, a response, a promotion.
    activity_at = models.DateTimeField(
        _("last activity"),
        null=True,
        editable=False,
        help_text=_("When someone last commented, responded or promoted it."),
    )

    audit_exclude = ("created_at", "updated_at", "support_count", "activity_at")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["organization", "-support_count"]),
        ]
        verbose_name = _("staff idea")
        verbose_name_plural = _("staff ideas")

    def __str__(self) -> str:
        return self.title

    @property
    def status_help(self) -> str:
        return STATUS_HELP[Status(self.status)]


class IdeaComment(OrgOwnedModel):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        help_text=_("The member who wrote it."),
    )
    body = models.TextField(_("comment"), help_text=_("What you want to add, in plain words."))
    hidden_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When an editor hid it; empty while it is shown.")
    )
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The editor who hid it."),
    )
    hidden_reason = models.CharField(
        _("reason for hiding"),
        max_length=300,
        blank=True,
        help_text=_("Why the text is hidden; shown to everyone in its place."),
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment on a staff idea")

    def __str__(self) -> str:
        return f"{self.idea}: {self.body[:40]}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class IdeaSupport(OrgOwnedModel):
    """One member supports one idea (at most once)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The member who supports it."),
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["idea", "supporter"], name="idea_support_once")
        ]
        verbose_name = _("support for a staff idea")

    def __str__(self) -> str:
        return f"{self.idea}: {self.supporter_id}"


class IdeaResponse(OrgOwnedModel):
    """A manager's answer, in the open, and the status it gave the idea."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="responses")
    responder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        help_text=_("The editor or administrator who answered."),
    )
    from_status = models.CharField(
        max_length=16, choices=Status.choices, help_text=_("The status before the response.")
    )
    to_status = models.CharField(
        _("new status"),
        max_length=16,
        choices=Status.choices,
        help_text=_("The status the response gave the idea."),
    )
    body = models.TextField(
        _("response"),
        help_text=_("What managers decided or will do, and why. Everyone who took part sees it."),
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("response to a staff idea")

    def __str__(self) -> str:
        return f"{self.idea}: {self.from_status} → {self.to_status}"


class IdeaVisit(OrgOwnedModel):
    """When a member last opened "My ideas", to count what changed since."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(help_text=_("When the member last opened “My ideas”."))

    audit_exclude = ("created_at", "updated_at", "seen_at")
    #: Bookkeeping of one member's reading, not the organization's data: left out of backups
    #: (a restored organization starts everyone at "first visit").
    backup_exported = False

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="idea_visit_once")
        ]
        verbose_name = _("visit to my ideas")

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.seen_at}"
