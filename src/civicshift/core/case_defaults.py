"""The defaults of a business case's analysis, one source for the web (the model's field
defaults), the API and the command line (``civicshift case analyze``), so the same case file gives
the same figures everywhere unless someone chooses otherwise. No Django here: the command line
imports this without loading Django."""

from __future__ import annotations

from civicshift.core.montecarlo import DEFAULT_ITERATIONS

#: The simulation seed a new case starts with (any fixed number; this one is the year the
#: business-case module shipped).
DEFAULT_SEED = 2027

#: The simulation reports the chance of payback within this many years (or within the horizon,
#: when the horizon is shorter).
DEFAULT_PAYBACK_TARGET_YEARS = 5

__all__ = ["DEFAULT_ITERATIONS", "DEFAULT_PAYBACK_TARGET_YEARS", "DEFAULT_SEED"]


def payback_target(horizon_years: int, years: int | None = None) -> int:
    """The payback target used: ``years`` if given, else the default, at most the horizon."""
    return years if years is not None else min(DEFAULT_PAYBACK_TARGET_YEARS, horizon_years)
