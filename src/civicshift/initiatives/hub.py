"""The modules an initiative's page is the hub for.

Later apps (business case, funding, plan, people, vendors, security) call ``register_module``
from their ``AppConfig.ready()`` with the URL name of their page for one initiative; until then
the hub shows an honest empty state saying what the module will do.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass
class HubModule:
    key: str
    label: str
    description: str
    #: URL name taking (org_slug, pk); None while the module is not installed.
    url_name: str | None = None


MODULES: dict[str, HubModule] = {
    m.key: m
    for m in [
        HubModule(
            "business-case",
            _("Business case"),
            _(
                "Compare options against doing nothing: costs, savings, net present value, "
                "payback and the uncertainty around them, ready for council."
            ),
        ),
        HubModule(
            "funding",
            _("Funding"),
            _(
                "Grants, partnerships and financing that fit this initiative, with "
                "deadlines and local match."
            ),
        ),
        HubModule(
            "plan", _("Plan"), _("Timeline, milestones, risks and contingency for delivering it.")
        ),
        HubModule("people", _("People"), _("Staff readiness, skills and the training plan.")),
        HubModule(
            "vendors",
            _("Vendors"),
            _("Fair, documented scoring of vendor proposals and the award rationale."),
        ),
        HubModule(
            "security",
            _("Security and privacy"),
            _("Controls assessment and privacy impact assessment."),
        ),
    ]
}


def register_module(
    key: str, url_name: str, label=None, description=None, after: str | None = None
) -> None:
    """Called by a later app to make its page the target of the hub's tab. A module not in
    the list above (the systems inventory) brings its own label and description; it is shown
    first, since an initiative starts from the systems it changes, or right after the module
    ``after`` names (the readiness surveys after "people"), whatever order the apps load in."""
    if key not in MODULES:
        if label is None or description is None:
            raise KeyError(f"hub module {key!r} needs a label and a description")
        if after is not None and after not in MODULES:
            raise KeyError(f"hub module {key!r} is to follow {after!r}, which is not listed")
        order = list(MODULES)
        order.insert(order.index(after) + 1 if after is not None else 0, key)
        MODULES[key] = HubModule(key, label, description)
        MODULES.update({k: MODULES.pop(k) for k in order})
    MODULES[key].url_name = url_name
