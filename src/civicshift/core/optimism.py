"""Optimism-bias reference data: the Green Book's published uplift ranges per project type.

HM Treasury's Supplementary Green Book Guidance on optimism bias (2003, from Mott MacDonald's
2002 review of large public procurement) publishes, per project type, the upper and lower bound
of the uplift to apply to works duration, capital expenditure and (for outsourcing) operating
expenditure. The data ships as ``core/data/optimism_bias.json`` with its version and citation;
a case records which category it started from, where between the bounds it settled and why.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Bounds:
    lower: float  # fractions: 0.10 = 10 %
    upper: float

    def contains(self, value: float) -> bool:
        return self.lower <= value <= self.upper


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    duration: Bounds | None  # None: the guidance publishes no range for this
    one_time: Bounds | None  # capital expenditure
    recurring: Bounds | None  # operating expenditure


@dataclass(frozen=True)
class Reference:
    version: str
    source: str
    url: str
    note: str
    categories: tuple[Category, ...]

    def get(self, key: str) -> Category | None:
        return next((c for c in self.categories if c.key == key), None)


def _bounds(pair: list[float] | None) -> Bounds | None:
    return None if pair is None else Bounds(pair[0] / 100, pair[1] / 100)


@cache
def reference() -> Reference:
    """The shipped reference data (read once)."""
    text = resources.files("civicshift.core").joinpath("data/optimism_bias.json").read_text()
    raw = json.loads(text)
    return Reference(
        version=raw["version"],
        source=raw["source"],
        url=raw["url"],
        note=raw["note"],
        categories=tuple(
            Category(
                key=c["key"],
                label=c["label"],
                duration=_bounds(c["duration"]),
                one_time=_bounds(c["one_time"]),
                recurring=_bounds(c["recurring"]),
            )
            for c in raw["categories"]
        ),
    )


def outside_bounds(
    category_key: str, one_time: float, recurring: float, duration: float
) -> list[str]:
    """Plain notes for each uplift outside the category's published range (allowed, but the
    reason should say why)."""
    category = reference().get(category_key)
    if category is None:
        return []
    notes = []
    for name, label, value in (
        ("one_time", "one-time costs", one_time),
        ("recurring", "recurring costs", recurring),
        ("duration", "duration", duration),
    ):
        bounds = getattr(category, name)
        if bounds is not None and not bounds.contains(value):
            notes.append(
                f"The uplift on {label} ({value:.0%}) is outside the published range for "
                f"{category.label.lower()} ({bounds.lower:.0%} to {bounds.upper:.0%})."
            )
    return notes
