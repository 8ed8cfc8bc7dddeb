"""The risk register (per initiative, or for the whole organization), its mitigation actions and
the issues risks become when they happen."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicshift.orgs.base import OrgOwnedModel, VersionedModel

from .choices import (
    IMPACT_HELP,
    LIKELIHOOD_HELP,
    IssueStatus,
    Response,
    RiskCategory,
    RiskStatus,
)
from .plans import PlanTask

SCALE = [MinValueValidator(1), MaxValueValidator(5)]
MONEY = {"max_digits": 14, "decimal_places": 2, "null": True, "blank": True}
DAYS = {"max_digits": 8, "decimal_places": 2, "null": True, "blank": True}

# The risk fields a person fills in, in the order the form shows them. The web form
# (``RiskForm``) and the API (``RiskSerializer``) both use this list, so a field added to the
# register is added to both at once; each adds only what is its own (the form lets the status be
# set, the API shows the id, score, library entry and timestamps read-only).
RISK_FIELDS = (
    "title",
    "category",
    "cause",
    "event",
    "effect",
    "likelihood",
    "impact",
    "probability",
    "cost_low",
    "cost_likely",
    "cost_high",
    "delay_low_days",
    "delay_likely_days",
    "delay_high_days",
    "tasks",
    "owner",
    "response",
    "contingency_plan",
    "trigger",
    "residual_likelihood",
    "residual_impact",
    "residual_probability",
    "acceptance_rationale",
    "review_on",
)


class Risk(OrgOwnedModel, VersionedModel):
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="risks",
        verbose_name=_("initiative"),
        help_text=_("Empty for a risk to the whole organization's programme."),
    )
    title = models.CharField(
        _("risk"), max_length=255, help_text=_("What might happen, in a few words.")
    )
    cause = models.TextField(_("cause"), blank=True, help_text=_("Why it might happen."))
    event = models.TextField(_("event"), blank=True, help_text=_("What would happen."))
    effect = models.TextField(_("effect"), blank=True, help_text=_("What it would do to us."))
    category = models.CharField(_("category"), max_length=20, choices=RiskCategory.choices)
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood (1–5)"), validators=SCALE, help_text=LIKELIHOOD_HELP
    )
    impact = models.PositiveSmallIntegerField(
        _("impact (1–5)"), validators=SCALE, help_text=IMPACT_HELP
    )
    probability = models.DecimalField(
        _("probability"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_(
            "Chance it happens, 0 to 1, for the expected cost; empty: from the likelihood."
        ),
    )
    cost_low = models.DecimalField(_("cost if it happens: low"), **MONEY)
    cost_likely = models.DecimalField(_("cost if it happens: likely"), **MONEY)
    cost_high = models.DecimalField(_("cost if it happens: high"), **MONEY)
    delay_low_days = models.DecimalField(_("delay if it happens: low (working days)"), **DAYS)
    delay_likely_days = models.DecimalField(_("delay: likely (working days)"), **DAYS)
    delay_high_days = models.DecimalField(_("delay: high (working days)"), **DAYS)
    tasks = models.ManyToManyField(
        PlanTask,
        blank=True,
        related_name="risks",
        verbose_name=_("tasks it would delay"),
        help_text=_("The schedule-risk simulation adds the delay to these tasks."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    response = models.CharField(
        _("response"), max_length=10, choices=Response.choices, default=Response.MITIGATE
    )
    contingency_plan = models.TextField(
        _("contingency plan"), blank=True, help_text=_("What we do if it happens anyway.")
    )
    trigger = models.CharField(
        _("trigger"),
        max_length=255,
        blank=True,
        help_text=_("The sign that it is happening and the contingency plan starts."),
    )
    residual_likelihood = models.PositiveSmallIntegerField(
        _("likelihood after the response"), validators=SCALE, null=True, blank=True
    )
    residual_impact = models.PositiveSmallIntegerField(
        _("impact after the response"), validators=SCALE, null=True, blank=True
    )
    residual_probability = models.DecimalField(
        _("probability after the response"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    acceptance_rationale = models.TextField(
        _("why we accept it"), blank=True, help_text=_("Required when the response is Accept.")
    )
    review_on = models.DateField(
        _("review on"), null=True, blank=True, help_text=_("When to look at it again.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN
    )
    library_id = models.CharField(
        _("from the risk library"),
        max_length=60,
        blank=True,
        help_text=_("The library entry it was started from, if any."),
    )

    class Meta:
        ordering = ["-likelihood", "-impact", "title"]
        verbose_name = _("risk")

    def __str__(self) -> str:
        return self.title

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    def clean(self) -> None:
        if self.response == Response.ACCEPT:
            problems = {}
            if not self.acceptance_rationale.strip():
                problems["acceptance_rationale"] = _("Say why the risk is accepted.")
            if self.review_on is None:
                problems["review_on"] = _("An accepted risk needs a date to review it.")
            if problems:
                raise ValidationError(problems)
        for prefix, label in (("cost", _("cost")), ("delay", _("delay"))):
            suffix = "" if prefix == "cost" else "_days"
            values = [getattr(self, f"{prefix}_{p}{suffix}") for p in ("low", "likely", "high")]
            given = [v for v in values if v is not None]
            if given and len(given) != 3:
                raise ValidationError(
                    {
                        f"{prefix}_likely{suffix}": _("Give the low, likely and high %(what)s.")
                        % {"what": label}
                    }
                )
            if given and not values[0] <= values[1] <= values[2]:
                raise ValidationError({f"{prefix}_low{suffix}": _("Low ≤ likely ≤ high.")})


class RiskAction(OrgOwnedModel, VersionedModel):
    """A mitigation step, optionally a task of the plan so it is scheduled and tracked."""

    risk = models.ForeignKey(
        Risk, on_delete=models.CASCADE, related_name="actions", verbose_name=_("risk")
    )
    description = models.CharField(_("action"), max_length=255)
    task = models.ForeignKey(
        PlanTask,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="risk_actions",
        verbose_name=_("plan task"),
        help_text=_("The task of the plan that carries it out."),
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["done", "due_on", "id"]
        verbose_name = _("mitigation action")

    def __str__(self) -> str:
        return self.description


class RiskIssue(OrgOwnedModel, VersionedModel):
    """Something that has happened and must be dealt with; often a risk that occurred."""

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="plan_issues",
        verbose_name=_("initiative"),
    )
    risk = models.ForeignKey(
        Risk,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="issues",
        verbose_name=_("risk it came from"),
    )
    title = models.CharField(_("issue"), max_length=255)
    raised_on = models.DateField(_("raised on"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=IssueStatus.choices, default=IssueStatus.OPEN
    )
    resolution = models.TextField(_("resolution"), blank=True)

    class Meta:
        ordering = ["status", "-raised_on", "id"]
        verbose_name = _("issue")

    def __str__(self) -> str:
        return self.title
