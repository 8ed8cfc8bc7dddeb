"""Plan times are wall-clock: what is typed is what is stored and read back, whatever the
server's or the organization's time zone, across daylight-saving changes."""

from datetime import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from civicshift.plans.fields import WallClockFormField
from civicshift.plans.models import Plan

from .factories import make_plan


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ["America/New_York", "Pacific/Honolulu", "UTC"])
def test_a_plan_start_reads_back_as_typed(org, editor, zone):
    # 2027-03-14 is the day US clocks go forward (02:00 → 03:00, Energy Policy Act of 2005):
    # an aware conversion in New York would have no 02:30; a wall-clock time must keep it.
    typed = datetime(2027, 3, 14, 2, 30)
    with override_settings(TIME_ZONE=zone), timezone.override(zone):
        plan = make_plan(org, editor, start=typed)
        stored = Plan.objects.get(pk=plan.pk)
    assert stored.start == typed
    assert stored.start.tzinfo is None
    assert Plan.objects.filter(start=typed).count() == 1


def test_the_form_field_keeps_what_was_typed():
    field = WallClockFormField()
    with timezone.override("America/Chicago"):
        value = field.clean("2027-11-07T01:30")  # the hour that happens twice in Chicago
    assert value == datetime(2027, 11, 7, 1, 30)
    assert value.tzinfo is None
    assert field.prepare_value(value) == "2027-11-07T01:30"
