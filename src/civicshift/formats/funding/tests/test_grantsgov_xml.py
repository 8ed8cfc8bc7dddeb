"""The Grants.gov XML extract reader, on a real record and on files built from the schema.

Reference: the real record of opportunity 131073 (G12AS20003) quoted in ericmuckley/foa-finder
``app.py`` (see fixtures/README.md); the expected values are the record's own text, read as the
schema (``../shared/data/grants-gov/OpportunityDetail-V1.0.xsd``) defines its types: MMDDYYYY
dates (pattern ``(0[1-9]|1[012])(0[1-9]|[12][0-9]|3[01])\\d\\d\\d\\d``, whitespace collapsed),
digit-only amounts, AwardCeiling ``none`` or digits, ALN ``[0-9]{2}.[0-9]{3}``.
"""

from __future__ import annotations

import os
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from civicshift.formats.funding.grantsgov_xml import NAMESPACE, read_grants_xml
from civicshift.formats.funding.model import FundingFileError, ReadReport
from civicshift.formats.funding.tests.generate import write_extract

FIXTURES = Path(__file__).parent / "fixtures"
REAL = FIXTURES / "grantsgov_real_131073.xml"


def shared_xsd() -> Path:
    """The schema in the shared data folder (``../shared/data`` beside the checkout, or
    ``$CIVICSHIFT_SHARED_DATA``), found as plan_helpers finds the MSPDI files; absent, the
    test fails saying where to put it."""
    name = Path("grants-gov") / "OpportunityDetail-V1.0.xsd"
    candidates = []
    if os.environ.get("CIVICSHIFT_SHARED_DATA"):
        candidates.append(Path(os.environ["CIVICSHIFT_SHARED_DATA"]) / name)
    candidates += [parent / "shared" / "data" / name for parent in Path(__file__).parents]
    for path in candidates:
        if path.is_file():
            return path
    pytest.fail(
        f"the shared data file {name} is absent: put the shared data folder at ../shared/data "
        "beside the checkout or set CIVICSHIFT_SHARED_DATA",
        pytrace=False,
    )


def _extract(*records: str) -> bytes:
    body = "".join(records)
    return f'<?xml version="1.0"?>\n<Grants xmlns="{NAMESPACE}">\n{body}</Grants>\n'.encode()


def _synopsis(oid: str = "1", **fields: str) -> str:
    inner = f"<OpportunityID>{oid}</OpportunityID>" + "".join(
        f"<{k}>{v}</{k}>" for k, v in fields.items()
    )
    return f"<OpportunitySynopsisDetail_1_0>{inner}</OpportunitySynopsisDetail_1_0>\n"


def _forecast(oid: str = "1", **fields: str) -> str:
    inner = f"<OpportunityID>{oid}</OpportunityID>" + "".join(
        f"<{k}>{v}</{k}>" for k, v in fields.items()
    )
    return f"<OpportunityForecastDetail_1_0>{inner}</OpportunityForecastDetail_1_0>\n"


def _read(data, **kwargs):
    report = ReadReport("extract.xml")
    return list(read_grants_xml(data, file="extract.xml", report=report, **kwargs)), report


def test_real_record_reads_field_by_field():
    notices, report = _read(REAL)
    assert report.problems == []
    (n,) = notices
    assert n.opportunity_id == "131073"
    assert n.opportunity_number == "G12AS20003"
    assert n.title == "Cooperative Ecosystem Studies Unit, Piedmont South Atlantic Coast CESU"
    assert (n.agency_code, n.agency_name) == ("DOI-USGS1", "Geological Survey")
    assert n.aln_numbers == ("15.808",)
    assert n.category == "D"
    assert n.funding_instruments == ("CA",)
    assert n.funding_activity_categories == ("ST",)
    assert n.eligible_applicants == ("25",)
    assert n.unknown_applicant_codes == ()
    assert n.post_date == date(2011, 11, 17)
    assert n.close_date == date(2011, 11, 29)
    assert n.archive_date == date(2011, 12, 17)
    assert n.last_updated == date(2011, 11, 28)
    assert n.award_ceiling == Decimal(0) and n.award_floor == Decimal(0)
    assert n.estimated_total_funding == Decimal(31900)
    assert n.expected_number_of_awards == 1
    assert n.cost_sharing is False
    assert n.version == "Synopsis 2"
    assert n.description.startswith("The USGS Southeast Ecological Science Center")
    assert n.link == "https://www.grants.gov/search-results-detail/131073"
    assert n.line == 3


