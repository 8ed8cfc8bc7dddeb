"""The proficiency levels and the starter skills catalog, read from the versioned data file
``data/skills-catalog.yaml`` (never written in Python). ``level_words(skill)`` gives the words
of each level for a skill: the skill's own words where it has them, else the generic ones."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA_PATH = Path(__file__).resolve().parent / "data" / "skills-catalog.yaml"
DATA_ID = "civicshift-skills-catalog"
VERSION = 1


class CatalogError(ValueError):
    """The data file is not what this code reads; the message names the key."""


@dataclass(frozen=True)
class Level:
    number: int
    name: str
    description: str


@dataclass(frozen=True)
class StarterSkill:
    key: str
    name: str
    category: str
    description: str
    levels: dict  # level number -> words for this skill


@dataclass(frozen=True)
class Catalog:
    version: int
    levels: tuple[Level, ...]
    skills: tuple[StarterSkill, ...]


def read_catalog(raw) -> Catalog:
    if not isinstance(raw, dict):
        raise CatalogError("The catalog file must be a mapping.")
    if raw.get("id") != DATA_ID:
        raise CatalogError(f"Key 'id' is {raw.get('id')!r}; expected {DATA_ID!r}.")
    if raw.get("version") != VERSION:
        raise CatalogError(f"Key 'version' is {raw.get('version')!r}; this code reads {VERSION}.")
    levels_raw = raw.get("levels")
    if not isinstance(levels_raw, dict) or sorted(levels_raw) != [0, 1, 2, 3, 4]:
        raise CatalogError("Key 'levels' must define levels 0, 1, 2, 3 and 4.")
    levels = []
    for number in range(5):
        entry = levels_raw[number]
        if not isinstance(entry, dict) or not entry.get("name") or not entry.get("description"):
            raise CatalogError(f"Key 'levels.{number}' needs a name and a description.")
        levels.append(Level(number, str(entry["name"]), str(entry["description"])))
    skills, keys = [], set()
    for i, entry in enumerate(raw.get("skills") or []):
        where = f"skills[{i}]"
        for key in ("key", "name", "category", "description"):
            if not isinstance(entry, dict) or not entry.get(key):
                raise CatalogError(f"Key '{where}.{key}' is missing.")
        if entry["key"] in keys:
            raise CatalogError(f"Key '{where}.key' repeats {entry['key']!r}.")
        keys.add(entry["key"])
        own = entry.get("levels") or {}
        if not isinstance(own, dict) or any(k not in range(5) for k in own):
            raise CatalogError(f"Key '{where}.levels' must map levels 0 to 4 to words.")
        skills.append(
            StarterSkill(
                key=str(entry["key"]),
                name=str(entry["name"]),
                category=str(entry["category"]),
                description=str(entry["description"]),
                levels={int(k): str(v) for k, v in own.items()},
            )
        )
    return Catalog(VERSION, tuple(levels), tuple(skills))


@cache
def catalog() -> Catalog:
    return read_catalog(yaml.safe_load(DATA_PATH.read_text(encoding="utf-8")))


def levels() -> tuple[Level, ...]:
    return catalog().levels


def level_name(number: int | None) -> str:
    if number is None:
        return ""
    return levels()[number].name


def level_words(overrides: dict | None = None) -> list[tuple[int, str, str]]:
    """(number, name, description) of each level 0–4; a skill's own words replace the generic
    description of the levels it defines."""
    overrides = {int(k): v for k, v in (overrides or {}).items()}
    return [(lv.number, lv.name, overrides.get(lv.number) or lv.description) for lv in levels()]


def starter_skill(key: str) -> StarterSkill | None:
    return next((s for s in catalog().skills if s.key == key), None)
