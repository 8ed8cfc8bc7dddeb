"""Reads of the staff ideas board, always from the organization's own rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import chain

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from civicshift.orgs.models import Organization

from .models import Idea, IdeaComment, IdeaResponse, IdeaSupport, Status

#: The board's orders: key → ORDER BY.
SORTS = {
    "supported": ("-support_count", "-created_at", "-id"),
    "newest": ("-created_at", "-id"),
    "active": ("-activity_at", "-id"),
}


@dataclass(frozen=True)
class IdeaFilters:
    q: str = ""
    status: str = ""
    department: int | None = None
    sort: str = "supported"


def ideas_for(organization: Organization) -> QuerySet[Idea]:
    return Idea.objects.for_org(organization).select_related(
        "department", "submitted_by", "initiative"
    )


def idea_get(organization: Organization, pk) -> Idea:
    return get_object_or_404(ideas_for(organization), pk=pk)


def comment_get(idea: Idea, pk) -> IdeaComment:
    return get_object_or_404(
        IdeaComment.objects.for_org(idea.organization).filter(idea=idea), pk=pk
    )


def with_support_of(queryset: QuerySet[Idea], user) -> QuerySet[Idea]:
    """Each idea with ``supported_by_me``: whether ``user`` supports it."""
    return queryset.annotate(
        supported_by_me=Exists(
            IdeaSupport.objects.filter(idea=OuterRef("pk"), supporter_id=user.pk)
        )
    )


def idea_list(organization: Organization, filters: IdeaFilters) -> QuerySet[Idea]:
    found = ideas_for(organization)
    if filters.status in Status.values:
        found = found.filter(status=filters.status)
    if filters.department:
        found = found.filter(department_id=filters.department)
    if filters.q:
        words = filters.q.split()[:10]
        for word in words:
            found = found.filter(
                Q(title__icontains=word) | Q(problem__icontains=word) | Q(proposal__icontains=word)
            )
    return found.order_by(*SORTS.get(filters.sort, SORTS["supported"]))


@dataclass(frozen=True)
class TimelineEntry:
    """One thing that happened to an idea, in the order it happened."""

    kind: str  # "submitted", "comment", "response"
    at: datetime
    item: object


def timeline(idea: Idea) -> list[TimelineEntry]:
    """Submission, comments and responses, oldest first: the idea's history as everyone sees
    it (a hidden comment is in it, with its text left out by the template)."""
    organization = idea.organization
    comments = (
        IdeaComment.objects.for_org(organization)
        .filter(idea=idea)
        .select_related("author", "hidden_by")
    )
    responses = IdeaResponse.objects.for_org(organization).filter(idea=idea)
    entries = [TimelineEntry("submitted", idea.created_at, idea)]
    entries += [TimelineEntry("comment", c.created_at, c) for c in comments]
    entries += [
        TimelineEntry("response", r.created_at, r) for r in responses.select_related("responder")
    ]
    return sorted(entries, key=lambda e: (e.at, e.kind != "submitted"))


def supporters(idea: Idea):
    return (
        IdeaSupport.objects.for_org(idea.organization)
        .filter(idea=idea)
        .select_related("supporter")
        .order_by("created_at", "id")
    )


def latest_responses(organization: Organization, ideas) -> dict[int, IdeaResponse]:
    """The newest response of each idea, by idea id (one query)."""
    found: dict[int, IdeaResponse] = {}
    rows = (
        IdeaResponse.objects.for_org(organization)
        .filter(idea__in=[i.pk for i in ideas])
        .select_related("responder")
        .order_by("idea_id", "-created_at", "-id")
    )
    for response in rows:
        found.setdefault(response.idea_id, response)
    return found


@dataclass(frozen=True)
class MyIdea:
    idea: Idea
    submitted: bool
    commented: bool
    supported: bool
    latest_response: IdeaResponse | None
    #: Responses and others' comments since the member last looked (0 the first time).
    news: int


def my_ideas(organization: Organization, user, since: datetime | None) -> list[MyIdea]:
    """The ideas ``user`` submitted, commented on or supported, most recently active first,
    each with its latest response and what others did since ``since``."""
    mine = Q(submitted_by=user)
    commented_ids = set(
        IdeaComment.objects.for_org(organization)
        .filter(author=user)
        .values_list("idea_id", flat=True)
    )
    supported_ids = set(
        IdeaSupport.objects.for_org(organization)
        .filter(supporter=user)
        .values_list("idea_id", flat=True)
    )
    ideas = list(
        ideas_for(organization)
        .filter(mine | Q(pk__in=commented_ids | supported_ids))
        .order_by("-activity_at", "-id")
    )
    latest = latest_responses(organization, ideas)
    news: dict[int, int] = {}
    if since is not None and ideas:
        ids = [i.pk for i in ideas]
        recent = chain(
            IdeaResponse.objects.for_org(organization)
            .filter(idea_id__in=ids, created_at__gt=since)
            .exclude(responder=user)
            .values_list("idea_id", flat=True),
            IdeaComment.objects.for_org(organization)
            .filter(idea_id__in=ids, created_at__gt=since)
            .exclude(author=user)
            .values_list("idea_id", flat=True),
        )
        for idea_id in recent:
            news[idea_id] = news.get(idea_id, 0) + 1
    return [
        MyIdea(
            idea=idea,
            submitted=idea.submitted_by_id == user.pk,
            commented=idea.pk in commented_ids,
            supported=idea.pk in supported_ids,
            latest_response=latest.get(idea.pk),
            news=news.get(idea.pk, 0),
        )
        for idea in ideas
    ]


def idea_of_initiative(initiative) -> Idea | None:
    """The staff idea an initiative came from, if any."""
    return ideas_for(initiative.organization).filter(initiative=initiative).first()


def news_since_last_visit(organization: Organization, user) -> int | None:
    """How many responses and others' comments were posted on the ideas ``user`` took part in
    since they last opened "My ideas" (None before their first visit). Reads only: the visit
    is recorded by opening "My ideas"."""
    from .models import IdeaVisit

    visit = IdeaVisit.objects.for_org(organization).filter(user=user).first()
    if visit is None:
        return None
    return sum(row.news for row in my_ideas(organization, user, visit.seen_at))
