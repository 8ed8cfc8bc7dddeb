"""Search by purpose on the catalog page (``?purpose=…``): reads the organization's cached
matching index (``funding.matching.index_for``) through ``core.funding.search``. Thin: no
writes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from civicshift.core.funding.codes import PURPOSES
from civicshift.core.funding.search import APPLICANT_FOR_KIND, SORTS, search

from .matching import FundingMatch, index_for
from .next_round import next_round_texts

SORT_LABELS = {"relevance": _("Best fit first"), "due": _("Soonest due first")}


def _words(value: str) -> tuple[str, ...]:
    return tuple(w for w in value.replace(",", " ").split()[:10] if w)


def purpose_search_context(request, organization, *, today, open_only: bool) -> dict:
    """The purpose-search fields as typed and, when any is given, the ranked results."""
    get = request.GET
    purpose = get.get("purpose", "").strip()[:200]
    include = get.get("include", "").strip()[:200]
    exclude = get.get("exclude", "").strip()[:200]
    purposes = tuple(p for p in get.getlist("purposes") if p in PURPOSES)[:10]
    sort = get.get("sort", "relevance")
    sort = sort if sort in SORTS else "relevance"
    eligible_only = get.get("eligible", "1" if "purpose" not in get else "") == "1"
    context = {
        "purpose": purpose,
        "include": include,
        "exclude": exclude,
        "purposes_chosen": purposes,
        "purpose_choices": PURPOSES,
        "sort": sort,
        "sort_labels": SORT_LABELS,
        "eligible_only": eligible_only,
        "purpose_results": None,
        # What "Save this search" under the results carries (funding/save_search.html).
        "save": {
            "name": purpose,
            "purpose": purpose,
            "purposes": list(purposes),
            "include": include,
            "exclude": exclude,
            "eligible_only": eligible_only,
            "sort": sort,
        },
    }
    if not (purpose or purposes or include):
        return context
    index, by_key = index_for(organization)
    found = search(
        index,
        purpose,
        today=today,
        include=_words(include),
        exclude=_words(exclude),
        purposes=purposes,
        applicant_type=APPLICANT_FOR_KIND.get(organization.kind, ""),
        eligible_only=eligible_only,
        open_only=open_only,
        sort=sort,
    )
    results = [FundingMatch(by_key[m.program.key], m) for m in found]
    context["purpose_results"] = results
    context["next_round_texts"] = next_round_texts(organization, results, today=today)
    return context
