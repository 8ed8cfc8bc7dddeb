"""The plan module's choice lists, shared by models, forms, the API and the file readers."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from civicshift.core.schedule.model import ConstraintType as CoreConstraint
from civicshift.core.schedule.model import LinkType as CoreLink


class LinkType(models.TextChoices):
    FS = CoreLink.FS.value, _("Finish to start")
    SS = CoreLink.SS.value, _("Start to start")
    FF = CoreLink.FF.value, _("Finish to finish")
    SF = CoreLink.SF.value, _("Start to finish")


class Constraint(models.TextChoices):
    ASAP = CoreConstraint.ASAP.value, _("As soon as possible")
    ALAP = CoreConstraint.ALAP.value, _("As late as possible")
    SNET = CoreConstraint.SNET.value, _("Start no earlier than")
    SNLT = CoreConstraint.SNLT.value, _("Start no later than")
    FNET = CoreConstraint.FNET.value, _("Finish no earlier than")
    FNLT = CoreConstraint.FNLT.value, _("Finish no later than")
    MSO = CoreConstraint.MSO.value, _("Must start on")
    MFO = CoreConstraint.MFO.value, _("Must finish on")


class DurationUnit(models.TextChoices):
    MINUTES = "m", _("minutes")
    HOURS = "h", _("working hours")
    DAYS = "d", _("working days")
    WEEKS = "w", _("working weeks")
    MONTHS = "mo", _("working months")
    ELAPSED_MINUTES = "em", _("elapsed minutes")
    ELAPSED_HOURS = "eh", _("elapsed hours")
    ELAPSED_DAYS = "ed", _("elapsed days")
    ELAPSED_WEEKS = "ew", _("elapsed weeks")
    ELAPSED_MONTHS = "emo", _("elapsed months")


class Distribution(models.TextChoices):
    PERT = "pert", _("PERT (beta)")
    TRIANGULAR = "triangular", _("Triangular")


class RiskCategory(models.TextChoices):
    TECHNICAL = "technical", _("Technical")
    VENDOR = "vendor", _("Vendor")
    DATA_MIGRATION = "data_migration", _("Data migration")
    ADOPTION = "adoption", _("Adoption and people")
    SECURITY = "security", _("Security and privacy")
    FUNDING = "funding", _("Funding")
    LEGAL = "legal", _("Legal and procurement")
    POLITICAL = "political", _("Political")


class Response(models.TextChoices):
    AVOID = "avoid", _("Avoid")
    MITIGATE = "mitigate", _("Mitigate")
    TRANSFER = "transfer", _("Transfer")
    ACCEPT = "accept", _("Accept")


class RiskStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (from the library, to review)")
    OPEN = "open", _("Open")
    OCCURRED = "occurred", _("Occurred (now an issue)")
    CLOSED = "closed", _("Closed")


class IssueStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


#: The 1–5 scales' words, shown beside every likelihood and impact field.
LIKELIHOOD_HELP = _(
    "1 rare (under 10 %), 2 unlikely (10–30 %), 3 possible (30–50 %), 4 likely (50–90 %), "
    "5 almost certain (over 90 %)."
)
IMPACT_HELP = _(
    "1 negligible, 2 minor (days of delay or a small overrun), 3 moderate (weeks, or a few "
    "percent of the budget), 4 major (months, or service to residents disrupted), 5 severe "
    "(the project fails or residents' data is exposed)."
)
