"""Reading saved searches and building a digest: what a saved search finds that is new or
changed since a moment (the reader's last visit), ineligible programs left out and counted.

The digest reuses the organization's cached match index (``matching.index_for``) and the
catalog's search (``core.funding.search``), restricted to the entries with a change recorded
after the moment (``FundingChange`` rows, or created after it): one query for their ids, one
mask over the index, one query for the changes of the entries the search keeps. The changes
are folded per entry by ``core.funding.digest``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Q
from django.shortcuts import get_object_or_404

from civicshift.core.funding import digest as core_digest
from civicshift.core.funding.search import APPLICANT_FOR_KIND, search, select

from .matching import FundingMatch, index_for
from .models import FundingChange, FundingNotice, FundingProgram, SavedSearch, SavedSearchVisit

#: How many entries a digest lists (the counts cover all of them).
DIGEST_LIMIT = 100
#: Kinds of change that can be news (a withdrawal takes the entry out of the index anyway).
NEWS_KINDS = ("created", "updated", "restored", "withdrawn")


def saved_searches_for(organization):
    return SavedSearch.objects.for_org(organization).select_related("created_by")


def saved_search_get(organization, pk: int) -> SavedSearch:
    return get_object_or_404(SavedSearch.objects.for_org(organization), pk=pk)


def last_visits(organization, user) -> dict[int, datetime]:
    """The user's last visit of each saved search of the organization, by search id."""
    return dict(
        SavedSearchVisit.objects.for_org(organization)
        .filter(user=user)
        .values_list("search_id", "visited_at")
    )


def words(value: str) -> tuple[str, ...]:
    return tuple(w for w in value.replace(",", " ").split()[:10] if w)


def search_arguments(saved: SavedSearch, *, today: date) -> dict:
    """What ``core.funding.search`` takes for this saved search, open programs only."""
    return {
        "text": saved.purpose,
        "today": today,
        "include": words(saved.include),
        "exclude": words(saved.exclude),
        "purposes": tuple(saved.purposes),
        "applicant_type": APPLICANT_FOR_KIND.get(saved.organization.kind, ""),
        "open_only": True,
    }


@dataclass
class DigestRow:
    result: FundingMatch
    news: core_digest.News | None

    @property
    def reasons(self):
        """Why it shows up: its eligibility and its purpose fit, in words."""
        return [r for r in self.result.match.reasons if r.kind in ("eligibility", "purpose")]


@dataclass
class Digest:
    search: SavedSearch
    #: The moment the news is counted from; None on a first visit (everything current).
    since: datetime | None
    rows: list[DigestRow] = field(default_factory=list)
    counts: core_digest.Counts = field(default_factory=core_digest.Counts)

    @property
    def first_visit(self) -> bool:
        return self.since is None

    @property
    def more(self) -> int:
        """Entries counted but not listed (beyond ``DIGEST_LIMIT``)."""
        return max(0, self.counts.listed - len(self.rows))


def _key(notice_id, program_id) -> str:
    return str(notice_id) if notice_id is not None else f"p{program_id}"


def changed_keys(organization, since: datetime) -> frozenset[str]:
    """Index keys of the entries the organization sees with a change after ``since``."""
    scope = Q(organization__isnull=True) | Q(organization=organization)
    keys = {
        _key(n, p)
        for n, p in FundingChange.objects.filter(scope, created_at__gt=since, kind__in=NEWS_KINDS)
        .values_list("notice_id", "program_id")
        .distinct()
        .iterator(chunk_size=5000)
    }
    for model, prefix in ((FundingNotice, ""), (FundingProgram, "p")):
        keys.update(
            f"{prefix}{pk}"
            for pk in model.objects.visible_to(organization)
            .filter(created_at__gt=since)
            .values_list("pk", flat=True)
            .iterator(chunk_size=5000)
        )
    return frozenset(keys)


def _news(organization, keys: set[str], since: datetime) -> dict[str, core_digest.News]:
    notice_ids = [int(k) for k in keys if not k.startswith("p")]
    program_ids = [int(k[1:]) for k in keys if k.startswith("p")]
    changes: list[core_digest.EntryChange] = []
    for model, ids, prefix in (
        (FundingNotice, notice_ids, ""),
        (FundingProgram, program_ids, "p"),
    ):
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            changes.extend(
                core_digest.EntryChange(f"{prefix}{pk}", "created", at)
                for pk, at in model.objects.visible_to(organization)
                .filter(pk__in=chunk, created_at__gt=since)
                .values_list("pk", "created_at")
            )
            by = {"notice_id__in": chunk} if not prefix else {"program_id__in": chunk}
            changes.extend(
                core_digest.EntryChange(_key(n, p), kind, at, data or {})
                for n, p, kind, at, data in FundingChange.objects.filter(
                    created_at__gt=since, kind__in=NEWS_KINDS, **by
                ).values_list("notice_id", "program_id", "kind", "created_at", "changes")
            )
    return core_digest.news_of(changes)


def digest_for(
    saved: SavedSearch, *, since: datetime | None, today: date, limit: int = DIGEST_LIMIT
) -> Digest:
    """What ``saved`` finds that is new or changed after ``since`` (everything it finds
    today when None), among programs the organization can apply to; the ones it cannot are
    counted in ``counts.left_out_ineligible``."""
    organization = saved.organization
    index, by_key = index_for(organization)
    arguments = search_arguments(saved, today=today)
    only = None if since is None else changed_keys(organization, since)
    found, _raw, _query = select(
        index,
        **{**arguments, "eligible_only": False, "only": only},
    )
    passes, check = index.eligibility(arguments["applicant_type"])
    eligible = found & (passes | check)
    ineligible = found & ~(passes | check)
    news: dict[str, core_digest.News] = {}
    if since is None:
        listed_keys = None
        left_out = int(ineligible.sum())
        counts = core_digest.Counts(listed=int(eligible.sum()), left_out_ineligible=left_out)
    else:
        candidates = {index.programs[row].key for row in found.nonzero()[0]}
        news = _news(organization, candidates, since)
        listed_keys = frozenset(
            index.programs[row].key
            for row in eligible.nonzero()[0]
            if index.programs[row].key in news
        )
        left_out = sum(1 for row in ineligible.nonzero()[0] if index.programs[row].key in news)
        counts = core_digest.count((news[k] for k in listed_keys), left_out_ineligible=left_out)
    rows: list[DigestRow] = []
    if limit and (listed_keys is None or listed_keys):
        matches = search(
            index,
            **{**arguments, "eligible_only": True, "only": listed_keys},
            sort=saved.sort,
            limit=limit,
        )
        rows = [
            DigestRow(FundingMatch(by_key[m.program.key], m), news.get(m.program.key))
            for m in matches
        ]
    return Digest(search=saved, since=since, rows=rows, counts=counts)
