"""Panels other apps add to the organization's overview page.

An app calls ``register_panel(key, template_name, context)`` from its ``AppConfig.ready()``;
the overview includes ``template_name`` with ``panel`` set to ``context(organization,
membership)`` (a dict), in the order the panels were registered. The business-case app shows
the portfolio's money this way, without the overview knowing about business cases.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class OverviewPanel:
    key: str
    template_name: str
    #: ``(organization, membership) → dict`` for the template, as ``panel``.
    context: Callable[..., dict]


PANELS: dict[str, OverviewPanel] = {}


def register_panel(key: str, template_name: str, context: Callable[..., dict]) -> None:
    PANELS[key] = OverviewPanel(key, template_name, context)


def overview_panels(organization, membership) -> list[dict]:
    """``[{"key", "template_name", "context"}]`` for the overview template."""
    return [
        {
            "key": panel.key,
            "template_name": panel.template_name,
            "context": panel.context(organization, membership),
        }
        for panel in PANELS.values()
    ]
