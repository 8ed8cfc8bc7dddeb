"""Wall-clock date-times: the times of a plan as the town reads them, with no time zone.

A plan says "go-live Monday 4 January 2027 at 08:00" in the town's own time, as Microsoft Project
does; the scheduling engine (``civicshift.core.schedule``) works on naive date-times. Storing them
as aware instants would tie a task's 08:00 start to the server's or the organization's time zone
and move it by an hour across a daylight-saving change. So the column holds the wall-clock
digits as if they were UTC, and reading gives them back naive (docs/decisions.md, "Plan times
are wall-clock").
"""

from __future__ import annotations

from datetime import UTC, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.dateparse import parse_datetime


def _naive(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


class WallClockFormField(forms.DateTimeField):
    """Keeps what was typed: no conversion to or from the current time zone."""

    def prepare_value(self, value):
        if isinstance(value, datetime):
            return _naive(value).strftime("%Y-%m-%dT%H:%M")
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return _naive(value)
        try:
            result = parse_datetime(str(value).strip())
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if result is None:  # the other formats the field accepts, still without a time zone
            result = forms.fields.BaseTemporalField.to_python(self, value)
        return _naive(result)


class WallClockDateTimeField(models.DateTimeField):
    def get_prep_value(self, value):
        value = models.DateField.get_prep_value(self, value)  # skips the naive-value warning
        value = self.to_python(value)
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value

    def from_db_value(self, value, expression, connection):
        return _naive(value) if isinstance(value, datetime) else value

    def to_python(self, value):
        result = super().to_python(value)
        return _naive(result) if isinstance(result, datetime) else result

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": WallClockFormField, **kwargs})

    def value_to_string(self, obj) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else value.isoformat()
