from .ideas import (
    RESPONSE_TARGETS,
    STATUS_HELP,
    Idea,
    IdeaComment,
    IdeaResponse,
    IdeaSupport,
    IdeaVisit,
    Status,
)

__all__ = [
    "RESPONSE_TARGETS",
    "STATUS_HELP",
    "Idea",
    "IdeaComment",
    "IdeaResponse",
    "IdeaSupport",
    "IdeaVisit",
    "Status",
]
