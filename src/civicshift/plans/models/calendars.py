"""Working calendars: the organization's default week and holidays, and task calendars."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from civicshift.orgs.base import OrgOwnedModel, VersionedModel

#: Monday–Friday 08:00–12:00 and 13:00–17:00, as [start, end] minutes from midnight per weekday
#: (Monday first): Microsoft Project's "Standard" calendar.
STANDARD_WEEK = [[[480, 720], [780, 1020]]] * 5 + [[], []]


def _check_periods(periods, field: str) -> None:
    if not isinstance(periods, list):
        raise ValidationError({field: _("Expected a list of working periods.")})
    last_end = -1
    for period in periods:
        if (
            not isinstance(period, list | tuple)
            or len(period) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in period)
        ):
            raise ValidationError({field: _("Each working period is a start and an end time.")})
        start, end = period
        if not 0 <= start < end <= 1440 or start < last_end:
            raise ValidationError(
                {field: _("Working periods must be in order, within the day, and not overlap.")}
            )
        last_end = end


class WorkCalendar(OrgOwnedModel, VersionedModel):
    """A working week and its exceptions. One calendar per organization is the default every
    plan uses; others (a night shift, a seven-day cutover crew) are chosen per plan or task."""

    name = models.CharField(_("name"), max_length=100)
    week = models.JSONField(
        _("working week"),
        default=list,
        help_text=_(
            "The working hours of each weekday, Monday first, as periods in minutes from "
            "midnight: 480–720 is 08:00–12:00."
        ),
    )
    is_default = models.BooleanField(
        _("organization's default"),
        default=False,
        help_text=_("Plans use this calendar unless they name another."),
    )
    source_uid = models.CharField(
        _("identifier in the imported file"),
        max_length=40,
        blank=True,
        help_text=_("The calendar's UID in the Microsoft Project file it came from."),
    )

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name = _("working calendar")
        constraints = [
            models.UniqueConstraint(
                "organization",
                Lower("name"),
                name="plans_calendar_name_unique",
                violation_error_message=_("There is already a calendar with this name."),
            ),
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(is_default=True),
                name="plans_one_default_calendar",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not isinstance(self.week, list) or len(self.week) != 7:
            raise ValidationError({"week": _("A working week has seven days.")})
        for day in self.week:
            _check_periods(day, "week")
        if not any(self.week):
            raise ValidationError({"week": _("A calendar needs working time on some day.")})


class CalendarException(OrgOwnedModel):
    """Days worked differently: a holiday (no periods) or shorter or longer hours."""

    calendar = models.ForeignKey(
        WorkCalendar,
        on_delete=models.CASCADE,
        related_name="exceptions",
        verbose_name=_("calendar"),
    )
    name = models.CharField(_("name"), max_length=100, blank=True, help_text=_("e.g. Labor Day."))
    start = models.DateField(_("first day"))
    finish = models.DateField(_("last day"), help_text=_("The same as the first day for one day."))
    periods = models.JSONField(
        _("working periods"),
        default=list,
        blank=True,
        help_text=_("Empty for a day off; otherwise the hours worked, in minutes from midnight."),
    )

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("calendar exception")

    def __str__(self) -> str:
        return self.name or str(self.start)

    def clean(self) -> None:
        if self.start and self.finish and self.finish < self.start:
            raise ValidationError({"finish": _("The last day cannot be before the first.")})
        _check_periods(self.periods, "periods")
