"""The columns of the systems inventory: what the importer maps a spreadsheet's headers onto.

Each ``Field`` is one key of ``inventory.System`` (INVENTORY_SPEC's table) with its type, a
plain-language label (also the header the export writes, so an exported file imports back
without a mapping step) and the synonyms towns, Access databases and AS/400 queries use for
it. Choice fields list their values with the same labels as the models and the synonyms
people type ("SaaS", "On-prem", "Mission critical", "Yes"). No Django here: this package is
used by the command line and the benchmark without a database.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from gettext import gettext as _

# Kinds of value a field holds; the reader has one parser per kind.
TEXT = "text"
CHOICE = "choice"
CHOICES = "choices"  # a list of choice keys (regulated data)
DEPARTMENTS = "departments"  # a list of department names
INTEGER = "integer"
YEAR = "year"
MONEY = "money"  # Decimal >= 0, two places
DECIMAL = "decimal"  # Decimal, bounds per field; "50%" is 0.5
HOURS = "hours"  # Decimal hours; "2 days" is 48
DATE = "date"


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str
    synonyms: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()
    required: bool = False
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    help: str = ""

    def choice_keys(self) -> list[str]:
        return [choice.key for choice in self.choices]


YES = ("yes", "y", "true", "t", "1", "x", "on", "enabled")
NO = ("no", "n", "false", "f", "0", "off", "disabled", "not supported")

CATEGORIES = (
    Choice(
        "finance_erp",
        _("Finance / ERP"),
        ("finance", "erp", "financial", "accounting", "general ledger", "gl", "budget"),
    ),
    Choice(
        "permitting_licensing",
        _("Permitting and licensing"),
        (
            "permitting",
            "permits",
            "licensing",
            "licenses",
            "licences",
            "land management",
            "community development",
            "code enforcement",
        ),
    ),
    Choice(
        "public_safety",
        _("Public safety (CAD/RMS)"),
        (
            "public safety",
            "cad",
            "rms",
            "cad/rms",
            "police",
            "fire",
            "dispatch",
            "911",
            "e911",
            "jail",
        ),
    ),
    Choice(
        "utility_billing",
        _("Utility billing"),
        ("utility", "utilities", "billing", "water billing", "cis"),
    ),
    Choice("gis", _("GIS"), ("mapping", "maps", "geographic information system", "esri")),
    Choice(
        "records_management",
        _("Document and records management"),
        (
            "records",
            "document management",
            "documents",
            "ecm",
            "edms",
            "agenda",
            "records management",
            "laserfiche",
        ),
    ),
    Choice(
        "email_productivity",
        _("Email and productivity"),
        (
            "email",
            "e-mail",
            "productivity",
            "office",
            "office 365",
            "microsoft 365",
            "m365",
            "collaboration",
        ),
    ),
    Choice("website", _("Website"), ("web", "web site", "cms", "public website", "portal")),
    Choice(
        "hr_payroll",
        _("HR / payroll"),
        ("hr", "payroll", "human resources", "timekeeping", "time and attendance", "hris"),
    ),
    Choice("courts", _("Courts"), ("court", "municipal court", "court case management", "justice")),
    Choice(
        "asset_work_orders",
        _("Asset and work-order management"),
        (
            "asset management",
            "work orders",
            "work order",
            "cmms",
            "maintenance management",
            "fleet",
            "public works",
        ),
    ),
    Choice(
        "network_infrastructure",
        _("Network and infrastructure"),
        (
            "network",
            "infrastructure",
            "servers",
            "server",
            "storage",
            "backup",
            "firewall",
            "phones",
            "telephony",
            "voip",
        ),
    ),
    Choice("other", _("Other"), ("misc", "miscellaneous", "general")),
)

HOSTING = (
    Choice(
        "on_premises",
        _("On premises"),
        (
            "on-prem",
            "on prem",
            "onprem",
            "on-premise",
            "on premise",
            "in-house",
            "in house",
            "local",
            "city hall",
            "our server room",
            "self-hosted",
            "self hosted",
            "internal",
        ),
    ),
    Choice(
        "vendor_hosted",
        _("Vendor-hosted"),
        (
            "vendor hosted",
            "hosted",
            "hosted by vendor",
            "asp",
            "managed hosting",
            "vendor datacenter",
            "vendor data center",
        ),
    ),
    Choice(
        "saas",
        _("SaaS"),
        (
            "software as a service",
            "cloud (saas)",
            "cloud saas",
            "subscription",
            "web-based",
            "web based",
            "online",
        ),
    ),
    Choice(
        "cloud_infrastructure",
        _("Cloud infrastructure"),
        (
            "cloud (iaas)",
            "iaas",
            "aws",
            "azure",
            "google cloud",
            "gcp",
            "cloud vm",
            "cloud infrastructure (iaas)",
        ),
    ),
)

CLASSIFICATIONS = (
    Choice("public", _("Public"), ("open",)),
    Choice("internal", _("Internal"), ("internal use", "internal only", "sensitive - internal")),
    Choice("confidential", _("Confidential"), ("sensitive", "private")),
    Choice("restricted", _("Restricted"), ("highly confidential", "secret", "regulated")),
)

REGULATED = (
    Choice(
        "pii",
        _("Personal information (PII)"),
        (
            "personal information",
            "personally identifiable information",
            "personal data",
            "ssn",
            "social security numbers",
        ),
    ),
    Choice(
        "criminal_justice",
        _("Criminal-justice information (CJI)"),
        ("cji", "cjis", "criminal justice", "criminal-justice", "criminal justice information"),
    ),
    Choice(
        "health",
        _("Health information (PHI)"),
        ("phi", "hipaa", "health", "medical", "ephi", "protected health information"),
    ),
    Choice(
        "payment_card",
        _("Payment card data (PCI)"),
        (
            "pci",
            "pci dss",
            "pci-dss",
            "payment card",
            "credit card",
            "credit cards",
            "cardholder data",
            "card data",
        ),
    ),
    Choice(
        "federal_tax",
        _("Federal tax information (FTI)"),
        ("fti", "irs", "federal tax", "irs 1075", "tax information"),
    ),
)

CRITICALITY = (
    Choice("low", _("Low"), ("minor", "4", "tier 4")),
    Choice("medium", _("Medium"), ("moderate", "med", "normal", "3", "tier 3")),
    Choice("high", _("High"), ("important", "2", "tier 2")),
    Choice(
        "mission_critical",
        _("Mission critical"),
        ("mission-critical", "critical", "essential", "1", "tier 1", "tier 0", "very high"),
    ),
)

BACKUP = (
    Choice("none", _("No backup"), ("none", "no", "n", "no backup", "not backed up")),
    Choice(
        "untested",
        _("Backed up, restore not tested"),
        (
            "untested",
            "yes",
            "y",
            "backed up",
            "nightly",
            "daily",
            "weekly",
            "yes - untested",
            "not tested",
        ),
    ),
    Choice(
        "tested",
        _("Backed up, restore tested"),
        ("tested", "restore tested", "yes - tested", "verified", "backed up and tested"),
    ),
)

MFA = (
    Choice(
        "enforced",
        _("Enforced for all users"),
        ("enforced", "required", "yes", "y", "true", "on", "mandatory", "all users"),
    ),
    Choice(
        "available",
        _("Available, not enforced"),
        ("available", "optional", "supported", "partial", "some users", "admins only"),
    ),
    Choice(
        "none",
        _("Not supported"),
        ("none", "no", "n", "false", "not supported", "not available", "unsupported"),
    ),
    Choice("unknown", _("Unknown"), ("unknown", "not sure", "tbd", "don't know")),
)

SSO = (
    Choice(
        "yes",
        _("Yes"),
        YES + ("sso", "saml", "azure ad", "entra id", "active directory", "ad", "ldap", "okta"),
    ),
    Choice("no", _("No"), NO + ("none",)),
    Choice("unknown", _("Unknown"), ("unknown", "not sure", "tbd", "don't know")),
)


def _date(key: str, label: str, synonyms: tuple[str, ...], help_text: str = "") -> Field:
    return Field(key, label, DATE, synonyms, help=help_text)


FIELDS: tuple[Field, ...] = (
    Field(
        "external_id",
        _("Your ID"),
        TEXT,
        (
            "id",
            "system id",
            "app id",
            "application id",
            "asset id",
            "asset tag",
            "record id",
            "inventory id",
            "ref",
            "reference",
            "sys id",
            "sysid",
            "appid",
            "number",
            "no",
        ),
        max_length=100,
        help=_("The id your own spreadsheet uses; a re-import matches on it first."),
    ),
    Field(
        "name",
        _("System name"),
        TEXT,
        (
            "system",
            "name",
            "application",
            "application name",
            "app",
            "app name",
            "sys name",
            "sysname",
            "system name",
            "software",
            "program",
            "title",
            "sysnam",
            "appnam",
            "applnm",
            "system_name",
            "software name",
        ),
        required=True,
        max_length=200,
    ),
    Field(
        "category",
        _("Category"),
        CHOICE,
        ("type", "system type", "function", "business function", "area", "catg", "cat"),
        choices=CATEGORIES,
    ),
    Field(
        "departments",
        _("Departments"),
        DEPARTMENTS,
        (
            "department",
            "dept",
            "depts",
            "departments served",
            "used by",
            "division",
            "business unit",
            "owning department",
            "deptnm",
            "dept name",
        ),
        help=_("Several departments are separated by ; , or /."),
    ),
    Field(
        "vendor",
        _("Vendor"),
        TEXT,
        (
            "vendor name",
            "supplier",
            "manufacturer",
            "company",
            "provider",
            "vndnam",
            "vendnm",
            "vend",
            "publisher",
        ),
        max_length=200,
    ),
    Field(
        "product",
        _("Product"),
        TEXT,
        ("product name", "package", "module", "prdnam", "software product"),
        max_length=200,
    ),
    Field(
        "product_version",
        _("Version"),
        TEXT,
        ("ver", "release", "version number", "vrsn", "rel"),
        max_length=100,
    ),
    Field(
        "hosting",
        _("Hosting"),
        CHOICE,
        (
            "hosted",
            "hosting model",
            "deployment",
            "where hosted",
            "location",
            "hosted where",
            "on prem or cloud",
            "hosting type",
        ),
        choices=HOSTING,
    ),
    Field(
        "year_deployed",
        _("Year deployed"),
        YEAR,
        (
            "year",
            "installed",
            "year installed",
            "go live",
            "go-live",
            "go live year",
            "implemented",
            "year implemented",
            "in service since",
            "since",
            "deployed",
            "install year",
            "instyr",
        ),
        minimum=1950,
        maximum=2100,
    ),
    Field(
        "cost_licence",
        _("Annual licence cost"),
        MONEY,
        (
            "licence",
            "license",
            "license cost",
            "licence cost",
            "annual license",
            "annual licence",
            "license fee",
            "licence fee",
            "subscription",
            "subscription cost",
            "annual subscription",
            "license $",
            "lic cost",
            "liccst",
        ),
        help=_("Licence or subscription cost per year."),
    ),
    Field(
        "cost_maintenance",
        _("Annual maintenance cost"),
        MONEY,
        (
            "maintenance",
            "maint",
            "annual maint",
            "annual maintenance",
            "maint $",
            "maintenance cost",
            "support cost",
            "annual support",
            "m&s",
            "maint cost",
            "mntcst",
            "maintenance fee",
            "support and maintenance",
            "support & maintenance",
        ),
        help=_("Vendor maintenance and support cost per year."),
    ),
    Field(
        "cost_hosting",
        _("Annual hosting cost"),
        MONEY,
        (
            "hosting cost",
            "hosting $",
            "hosting fee",
            "cloud cost",
            "infrastructure cost",
            "annual hosting",
        ),
        help=_("Hosting or infrastructure cost per year."),
    ),
    Field(
        "staff_fte",
        _("Staff time (FTE)"),
        DECIMAL,
        ("fte", "ftes", "staff fte", "it fte", "staff time", "support fte", "admin fte"),
        minimum=0,
        maximum=1000,
        help=_("Full-time equivalents spent running it; 50% is 0.5."),
    ),
    Field(
        "staff_loaded_cost",
        _("Loaded cost of one FTE"),
        MONEY,
        (
            "loaded cost",
            "fte cost",
            "staff cost per fte",
            "loaded rate",
            "salary and benefits",
            "cost per fte",
        ),
    ),
    Field(
        "users_count",
        _("Number of users"),
        INTEGER,
        (
            "users",
            "user count",
            "# users",
            "number of users",
            "no of users",
            "user licenses",
            "seats",
            "usrcnt",
        ),
        minimum=0,
    ),
    _date(
        "support_mainstream_end",
        _("End of mainstream support"),
        (
            "mainstream support end",
            "end of mainstream",
            "mainstream end",
            "end of active support",
            "active support end",
        ),
    ),
    _date(
        "support_extended_end",
        _("End of support"),
        (
            "eos",
            "eos date",
            "end of support date",
            "end of extended support",
            "extended support end",
            "support end",
            "support ends",
            "vendor end of support",
            "end of support",
            "eosdt",
            "sunset",
            "sunset date",
            "end of life",
            "eol",
            "eol date",
            "end of life date",
        ),
    ),
    _date(
        "support_esu_end",
        _("End of paid security updates (ESU)"),
        ("esu", "esu end", "esu date", "extended security updates", "end of esu"),
    ),
    _date(
        "contract_end",
        _("Contract end"),
        (
            "contract end date",
            "contract expires",
            "contract expiration",
            "renewal",
            "renewal date",
            "contract renewal",
            "term end",
            "expires",
            "expiration",
            "contract exp",
            "cntend",
            "ctrend",
        ),
    ),
    Field(
        "data_classification",
        _("Data classification"),
        CHOICE,
        ("classification", "data class", "data sensitivity", "sensitivity"),
        choices=CLASSIFICATIONS,
    ),
    Field(
        "regulated_data",
        _("Regulated data"),
        CHOICES,
        (
            "regulated",
            "regulated data held",
            "compliance",
            "data types",
            "sensitive data",
            "pii/cjis/hipaa",
            "compliance requirements",
        ),
        choices=REGULATED,
    ),
    Field(
        "criticality",
        _("Business criticality"),
        CHOICE,
        ("criticality", "critical", "priority", "importance", "tier", "business impact"),
        choices=CRITICALITY,
    ),
    Field(
        "rto_hours",
        _("Recovery time objective (hours)"),
        HOURS,
        ("rto", "rto hours", "recovery time", "recovery time objective"),
        minimum=0,
    ),
    Field(
        "rpo_hours",
        _("Recovery point objective (hours)"),
        HOURS,
        ("rpo", "rpo hours", "recovery point", "recovery point objective"),
        minimum=0,
    ),
    Field(
        "backup_status",
        _("Backup"),
        CHOICE,
        ("backup", "backups", "backed up", "backup status", "backup tested"),
        choices=BACKUP,
    ),
    _date(
        "backup_tested_on",
        _("Backup last tested"),
        (
            "last restore test",
            "restore test date",
            "backup test date",
            "last tested",
            "backup tested on",
        ),
    ),
    Field(
        "mfa",
        _("Multi-factor authentication"),
        CHOICE,
        ("mfa", "2fa", "two factor", "two-factor", "multi factor", "multifactor"),
        choices=MFA,
    ),
    Field("sso", _("Single sign-on"), CHOICE, ("sso", "single sign on", "saml sso"), choices=SSO),
    Field(
        "operating_system",
        _("Operating system"),
        TEXT,
        ("os", "o/s", "server os", "platform", "server", "os version", "opsys"),
        max_length=200,
    ),
    Field(
        "owner",
        _("Owner"),
        TEXT,
        (
            "system owner",
            "business owner",
            "owner email",
            "contact",
            "responsible",
            "product owner",
            "app owner",
            "owner name",
            "owner e-mail",
        ),
        max_length=254,
    ),
    Field(
        "staff_who_know",
        _("Staff who know how to run it"),
        INTEGER,
        (
            "staff who know",
            "people who know it",
            "knowledgeable staff",
            "sme count",
            "smes",
            "bus factor",
            "trained staff",
            "experts",
        ),
        minimum=0,
    ),
    Field(
        "capability",
        _("Business capability"),
        TEXT,
        ("capability", "business process", "service", "purpose", "used for"),
        max_length=150,
    ),
    _date("lifecycle_planned", _("Planned since"), ("planned", "planned date")),
    _date(
        "lifecycle_phase_in",
        _("Phasing in since"),
        ("phase in", "phase-in", "phasing in", "rollout", "rollout date"),
    ),
    _date(
        "lifecycle_active",
        _("Active since"),
        ("active", "live since", "go live date", "go-live date", "in production since"),
    ),
    _date(
        "lifecycle_phase_out",
        _("Phasing out since"),
        ("phase out", "phase-out", "phasing out", "decommission start"),
    ),
    _date(
        "lifecycle_retired",
        _("Retired on"),
        ("retired", "retirement date", "decommissioned", "decommission date", "retire date"),
    ),
    Field(
        "notes",
        _("Notes"),
        TEXT,
        ("note", "comments", "comment", "remarks", "description", "desc", "details"),
    ),
)

FIELDS_BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS}


def normalise(text: object) -> str:
    """A header or value as compared: lower case, accents and punctuation dropped, words
    separated by single spaces; "$" reads "cost" and "#" reads "number" ("Maint $", "# Users")."""
    return _normalise(str(text))


@functools.lru_cache(maxsize=65_536)  # a column of choices repeats a handful of values
def _normalise(text: str) -> str:
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = value.lower().replace("$", " cost ").replace("#", " number ").replace("&", " and ")
    value = value.replace("_", " ")
    words: list[str] = []
    for word in re.sub(r"[^a-z0-9]+", " ", value).split():
        if not words or words[-1] != word:  # "Cost ($)" is "cost", not "cost cost"
            words.append(word)
    return " ".join(words)


def header_signature(headers: list[str]) -> list[str]:
    """The normalised headers a remembered mapping is found by (empty headers dropped)."""
    return [normalise(h) for h in headers if normalise(h)]


@dataclass
class ChoiceIndex:
    """Looks a typed value up among a field's choices by key, label or synonym."""

    field: Field
    lookup: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for choice in self.field.choices:
            for text in (choice.key, choice.label, *choice.synonyms):
                self.lookup.setdefault(normalise(text), choice.key)

    def find(self, text: str) -> str | None:
        return self.lookup.get(normalise(text))

    def allowed(self) -> str:
        return ", ".join(choice.label for choice in self.field.choices)
