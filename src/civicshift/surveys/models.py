"""Readiness surveys: a survey, its items, and the anonymous answers.

Anonymity by construction (issue 11, item 2; docs/decisions.md "Survey responses carry no
time"): ``SurveyResponse`` and ``OneTimeCode`` have random UUID keys and no ``created_at`` or
``updated_at`` (the two fields ``OrgOwnedModel`` gives every other row are removed here), no
link between them, and no audit record is written per answer (the audit trail stores a time).
"""

from __future__ import annotations

import secrets
import uuid

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicshift.core.survey.anonymity import DEFAULT_K, MIN_K
from civicshift.orgs.base import OrgOwnedModel, VersionedModel


def new_token() -> str:
    """The survey's public address: 32 random bytes, URL-safe (256 bits: unguessable)."""
    return secrets.token_urlsafe(32)


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (not yet open)")
    OPEN = "open", _("Open (taking answers)")
    CLOSED = "closed", _("Closed")


class Survey(OrgOwnedModel, VersionedModel):
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("initiative"),
        help_text=_("The initiative this survey is about, if any."),
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("The name respondents see at the top.")
    )
    change_name = models.CharField(
        _("the change, as named in the questions"),
        max_length=200,
        default=_("this change"),
        help_text=_(
            'Completes the readiness questions: "People who work here are committed to '
            'implementing …". E.g. "the new financial system".'
        ),
    )
    system_name = models.CharField(
        _("the system, as named in the technology questions"),
        max_length=200,
        default=_("the new system"),
        help_text=_('Completes the technology questions: "Using … would improve my job".'),
    )
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A few sentences respondents read first: why you ask and what happens next."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SurveyStatus.choices,
        default=SurveyStatus.DRAFT,
        help_text=_("Only an open survey takes answers; its link shows nothing otherwise."),
    )
    k = models.PositiveSmallIntegerField(
        _("smallest group shown (k)"),
        default=DEFAULT_K,
        validators=[MinValueValidator(MIN_K)],
        help_text=_(
            "Results are broken down by department only where at least this many people "
            "answered (never fewer than 3), so no one's answers can be picked out."
        ),
    )
    ask_department = models.BooleanField(
        _("ask for the department"),
        default=True,
        help_text=_("Respondents pick their department (or prefer not to say)."),
    )
    require_code = models.BooleanField(
        _("require a one-time code"),
        default=False,
        help_text=_(
            "Each respondent needs one of the codes you hand out, which works once: stops "
            "the same person answering twice."
        ),
    )
    allow_linking = models.BooleanField(
        _("offer a private linking word"),
        default=False,
        help_text=_(
            "Respondents may type a private word of their own; the same word in the next "
            "wave lets you compare each person's answers before and after."
        ),
    )
    previous_wave = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_waves",
        verbose_name=_("previous wave"),
        help_text=_("The earlier survey of the same series, to compare with (before/after)."),
    )
    token = models.CharField(
        _("public link key"),
        max_length=64,
        unique=True,
        default=new_token,
        editable=False,
        help_text=_("The secret part of the survey's public address."),
    )

    audit_exclude = ("created_at", "updated_at", "token")
    #: A copy of the organization (backup import) gets its own public link: the original's
    #: keeps working for the original only.
    backup_exclude = ("token",)

    def backup_fill_excluded(self) -> None:
        self.token = new_token()

    class Meta:
        ordering = ["-created_at", "title"]
        verbose_name = _("readiness survey")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == SurveyStatus.OPEN


class ItemKind(models.TextChoices):
    LIKERT5 = "likert5", _("Agree scale, 5 points")
    LIKERT7 = "likert7", _("Agree scale, 7 points")
    SINGLE = "single", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    TEXT = "text", _("Free text")


LIKERT_POINTS = {ItemKind.LIKERT5: 5, ItemKind.LIKERT7: 7}


