"""The side navigation's module sections. A module adds its page from its
``AppConfig.ready()`` with ``register_section`` (the systems inventory, funding, vendors…);
they appear after "Initiatives", in the order registered."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str  # the ``section`` a page's view sets, marking the link as current
    label: str
    url_name: str  # taking the organization's slug


SECTIONS: dict[str, Section] = {}


def register_section(key: str, label, url_name: str) -> None:
    SECTIONS[key] = Section(key, label, url_name)
