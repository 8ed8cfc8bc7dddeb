"""Simpler.Grants.gov JSON: search responses and the daily extract, streamed with ijson.

Three shapes are read: a search response ``{"data": [opportunity, …], "pagination_info": …}``,
one opportunity ``{"data": {…}}``, and the daily extract ``{"metadata": …, "opportunities":
[…]}``. Items are built one at a time from ijson's events, so memory holds one opportunity.

Field names are those of the public API (``OpportunityV1Schema`` and ``OpportunitySummaryV1Schema``
in HHS/simpler-grants-gov, ``api/src/api/opportunities_v1/opportunity_schemas.py``): at the top
``opportunity_id`` (a UUID in the current API; an integer in early versions),
``legacy_opportunity_id`` (Grants.gov's OpportunityID: the key matched against the XML extract),
``opportunity_number``, ``opportunity_title``, ``agency_code``, ``agency_name``, ``category``,
``category_explanation``, ``opportunity_status`` (forecasted / posted / closed / archived),
``opportunity_assistance_listings`` (``assistance_listing_number``, ``program_title``); under
``summary`` the dates (``post_date``, ``close_date``, ``archive_date``, ``forecasted_*``, as
YYYY-MM-DD), amounts, ``is_cost_sharing``, ``is_forecast``, ``applicant_types`` (words, mapped
to Grants.gov's codes by ``codes.SIMPLER_APPLICANT_TYPES``), ``funding_instruments``,
``funding_categories``, ``summary_description``, ``additional_info_url``, ``version_number``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ijson

from civicshift.formats.funding import codes, values
from civicshift.formats.funding.limits import Source, open_stream
from civicshift.formats.funding.model import FundingFileError, FundingNotice, ReadReport

MAX_JSON_DEPTH = 32
STATUSES = ("forecasted", "posted", "closed", "archived")
_ITEM_PREFIXES = {"opportunities.item", "data.item", "data"}
SIMPLER_URL = "https://simpler.grants.gov/opportunity/{id}"
DETAIL_URL = "https://www.grants.gov/search-results-detail/{id}"


def read_simpler_json(
    source: Source,
    *,
    file: str = "opportunities.json",
    report: ReadReport | None = None,
    **limits: int,
) -> Iterator[FundingNotice]:
    """Yield one ``FundingNotice`` per opportunity; problems go to ``report``."""
    report = report if report is not None else ReadReport(file)
    report.format = report.format or "simpler-json"
    seen: set[str] = set()
    found_list = False
    with open_stream(source, file, member_suffix=".json", **limits) as stream:
        builder: ijson.ObjectBuilder | None = None
        item_prefix = ""
        depth = 0
        index = 0
        try:
            for prefix, event, value in ijson.parse(stream, use_float=False):
                if event in ("start_map", "start_array"):
                    depth += 1
                    if depth > MAX_JSON_DEPTH:
                        raise FundingFileError(
                            file, f"lists and objects nest more than {MAX_JSON_DEPTH} levels deep."
                        )
                elif event in ("end_map", "end_array"):
                    depth -= 1
                if builder is None:
                    if event == "start_array" and prefix in ("data", "opportunities"):
                        found_list = True
                    if event == "start_map" and prefix in _ITEM_PREFIXES:
                        builder = ijson.ObjectBuilder()
                        item_prefix = prefix
                        builder.event(event, value)
                        found_list = True
                    continue
                builder.event(event, value)
                if event == "end_map" and prefix == item_prefix:
                    index += 1
                    notice = _notice(builder.value, index, report, seen)
                    builder = None
                    if notice is not None:
                        yield notice
        except ijson.JSONError as exc:
            raise FundingFileError(
                file, f"not valid JSON near opportunity {index + 1}: {exc} (truncated or damaged?)"
            ) from None
    if not found_list:
        raise FundingFileError(
            file,
            "no opportunities found: expected a Simpler.Grants.gov search response "
            '({"data": […]}) or extract ({"opportunities": […]})',
        )


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _notice(item: Any, index: int, report: ReadReport, seen: set[str]) -> FundingNotice | None:
    if not isinstance(item, dict):
        return None
    number = _text(item.get("opportunity_number"))
    raw_id = item.get("opportunity_id")
    legacy = item.get("legacy_opportunity_id")
    simpler_id = ""
    if legacy is None and (
        isinstance(raw_id, int) or (isinstance(raw_id, str) and raw_id.isdigit())
    ):
        legacy = raw_id
    elif raw_id is not None:
        simpler_id = str(raw_id)
    label = f"opportunity {index}" + (f" ({number})" if number else "")
    legacy_text = str(legacy).strip() if legacy is not None and not isinstance(legacy, bool) else ""
    if not legacy_text.isdigit():
        report.add(
            label,
            "legacy_opportunity_id",
            "no Grants.gov id (legacy_opportunity_id) to match with the XML extract; skipped",
        )
        report.skipped += 1
        return None
    oid = str(int(legacy_text))
    record = f"opportunity {oid}" + (f" ({number})" if number else "")
    if oid in seen:
        report.add(record, "legacy_opportunity_id", "a second opportunity with this id; skipped")
        report.skipped += 1
        return None
    seen.add(oid)
    summary = item.get("summary") if isinstance(item.get("summary"), dict) else {}
    status = _text(item.get("opportunity_status")).lower()
    if status and status not in STATUSES:
        report.add(record, "opportunity_status", f"unknown status “{status[:20]}” kept", note=True)
    applicant_words = [a for a in summary.get("applicant_types") or () if isinstance(a, str)]
    applicants, unknown = [], []
    for word in applicant_words:
        code = codes.SIMPLER_APPLICANT_TYPES.get(word)
        if code is None:
            unknown.append(word)
            applicants.append(word)
            report.add(
                record, "applicant_types", f"unknown applicant type “{word[:60]}” kept", note=True
            )
        else:
            applicants.append(code)
    category = _text(item.get("category"))
    category = codes.SIMPLER_CATEGORIES.get(category.lower(), category)
    listings = [
        entry
        for entry in item.get("opportunity_assistance_listings") or ()
        if isinstance(entry, dict)
    ]
    alns = tuple(
        a
        for a in (
            values.aln(
                _text(e.get("assistance_listing_number")),
                report,
                record,
                "assistance_listing_number",
            )
            for e in listings
        )
        if a
    )

    def day(name: str):
        return values.iso_date(summary.get(name), report, record, f"summary.{name}")

    def money(name: str):
        return values.amount(summary.get(name), report, record, f"summary.{name}")

    report.records += 1
    is_forecast = bool(summary.get("is_forecast")) or status == "forecasted"
    if is_forecast:
        report.forecasts += 1
    else:
        report.synopses += 1
    return FundingNotice(
        source="simpler-json",
        opportunity_id=oid,
        opportunity_number=number,
        title=_text(item.get("opportunity_title")),
        is_forecast=is_forecast,
        agency_code=_text(item.get("agency_code")) or _text(item.get("agency")),
        agency_name=_text(item.get("agency_name")),
        aln_numbers=alns,
        aln_titles=tuple(
            _text(e.get("program_title")) for e in listings if _text(e.get("program_title"))
        ),
        category=category,
        category_explanation=_text(item.get("category_explanation")),
        funding_instruments=tuple(
            codes.SIMPLER_FUNDING_INSTRUMENTS.get(w, w)
            for w in summary.get("funding_instruments") or ()
            if isinstance(w, str)
        ),
        funding_activity_categories=tuple(
            codes.SIMPLER_FUNDING_ACTIVITY.get(w, w)
            for w in summary.get("funding_categories") or ()
            if isinstance(w, str)
        ),
        eligible_applicants=tuple(applicants),
        unknown_applicant_codes=tuple(unknown),
        eligibility_text=_text(summary.get("applicant_eligibility_description")),
        award_ceiling=money("award_ceiling"),
        award_floor=money("award_floor"),
        estimated_total_funding=money("estimated_total_program_funding"),
        expected_number_of_awards=values.count(
            summary.get("expected_number_of_awards"),
            report,
            record,
            "summary.expected_number_of_awards",
        ),
        cost_sharing=values.yes_no(
            summary.get("is_cost_sharing"), report, record, "summary.is_cost_sharing"
        ),
        post_date=day("post_date"),
        close_date=day("close_date"),
        close_date_explanation=_text(summary.get("close_date_description")),
        archive_date=day("archive_date"),
        forecast_post_date=day("forecasted_post_date"),
        forecast_close_date=day("forecasted_close_date"),
        forecast_award_date=day("forecasted_award_date"),
        forecast_project_start_date=day("forecasted_project_start_date"),
        fiscal_year=values.count(summary.get("fiscal_year"), report, record, "summary.fiscal_year"),
        description=_text(summary.get("summary_description")),
        link=SIMPLER_URL.format(id=simpler_id) if simpler_id else DETAIL_URL.format(id=oid),
        additional_info_url=_text(summary.get("additional_info_url")),
        version=str(summary.get("version_number") or ""),
        status=status,
        simpler_id=simpler_id,
    )
