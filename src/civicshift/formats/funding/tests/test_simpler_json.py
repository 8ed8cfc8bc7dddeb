"""Simpler.Grants.gov JSON. The documents are written from the API's published schema
(``OpportunityV1Schema``/``OpportunitySummaryV1Schema`` in HHS/simpler-grants-gov
``api/src/api/opportunities_v1/opportunity_schemas.py``; enum values from
``api/src/constants/lookup_constants.py``, whose comments give each applicant type's legacy
Grants.gov code, e.g. ``city_or_township_governments  # 02``)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from civicshift.formats.funding.model import ReadReport
from civicshift.formats.funding.simpler_json import read_simpler_json

OPPORTUNITY = {
    "opportunity_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "legacy_opportunity_id": 358302,
    "opportunity_number": "DE-FOA-0003450",
    "opportunity_title": "Early Career Research Program",
    "agency_code": "PAMS-SC",
    "agency_name": "Office of Science",
    "top_level_agency_name": "Department of Energy - Office of Science",
    "category": "discretionary",
    "category_explanation": None,
    "opportunity_status": "posted",
    "opportunity_assistance_listings": [
        {
            "assistance_listing_number": "81.049",
            "program_title": "Office of Science Financial Assistance Program",
        }
    ],
    "summary": {
        "summary_description": "<p>Research in the physical sciences.</p>",
        "is_cost_sharing": False,
        "is_forecast": False,
        "post_date": "2025-01-17",
        "close_date": "2025-04-22",
        "archive_date": "2025-05-22",
        "award_ceiling": 2750000,
        "award_floor": 875000,
        "estimated_total_program_funding": 136000000,
        "expected_number_of_awards": None,
        "applicant_types": ["city_or_township_governments", "other", "space_agencies"],
        "funding_instruments": ["grant", "other", "procurement_contract"],
        "funding_categories": ["science_technology_and_other_research_and_development"],
        "applicant_eligibility_description": "Institutions of higher education.",
        "additional_info_url": "https://science.osti.gov/early-career",
        "version_number": 2,
        "fiscal_year": None,
    },
}


def _read(document):
    report = ReadReport("search.json")
    data = json.dumps(document).encode()
    return list(read_simpler_json(data, file="search.json", report=report)), report


def test_search_response_maps_fields_and_codes():
    notices, report = _read({"data": [OPPORTUNITY], "pagination_info": {"total_records": 1}})
    (n,) = notices
    assert n.opportunity_id == "358302"  # legacy id: the key shared with the XML extract
    assert n.simpler_id == OPPORTUNITY["opportunity_id"]
    assert n.link == f"https://simpler.grants.gov/opportunity/{OPPORTUNITY['opportunity_id']}"
    assert (n.category, n.status, n.is_forecast) == ("D", "posted", False)
    assert n.aln_numbers == ("81.049",)
    assert n.aln_titles == ("Office of Science Financial Assistance Program",)
    assert n.eligible_applicants == ("02", "25", "space_agencies")
    assert n.unknown_applicant_codes == ("space_agencies",)
    assert n.funding_instruments == ("G", "O", "PC")
    assert n.funding_activity_categories == ("ST",)
    assert (n.post_date, n.close_date, n.archive_date) == (
        date(2025, 1, 17),
        date(2025, 4, 22),
        date(2025, 5, 22),
    )
    assert (n.award_floor, n.award_ceiling) == (Decimal(875000), Decimal(2750000))
    assert n.estimated_total_funding == Decimal(136000000)
    assert n.cost_sharing is False
    assert [p.field for p in report.problems] == ["applicant_types"]


def test_daily_extract_is_streamed_with_duplicates_and_missing_ids_reported():
    second = dict(OPPORTUNITY, opportunity_status="forecasted")
    missing = {k: v for k, v in OPPORTUNITY.items() if k != "legacy_opportunity_id"}
    notices, report = _read(
        {
            "metadata": {"file_generated_at": "2026-12-02"},
            "opportunities": [OPPORTUNITY, second, missing],
        }
    )
    assert len(notices) == 1
    assert report.skipped == 2
    assert {p.field for p in report.problems} >= {"legacy_opportunity_id"}


def test_early_api_integer_opportunity_id_is_the_legacy_id():
    early = {k: v for k, v in OPPORTUNITY.items() if k not in ("legacy_opportunity_id",)}
    early["opportunity_id"] = 12345
    (n,), _ = _read({"data": early})
    assert n.opportunity_id == "12345" and n.simpler_id == ""


def test_bad_dates_are_named():
    bad = json.loads(json.dumps(OPPORTUNITY))
    bad["summary"]["close_date"] = "04/22/2025"
    (n,), report = _read({"data": [bad]})
    assert n.close_date is None
    problem = next(p for p in report.problems if p.field == "summary.close_date")
    assert problem.record == "opportunity 358302 (DE-FOA-0003450)"
