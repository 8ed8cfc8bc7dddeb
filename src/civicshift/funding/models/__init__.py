"""The funding module's models; import them from here."""

from .applications import (
    ApplicationItem,
    FundingApplication,
    FundingProfile,
    Interest,
    ItemKind,
    PassReason,
    Stage,
)
from .feeds import DEADLINE_FEED_KEY_PREFIX, DeadlineFeedToken
from .mix import MIX_LINE_FIELDS, FundingMixLine, SourceKind, SourceStatus
from .notices import (
    ChangeKind,
    FundingChange,
    FundingImport,
    FundingNotice,
    ScopedQuerySet,
    StatusOverride,
)
from .programs import FundingProgram
from .saved import SAVED_SEARCH_FIELDS, SavedSearch, SavedSearchVisit, SearchOrder

__all__ = [
    "DEADLINE_FEED_KEY_PREFIX",
    "DeadlineFeedToken",
    "ApplicationItem",
    "FundingApplication",
    "FundingProfile",
    "Interest",
    "ItemKind",
    "PassReason",
    "Stage",
    "ChangeKind",
    "FundingChange",
    "FundingImport",
    "FundingNotice",
    "FundingProgram",
    "SAVED_SEARCH_FIELDS",
    "SavedSearch",
    "SavedSearchVisit",
    "SearchOrder",
    "ScopedQuerySet",
    "FundingMixLine",
    "MIX_LINE_FIELDS",
    "SourceKind",
    "SourceStatus",
    "StatusOverride",
]
