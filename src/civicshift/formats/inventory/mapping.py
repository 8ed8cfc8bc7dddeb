"""Suggesting which field each header of a spreadsheet holds, and checking a mapping.

A header is compared in its normalised form (``columns.normalise``: case, accents, punctuation
and "$"/"#" folded) with each field's key, label and synonyms:

* the same as a key or label: confidence 1.0 ("exact");
* the same as a synonym: 0.95 ("synonym");
* otherwise the closest name by ``difflib.SequenceMatcher`` ratio (Ratcliff/Obershelp), once
  on the whole header and once without filler words ("annual", "current", "total", "date"...),
  kept when the ratio is at least 0.8: confidence 0.9 × ratio ("similar");
* otherwise, when the header contains the whole name of exactly one field ("Criticality
  level"): 0.7 ("similar").

Each field is given to one header at most: the most confident first, ties to the leftmost
column. A header left without a field is an ignored column, said so in the preview.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from gettext import gettext as _

from . import columns

FUZZY_CUTOFF = 0.8
#: Field keys a mapping file may use for another (INVENTORY_SPEC's "version" is the model's
#: ``product_version``).
ALIASES = {"version": "product_version"}
FILLER = {"annual", "current", "total", "the", "of", "date", "yearly", "approx", "est", "a"}


class MappingError(ValueError):
    """A mapping that names a field that does not exist, or gives one field to two columns."""


@dataclass(frozen=True)
class Suggestion:
    header: str
    index: int
    field: str | None
    confidence: float
    reason: str  # "exact", "synonym", "similar", "remembered" or ""


@functools.cache
def _names() -> tuple[dict[str, str], dict[str, str]]:
    exact: dict[str, str] = {}
    synonyms: dict[str, str] = {}
    for f in columns.FIELDS:
        for text in (f.key, f.label):
            exact.setdefault(columns.normalise(text), f.key)
        for text in f.synonyms:
            synonyms.setdefault(columns.normalise(text), f.key)
    return exact, synonyms


def _strip_filler(text: str) -> str:
    return " ".join(word for word in text.split() if word not in FILLER)


@functools.lru_cache(maxsize=4096)
def match_header(header: str) -> tuple[str | None, float, str]:
    """(field key, confidence 0-1, reason) for one header."""
    text = columns.normalise(header)
    if not text:
        return None, 0.0, ""
    exact, synonyms = _names()
    if text in exact:
        return exact[text], 1.0, "exact"
    if text in synonyms:
        return synonyms[text], 0.95, "synonym"
    everything = {**synonyms, **exact}
    best: tuple[str | None, float] = (None, 0.0)
    for candidate in {text, _strip_filler(text)}:
        if not candidate:
            continue
        if candidate in everything:
            return everything[candidate], 0.9, "similar"
        for name in difflib.get_close_matches(candidate, everything, n=1, cutoff=FUZZY_CUTOFF):
            ratio = difflib.SequenceMatcher(None, candidate, name).ratio()
            if ratio > best[1]:
                best = (everything[name], ratio)
    if best[0] is not None:
        return best[0], round(0.9 * best[1], 2), "similar"
    # The header contains a field's whole name ("Criticality level", "Vendor support end"): kept
    # only when one field's names are found in it, so "Vendor contact" suggests nothing.
    words = f" {text} "
    found = {key for name, key in everything.items() if len(name) > 2 and f" {name} " in words}
    if len(found) == 1:
        return found.pop(), 0.7, "similar"
    return None, 0.0, ""


def suggest_mapping(
    headers: list[str], remembered: dict[str, str | None] | None = None
) -> list[Suggestion]:
    """One suggestion per header, in column order. ``remembered`` ({normalised header: field})
    is a mapping the person confirmed before for the same headers; it wins."""
    remembered = {columns.normalise(k): v for k, v in (remembered or {}).items()}
    candidates = []
    for index, header in enumerate(headers):
        key = columns.normalise(header)
        if key in remembered:
            candidates.append(
                (index, remembered[key], 1.0 if remembered[key] else 0.0, "remembered")
            )
        else:
            candidates.append((index, *match_header(header)))
    taken: dict[str, int] = {}
    chosen: dict[int, tuple[str | None, float, str]] = {}
    for index, key, confidence, reason in sorted(candidates, key=lambda c: (-c[2], c[0])):
        if key and key not in taken:
            taken[key] = index
            chosen[index] = (key, confidence, reason)
        else:
            chosen[index] = (None, 0.0, "")
    return [Suggestion(headers[index], index, *chosen[index]) for index in range(len(headers))]


def resolve_mapping(headers: list[str], mapping: dict[str, str | None]) -> dict[int, str]:
    """{column index: field key} from {header text: field key}. A header is found by its exact
    text first, then by its normalised form; a header named twice in the file maps its first
    column only. ``MappingError`` for an unknown field or one field given to two headers."""
    mapping = {k: ALIASES.get(v, v) if v else v for k, v in mapping.items()}
    normalised = {columns.normalise(k): v for k, v in mapping.items()}
    result: dict[int, str] = {}
    owner: dict[str, str] = {}
    for index, header in enumerate(headers):
        key = mapping.get(header, normalised.get(columns.normalise(header)))
        if not key:
            continue
        if key not in columns.FIELDS_BY_KEY:
            raise MappingError(
                _(
                    "“%(key)s” (for the column “%(header)s”) is not a field of a system; the "
                    "fields are: %(fields)s."
                )
                % {"key": key, "header": header, "fields": ", ".join(f.key for f in columns.FIELDS)}
            )
        if key in owner:
            if owner[key] == header:
                continue
            raise MappingError(
                _("The columns “%(a)s” and “%(b)s” are both mapped to “%(field)s”; choose one.")
                % {"a": owner[key], "b": header, "field": columns.FIELDS_BY_KEY[key].label}
            )
        owner[key] = header
        result[index] = key
    return result
