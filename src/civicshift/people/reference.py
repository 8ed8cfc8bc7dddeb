"""The words of the People tab, read from ``people/data/change.yaml`` (id and version checked):
quadrant actions, the ADKAR elements with what to do about each, the impact aspects and what
each size of change effort asks for."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).resolve().parent / "data" / "change.yaml"
DATA_ID = "civicshift-people-change"
VERSION = 1


@lru_cache(maxsize=1)
def reference() -> dict:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    if data.get("id") != DATA_ID or data.get("version") != VERSION:
        raise ValueError(f"{DATA_FILE}: expected id {DATA_ID} version {VERSION}")
    return data


def quadrant(key: str) -> dict:
    return reference()["quadrants"][key]


def adkar(key: str) -> dict:
    return reference()["adkar"][key]


def aspect(key: str) -> dict:
    return reference()["aspects"][key]


def size(key: str) -> dict:
    return reference()["sizes"][key]
