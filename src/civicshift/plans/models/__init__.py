"""The plan module's models, split by concept; import them from here."""

from .calendars import STANDARD_WEEK, CalendarException, WorkCalendar
from .choices import (
    Constraint,
    Distribution,
    DurationUnit,
    IssueStatus,
    LinkType,
    Response,
    RiskCategory,
    RiskStatus,
)
from .feeds import FEED_KEY_PREFIX, FEED_LOOKUP_LENGTH, MilestoneFeedToken
from .plans import Baseline, Plan, PlanLink, PlanTask
from .risks import RISK_FIELDS, Risk, RiskAction, RiskIssue

__all__ = [
    "FEED_KEY_PREFIX",
    "FEED_LOOKUP_LENGTH",
    "RISK_FIELDS",
    "STANDARD_WEEK",
    "Baseline",
    "CalendarException",
    "Constraint",
    "Distribution",
    "DurationUnit",
    "IssueStatus",
    "LinkType",
    "MilestoneFeedToken",
    "Plan",
    "PlanLink",
    "PlanTask",
    "Response",
    "Risk",
    "RiskAction",
    "RiskCategory",
    "RiskIssue",
    "RiskStatus",
    "WorkCalendar",
]
