import datetime as dt
from decimal import Decimal
from uuid import UUID

import pytest

from civicshift.core.jsonvalues import to_jsonable


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("2500000.00"), "2500000.00"),
        (dt.date(2027, 7, 1), "2027-07-01"),
        (dt.datetime(2027, 7, 1, 8, 30, tzinfo=dt.UTC), "2027-07-01T08:30:00+00:00"),
        (UUID(int=1), "00000000-0000-0000-0000-000000000001"),
        (b"\x00\xff", "AP8="),
        ([Decimal("1.5"), None], ["1.5", None]),
        ({1: dt.date(2026, 1, 2)}, {"1": "2026-01-02"}),
    ],
)
def test_values_become_json_text_without_loss(value, expected):
    assert to_jsonable(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.timedelta(days=1, hours=2, minutes=3, seconds=4), "P1DT02H03M04S"),
        (dt.timedelta(microseconds=5), "P0DT00H00M00.000005S"),
        (-dt.timedelta(days=2, seconds=30), "-P2DT00H00M30S"),
        (dt.timedelta(0), "P0DT00H00M00S"),
    ],
)
def test_durations_are_iso_8601(value, expected):
    """ISO 8601 durations (PnDTnHnMnS). That Django reads them back exactly is checked where
    Django may be imported: backup/tests/test_durations.py."""
    assert to_jsonable(value) == expected
