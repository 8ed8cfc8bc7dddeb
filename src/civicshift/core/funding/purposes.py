"""Query analysis for funding search and matching: which words of a query count, and which
purposes they name.

A program's purposes (``codes.PURPOSES``: cybersecurity, public safety, …) are indexed as a
marker token per purpose, ``@cybersecurity``, that no text can produce (the tokenizer keeps only
letters and digits), so "programs that fund cybersecurity" is one column of the BM25 index. A
query word listed for a purpose in ``core/data/funding_purpose_terms.yaml`` ("backups",
"ransomware" for cybersecurity; "police" for public safety) adds, at ``EXPANSION_WEIGHT``, the
purpose's marker and its label words (for notices that list no purposes but say
"cybersecurity"), sharing that weight; a word of a ``synonyms`` group ("police" and "law
enforcement") adds the others at the same weight. The query's own words keep weight 1, so a
program that uses the words themselves still ranks above one reached only through the purpose.

``QUERY_STOPWORDS`` drops what a search says about funding rather than about the project
("grants for police equipment": "grant", "funding", "program"); they stay in program text,
where BM25's idf already makes them worth little.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from civicshift.core.funding.bm25 import tokenize
from civicshift.core.funding.codes import PURPOSES

TERMS_FILE = "data/funding_purpose_terms.yaml"
MARK = "@"
#: The weight of a purpose reached through a synonym, against 1 for the query's own words.
EXPANSION_WEIGHT = 0.5
QUERY_STOPWORDS = frozenset(
    tokenize(
        "grant grants funding fund funds program programs money opportunity opportunities "
        "apply application award awards help support project projects need looking find"
    )
)


class PurposeTermsError(ValueError):
    """The purpose vocabulary file is wrong: the message names the purpose."""


@dataclass(frozen=True)
class PurposeTerms:
    words: dict[str, tuple[str, ...]]  # analyzed query word -> purposes it names
    label_words: dict[str, tuple[str, ...]]  # purpose -> analyzed label words
    synonyms: dict[str, tuple[str, ...]]  # analyzed word -> the other words of its groups


def marker(purpose: str) -> str:
    """The index token of a purpose: ``@cybersecurity``."""
    return MARK + purpose


def purpose_of_marker(token: str) -> str:
    return token[len(MARK) :] if token.startswith(MARK) else ""


def read_terms(raw: dict) -> PurposeTerms:
    if not isinstance(raw, dict) or not isinstance(raw.get("purposes"), dict):
        raise PurposeTermsError("The file needs a 'purposes' mapping.")
    words: dict[str, list[str]] = {}
    labels: dict[str, tuple[str, ...]] = {}
    for purpose, entry in raw["purposes"].items():
        if purpose not in PURPOSES:
            raise PurposeTermsError(f"{purpose}: not a purpose of codes.PURPOSES.")
        if not isinstance(entry, dict):
            raise PurposeTermsError(f"{purpose}: give label_words and words.")
        labels[purpose] = tuple(tokenize(" ".join(map(str, entry.get("label_words") or ()))))
        for word in entry.get("words") or ():
            for token in tokenize(str(word)):
                named = words.setdefault(token, [])
                if purpose not in named:
                    named.append(purpose)
    synonyms: dict[str, list[str]] = {}
    for group in raw.get("synonyms") or ():
        if not isinstance(group, list):
            raise PurposeTermsError(f"synonyms: {group!r} is not a list of words.")
        tokens = [t for word in group for t in tokenize(str(word))]
        for token in tokens:
            others = synonyms.setdefault(token, [])
            others.extend(t for t in tokens if t != token and t not in others)
    return PurposeTerms(
        {k: tuple(v) for k, v in words.items()},
        labels,
        {k: tuple(v) for k, v in synonyms.items()},
    )


@cache
def purpose_terms() -> PurposeTerms:
    text = resources.files("civicshift.core").joinpath(TERMS_FILE).read_text(encoding="utf-8")
    return read_terms(yaml.safe_load(text))


def document_tokens(text: str, purposes: tuple[str, ...] | list[str]) -> list[str]:
    """A program's tokens: its text analyzed, its purposes' label words and one marker per
    purpose."""
    terms = purpose_terms()
    tokens = tokenize(text)
    for purpose in purposes:
        tokens.extend(terms.label_words.get(purpose, ()))
        tokens.append(marker(purpose))
    return tokens


def analyze_query(text: str, *, purposes: tuple[str, ...] = ()) -> dict[str, float]:
    """Token → weight: the query's own words (1), and for each purpose one of them names, or
    given in ``purposes``, the purpose's marker and label words (``EXPANSION_WEIGHT``, or 1 for
    a purpose given explicitly). In the order the words come."""
    terms = purpose_terms()
    weights: dict[str, float] = {}
    named: dict[str, float] = {p: 1.0 for p in purposes if p in PURPOSES}
    expanded: dict[str, float] = {}
    for token in tokenize(text):
        if token in QUERY_STOPWORDS:
            continue
        weights[token] = 1.0
        for other in terms.synonyms.get(token, ()):
            expanded[other] = EXPANSION_WEIGHT
        for purpose in terms.words.get(token, ()):
            named.setdefault(purpose, EXPANSION_WEIGHT)
    for purpose, weight in named.items():
        expanded[marker(purpose)] = max(expanded.get(marker(purpose), 0.0), weight)
        # The label words share one weight, so a purpose with a long label counts no more.
        labels = terms.label_words.get(purpose, ())
        for token in labels:
            expanded[token] = max(expanded.get(token, 0.0), weight / len(labels))
    for token, weight in expanded.items():
        weights[token] = max(weights.get(token, 0.0), weight)
    return weights


def describe_terms(tokens) -> list[str]:
    """Matched tokens as a person reads them: a marker becomes "purpose: Cybersecurity"."""
    out = []
    for token in tokens:
        purpose = purpose_of_marker(token)
        out.append(f"purpose: {PURPOSES[purpose]}" if purpose else token)
    return out
