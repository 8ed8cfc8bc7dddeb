"""Funding files: the Grants.gov XML extract, Simpler.Grants.gov JSON and a hand-typed csv.

Every reader yields ``FundingNotice`` records (one per opportunity) and fills a shared
``ReadReport`` with the problems it met, each naming the record and the field; none of them
touches the database. ``read_funding(path)`` tells the formats apart by content.
"""

from civicshift.formats.funding.model import (
    FundingFileError,
    FundingNotice,
    Problem,
    ReadReport,
)

__all__ = ["FundingFileError", "FundingNotice", "Problem", "ReadReport"]
