from __future__ import annotations

import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .base import OrgOwnedModel, VersionedModel
from .roles import Role
from .validators import single_line

slug_validator = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$",
    _("Use 1–50 lower-case letters, digits and hyphens, not starting or ending with a hyphen."),
)


class OrganizationKind(models.TextChoices):
    CITY = "city", _("City")
    TOWN = "town", _("Town")
    VILLAGE = "village", _("Village")
    COUNTY = "county", _("County")
    TOWNSHIP = "township", _("Township")
    SPECIAL_DISTRICT = "special_district", _("Special district")
    TRIBAL = "tribal", _("Tribal government")
    REGIONAL = "regional", _("Regional or state agency")


MONTHS = [
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
]


#: The settings an organization's administrator edits (forms and API).
ORGANIZATION_SETTINGS = (
    "name",
    "kind",
    "state_region",
    "population",
    "fiscal_year_start_month",
    "currency",
    "discount_rate",
    "time_zone",
    "require_two_factor",
)


def default_time_zone() -> str:
    """The installation's time zone (the ``TIME_ZONE`` setting) for a new organization."""
    return settings.TIME_ZONE


def time_zone_choices() -> list[tuple[str, str]]:
    """Every IANA time zone this machine knows, e.g. America/Chicago, by name."""
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a time zone name such as America/Chicago."),
            params={"value": value},
        )


class Organization(VersionedModel):
    """A municipality (or county, district, agency): the unit every other row belongs to."""

    name = models.CharField(_("name"), max_length=200, validators=[single_line])
    slug = models.SlugField(
        _("short name for web addresses"),
        max_length=50,
        unique=True,
        validators=[slug_validator],
        help_text=_("Appears in every address, e.g. /o/maple-falls/. Lower-case, no spaces."),
    )
    kind = models.CharField(
        _("kind of government"),
        max_length=32,
        choices=OrganizationKind.choices,
        default=OrganizationKind.CITY,
    )
    state_region = models.CharField(
        _("state or region"),
        max_length=100,
        blank=True,
        help_text=_("For example Oregon, or Ontario. Used to match state funding programs."),
    )
    population = models.PositiveIntegerField(
        _("population"),
        null=True,
        blank=True,
        help_text=_("Residents served. Many grants and benchmarks depend on it."),
    )
    fiscal_year_start_month = models.PositiveSmallIntegerField(
        _("fiscal year starts in"),
        choices=MONTHS,
        default=7,
        help_text=_(
            "The month your budget year begins. Budget impacts are reported per fiscal "
            "year from this month."
        ),
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        default="USD",
        validators=[
            RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter ISO 4217 code such as USD."))
        ],
        help_text=_("Three-letter code, e.g. USD or CAD."),
    )
    discount_rate = models.DecimalField(
        _("default real discount rate"),
        max_digits=6,
        decimal_places=4,
        default=Decimal("0.0300"),
        validators=[MinValueValidator(Decimal("-0.5")), MaxValueValidator(Decimal("1"))],
        help_text=_(
            "Rate used to compare money now with money later in business cases, as a "
            "decimal (0.03 = 3% a year), after inflation. OMB Circular A-94 publishes "
            "real rates each year; many cities use their cost of borrowing instead."
        ),
    )
    #: No ``choices`` here: the list comes from the machine's time-zone database, which would
    #: make migrations differ between machines. The form offers the list; the validator checks.
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_("Dates and times on every page and in the history are shown in this zone."),
    )
    require_two_factor = models.BooleanField(
        _("require two-factor sign-in"),
        default=False,
        help_text=_(
            "Members must set up an authenticator app before they can open this organization."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    audit_exclude = ("created_at", "updated_at")
    #: Fractions the history shows as percentages (audit.presentation).
    audit_percent = ("discount_rate",)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")

    def __str__(self) -> str:
        return self.name


class Department(OrgOwnedModel, VersionedModel):
    name = models.CharField(_("name"), max_length=150)
    code = models.CharField(
        _("short code"),
        max_length=20,
        blank=True,
        help_text=_("Optional abbreviation used in lists, e.g. PW for Public Works."),
    )
    head = models.CharField(_("department head"), max_length=150, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "organization",
                Lower("name"),
                name="department_unique_name",
                violation_error_message=_("There is already a department with this name."),
            )
        ]
        verbose_name = _("department")

    def __str__(self) -> str:
        return self.name


class StrategicGoal(OrgOwnedModel, VersionedModel):
    code = models.CharField(
        _("code"),
        max_length=20,
        help_text=_("A short label from your strategic plan, e.g. G1 or SAFE."),
    )
    statement = models.CharField(
        _("goal statement"),
        max_length=300,
        help_text=_("The goal as your council adopted it, in one sentence."),
    )
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(
                "organization",
                Lower("code"),
                name="goal_unique_code",
                violation_error_message=_("There is already a goal with this code."),
            )
        ]
        verbose_name = _("strategic goal")

    def __str__(self) -> str:
        return f"{self.code} — {self.statement}"


class Membership(OrgOwnedModel, VersionedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)

    #: (user field, role field): a row that gives an account a role. The backup import gives an
    #: account that already exists here such a row only once an administrator confirms it.
    backup_grants_access = ("user", "role")

    class Meta:
        ordering = ["user__email"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="membership_unique_user")
        ]
        verbose_name = _("membership")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Invitation(OrgOwnedModel):
    """An e-mailed invitation to join with a role. Only a hash of the token is stored."""

    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    audit_exclude = ("created_at", "updated_at", "token_hash")
    #: Left out of exports: a copy of an invitation must not accept the original's link, and
    #: the hash is unique across the server. An imported invitation gets a fresh secret.
    backup_exclude = ("token_hash",)

    def backup_fill_excluded(self) -> None:
        from civicshift.core.tokens import new_secret, secret_hash

        self.token_hash = secret_hash(new_secret())

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()})"
