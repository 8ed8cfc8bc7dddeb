"""Business cases: options compared with the status quo, each a list of cost and benefit lines.

Lines are entered as the difference an option makes compared with carrying on as today
(incremental cash flows): new costs as costs, savings and new revenue as benefits. The status
quo is the baseline, worth zero by definition, so every option's NPV is what it adds.
"""

from __future__ import annotations

import math
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from civicshift.core.case_defaults import (
    DEFAULT_ITERATIONS,
    DEFAULT_PAYBACK_TARGET_YEARS,
    DEFAULT_SEED,
)
from civicshift.core.cases import CaseError, estimate_from
from civicshift.orgs.base import OrgOwnedModel, VersionedModel

MAX_HORIZON = 50

#: Field lists shared by the forms, the API and the documents (one place to add a field).
SETTINGS_FIELDS = (
    "start_year",
    "horizon_years",
    "discount_rate",
    "payback_target_years",
    "iterations",
    "seed",
)
#: The terms of the figures (issue 7): real or nominal, which figures lead, a second rate, and
#: the optimism-bias adjustment. Shared by the forms, the API and the documents.
TERMS_FIELDS = (
    "basis",
    "inflation",
    "lead",
    "alternative_rate",
    "alternative_rate_label",
)
OPTIMISM_FIELDS = (
    "optimism_category",
    "optimism_one_time",
    "optimism_recurring",
    "optimism_duration",
    "optimism_reason",
)
NARRATIVE_FIELDS = (
    "strategic_case",
    "economic_case",
    "commercial_case",
    "financial_case",
    "management_case",
)
#: What a person enters for a line ("in_npv" is chosen separately; "position" orders lines).
LINE_INPUT_FIELDS = (
    "name",
    "kind",
    "category",
    "distribution",
    "low",
    "likely",
    "high",
    "multiplier",
    "first_period",
    "last_period",
    "escalation",
    "ramp",
    "per_year",
)


class Basis(models.TextChoices):
    REAL = "real", _("Real: today's money, before inflation")
    NOMINAL = "nominal", _("Nominal: money of each year, with inflation")


class Lead(models.TextChoices):
    EXPECTED = "expected", _("Expected values (the average over the ranges)")
    LIKELY = "likely", _("Likely values (the most likely amount of each line)")


def _optimism_choices():
    from civicshift.core.optimism import reference

    return [("", _("No adjustment"))] + [(c.key, c.label) for c in reference().categories]


def _uplift_field(label: str, help_text: str) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=6,
        decimal_places=4,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("3"))],
        help_text=help_text,
    )


