"""Template helpers of the integrations map and the dashboard."""

from __future__ import annotations

from django import template

from civicshift.inventory.selectors_map import system_url as _system_url

register = template.Library()


@register.simple_tag
def system_url(org_slug: str, pk) -> str:
    """``{% system_url org.slug system.pk %}``: the system's own page."""
    return _system_url(org_slug, pk)


@register.filter
def disposition_count(scatter, disposition: str) -> int:
    """How many points of the value × condition chart fall in one TIME quadrant."""
    return scatter.count(disposition)
