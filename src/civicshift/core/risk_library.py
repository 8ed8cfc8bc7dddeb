"""The risk library (``core/data/risk_library.yaml``): common municipal technology risks to
start a register from, and the scales every register uses (likelihood bands, impact words for
cost, schedule and service, score levels). Loaded once and checked: ids unique, categories the
register's eight, ratings 1–5, ranges ordered; a :class:`LibraryError` names the entry and field.
Sources of the scales and entries are in the file's ``source`` and ``scales.source``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from civicshift.core.risk import CATEGORIES, RESPONSES, Range, Risk, score

__all__ = [
    "ImpactLevel",
    "LibraryError",
    "LibraryRisk",
    "LikelihoodLevel",
    "RiskLibrary",
    "Scales",
    "ScoreLevel",
    "library_from_data",
    "load_library",
]

# --- the library and the scales (core/data/risk_library.yaml) ----------------------------------

LIBRARY_FILE = "data/risk_library.yaml"


class LibraryError(ValueError):
    """The risk library's data is not valid; names the file, the entry and the field."""

    def __init__(self, message: str, *, entry: str = "", field: str = "") -> None:
        self.entry = entry
        self.field = field
        where = ", ".join(p for p in (f"entry {entry!r}" if entry else "", field) if p)
        super().__init__(
            f"risk library, {where}: {message}" if where else f"risk library: {message}"
        )


@dataclass(frozen=True)
class LikelihoodLevel:
    level: int
    label: str
    low: float  # probability band, fractions
    high: float
    description: str

    @property
    def midpoint(self) -> float:
        return (self.low + self.high) / 2


@dataclass(frozen=True)
class ImpactLevel:
    level: int
    label: str
    cost: str
    schedule: str
    service: str


@dataclass(frozen=True)
class ScoreLevel:
    key: str
    label: str
    min_score: int


@dataclass(frozen=True)
class Scales:
    likelihood: tuple[LikelihoodLevel, ...]  # levels 1–5 in order
    impact: tuple[ImpactLevel, ...]
    levels: tuple[ScoreLevel, ...]  # ascending min_score, the first at 1
    source: str

    def likelihood_midpoint(self, value: int) -> float:
        score(value, 1)
        return self.likelihood[value - 1].midpoint

    def level_of(self, value: int) -> str:
        if not 1 <= value <= 25:
            raise ValueError(f"a score is from 1 to 25 (got {value!r})")
        found = self.levels[0]
        for lvl in self.levels:
            if value >= lvl.min_score:
                found = lvl
        return found.key


@dataclass(frozen=True)
class LibraryRisk:
    """A library entry: a risk to start a register from. ``schedule_days`` is a delay range in
    working days, ``cost_share`` a cost range as fractions of the project's budget."""

    id: str
    title: str
    category: str
    cause: str
    event: str
    effect: str
    likelihood: int
    impact: int
    response: str
    mitigation: str
    schedule_days: Range | None = None
    cost_share: Range | None = None

    def to_risk(
        self, risk_id: str, *, budget: float | None = None, tasks: Sequence[str] = ()
    ) -> Risk:
        """A register entry from this library entry (cost range = share × ``budget``)."""
        cost = None
        if self.cost_share is not None and budget is not None:
            c = self.cost_share
            cost = Range(c.low * budget, c.likely * budget, c.high * budget)
        return Risk(
            id=risk_id,
            title=self.title,
            category=self.category,
            likelihood=self.likelihood,
            impact=self.impact,
            cause=self.cause,
            event=self.event,
            effect=self.effect,
            cost=cost,
            schedule=self.schedule_days,
            response=self.response,
            mitigation=self.mitigation,
            tasks=tuple(tasks),
            library_id=self.id,
        )


@dataclass(frozen=True)
class RiskLibrary:
    id: str
    version: str
    source: str
    categories: dict[str, str]  # key → label
    scales: Scales
    risks: tuple[LibraryRisk, ...]

    def get(self, entry_id: str) -> LibraryRisk:
        for r in self.risks:
            if r.id == entry_id:
                return r
        raise KeyError(f"the risk library has no entry {entry_id!r}")


