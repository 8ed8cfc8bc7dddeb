"""Durations written by the export (core.jsonvalues) are read back by Django exactly."""

import datetime as dt

import pytest
from django.utils.dateparse import parse_duration

from civicshift.core.jsonvalues import to_jsonable


@pytest.mark.parametrize(
    "value",
    [
        dt.timedelta(days=1, hours=2, minutes=3, seconds=4),
        dt.timedelta(microseconds=5),
        -dt.timedelta(days=2, seconds=30),
        dt.timedelta(0),
    ],
)
def test_durations_round_trip_through_djangos_parser(value):
    """Reference: Django's own ISO 8601 duration parser reads what we write back exactly."""
    assert parse_duration(to_jsonable(value)) == value
