"""The Grants.gov XML extract (``GrantsDBExtractYYYYMMDDv2.zip`` or its XML), streamed.

Schema: ``OpportunityDetail-V1.0.xsd`` (root ``Grants`` in the namespace
``http://apply.grants.gov/system/OpportunityDetail-V1.0``, records
``OpportunitySynopsisDetail_1_0`` then ``OpportunityForecastDetail_1_0``; dates MMDDYYYY).

How it stays safe and small. The bytes go to expat in 1 MB chunks through the bounded stream of
``limits.open_stream`` (a zip is checked from its central directory and counted again while it
decompresses). The handlers refuse a document type declaration of any kind before it can
define an entity (the vehicle of "billion laughs" expansion and of external entities, XXE),
refuse entity declarations and external references should expat ever report one, and refuse
nesting deeper than ``MAX_DEPTH``: the same guards as defusedxml's ``forbid_dtd``,
``forbid_entities`` and ``forbid_external``, written on expat's own callbacks because they give
the line of each record, which problems cite. No element tree is built: a record's fields are
collected as strings and turned into a ``FundingNotice`` when the record ends, then dropped,
so memory holds one chunk, one record and the set of ids seen (for duplicates). Measured in
``benchmarks/bench_funding.py`` against a plain ``ElementTree.iterparse`` pass.

A synopsis and a forecast may share an OpportunityID: the synopsis wins. The schema puts every
synopsis before every forecast, so a forecast whose id was already seen as a synopsis is
dropped (counted in ``superseded_forecasts``); in a file out of that order the later synopsis
is still yielded and the importer must let it replace the forecast (``is_forecast`` tells).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from xml.parsers import expat

from civicshift.formats.funding import values
from civicshift.formats.funding.codes import APPLICANT_TYPES
from civicshift.formats.funding.limits import CHUNK, Source, open_stream
from civicshift.formats.funding.model import FundingFileError, FundingNotice, ReadReport

NAMESPACE = "http://apply.grants.gov/system/OpportunityDetail-V1.0"
SYNOPSIS = "OpportunitySynopsisDetail_1_0"
FORECAST = "OpportunityForecastDetail_1_0"
#: Grants/record/field is three levels; anything deeper than this is not an extract.
MAX_DEPTH = 8
#: Distinct element names whose local name is remembered (the schema has about fifty).
MAX_NAMES = 1_000
DETAIL_URL = "https://www.grants.gov/search-results-detail/{id}"
_REPEATED = {
    "FundingInstrumentType",
    "CategoryOfFundingActivity",
    "CFDANumbers",
    "EligibleApplicants",
}


class _Refused(Exception):
    def __init__(self, detail: str) -> None:
        self.detail = detail


class _Collector:
    """expat callbacks: collect each record's fields; refuse DTDs, entities, deep nesting."""

    def __init__(self, parser: expat.XMLParserType, report: ReadReport) -> None:
        self.parser = parser
        self.report = report
        self.depth = 0
        self.record: dict[str, list[str]] | None = None
        self.kind = ""
        self.line = 0
        self.field: str | None = None
        self.text: list[str] = []
        self.done: list[tuple[str, dict[str, list[str]], int]] = []
        self.root_seen = False
        #: Each element name as expat gives it ("namespace}local") → its local name: an extract
        #: repeats some forty names, so each is split once instead of at every element (at most
        #: ``MAX_NAMES`` kept: a file of made-up names must not grow memory).
        self.local_names: dict[str, str] = {}

    def start(self, name: str, attrs: dict) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(
                f"the XML nests more than {MAX_DEPTH} elements deep at line "
                f"{self.parser.CurrentLineNumber}; a Grants.gov extract nests three"
            )
        local = self.local_names.get(name)
        if local is None:
            local = name.rsplit("}", 1)[-1]
            if len(self.local_names) < MAX_NAMES:
                self.local_names[name] = local
        if self.depth == 1:
            if local != "Grants":
                raise _Refused(
                    f"the root element is <{local}>, not <Grants>: this is not a Grants.gov "
                    "XML extract"
                )
            self.root_seen = True
        elif self.depth == 2:
            if local in (SYNOPSIS, FORECAST):
                self.record = {}
                self.kind = local
                self.line = self.parser.CurrentLineNumber
            else:
                self.record = None
        elif self.depth == 3 and self.record is not None:
            self.field = local
            self.text = []
        elif self.depth > 3 and self.record is not None:
            self.field = None  # nested content is not part of the schema; ignored

    def end(self, name: str) -> None:
        if self.depth == 3 and self.record is not None and self.field is not None:
            self.record.setdefault(self.field, []).append("".join(self.text))
            self.field = None
        elif self.depth == 2 and self.record is not None:
            self.done.append((self.kind, self.record, self.line))
            self.record = None
        self.depth -= 1

    def chars(self, data: str) -> None:
        if self.field is not None:
            self.text.append(data)

    def doctype(self, *args: object) -> None:
        raise _Refused(
            "the XML has a document type declaration (<!DOCTYPE …>), which is refused: it is "
            "how a file pulls in outside files or expands entities; Grants.gov never writes one"
        )

    def entity(self, *args: object) -> None:
        raise _Refused("the XML declares entities, which are refused (entity expansion attack)")

    def external(self, *args: object) -> int:
        raise _Refused("the XML refers to an outside file or address, which is refused")


