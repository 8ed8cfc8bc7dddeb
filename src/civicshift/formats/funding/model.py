"""What every funding reader returns: one ``FundingNotice`` per opportunity, and problems.

A problem names the file, the record (opportunity id and number where known, or the csv row),
the element or field, and what is wrong, so that a grants coordinator can find it in the file.
``FundingFileError`` is raised only when the file as a whole cannot be read (not XML, a zip
bomb, a truncated document: the message gives the line and column); problems with single
records are collected in ``ReadReport.problems`` and the reader goes on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


class FundingFileError(ValueError):
    """A funding file that cannot be read at all: ``file`` and ``detail``; one line."""

    def __init__(self, file: str, detail: str) -> None:
        self.file = file
        self.detail = detail
        super().__init__(f"{file}: {detail}")


@dataclass(frozen=True)
class Problem:
    """One problem with one record: ``record`` says which (``opportunity 131073 (G12AS20003)``,
    ``row 4``), ``field`` the element or column."""

    file: str
    record: str
    field: str
    message: str
    line: int | None = None
    #: A note: the value was kept as given and flagged (an unknown code, an ignored column),
    #: so the record is still whole. Any other problem means a record was skipped or a value
    #: of it could not be read, and the import refuses the file unless told to keep the rest.
    note: bool = False

    def __str__(self) -> str:
        where = f" (line {self.line})" if self.line else ""
        return f"{self.file}: {self.record}, {self.field}{where}: {self.message}"


@dataclass
class ReadReport:
    """Filled while a reader runs: what it read, what it skipped, and why."""

    file: str
    format: str = ""
    records: int = 0
    skipped: int = 0
    synopses: int = 0
    forecasts: int = 0
    #: Forecasts dropped because a synopsis with the same OpportunityID was in the file.
    superseded_forecasts: int = 0
    problems: list[Problem] = field(default_factory=list)

    def add(
        self,
        record: str,
        field_name: str,
        message: str,
        line: int | None = None,
        *,
        note: bool = False,
    ) -> None:
        self.problems.append(Problem(self.file, record, field_name, message, line, note))


@dataclass
class FundingNotice:
    """One funding notice (a Grants.gov synopsis or forecast, a Simpler.Grants.gov
    opportunity, or a hand-typed csv row), in Grants.gov's codes.

    Amounts are ``Decimal`` US dollars (``None`` when absent); dates are ``date`` (``None`` when
    absent or unreadable: the problem is in the report). ``eligible_applicants`` keeps every
    code as given, ``unknown_applicant_codes`` those not in Grants.gov's list (kept, flagged).
    ``status`` is the status the source states (Simpler.Grants.gov, the csv); for the XML
    extract it is empty and ``civicshift.core.funding.status.notice_status`` derives it.
    """

    source: str  # "grants.gov-xml", "simpler-json", "csv"
    opportunity_id: str  # Grants.gov's numeric OpportunityID (legacy id in Simpler.Grants.gov)
    opportunity_number: str = ""
    title: str = ""
    is_forecast: bool = False
    agency_code: str = ""
    agency_name: str = ""
    aln_numbers: tuple[str, ...] = ()
    aln_titles: tuple[str, ...] = ()
    category: str = ""  # D, M, C, E, O
    category_explanation: str = ""
    funding_instruments: tuple[str, ...] = ()  # CA, G, PC, O
    funding_activity_categories: tuple[str, ...] = ()  # CD, ST, ...
    instrument_kind: str = ""  # formula_grant, competitive_grant, loan, ... (csv, catalog)
    recurrence: str = ""  # annual, one_time, ... (csv, catalog)
    eligible_applicants: tuple[str, ...] = ()
    unknown_applicant_codes: tuple[str, ...] = ()
    eligibility_text: str = ""
    award_ceiling: Decimal | None = None
    award_floor: Decimal | None = None
    estimated_total_funding: Decimal | None = None
    expected_number_of_awards: int | None = None
    cost_sharing: bool | None = None
    #: Local match as a share of the project (0.25 = 25 %), where a source states it (csv).
    local_match_share: Decimal | None = None
    post_date: date | None = None
    close_date: date | None = None
    close_date_explanation: str = ""
    archive_date: date | None = None
    last_updated: date | None = None
    forecast_post_date: date | None = None
    forecast_close_date: date | None = None
    forecast_award_date: date | None = None
    forecast_project_start_date: date | None = None
    fiscal_year: int | None = None
    description: str = ""
    link: str = ""
    additional_info_url: str = ""
    version: str = ""
    status: str = ""
    simpler_id: str = ""  # Simpler.Grants.gov's own UUID
    purposes: tuple[str, ...] = ()
    #: Line of the record's first element in the file (XML), or the csv row number.
    line: int | None = None

    @property
    def label(self) -> str:
        """How problems name this record: ``opportunity 131073 (G12AS20003)``."""
        number = f" ({self.opportunity_number})" if self.opportunity_number else ""
        return f"opportunity {self.opportunity_id}{number}"
