"""The funding module's models; import them from here."""

from .mix import MIX_LINE_FIELDS, FundingMixLine, SourceKind, SourceStatus
from .programs import (
    ChangeKind,
    FundingChange,
    FundingImport,
    FundingProgram,
    FundingProgramQuerySet,
    StatusOverride,
)

__all__ = [
    "ChangeKind",
    "FundingChange",
    "FundingImport",
    "FundingMixLine",
    "FundingProgram",
    "FundingProgramQuerySet",
    "MIX_LINE_FIELDS",
    "SourceKind",
    "SourceStatus",
    "StatusOverride",
]
