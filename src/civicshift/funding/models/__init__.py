"""The funding module's models; import them from here."""

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
    "FundingProgram",
    "FundingProgramQuerySet",
    "StatusOverride",
]
