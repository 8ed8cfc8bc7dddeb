"""Search by purpose over a ``MatchIndex`` ("grants for police equipment"): ranked by BM25 of
the analyzed query alone (``purposes.analyze_query``: synonyms and purposes included), with
include and exclude words, eligibility for the organization's kind (the same rule as matching,
"through the state" programs included) and open-only, sorted by relevance or due date.

It reuses the index matching builds (``funding/matching.py`` caches one per organization):
no second index.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np

from civicshift.core.funding.bm25 import tokenize
from civicshift.core.funding.matching import Match, MatchIndex
from civicshift.core.funding.model import InitiativeNeed
from civicshift.core.funding.purposes import analyze_query, marker

#: Grants.gov applicant code of each kind of organization (``orgs.OrganizationKind``). A
#: regional or state agency has no one code: "" keeps only programs open to anyone or whose
#: eligibility is in words (see docs/decisions.md).
APPLICANT_FOR_KIND = {
    "city": "02",
    "town": "02",
    "village": "02",
    "township": "02",
    "county": "01",
    "special_district": "04",
    "tribal": "07",
    "regional": "",
}
SORTS = ("relevance", "due")


def select(
    index: MatchIndex,
    text: str,
    *,
    today: date,
    include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    purposes: tuple[str, ...] = (),
    applicant_type: str = "",
    eligible_only: bool = True,
    open_only: bool = True,
    only: frozenset[str] | None = None,
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Which programs pass the filters (a boolean mask over ``index.programs``), their raw
    BM25 scores and the analyzed query: what ``search`` ranks, and what a saved search's
    digest counts without explaining every row. ``only`` keeps programs whose key is in it
    (the digest: those new or changed since a visit)."""
    weights = analyze_query(text, purposes=purposes)
    query = list(weights)
    raw = index.text.scores(query, weights)
    n = len(index.programs)
    keep = raw > 0 if query else np.ones(n, dtype=bool)
    for word in include:
        for token in tokenize(word):
            keep &= index.text.contains(token)
    for word in exclude:
        for token in tokenize(word):
            keep &= ~index.text.contains(token)
    if purposes:
        funds = np.zeros(n, dtype=bool)
        for purpose in purposes:
            funds |= index.text.contains(marker(purpose))
        keep &= funds
    if open_only:
        keep &= index.due_ordinal - today.toordinal() >= 0
        keep &= ~np.array([p.status in ("lapsed", "archived", "closed") for p in index.programs])
    if eligible_only:
        passes, check = index.eligibility(applicant_type)
        keep &= passes | check
    if only is not None:
        keep &= np.fromiter((p.key in only for p in index.programs), dtype=bool, count=n)
    return keep, raw, query


def search(
    index: MatchIndex,
    text: str,
    *,
    today: date,
    include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    purposes: tuple[str, ...] = (),
    applicant_type: str = "",
    eligible_only: bool = True,
    open_only: bool = True,
    only: frozenset[str] | None = None,
    sort: str = "relevance",
    limit: int = 100,
) -> list[Match]:
    """Programs for ``text``; score = 100 × BM25 / best BM25 among the results. With no text
    and no purposes every program passing the filters is kept (score 0). ``purposes`` keeps
    programs funding at least one of them. Ineligible programs are left out when
    ``eligible_only`` (those to check in words are kept and flagged)."""
    keep, raw, query = select(
        index,
        text,
        today=today,
        include=include,
        exclude=exclude,
        purposes=purposes,
        applicant_type=applicant_type,
        eligible_only=eligible_only,
        open_only=open_only,
        only=only,
    )
    rows = np.flatnonzero(keep)
    best = raw[rows].max() if rows.size else 0.0
    order = rows[np.argsort(-raw[rows], kind="stable")][:limit]
    need = InitiativeNeed(description=text, applicant_type=applicant_type)
    found = []
    for explained, row in zip(
        index.explain_rows(order, need, today=today, query=query), order, strict=True
    ):
        score = round(100 * float(raw[row]) / best, 1) if best > 0 else 0.0
        found.append(replace(explained, score=score))
    if sort == "due":
        found.sort(key=lambda m: (m.due or date.max, -m.score))
    return found