class BusinessCase(OrgOwnedModel, VersionedModel):
    initiative = models.OneToOneField(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="business_case"
    )
    start_year = models.PositiveSmallIntegerField(
        _("first fiscal year"),
        validators=[MinValueValidator(1990), MaxValueValidator(2200)],
        help_text=_(
            "The fiscal year of period 0, when spending starts. Period 0 is not discounted."
        ),
    )
    horizon_years = models.PositiveSmallIntegerField(
        _("years to look ahead"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HORIZON)],
        help_text=_(
            "How many years after period 0 the comparison covers. Use the useful life "
            "of the system, often 7 to 10 years for software."
        ),
    )
    discount_rate = models.DecimalField(
        _("discount rate"),
        max_digits=6,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("-0.99")), MaxValueValidator(Decimal("1"))],
        help_text=_(
            "How much less a dollar next year is worth than a dollar today, as a "
            "decimal per year (0.03 = 3%). Use a real rate (after inflation) when "
            "amounts are in today's dollars, as OMB Circular A-94 does; a nominal rate "
            "such as your cost of borrowing when amounts include inflation."
        ),
    )
    iterations = models.PositiveIntegerField(
        _("simulation runs"),
        default=DEFAULT_ITERATIONS,
        validators=[MinValueValidator(100), MaxValueValidator(1_000_000)],
        help_text=_(
            "How many random futures the uncertainty simulation draws. 10,000 is "
            "plenty for council figures; more only makes the percentages steadier."
        ),
    )
    seed = models.PositiveIntegerField(
        _("simulation seed"),
        default=DEFAULT_SEED,
        help_text=_(
            "A number that fixes the random draws, so the same inputs always give the "
            "same figures. Keep it unless you want a fresh draw."
        ),
    )
    payback_target_years = models.PositiveSmallIntegerField(
        _("payback target (years)"),
        default=DEFAULT_PAYBACK_TARGET_YEARS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HORIZON)],
        help_text=_(
            "The simulation reports the chance that the investment pays back within "
            "this many years."
        ),
    )
    recommended_option = models.ForeignKey(
        "cases.Option",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recommended option"),
    )
    recommendation_reason = models.TextField(
        _("why this option is recommended"),
        blank=True,
        help_text=_(
            "Needed when the recommended option does not have the best NPV: say what "
            "outweighs the money (risk, legal duty, service to residents)."
        ),
    )
    basis = models.CharField(
        _("money in"),
        max_length=8,
        choices=Basis.choices,
        default=Basis.REAL,
        help_text=_(
            "Real: every amount in today's dollars and a real discount rate (OMB Circular "
            "A-94's convention). Nominal: amounts include future price rises and the rate "
            "is nominal, such as your cost of borrowing. Do not mix the two."
        ),
    )
    inflation = models.DecimalField(
        _("inflation assumption"),
        max_digits=6,
        decimal_places=4,
        default=Decimal("0.0200"),
        validators=[MinValueValidator(Decimal("-0.99")), MaxValueValidator(Decimal("1"))],
        help_text=_(
            "General price rises a year, as a decimal (0.02 = 2%). Used to show the "
            "discount rate both ways (real and nominal) and to spot escalations that look "
            "nominal beside a real rate."
        ),
    )
    lead = models.CharField(
        _("headline figures"),
        max_length=8,
        choices=Lead.choices,
        default=Lead.EXPECTED,
        help_text=_(
            "Which figures the case leads with. Expected values average over each range "
            "and are what the Green Book and OMB Circular A-94 ask for; likely values use "
            "each line's most likely amount and overstate the value when ranges are skewed."
        ),
    )
    alternative_rate = models.DecimalField(
        _("second discount rate"),
        max_digits=6,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-0.99")), MaxValueValidator(Decimal("1"))],
        help_text=_(
            "Optional: another rate a reader will ask about (e.g. OMB A-94's), shown beside "
            "the NPV at your rate and at 2 points either side."
        ),
    )
    alternative_rate_label = models.CharField(
        _("name of the second rate"),
        max_length=60,
        blank=True,
        help_text=_("For example 'OMB A-94 real rate, 2026'."),
    )
    optimism_category = models.CharField(
        _("optimism bias: project type"),
        max_length=40,
        blank=True,
        choices=_optimism_choices,
        help_text=_(
            "Projects are usually more expensive and slower than first estimated. HM "
            "Treasury's Green Book publishes ranges of uplift per project type; pick the "
            "closest and settle where between the bounds your case is."
        ),
    )
    optimism_one_time = _uplift_field(
        _("uplift on one-time costs"),
        _("Added to one-time costs (a line in a single year), as a decimal (0.5 = 50%)."),
    )
    optimism_recurring = _uplift_field(
        _("uplift on recurring costs"),
        _("Added to costs that recur over several years, as a decimal (0.2 = 20%)."),
    )
    optimism_duration = _uplift_field(
        _("uplift on duration"),
        _(
            "Lengthens the time before benefits start, as a decimal (0.5 = 50%): benefits "
            "that start in year 2 start a year later."
        ),
    )
    optimism_reason = models.TextField(
        _("why these uplifts"),
        blank=True,
        help_text=_(
            "Record why the uplifts sit where they do between the published bounds, e.g. "
            "'fixed-price contract signed, so one-time costs near the lower bound'."
        ),
    )
    strategic_case = models.TextField(_("strategic case"), blank=True)
    economic_case = models.TextField(_("economic case"), blank=True)
    commercial_case = models.TextField(_("commercial case"), blank=True)
    financial_case = models.TextField(_("financial case"), blank=True)
    management_case = models.TextField(_("management case"), blank=True)

    #: Fractions the history shows as percentages (audit.presentation).
    audit_percent = (
        "discount_rate",
        "inflation",
        "alternative_rate",
        "optimism_one_time",
        "optimism_recurring",
        "optimism_duration",
    )
    #: The recommended option must be one of this case's own (checked by the services and by
    #: the backup import): the option's ``case`` is this row's ``id``.
    reference_rules = {"recommended_option": ("case", "id")}

    class Meta:
        verbose_name = _("business case")

    def __str__(self) -> str:
        return _("Business case for %(initiative)s") % {"initiative": self.initiative}

    def clean(self) -> None:
        if (
            self.payback_target_years
            and self.horizon_years
            and (self.payback_target_years > self.horizon_years)
        ):
            raise ValidationError(
                {
                    "payback_target_years": _(
                        "The payback target cannot be longer than the years the case looks ahead."
                    )
                }
            )
        if self.has_optimism_bias and not self.optimism_reason.strip():
            raise ValidationError({"optimism_reason": _("Say why the uplifts sit where they do.")})

    @property
    def has_optimism_bias(self) -> bool:
        return any(
            (value or 0) > 0
            for value in (self.optimism_one_time, self.optimism_recurring, self.optimism_duration)
        )