class SurveyItem(OrgOwnedModel, VersionedModel):
    survey = models.ForeignKey(
        Survey,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("survey"),
        help_text=_("The survey this question belongs to."),
    )
    position = models.PositiveIntegerField(
        _("position"), default=0, help_text=_("Order in the survey; lower comes first.")
    )
    bank = models.CharField(
        _("item bank"),
        max_length=40,
        blank=True,
        help_text=_("The published instrument this question comes from; empty for your own."),
    )
    bank_item = models.CharField(
        _("item in the bank"),
        max_length=20,
        blank=True,
        help_text=_("The question's id in its item bank (e.g. cc1)."),
    )
    subscale = models.CharField(
        _("subscale"),
        max_length=40,
        blank=True,
        help_text=_("The group of questions averaged into one score (e.g. change efficacy)."),
    )
    kind = models.CharField(
        _("kind of answer"),
        max_length=10,
        choices=ItemKind.choices,
        default=ItemKind.LIKERT5,
        help_text=_("How people answer this question."),
    )
    text = models.CharField(
        _("question"), max_length=500, help_text=_("The question as respondents read it.")
    )
    choices = models.JSONField(
        _("choices"),
        default=list,
        blank=True,
        help_text=_("For one-choice and several-choice questions: the options, one per line."),
    )
    required = models.BooleanField(
        _("answer required"), default=False, help_text=_("Respondents must answer it to submit.")
    )

    class Meta:
        ordering = ["survey", "position", "id"]
        verbose_name = _("survey question")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def points(self) -> int | None:
        return LIKERT_POINTS.get(self.kind)

    @property
    def key(self) -> str:
        """The question's key in a response's answers."""
        return str(self.pk)


class SurveyResponse(OrgOwnedModel):
    """One person's answers. A random key, no time, no address, no account, no code."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = None  # no time: see the module docstring
    updated_at = None
    survey = models.ForeignKey(
        Survey,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("survey"),
        help_text=_("The survey answered."),
    )
    department = models.ForeignKey(
        "orgs.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
        help_text=_("The department the respondent chose; empty if they preferred not to say."),
    )
    answers = models.JSONField(
        _("answers"),
        default=dict,
        help_text=_("Question id → answer (a scale point, a choice, a list of choices or text)."),
    )
    link_hash = models.CharField(
        _("linking word (keyed hash)"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_(
            "A keyed hash of the private word the respondent chose, if any; the word itself "
            "is not stored."
        ),
    )

    audit_exclude = ()

    class Meta:
        ordering = ["id"]  # random: the order reveals nothing about when people answered
        verbose_name = _("survey response")

    def __str__(self) -> str:
        return str(_("Anonymous response"))


class OneTimeCode(OrgOwnedModel):
    """A code handed to one respondent, stored as a keyed hash. Nothing ties it to the answer
    given with it: no foreign key from or to a response, no time, a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = None
    updated_at = None
    survey = models.ForeignKey(
        Survey,
        on_delete=models.CASCADE,
        related_name="codes",
        verbose_name=_("survey"),
        help_text=_("The survey the code opens."),
    )
    code_hash = models.CharField(
        _("code (keyed hash)"),
        max_length=64,
        unique=True,
        help_text=_("A keyed hash of the code; the code itself is shown once and not stored."),
    )
    used = models.BooleanField(
        _("used"), default=False, help_text=_("A used code cannot be used again.")
    )

    audit_exclude = ()
    #: The hash does not leave the server (it is keyed with this server's secret and the
    #: survey's id, so it would match nothing elsewhere): an imported code is spent, and
    #: editors make new codes for the copy.
    backup_exclude = ("code_hash",)

    def backup_fill_excluded(self) -> None:
        self.code_hash = secrets.token_hex(32)
        self.used = True

    class Meta:
        ordering = ["id"]
        verbose_name = _("one-time code")

    def __str__(self) -> str:
        return str(_("One-time code"))
