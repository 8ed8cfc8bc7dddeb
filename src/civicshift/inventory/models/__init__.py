"""The inventory's models, split by concept; import them from here."""

from .care import Assessment, ImportMapping, ReviewRequest, RiskAcceptance
from .choices import (
    LIFECYCLE_PHASES,
    BackupStatus,
    Category,
    ComponentKind,
    Criticality,
    DataClassification,
    Direction,
    Frequency,
    Hosting,
    Method,
    Mfa,
    RegulatedData,
    Relation,
    Sso,
)
from .links import InitiativeSystem, Integration
from .systems import Component, System

__all__ = [
    "LIFECYCLE_PHASES",
    "Assessment",
    "BackupStatus",
    "Category",
    "Component",
    "ComponentKind",
    "Criticality",
    "DataClassification",
    "Direction",
    "Frequency",
    "Hosting",
    "ImportMapping",
    "InitiativeSystem",
    "Integration",
    "Method",
    "Mfa",
    "RegulatedData",
    "Relation",
    "ReviewRequest",
    "RiskAcceptance",
    "Sso",
    "System",
]