class Option(OrgOwnedModel, VersionedModel):
    case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="options")
    name = models.CharField(
        _("name"),
        max_length=120,
        help_text=_("For example 'SaaS product' or 'On-premises product'."),
    )
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "name"], name="option_unique_name")]
        verbose_name = _("option")

    def __str__(self) -> str:
        return self.name


class LineKind(models.TextChoices):
    COST = "cost", _("Cost")
    BENEFIT = "benefit", _("Benefit")


class Category(models.TextChoices):
    # one-time costs
    LICENCES = "licences", _("Licences (one-time)")
    HARDWARE = "hardware", _("Hardware")
    IMPLEMENTATION = "implementation", _("Implementation services")
    DATA_MIGRATION = "data_migration", _("Data migration")
    INTEGRATION = "integration", _("Integration")
    TRAINING = "training", _("Training")
    STAFF_BACKFILL = "staff_backfill", _("Staff backfill")
    CONTINGENCY = "contingency", _("Contingency")
    # recurring costs
    SUBSCRIPTION = "subscription", _("Subscription")
    MAINTENANCE = "maintenance", _("Maintenance")
    HOSTING = "hosting", _("Hosting")
    SUPPORT = "support", _("Support")
    ADDED_STAFF = "added_staff", _("Added staff")
    # benefits
    CASHABLE_SAVINGS = "cashable_savings", _("Cashable savings")
    STAFF_TIME = "staff_time", _("Staff time released")
    REVENUE = "revenue", _("New or protected revenue")
    AVOIDED_COST = "avoided_cost", _("Avoided costs (risk of failure)")
    RESIDENT_TIME = "resident_time", _("Resident time saved")
    OTHER = "other", _("Other")


COST_CATEGORIES = {
    Category.LICENCES,
    Category.HARDWARE,
    Category.IMPLEMENTATION,
    Category.DATA_MIGRATION,
    Category.INTEGRATION,
    Category.TRAINING,
    Category.STAFF_BACKFILL,
    Category.CONTINGENCY,
    Category.SUBSCRIPTION,
    Category.MAINTENANCE,
    Category.HOSTING,
    Category.SUPPORT,
    Category.ADDED_STAFF,
    Category.OTHER,
}
BENEFIT_CATEGORIES = {
    Category.CASHABLE_SAVINGS,
    Category.STAFF_TIME,
    Category.REVENUE,
    Category.AVOIDED_COST,
    Category.RESIDENT_TIME,
    Category.OTHER,
}
#: What the multiplier means for the categories that have one.
MULTIPLIER_MEANING = {
    Category.STAFF_TIME: _("loaded hourly rate (the estimate is hours a year)"),
    Category.RESIDENT_TIME: _("value of an hour of residents' time (the estimate is hours)"),
    Category.AVOIDED_COST: _(
        "chance a year that the failure happens, 0 to 1 (the estimate is its cost)"
    ),
}


class Distribution(models.TextChoices):
    POINT = "point", _("Single figure")
    TRIANGULAR = "triangular", _("Triangular (low, likely, high)")
    PERT = "pert", _("PERT (weights the likely value more)")


