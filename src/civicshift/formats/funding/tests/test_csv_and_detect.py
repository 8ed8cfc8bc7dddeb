"""The hand-typed csv (columns in docs/funding-files.md) and detection by content."""

from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from civicshift.formats.funding.csv_programs import COLUMNS, read_programs_csv
from civicshift.formats.funding.detect import detect_format, read_funding
from civicshift.formats.funding.model import FundingFileError, ReadReport

FIXTURES = Path(__file__).parent / "fixtures"
DOCS = Path(__file__).resolve().parents[5] / "docs" / "funding-files.md"

CSV = (
    "program_id,title,agency,aln_numbers,instrument,eligible_applicants,purposes,award_floor,"
    "award_ceiling,local_match_percent,close_date,status,link,description\n"
    "state-cyber-2026,State cybersecurity subgrants,State Office of Homeland Security,97.137,"
    'formula_grant,02;county_governments,cybersecurity,"$25,000","$250,000",30%,2027-01-30,,'
    "https://example.gov/cyber,Subgrants for local cybersecurity plans\n"
    "utility-rebate,Utility efficiency rebate,Electric co-op,,other,99,energy,,,0,,lapsed,,\n"
    "state-cyber-2026,Again,,,,,,,,,,,,\n"
    "bad-row,Bad values,,9.7,grant,77,,ten,,150,2027-13-01,,,\n"
)


def _csv(text: str = CSV):
    report = ReadReport("programs.csv")
    return list(read_programs_csv(text.encode(), file="programs.csv", report=report)), report


def test_csv_rows_are_read():
    notices, report = _csv()
    first, second, bad = notices
    assert first.opportunity_id == "state-cyber-2026"
    assert first.eligible_applicants == ("02", "01")
    assert first.purposes == ("cybersecurity",)
    assert (first.award_floor, first.award_ceiling) == (Decimal(25000), Decimal(250000))
    assert first.local_match_share == Decimal("0.3")
    assert first.instrument_kind == "formula_grant" and first.funding_instruments == ("G",)
    assert second.status == "lapsed" and second.cost_sharing is False
    assert report.skipped == 1  # the repeated program_id
    fields = {p.field for p in report.problems if p.record.startswith("row 5")}
    assert fields == {
        "aln_numbers",
        "instrument",
        "eligible_applicants",
        "award_floor",
        "local_match_percent",
        "close_date",
    }
    assert bad.eligible_applicants == ("77",) and bad.unknown_applicant_codes == ("77",)


def test_csv_without_required_columns():
    with pytest.raises(FundingFileError, match="lacks the column"):
        _csv("name,amount\nA,1\n")


def test_every_csv_column_is_documented():
    text = DOCS.read_text()
    for column in COLUMNS:
        assert f"`{column}`" in text


def test_detect_by_content(tmp_path):
    xml = (FIXTURES / "grantsgov_real_131073.xml").read_bytes()
    assert detect_format(xml, "x") == "grants.gov-xml"
    assert detect_format(b' {"data": []}', "x") == "simpler-json"
    assert detect_format(CSV.encode(), "x") == "csv"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("GrantsDBExtract20111128v2.xml", xml)
    assert detect_format(buffer.getvalue(), "x") == "grants.gov-xml"
    with pytest.raises(FundingFileError, match="empty"):
        detect_format(b"  ", "x")


def test_read_funding_streams_any_format(tmp_path):
    path = tmp_path / "GrantsDBExtract20111128v2.xml"
    path.write_bytes((FIXTURES / "grantsgov_real_131073.xml").read_bytes())
    report, records = read_funding(path)
    assert [n.opportunity_id for n in records] == ["131073"]
    assert (report.format, report.records, report.file) == ("grants.gov-xml", 1, path.name)
    report, records = read_funding(json.dumps({"data": []}).encode(), "empty.json")
    assert list(records) == [] and report.format == "simpler-json"


def test_zipped_json_extract_and_conversion_to_a_program():
    from civicshift.formats.funding.convert import to_program

    document = {
        "metadata": {},
        "opportunities": [
            {
                "opportunity_id": "0b6e3c1e-1111-4a4a-9d9d-000000000001",
                "legacy_opportunity_id": 360670,
                "opportunity_title": "Rural broadband",
                "opportunity_status": "forecasted",
                "summary": {
                    "is_forecast": True,
                    "forecasted_close_date": "2027-02-01",
                    "applicant_types": ["county_governments"],
                    "award_ceiling": 1000000,
                },
            }
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("extract.json", json.dumps(document))
    report, records = read_funding(buffer.getvalue(), "extract.zip")
    (notice,) = list(records)
    program = to_program(notice)
    assert report.format == "simpler-json"
    assert (program.key, program.is_forecast, program.eligible_applicants) == (
        "360670",
        True,
        ("01",),
    )
    assert program.award_ceiling == Decimal(1_000_000)
    assert program.forecast_close_date.isoformat() == "2027-02-01"
