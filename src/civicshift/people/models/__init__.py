"""The change-management side of an initiative: its stakeholders, ADKAR-style ratings, the
change-impact assessment, and the change and communications plan with its resistance
responses."""

from .choices import ActivityKind, ActivityStatus, ResistanceCause, Stance, SubjectKind
from .plan import CommsActivity, ResistanceResponse
from .ratings import AdkarRating, ImpactGroup
from .stakeholders import Stakeholder

__all__ = [
    "ActivityKind",
    "ActivityStatus",
    "AdkarRating",
    "CommsActivity",
    "ImpactGroup",
    "ResistanceCause",
    "ResistanceResponse",
    "Stakeholder",
    "Stance",
    "SubjectKind",
]
