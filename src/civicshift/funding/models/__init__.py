"""The funding module's models; import them from here."""

from .notices import (
    ChangeKind,
    FundingChange,
    FundingImport,
    FundingNotice,
    ScopedQuerySet,
    StatusOverride,
)
from .programs import FundingProgram

__all__ = [
    "ChangeKind",
    "FundingChange",
    "FundingImport",
    "FundingNotice",
    "FundingProgram",
    "ScopedQuerySet",
    "StatusOverride",
]
