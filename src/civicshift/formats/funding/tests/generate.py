# ruff: noqa: E501 - the generated XML lines are long on purpose
"""Grants.gov extracts generated from the schema (OpportunityDetail-V1.0.xsd), for tests and
the benchmark: every element of both record types, in the schema's order, with plausible values
(MMDDYYYY dates, several ALNs and applicant codes, HTML in descriptions as real extracts have).
Written in chunks, so a large extract never sits in memory."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

NS = "http://apply.grants.gov/system/OpportunityDetail-V1.0"
WORDS = [
    "cybersecurity",
    "ransomware",
    "broadband",
    "digital",
    "equity",
    "transportation",
    "traffic",
    "signal",
    "transit",
    "police",
    "body",
    "camera",
    "records",
    "management",
    "emergency",
    "dispatch",
    "radio",
    "water",
    "wastewater",
    "utility",
    "energy",
    "efficiency",
    "solar",
    "resilience",
    "flood",
    "hazard",
    "mitigation",
    "community",
    "development",
    "housing",
    "rural",
    "library",
    "health",
    "research",
    "science",
    "education",
    "workforce",
    "training",
    "planning",
    "equipment",
    "infrastructure",
    "network",
    "fiber",
    "permitting",
    "software",
    "modernization",
    "data",
    "analytics",
    "public",
    "safety",
    "fire",
    "wildfire",
    "drought",
    "climate",
    "agriculture",
    "conservation",
    "fisheries",
    "arts",
    "museum",
    "youth",
]
APPLICANTS = (
    "00",
    "01",
    "02",
    "04",
    "05",
    "06",
    "07",
    "08",
    "12",
    "13",
    "20",
    "21",
    "22",
    "23",
    "25",
    "99",
)


def _date(rng: random.Random, year: int) -> str:
    return f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{year}"


#: Assistance Listing numbers the notices draw from: as many as there are federal programs
#: (the Catalog of Federal Domestic Assistance, now SAM.gov's Assistance Listings, holds about
#: 2,300), so that notices share programs as real extracts' rounds do. Fixed by its own seed.
def _listings(count: int = 2300, seed: int = 2300) -> tuple[str, ...]:
    rng = random.Random(seed)
    return tuple(sorted({f"{rng.randint(10, 99)}.{rng.randint(0, 999):03d}" for _ in range(count)}))


LISTINGS = _listings()


def record(rng: random.Random, oid: int, *, forecast: bool = False) -> str:
    year = rng.randint(2019, 2027)
    words = rng.choices(WORDS, k=rng.randint(40, 120))
    title = " ".join(rng.choices(WORDS, k=rng.randint(3, 8))).title()
    parts = [
        f"<OpportunityID>{oid}</OpportunityID>",
        f"<OpportunityTitle>{escape(title)}</OpportunityTitle>",
        f"<OpportunityNumber>GEN-{year}-{oid:06d}</OpportunityNumber>",
        f"<OpportunityCategory>{rng.choice('DMCEO')}</OpportunityCategory>",
        f"<FundingInstrumentType>{rng.choice(('G', 'CA', 'PC', 'O'))}</FundingInstrumentType>",
        f"<CategoryOfFundingActivity>{rng.choice(('ST', 'CD', 'T', 'LJL', 'EN'))}</CategoryOfFundingActivity>",
    ]
    parts += [
        f"<CFDANumbers>{rng.choice(LISTINGS)}</CFDANumbers>" for _ in range(rng.randint(1, 3))
    ]
    parts += [
        f"<EligibleApplicants>{c}</EligibleApplicants>"
        for c in sorted(set(rng.choices(APPLICANTS, k=rng.randint(1, 5))))
    ]
    parts += [
        "<AdditionalInformationOnEligibility>See the notice.</AdditionalInformationOnEligibility>",
        f"<AgencyCode>AG-{rng.randint(1, 80)}</AgencyCode>",
        "<AgencyName>Department of Examples</AgencyName>",
        f"<PostDate>{_date(rng, year)}</PostDate>",
    ]
    if forecast:
        parts += [
            f"<LastUpdatedDate>{_date(rng, year)}</LastUpdatedDate>",
            f"<EstimatedSynopsisPostDate>{_date(rng, year)}</EstimatedSynopsisPostDate>",
            f"<FiscalYear>{year}</FiscalYear>",
            f"<EstimatedSynopsisCloseDate>{_date(rng, year + 1)}</EstimatedSynopsisCloseDate>",
            f"<EstimatedAwardDate>{_date(rng, year + 1)}</EstimatedAwardDate>",
            f"<EstimatedProjectStartDate>{_date(rng, year + 1)}</EstimatedProjectStartDate>",
        ]
    else:
        parts += [
            f"<CloseDate>{_date(rng, year)}</CloseDate>",
            f"<LastUpdatedDate>{_date(rng, year)}</LastUpdatedDate>",
        ]
    floor = rng.choice((0, 10_000, 50_000, 100_000))
    parts += [
        f"<AwardCeiling>{floor * rng.randint(2, 20) or rng.choice(('none', '0', '250000'))}</AwardCeiling>",
        f"<AwardFloor>{floor}</AwardFloor>",
        f"<EstimatedTotalProgramFunding>{rng.randint(1, 500) * 100_000}</EstimatedTotalProgramFunding>",
        f"<ExpectedNumberOfAwards>{rng.randint(1, 200)}</ExpectedNumberOfAwards>",
        f"<Description>{escape('<p>' + ' '.join(words) + '</p>')}</Description>",
        f"<Version>{'Forecast' if forecast else 'Synopsis'} {rng.randint(1, 5)}</Version>",
        f"<CostSharingOrMatchingRequirement>{rng.choice(('Yes', 'No'))}</CostSharingOrMatchingRequirement>",
        f"<ArchiveDate>{_date(rng, year + 1)}</ArchiveDate>",
        "<AdditionalInformationURL>https://www.grants.gov/</AdditionalInformationURL>",
        "<GrantorContactEmail>grants@example.gov</GrantorContactEmail>",
    ]
    tag = "OpportunityForecastDetail_1_0" if forecast else "OpportunitySynopsisDetail_1_0"
    return f"<{tag}>\n" + "\n".join(parts) + f"\n</{tag}>\n"


def write_extract(
    path: Path, count: int, *, seed: int = 7, forecast_share: float = 0.1, zipped: bool = False
) -> Path:
    """An extract of ``count`` records (synopses first, then forecasts, as the schema orders);
    a tenth of the forecasts share an OpportunityID with a synopsis."""
    rng = random.Random(seed)
    forecasts = int(count * forecast_share)
    synopses = count - forecasts

    def chunks():
        yield f'<?xml version="1.0" encoding="UTF-8"?>\n<Grants xmlns="{NS}">\n'
        for n in range(synopses):
            yield record(rng, 100_000 + n)
        for n in range(forecasts):
            oid = 100_000 + n if n % 10 == 0 else 100_000 + synopses + n
            yield record(rng, oid, forecast=True)
        yield "</Grants>\n"

    if zipped:
        with (
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive,
            archive.open(path.stem + ".xml", "w", force_zip64=True) as part,
        ):
            for chunk in chunks():
                part.write(chunk.encode())
    else:
        with open(path, "w", encoding="utf-8") as handle:
            for chunk in chunks():
                handle.write(chunk)
    return path