def test_real_record_zipped_with_zero_sizes_in_the_local_header(tmp_path):
    """A zip written to a stream that cannot seek carries a data descriptor: the local header's
    sizes are zero (APPNOTE.TXT 4.4.4, bit 3), as in Grants.gov's daily file."""

    class Unseekable:
        def __init__(self, handle):
            self.handle = handle

        def write(self, data):
            return self.handle.write(data)

        def flush(self):
            self.handle.flush()

    path = tmp_path / "GrantsDBExtract20111128v2.zip"
    with open(path, "wb") as raw, zipfile.ZipFile(Unseekable(raw), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("GrantsDBExtract20111128v2.xml", REAL.read_bytes())
    header = path.read_bytes()[:30]
    assert header[:4] == b"PK\x03\x04"
    assert int.from_bytes(header[6:8], "little") & 0x08  # data descriptor follows
    assert header[18:26] == b"\x00" * 8  # compressed and uncompressed sizes: zero
    notices, report = _read(path)
    assert [n.opportunity_id for n in notices] == ["131073"]


def test_generated_extract_follows_the_schema_order_and_counts(tmp_path):
    path = write_extract(tmp_path / "x.zip", 500, zipped=True)
    notices, report = _read(path)
    # 450 synopses, 50 forecasts of which 5 share an id with a synopsis (dropped).
    assert (report.synopses, report.forecasts, report.superseded_forecasts) == (450, 45, 5)
    assert len(notices) == 495 and report.problems == []


def test_synopsis_wins_over_forecast_with_the_same_id():
    data = _extract(
        _synopsis("7", OpportunityTitle="Posted", CloseDate="03012027"),
        _forecast("7", OpportunityTitle="Forecast", EstimatedSynopsisCloseDate="02012027"),
    )
    notices, report = _read(data)
    assert [(n.title, n.is_forecast) for n in notices] == [("Posted", False)]
    assert report.superseded_forecasts == 1


def test_forecast_dates_are_read():
    notices, _ = _read(
        _extract(
            _forecast(
                "9",
                EstimatedSynopsisPostDate="01152027",
                FiscalYear="2027",
                EstimatedSynopsisCloseDate="03152027",
                EstimatedAwardDate="06012027",
                EstimatedProjectStartDate="07012027",
            )
        )
    )
    (n,) = notices
    assert n.is_forecast
    assert (n.forecast_post_date, n.forecast_close_date) == (date(2027, 1, 15), date(2027, 3, 15))
    assert (n.forecast_award_date, n.forecast_project_start_date) == (
        date(2027, 6, 1),
        date(2027, 7, 1),
    )
    assert n.fiscal_year == 2027


def test_several_alns_and_applicant_codes_unknown_code_kept_and_flagged():
    record = _synopsis("5", OpportunityNumber="ABC-1").replace(
        "</OpportunitySynopsisDetail_1_0>",
        "<CFDANumbers>97.137</CFDANumbers><CFDANumbers>97.067</CFDANumbers>"
        "<EligibleApplicants>02</EligibleApplicants><EligibleApplicants>03</EligibleApplicants>"
        "</OpportunitySynopsisDetail_1_0>",
    )
    notices, report = _read(_extract(record))
    (n,) = notices
    assert n.aln_numbers == ("97.137", "97.067")
    assert n.eligible_applicants == ("02", "03")
    assert n.unknown_applicant_codes == ("03",)  # README: there is no code 03
    (problem,) = report.problems
    assert problem.record == "opportunity 5 (ABC-1)" and problem.field == "EligibleApplicants"


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("11172011", True),
        (" 11172011 ", True),  # xs:whiteSpace collapse
        ("13012024", False),  # month 13: outside the pattern
        ("02302024", False),  # matches the pattern, but 30 February does not exist
        ("2011-11-17", False),
        ("1117201", False),
    ],
)
def test_dates_per_the_schema_pattern(text, valid):
    notices, report = _read(_extract(_synopsis("3", OpportunityNumber="N-3", PostDate=text)))
    assert (notices[0].post_date is not None) is valid
    if not valid:
        (problem,) = report.problems
        assert (problem.record, problem.field) == ("opportunity 3 (N-3)", "PostDate")
        assert "MMDDYYYY" in problem.message and problem.line == 3


def test_bad_numbers_are_named_and_the_record_kept():
    notices, report = _read(
        _extract(
            _synopsis("4", AwardCeiling="none", AwardFloor="12,5x", ExpectedNumberOfAwards="many")
        )
    )
    (n,) = notices
    assert n.award_ceiling is None  # "none" is allowed by AwardCeilingType
    assert {p.field for p in report.problems} == {"AwardFloor", "ExpectedNumberOfAwards"}


def test_duplicate_ids_are_reported_and_the_second_skipped():
    notices, report = _read(
        _extract(_synopsis("8", OpportunityTitle="A"), _synopsis("08", OpportunityTitle="B"))
    )
    assert [n.title for n in notices] == ["A"]
    assert report.skipped == 1
    assert "second synopsis" in report.problems[0].message
    assert report.problems[0].record == "opportunity 8"


def test_record_without_id_is_skipped_and_named_by_line():
    notices, report = _read(_extract(_synopsis("x1", OpportunityNumber="NO-ID")))
    assert notices == []
    assert report.problems[0].record == "OpportunitySynopsisDetail_1_0 at line 3 (NO-ID)"


def test_schema_file_names_the_elements_read():
    """The element names the reader looks for are those the schema declares."""
    xsd = shared_xsd().read_text()
    for name in (
        "OpportunityID",
        "OpportunityNumber",
        "CFDANumbers",
        "EligibleApplicants",
        "AwardCeiling",
        "AwardFloor",
        "EstimatedTotalProgramFunding",
        "ExpectedNumberOfAwards",
        "PostDate",
        "CloseDate",
        "ArchiveDate",
        "CostSharingOrMatchingRequirement",
        "EstimatedSynopsisCloseDate",
        "EstimatedAwardDate",
        "EstimatedProjectStartDate",
        "FiscalYear",
        "Version",
    ):
        assert f'name="{name}"' in xsd


def test_not_an_extract_root_is_refused():
    with pytest.raises(FundingFileError, match="not <Grants>"):
        _read(b"<Project><Tasks/></Project>")