class CaseLine(OrgOwnedModel, VersionedModel):
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="lines")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("cost or benefit"), max_length=8, choices=LineKind.choices)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    distribution = models.CharField(
        _("how sure are you?"),
        max_length=12,
        choices=Distribution.choices,
        default=Distribution.POINT,
        help_text=_(
            "A single figure, or a range: the simulation draws amounts between low and "
            "high, most often near the likely value."
        ),
    )
    low = models.DecimalField(_("low"), max_digits=14, decimal_places=2, null=True, blank=True)
    likely = models.DecimalField(
        _("amount (likely)"),
        max_digits=14,
        decimal_places=2,
        help_text=_(
            "A year's amount in today's money for recurring lines; the whole amount for "
            "one-time lines."
        ),
    )
    high = models.DecimalField(_("high"), max_digits=14, decimal_places=2, null=True, blank=True)
    multiplier = models.DecimalField(
        _("rate or probability"),
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_(
            "Staff or resident time: the value of an hour. Avoided costs: the chance a "
            "year that the failure happens (0 to 1). The line's amount is the estimate "
            "times this number."
        ),
    )
    first_period = models.PositiveSmallIntegerField(
        _("first year"),
        default=0,
        help_text=_("Period number: 0 is the first fiscal year of the case."),
    )
    last_period = models.PositiveSmallIntegerField(
        _("last year"), default=0, help_text=_("The same as the first year for a one-time amount.")
    )
    escalation = models.DecimalField(
        _("yearly increase"),
        max_digits=6,
        decimal_places=4,
        default=Decimal("0"),
        help_text=_(
            "Growth a year after the first year, as a decimal (0.03 = 3%), e.g. a "
            "subscription's price increases."
        ),
    )
    ramp = models.CharField(
        _("ramp-up"),
        max_length=100,
        blank=True,
        help_text=_(
            "Benefits often arrive gradually. Shares of the full amount realised in the "
            "first years, separated by commas, e.g. '0.5, 0.8' = half in the first "
            "year, 80% in the second, all after that."
        ),
    )
    per_year = models.JSONField(
        _("amounts per year"),
        default=list,
        blank=True,
        help_text=_(
            "Optional, for irregular amounts: one amount for each year from the first year "
            "to the last, e.g. 10000, 25000, 0, 40000. They are used as given (times the "
            "rate, if one is set); the yearly increase and ramp-up then do not apply."
        ),
    )
    in_npv = models.BooleanField(
        _("count in the financial NPV"),
        default=True,
        help_text=_(
            "Untick for wider social benefits such as residents' time: they are "
            "reported beside the NPV, not in it."
        ),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    #: Fractions the history shows as percentages (audit.presentation).
    audit_percent = ("escalation",)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                "option",
                Lower("name"),
                name="caseline_unique_name",
                violation_error_message=_("This option already has a line with this name."),
            )
        ]
        verbose_name = _("cost or benefit line")

    def __str__(self) -> str:
        return self.name

    def ramp_shares(self) -> tuple[float, ...]:
        """The ramp-up text as numbers ("0.5, 0.8" or "50%, 80%"); ValueError if it is not."""
        text = (self.ramp or "").strip()
        if not text:
            return ()
        shares = []
        for raw in text.replace(";", ",").split(","):
            part = raw.strip()
            if not part:
                continue
            if part.endswith("%"):
                shares.append(float(part[:-1].strip()) / 100)
            else:
                shares.append(float(part))
        return tuple(shares)

    def per_year_amounts(self) -> tuple[float, ...]:
        """The amounts per year as numbers; ValueError naming the position if one is not."""
        values = self.per_year or []
        if not isinstance(values, list):
            raise ValueError(_("Give the amounts per year as a list of numbers."))
        out = []
        for k, value in enumerate(values):
            try:
                number = float(str(value).replace(",", "").strip())
            except ValueError:
                raise ValueError(
                    _("Year %(n)s: %(value)r is not a number.") % {"n": k + 1, "value": value}
                ) from None
            if not math.isfinite(number) or number < 0:
                raise ValueError(_("Year %(n)s: enter an amount of 0 or more.") % {"n": k + 1})
            out.append(number)
        return tuple(out)

    def _clean_per_year(self, errors: dict[str, str]) -> None:
        try:
            amounts = self.per_year_amounts()
        except ValueError as error:
            errors["per_year"] = str(error)
            return
        if not amounts:
            self.per_year = []
            return
        self.per_year = [str(Decimal(repr(a)).quantize(Decimal("0.01"))) for a in amounts]
        if self.first_period is not None and self.last_period is not None:
            years = self.last_period - self.first_period + 1
            if len(amounts) != years:
                errors["per_year"] = _(
                    "%(count)s amounts for %(years)s years: give one amount for each year "
                    "from the first year to the last."
                ) % {"count": len(amounts), "years": years}
        if self.distribution != Distribution.POINT or self.low is not None or self.high is not None:
            errors.setdefault(
                "per_year",
                _(
                    "Amounts per year are single figures: choose 'Single figure' and clear "
                    "low and high."
                ),
            )
        if self.escalation:
            errors["escalation"] = _("Amounts per year are used as given: leave this at 0.")
        if (self.ramp or "").strip():
            errors["ramp"] = _("Amounts per year are used as given: leave the ramp-up empty.")
        # The likely amount of a line with amounts per year is their total (shown in lists).
        self.likely = Decimal(repr(sum(amounts))).quantize(Decimal("0.01"))

    def _clean_range(self, errors: dict[str, str]) -> None:
        """The one rule for ranges (core.cases.estimate_from), as every channel applies it.
        Both ends are checked, so a form shows every problem at once."""
        if self.likely is None:
            return
        likely = float(self.likely)
        ends = {
            name: None if v is None else float(v)
            for name, v in (("low", self.low), ("high", self.high))
        }
        checks = [(ends["low"], ends["high"])]
        if ends["low"] is not None and ends["high"] is not None and self.distribution != "point":
            checks = [(ends["low"], likely), (likely, ends["high"])]  # each end on its own
        for low, high in checks:
            try:
                estimate_from(low, likely, high, self.distribution or None)
            except CaseError as error:
                name = (error.field or "amount").rpartition(".")[2]
                name = name if name in ("low", "high") else "likely"
                errors.setdefault(name, error.detail[0].upper() + error.detail[1:] + ".")
        if errors.keys() & {"low", "likely", "high"}:
            return
        if not self.distribution:
            has_range = self.low is not None or self.high is not None
            self.distribution = Distribution.TRIANGULAR if has_range else Distribution.POINT
        if self.distribution == Distribution.POINT:
            self.low = self.high = None  # equal to likely (the rule refused anything else)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.per_year:
            self._clean_per_year(errors)
        else:
            self.per_year = []
        self._clean_range(errors)
        for name in ("low", "likely", "high"):
            value = getattr(self, name)
            if value is not None and value < 0:
                errors[name] = _(
                    "Enter a positive amount; choose 'benefit' or 'cost' for the direction."
                )
        if (
            self.first_period is not None
            and self.last_period is not None
            and (self.last_period < self.first_period)
        ):
            errors["last_period"] = _("The last year cannot be before the first year.")
        option = getattr(self, "option", None) if self.option_id else None
        if (
            option is not None
            and self.last_period is not None
            and (self.last_period > option.case.horizon_years)
        ):
            errors["last_period"] = _(
                "The case looks %(n)s years ahead; use a year from 0 to %(n)s."
            ) % {"n": option.case.horizon_years}
        if self.kind == LineKind.COST and self.category not in COST_CATEGORIES:
            errors["category"] = _("This category is for benefits; choose a cost category.")
        if self.kind == LineKind.BENEFIT and self.category not in BENEFIT_CATEGORIES:
            errors["category"] = _("This category is for costs; choose a benefit category.")
        if self.multiplier is not None:
            if self.multiplier < 0:
                errors["multiplier"] = _("Enter a positive number.")
            elif self.category == Category.AVOIDED_COST and self.multiplier > 1:
                errors["multiplier"] = _("A chance is between 0 and 1 (0.1 = once in ten years).")
        if self.escalation is not None and self.escalation <= -1:
            errors["escalation"] = _("A yearly change must be above -100%.")
        try:
            shares = self.ramp_shares()
        except ValueError:
            errors["ramp"] = _("Use numbers between 0 and 1 separated by commas, e.g. 0.5, 0.8.")
        else:
            if any(not 0 <= s <= 1 for s in shares):
                errors["ramp"] = _("Each share is between 0 and 1 (or 0% and 100%).")
        if errors:
            raise ValidationError(errors)


class CaseRun(OrgOwnedModel):
    """The figures of one analysis, with the exact inputs, seed and software version, so the
    numbers a council saw can be reproduced later."""

    case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="runs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    label = models.CharField(
        _("label"),
        max_length=200,
        blank=True,
        help_text=_("For example 'Council packet, 12 March'."),
    )
    inputs = models.JSONField()
    results = models.JSONField()
    seed = models.PositiveIntegerField()
    iterations = models.PositiveIntegerField()
    version = models.CharField(max_length=40)

    #: The figures themselves stay in the row (and in exports); the audit keeps who and when.
    audit_exclude = ("created_at", "updated_at", "inputs", "results")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("saved analysis")

    def __str__(self) -> str:
        return self.label or f"{self.case} ({self.created_at:%Y-%m-%d %H:%M})"
