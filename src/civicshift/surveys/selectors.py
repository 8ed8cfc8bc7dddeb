"""Reads of the readiness surveys, always from the organization's rows."""

from __future__ import annotations

import hashlib
import json

from django.core.cache import cache
from django.db.models import Count, Max, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from civicshift.orgs.models import Department, Organization

from . import results
from .models import Survey, SurveyItem, SurveyResponse, SurveyStatus

#: Bump when ``results.compute`` gives something else for the same answers.
RESULTS_VERSION = "1"
RESULTS_CACHE_SECONDS = 7 * 24 * 3600


def surveys_for(organization: Organization):
    return (
        Survey.objects.for_org(organization)
        .select_related("initiative", "previous_wave")
        .annotate(response_count=Count("responses", distinct=True))
    )


def survey_get(organization: Organization, pk: int) -> Survey:
    return get_object_or_404(
        Survey.objects.for_org(organization).select_related("initiative", "previous_wave"),
        pk=pk,
    )


def survey_for_token(token: str) -> Survey:
    """The open survey of a public link. Unknown, draft and closed give the same 404."""
    survey = (
        Survey.objects.select_related("organization")
        .filter(token=token, status=SurveyStatus.OPEN)
        .first()
        if token
        else None
    )
    if survey is None:
        raise Http404("No such survey.")
    return survey


def items_of(survey: Survey):
    return SurveyItem.objects.for_org(survey.organization).filter(survey=survey)


def item_get(survey: Survey, pk: int) -> SurveyItem:
    return get_object_or_404(items_of(survey), pk=pk)


def item_specs(survey: Survey) -> list[results.ItemSpec]:
    return [
        results.ItemSpec(
            id=item.key,
            text=item.text,
            kind=item.kind,
            points=item.points,
            subscale=item.subscale,
            bank=item.bank,
            bank_item=item.bank_item,
            choices=tuple(item.choices or ()),
        )
        for item in items_of(survey)
    ]


def response_rows(survey: Survey) -> list[tuple[str, dict, str]]:
    """(department name or "" for not said, answers, link hash) per response, in the random
    order of their keys."""
    names = dict(Department.objects.for_org(survey.organization).values_list("pk", "name"))
    return [
        (names.get(dep, "") if dep else "", answers, link)
        for dep, answers, link in SurveyResponse.objects.for_org(survey.organization)
        .filter(survey=survey)
        .order_by("id")
        .values_list("department_id", "answers", "link_hash")
        .iterator(chunk_size=2000)
    ]


def _fingerprint(survey: Survey) -> str:
    """What the results depend on: the survey's and its questions' versions, k, and how many
    answers there are (answers are never edited or removed one by one, so their count
    identifies them), for this survey and the previous wave."""
    parts = []
    current = survey
    for _depth in range(2):
        if current is None:
            break
        items = items_of(current).aggregate(n=Count("id"), v=Sum("version"), m=Max("id"))
        responses = SurveyResponse.objects.for_org(current.organization).filter(survey=current)
        parts.append([current.pk, current.version, current.k, items, responses.count()])
        current = current.previous_wave
    departments = Department.objects.for_org(survey.organization).aggregate(
        v=Sum("version"), n=Count("id")
    )
    parts.append(departments)
    raw = json.dumps([RESULTS_VERSION, parts], sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def survey_results(survey: Survey, *, use_cache: bool = True) -> dict:
    """The results of the survey (and its comparison with the previous wave), cached under a
    key of everything they depend on: a new answer or an edited question gives a new key."""
    key = f"surveys:results:{survey.pk}:{_fingerprint(survey)}"
    if use_cache:
        found = cache.get(key)
        if found is not None:
            return found
    previous = None
    if survey.previous_wave_id:
        prior = survey.previous_wave
        previous = (item_specs(prior), response_rows(prior))
    data = results.compute(item_specs(survey), response_rows(survey), k=survey.k, previous=previous)
    if use_cache:
        cache.set(key, data, RESULTS_CACHE_SECONDS)
    return data