def _make_parser(report: ReadReport) -> tuple[expat.XMLParserType, _Collector]:
    parser = expat.ParserCreate(namespace_separator="}")
    collector = _Collector(parser, report)
    parser.buffer_text = True
    parser.buffer_size = 65536
    parser.StartElementHandler = collector.start
    parser.EndElementHandler = collector.end
    parser.CharacterDataHandler = collector.chars
    parser.StartDoctypeDeclHandler = collector.doctype
    parser.EntityDeclHandler = collector.entity
    parser.UnparsedEntityDeclHandler = collector.entity
    parser.ExternalEntityRefHandler = collector.external
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser, collector


def read_grants_xml(
    source: Source, *, file: str = "extract", report: ReadReport | None = None, **limits: int
) -> Iterator[FundingNotice]:
    """Yield one ``FundingNotice`` per record of the extract, in file order.

    Problems with single records go to ``report.problems`` (a record without a readable
    OpportunityID, or whose id was already seen, is skipped and counted); a file that cannot be
    read raises ``FundingFileError`` with the line and column. Records already yielded stay
    valid: the caller decides whether to keep them (import in one transaction to keep none).
    """
    report = report if report is not None else ReadReport(file)
    report.format = report.format or "grants.gov-xml"
    seen_synopses: set[str] = set()
    seen_forecasts: set[str] = set()
    import zipfile
    import zlib

    with open_stream(source, file, **limits) as stream:
        parser, collector = _make_parser(report)
        try:
            while True:
                try:
                    chunk = stream.read(CHUNK)
                except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                    raise FundingFileError(file, f"the zip entry is damaged ({exc}).") from None
                try:
                    parser.Parse(chunk, not chunk)
                except _Refused as exc:
                    raise FundingFileError(file, exc.detail) from None
                except expat.ExpatError as exc:
                    raise FundingFileError(file, _expat_message(exc)) from None
                for kind, fields, line in collector.done:
                    notice = _notice(kind, fields, line, report, seen_synopses, seen_forecasts)
                    if notice is not None:
                        yield notice
                collector.done.clear()
                if not chunk:
                    break
        finally:
            parser.StartElementHandler = parser.EndElementHandler = None
            parser.CharacterDataHandler = None
    if not collector.root_seen:
        raise FundingFileError(file, "the file is empty")


def _expat_message(exc: expat.ExpatError) -> str:
    reason = expat.ErrorString(exc.code)
    if reason in ("no element found", "unclosed token"):
        reason += " (the file looks truncated)"
    return f"not well-formed XML at line {exc.lineno}, column {exc.offset + 1}: {reason}"


def _one(fields: dict[str, list[str]], name: str) -> str:
    found = fields.get(name)
    return found[0].strip() if found else ""


