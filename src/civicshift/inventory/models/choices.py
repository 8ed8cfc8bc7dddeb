"""The inventory's choice lists, shared by the models, forms, importer and API."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    FINANCE_ERP = "finance_erp", _("Finance / ERP")
    PERMITTING_LICENSING = "permitting_licensing", _("Permitting and licensing")
    PUBLIC_SAFETY = "public_safety", _("Public safety (CAD / RMS)")
    UTILITY_BILLING = "utility_billing", _("Utility billing")
    GIS = "gis", _("GIS and maps")
    RECORDS_MANAGEMENT = "records_management", _("Documents and records management")
    EMAIL_PRODUCTIVITY = "email_productivity", _("E-mail and productivity")
    WEBSITE = "website", _("Website")
    HR_PAYROLL = "hr_payroll", _("HR and payroll")
    COURTS = "courts", _("Courts")
    ASSET_WORK_ORDERS = "asset_work_orders", _("Asset and work-order management")
    NETWORK_INFRASTRUCTURE = "network_infrastructure", _("Network and infrastructure")
    OTHER = "other", _("Other")


class Hosting(models.TextChoices):
    ON_PREMISES = "on_premises", _("On our premises")
    VENDOR_HOSTED = "vendor_hosted", _("Hosted by the vendor")
    SAAS = "saas", _("Software as a service (SaaS)")
    CLOUD_INFRASTRUCTURE = "cloud_infrastructure", _("Our own cloud servers")


class DataClassification(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")
    CONFIDENTIAL = "confidential", _("Confidential")
    RESTRICTED = "restricted", _("Restricted")


class RegulatedData(models.TextChoices):
    PII = "pii", _("Personal information (PII)")
    CRIMINAL_JUSTICE = "criminal_justice", _("Criminal-justice information (CJIS)")
    HEALTH = "health", _("Health information (HIPAA)")
    PAYMENT_CARD = "payment_card", _("Payment cards (PCI DSS)")
    FEDERAL_TAX = "federal_tax", _("Federal tax information (IRS 1075)")


class Criticality(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    MISSION_CRITICAL = "mission_critical", _("Mission critical")


class BackupStatus(models.TextChoices):
    NONE = "none", _("No backup")
    UNTESTED = "untested", _("Backed up, restore not tested")
    TESTED = "tested", _("Backed up and restore tested")


class Mfa(models.TextChoices):
    ENFORCED = "enforced", _("Required for everyone")
    AVAILABLE = "available", _("Available, not required")
    NONE = "none", _("Not supported")
    UNKNOWN = "unknown", _("Not known")


class Sso(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Not known")


class ComponentKind(models.TextChoices):
    OS = "os", _("Operating system")
    DATABASE = "database", _("Database")
    SERVER_PLATFORM = "server_platform", _("Server platform")
    RUNTIME = "runtime", _("Runtime or framework")
    MIDDLEWARE = "middleware", _("Middleware")
    OTHER = "other", _("Other")


class Direction(models.TextChoices):
    ONE_WAY = "one_way", _("One way (from source to target)")
    TWO_WAY = "two_way", _("Both ways")


class Method(models.TextChoices):
    API = "api", _("API (automatic)")
    FILE_TRANSFER = "file_transfer", _("File transfer")
    DATABASE_LINK = "database_link", _("Database link")
    MANUAL_REKEYING = "manual_rekeying", _("Manual re-keying")
    OTHER = "other", _("Other")


class Frequency(models.TextChoices):
    REAL_TIME = "real_time", _("Real time")
    HOURLY = "hourly", _("Hourly")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    ON_DEMAND = "on_demand", _("When needed")


class Relation(models.TextChoices):
    REPLACES = "replaces", _("Replaces it")
    RETIRES = "retires", _("Retires it")
    INTEGRATES = "integrates", _("Integrates with it")


#: The town's own lifecycle phases, in order (the field of each is ``lifecycle_<key>``).
LIFECYCLE_PHASES = (
    ("planned", _("Planned")),
    ("phase_in", _("Phasing in")),
    ("active", _("Active")),
    ("phase_out", _("Phasing out")),
    ("retired", _("Retired")),
)
