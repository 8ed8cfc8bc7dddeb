"""Words for the engine's figures (support states, dispositions, the parts of the priority
and lifecycle risk), shared by the pages and the API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from civicshift.core.inventory import (
    COMPLETENESS_FIELDS,
    HORIZON_DAYS,
    MILESTONE_LABELS,
    PRIORITY_FULL_FLAGS,
    PRIORITY_POINTS,
    SupportState,
)

SUPPORT_STATES = {
    SupportState.UNKNOWN: _("Support dates not recorded"),
    SupportState.SUPPORTED: _("Supported"),
    SupportState.EXTENDED_ONLY: _("Extended support only"),
    SupportState.PAST_SUPPORT: _("Past end of support (paid updates available)"),
    SupportState.PAST_ESU: _("Past every support milestone"),
}

SUPPORT_KEYS = {
    SupportState.UNKNOWN: "unknown",
    SupportState.SUPPORTED: "supported",
    SupportState.EXTENDED_ONLY: "extended_only",
    SupportState.PAST_SUPPORT: "past_support",
    SupportState.PAST_ESU: "past_esu",
}

DISPOSITIONS = {
    "invest": (_("Invest"), _("High business value, good condition: keep and improve it.")),
    "migrate": (
        _("Migrate"),
        _("High business value, poor condition: move its work to a sound platform."),
    ),
    "tolerate": (_("Tolerate"), _("Low business value, good condition: keep it as it is.")),
    "eliminate": (
        _("Eliminate"),
        _("Low business value, poor condition: retire it or fold it into another system."),
    ),
}

PRIORITY_PARTS = {
    "condition": _(
        "Poor technical condition: up to %(points)d points, full at condition 1 of 5 "
        "(the midpoint when not assessed)."
    )
    % {"points": PRIORITY_POINTS["condition"]},
    "value": _(
        "High business value: up to %(points)d points, full at value 5 of 5 (the midpoint "
        "when not assessed)."
    )
    % {"points": PRIORITY_POINTS["value"]},
    "lifecycle": _("Lifecycle risk: up to %(points)d points, the risk score's share of 100.")
    % {"points": PRIORITY_POINTS["lifecycle"]},
    "flags": _("Open red flags: up to %(points)d points, full at %(full)d flags.")
    % {"points": PRIORITY_POINTS["flags"], "full": PRIORITY_FULL_FLAGS},
}

PRIORITY_LABELS = {
    "condition": _("Condition"),
    "value": _("Business value"),
    "lifecycle": _("Lifecycle risk"),
    "flags": _("Red flags"),
}

COST_LABELS = {
    "licence": _("Licence"),
    "maintenance": _("Maintenance"),
    "hosting": _("Hosting"),
    "staff": _("Staff time (FTE × loaded cost)"),
}

COST_SHORT = {
    "licence": _("licence"),
    "maintenance": _("maintenance"),
    "hosting": _("hosting"),
    "staff": _("staff time"),
}

MILESTONES = {
    "mainstream_end": _("End of mainstream support"),
    "extended_end": _("End of extended support"),
    "esu_end": _("End of paid extended security updates"),
}
assert set(MILESTONES) == set(MILESTONE_LABELS)

LIFECYCLE_HELP = _(
    "Each support milestone adds its weight when it has passed, nothing when it is more than "
    "%(months)d months away, and a share in between (linearly). Weights: mainstream 20, "
    "extended 50, paid updates 30, spread over the milestones the vendor publishes."
) % {"months": HORIZON_DAYS // 30}

COMPLETENESS_LABELS = {
    "category": _("Category"),
    "departments": _("Departments"),
    "vendor": _("Vendor"),
    "product": _("Product"),
    "version": _("Version"),
    "hosting": _("Hosting"),
    "annual_cost": _("Annual cost"),
    "support_dates": _("Support dates"),
    "data_classification": _("Data classification"),
    "criticality": _("Business criticality"),
    "backup_status": _("Backup"),
    "mfa": _("Multi-factor sign-in"),
    "owner": _("Owner"),
    "staff_who_know": _("Staff who know how to run it"),
    "assessment": _("Assessment"),
}
assert set(COMPLETENESS_LABELS) == set(COMPLETENESS_FIELDS)


def missing_fields(completeness) -> list[tuple[str, str, str]]:
    """(key, label, why it matters) of each missing field."""
    return [(k, COMPLETENESS_LABELS[k], _(COMPLETENESS_FIELDS[k])) for k in completeness.missing]