def _notice(
    kind: str,
    fields: dict[str, list[str]],
    line: int,
    report: ReadReport,
    seen_synopses: set[str],
    seen_forecasts: set[str],
) -> FundingNotice | None:
    is_forecast = kind == FORECAST
    oid = _one(fields, "OpportunityID")
    number = _one(fields, "OpportunityNumber")
    label = f"{kind} at line {line}"
    if not oid or not oid.isdigit() or len(oid) > 20:
        report.add(
            label + (f" ({number})" if number else ""),
            "OpportunityID",
            f"the OpportunityID “{oid[:40]}” is missing or not 1 to 20 digits; record skipped",
            line,
        )
        report.skipped += 1
        return None
    oid = str(int(oid))  # "0131073" and "131073" are one opportunity
    record = f"opportunity {oid}" + (f" ({number})" if number else "")
    for name in fields:
        if name not in _REPEATED and len(fields[name]) > 1:
            report.add(
                record, name, f"<{name}> appears {len(fields[name])} times; the first is kept", line
            )
    if is_forecast:
        if oid in seen_synopses:
            report.superseded_forecasts += 1
            return None
        if oid in seen_forecasts:
            report.add(
                record, "OpportunityID", "a second forecast with this OpportunityID; skipped", line
            )
            report.skipped += 1
            return None
        seen_forecasts.add(oid)
        report.forecasts += 1
    else:
        if oid in seen_synopses:
            report.add(
                record, "OpportunityID", "a second synopsis with this OpportunityID; skipped", line
            )
            report.skipped += 1
            return None
        seen_synopses.add(oid)
        report.synopses += 1

    first_problem = len(report.problems)

    def date_of(name: str):
        return values.mmddyyyy(_one(fields, name), report, record, name)

    codes = tuple(c.strip() for c in fields.get("EligibleApplicants", ()) if c.strip())
    unknown = tuple(c for c in codes if c not in APPLICANT_TYPES)
    for code in unknown:
        report.add(
            record,
            "EligibleApplicants",
            f"unknown applicant code “{code[:10]}” kept",
            line,
            note=True,
        )
    alns = tuple(
        a
        for a in (
            values.aln(t, report, record, "CFDANumbers") for t in fields.get("CFDANumbers", ())
        )
        if a
    )
    fiscal = _one(fields, "FiscalYear")
    report.records += 1
    notice = FundingNotice(
        source="grants.gov-xml",
        opportunity_id=oid,
        opportunity_number=number,
        title=_one(fields, "OpportunityTitle"),
        is_forecast=is_forecast,
        agency_code=_one(fields, "AgencyCode"),
        agency_name=_one(fields, "AgencyName"),
        aln_numbers=alns,
        category=_one(fields, "OpportunityCategory"),
        category_explanation=_one(fields, "OpportunityCategoryExplanation"),
        funding_instruments=tuple(
            t.strip() for t in fields.get("FundingInstrumentType", ()) if t.strip()
        ),
        funding_activity_categories=tuple(
            t.strip() for t in fields.get("CategoryOfFundingActivity", ()) if t.strip()
        ),
        eligible_applicants=codes,
        unknown_applicant_codes=unknown,
        eligibility_text=_one(fields, "AdditionalInformationOnEligibility"),
        award_ceiling=values.amount(
            _one(fields, "AwardCeiling"), report, record, "AwardCeiling", none_word=True
        ),
        award_floor=values.amount(_one(fields, "AwardFloor"), report, record, "AwardFloor"),
        estimated_total_funding=values.amount(
            _one(fields, "EstimatedTotalProgramFunding"),
            report,
            record,
            "EstimatedTotalProgramFunding",
        ),
        expected_number_of_awards=values.count(
            _one(fields, "ExpectedNumberOfAwards"), report, record, "ExpectedNumberOfAwards"
        ),
        cost_sharing=values.yes_no(
            _one(fields, "CostSharingOrMatchingRequirement"),
            report,
            record,
            "CostSharingOrMatchingRequirement",
        ),
        post_date=date_of("PostDate"),
        close_date=date_of("CloseDate"),
        close_date_explanation=_one(fields, "CloseDateExplanation"),
        archive_date=date_of("ArchiveDate"),
        last_updated=date_of("LastUpdatedDate"),
        forecast_post_date=date_of("EstimatedSynopsisPostDate"),
        forecast_close_date=date_of("EstimatedSynopsisCloseDate"),
        forecast_award_date=date_of("EstimatedAwardDate"),
        forecast_project_start_date=date_of("EstimatedProjectStartDate"),
        fiscal_year=values.count(fiscal, report, record, "FiscalYear") if fiscal else None,
        description=_one(fields, "Description"),
        link=DETAIL_URL.format(id=oid),
        additional_info_url=_one(fields, "AdditionalInformationURL"),
        version=_one(fields, "Version"),
        line=line,
    )
    for at in range(first_problem, len(report.problems)):
        if report.problems[at].line is None:
            report.problems[at] = dataclasses.replace(report.problems[at], line=line)
    return notice
