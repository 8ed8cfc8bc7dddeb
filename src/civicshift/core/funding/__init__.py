"""Funding computations without Django: status from dates, matching, Uniform Guidance checks.

``from civicshift.core.funding import FundingProgram, InitiativeNeed, MatchIndex``.
"""

from civicshift.core.funding.matching import Match, MatchIndex, Reason
from civicshift.core.funding.model import FundingProgram, InitiativeNeed
from civicshift.core.funding.status import program_status

__all__ = ["FundingProgram", "InitiativeNeed", "Match", "MatchIndex", "Reason", "program_status"]
