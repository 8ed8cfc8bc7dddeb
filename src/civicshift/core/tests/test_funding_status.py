"""Status from dates. The four statuses are Simpler.Grants.gov's (``OpportunityStatus`` in
HHS/simpler-grants-gov ``api/src/constants/lookup_constants.py``); the cases follow the rule in
``core/funding/status.py``: applications are due on the close date, so that day is open."""

from __future__ import annotations

from datetime import date

import pytest

from civicshift.core.funding.model import FundingProgram
from civicshift.core.funding.status import derive_status, program_status

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"post_date": date(2026, 11, 1), "close_date": date(2027, 1, 1)}, "posted"),
        ({"post_date": date(2026, 11, 1), "close_date": TODAY}, "posted"),  # due today: open
        ({"post_date": date(2026, 11, 1), "close_date": date(2026, 12, 1)}, "closed"),
        ({"post_date": date(2027, 1, 1)}, "forecasted"),
        ({"is_forecast": True}, "forecasted"),
        ({"close_date": date(2026, 1, 1), "archive_date": date(2026, 2, 1)}, "archived"),
        ({"is_forecast": True, "archive_date": date(2026, 2, 1)}, "archived"),
        ({"post_date": date(2026, 1, 1)}, "posted"),  # no close date: open until archived
    ],
)
def test_derive_status(kwargs, status):
    assert derive_status(today=TODAY, **kwargs) == status


def test_flagged_status_is_kept():
    program = FundingProgram("bric", "BRIC", status="at_risk", close_date=date(2027, 1, 1))
    assert program_status(program, TODAY) == "at_risk"
