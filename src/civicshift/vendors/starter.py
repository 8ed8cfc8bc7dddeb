"""The starter criteria set, read from the versioned data file ``data/criteria.yaml``."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

from civicshift.formats.safety import read_yaml

PATH = Path(__file__).parent / "data" / "criteria.yaml"


class StarterDataError(ValueError):
    """The packaged starter-criteria file is malformed; the message names the key."""


def _entry(raw: dict, where: str) -> dict:
    if not isinstance(raw, dict) or not str(raw.get("name", "")).strip():
        raise StarterDataError(f"{where}: each criterion needs a name")
    children = raw.get("children") or []
    return {
        "name": str(raw["name"]).strip(),
        "weight": Decimal(str(raw.get("weight", 0))),
        "description": str(raw.get("description", "")),
        "anchor_low": str(raw.get("low", "")),
        "anchor_mid": str(raw.get("mid", "")),
        "anchor_high": str(raw.get("high", "")),
        "children": [_entry(c, f"{where} > {raw['name']}") for c in children],
    }


@cache
def starter_criteria() -> dict:
    """``{"id", "version", "criteria": [...]}``, each criterion with its children."""
    raw = read_yaml(PATH, max_bytes=200_000)
    for key in ("id", "version", "criteria"):
        if key not in raw:
            raise StarterDataError(f"{PATH.name}: missing {key!r}")
    return {
        "id": raw["id"],
        "version": str(raw["version"]),
        "criteria": [_entry(c, PATH.name) for c in raw["criteria"]],
    }
