"""A notice's status from its dates, as Simpler.Grants.gov shows it.

Simpler.Grants.gov's statuses are forecasted, posted, closed and archived
(``OpportunityStatus`` in HHS/simpler-grants-gov ``api/src/constants/lookup_constants.py``).
The rule applied here, on the given day ``today``:

1. archived once the archive date has passed (``archive_date < today``);
2. else forecasted if the notice is a forecast, or its post date is still ahead;
3. else closed once the close date has passed (``close_date < today``: the close date itself
   is still open, applications are due *on* it);
4. else posted (a posted notice without a close date is open until archived).

A status given by hand or by a source (``lapsed``, ``at_risk``: a program cancelled or in
doubt) is kept: dates cannot tell that a program lost its funding. The rule is this project's
reading of the statuses' definitions, not a copy of Simpler.Grants.gov's code, which was not
found in the sources searched.
"""

from __future__ import annotations

from datetime import date

STATUSES = ("forecasted", "posted", "closed", "archived")
FLAGGED = ("lapsed", "at_risk")


def derive_status(
    *,
    today: date,
    is_forecast: bool = False,
    post_date: date | None = None,
    close_date: date | None = None,
    archive_date: date | None = None,
) -> str:
    if archive_date is not None and archive_date < today:
        return "archived"
    if is_forecast or (post_date is not None and post_date > today):
        return "forecasted"
    if close_date is not None and close_date < today:
        return "closed"
    return "posted"


def program_status(program, today: date) -> str:
    """The status of a ``FundingProgram`` (or anything with the same date fields)."""
    given = getattr(program, "status", "") or ""
    if given in FLAGGED:
        return given
    return derive_status(
        today=today,
        is_forecast=program.is_forecast,
        post_date=program.post_date,
        close_date=program.close_date,
        archive_date=program.archive_date,
    )