def _need(data: dict, key: str, kind: type | tuple[type, ...], *, entry: str = "", where: str = ""):
    name = f"{where}.{key}" if where else key
    if not isinstance(data, dict) or key not in data:
        raise LibraryError("is missing", entry=entry, field=name)
    value = data[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise LibraryError(f"has the wrong type ({type(value).__name__})", entry=entry, field=name)
    return value


def _range(value: object, *, entry: str, field: str) -> Range | None:
    if value is None:
        return None
    if (
        not isinstance(value, list)
        or len(value) != 3
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        raise LibraryError("must be three numbers [low, likely, high]", entry=entry, field=field)
    low, likely, high = (float(v) for v in value)
    if not 0 <= low <= likely <= high:
        raise LibraryError(f"needs 0 ≤ low ≤ likely ≤ high (got {value})", entry=entry, field=field)
    return Range(low, likely, high)


def _scales_from(raw: dict) -> Scales:
    lk = _need(raw, "likelihood", list, where="scales")
    im = _need(raw, "impact", list, where="scales")
    lv = _need(raw, "levels", list, where="scales")
    likelihood = []
    for i, row in enumerate(lk, start=1):
        where = f"scales.likelihood[{i}]"
        if _need(row, "level", int, where=where) != i:
            raise LibraryError(f"levels must run 1 to 5 in order (got {row['level']})", field=where)
        low = float(_need(row, "low", (int, float), where=where))
        high = float(_need(row, "high", (int, float), where=where))
        if not 0 <= low < high <= 1:
            raise LibraryError("needs 0 ≤ low < high ≤ 1", field=where)
        if likelihood and low != likelihood[-1].high:
            raise LibraryError("bands must follow each other without a gap", field=where)
        likelihood.append(
            LikelihoodLevel(
                i,
                _need(row, "label", str, where=where),
                low,
                high,
                _need(row, "description", str, where=where),
            )
        )
    impact = []
    for i, row in enumerate(im, start=1):
        where = f"scales.impact[{i}]"
        if _need(row, "level", int, where=where) != i:
            raise LibraryError(f"levels must run 1 to 5 in order (got {row['level']})", field=where)
        impact.append(
            ImpactLevel(
                i,
                *(
                    _need(row, k, str, where=where)
                    for k in ("label", "cost", "schedule", "service")
                ),
            )
        )
    if len(likelihood) != 5 or len(impact) != 5:
        raise LibraryError("the likelihood and impact scales have five levels each", field="scales")
    levels = []
    for i, row in enumerate(lv, start=1):
        where = f"scales.levels[{i}]"
        lvl = ScoreLevel(
            _need(row, "key", str, where=where),
            _need(row, "label", str, where=where),
            _need(row, "min_score", int, where=where),
        )
        if levels and lvl.min_score <= levels[-1].min_score:
            raise LibraryError("min_score must increase", field=where)
        levels.append(lvl)
    if not levels or levels[0].min_score != 1 or levels[-1].min_score > 25:
        raise LibraryError(
            "the first level starts at score 1, the last at most at 25", field="scales.levels"
        )
    return Scales(tuple(likelihood), tuple(impact), tuple(levels), str(raw.get("source", "")))


def library_from_data(raw: object) -> RiskLibrary:
    """Check the library's data (as parsed from YAML) and build it; :class:`LibraryError`
    names the entry and field of the first problem."""
    if not isinstance(raw, dict):
        raise LibraryError("the file must be a mapping with id, version, scales and risks")
    lib_id = _need(raw, "id", str)
    version = str(_need(raw, "version", (str, int, float)))
    categories = _need(raw, "categories", dict)
    unknown = set(categories) ^ set(CATEGORIES)
    if unknown:
        raise LibraryError(
            f"categories must be exactly {', '.join(CATEGORIES)} (differs on {sorted(unknown)})",
            field="categories",
        )
    scales = _scales_from(_need(raw, "scales", dict))
    entries = []
    seen: set[str] = set()
    for n, row in enumerate(_need(raw, "risks", list), start=1):
        entry = row.get("id", f"#{n}") if isinstance(row, dict) else f"#{n}"
        rid = _need(row, "id", str, entry=entry)
        if rid in seen:
            raise LibraryError("this id is used twice", entry=rid, field="id")
        seen.add(rid)
        category = _need(row, "category", str, entry=rid)
        if category not in CATEGORIES:
            raise LibraryError(f"{category!r} is not a known category", entry=rid, field="category")
        response = _need(row, "response", str, entry=rid)
        if response not in RESPONSES:
            raise LibraryError(
                f"{response!r} is not one of {', '.join(RESPONSES)}", entry=rid, field="response"
            )
        ratings = {}
        for key in ("likelihood", "impact"):
            value = _need(row, key, int, entry=rid)
            if not 1 <= value <= 5:
                raise LibraryError(f"must be from 1 to 5 (got {value})", entry=rid, field=key)
            ratings[key] = value
        share = _range(row.get("cost_share"), entry=rid, field="cost_share")
        if share is not None and share.high > 1:
            raise LibraryError("a share of the budget is at most 1", entry=rid, field="cost_share")
        entries.append(
            LibraryRisk(
                id=rid,
                title=_need(row, "title", str, entry=rid),
                category=category,
                cause=_need(row, "cause", str, entry=rid),
                event=_need(row, "event", str, entry=rid),
                effect=_need(row, "effect", str, entry=rid),
                response=response,
                mitigation=_need(row, "mitigation", str, entry=rid),
                schedule_days=_range(row.get("schedule_days"), entry=rid, field="schedule_days"),
                cost_share=share,
                **ratings,
            )
        )
    return RiskLibrary(
        lib_id, version, str(raw.get("source", "")), dict(categories), scales, tuple(entries)
    )


@cache
def load_library() -> RiskLibrary:
    """The shipped library (read once). The file is ours, not a user's upload: PyYAML's safe
    loader suffices (``formats.safety`` guards user files and is a layer above core)."""
    text = resources.files("civicshift.core").joinpath(LIBRARY_FILE).read_text(encoding="utf-8")
    return library_from_data(yaml.safe_load(text))
