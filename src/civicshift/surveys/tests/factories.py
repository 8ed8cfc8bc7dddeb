"""Surveys with answers for the tests: written through the services, answers through the same
``response_submit`` the open page uses."""

from __future__ import annotations

import numpy as np

from civicshift.orgs.models import Department
from civicshift.surveys import services
from civicshift.surveys.models import ItemKind, SurveyStatus


def make_survey(organization, user, *, title="Readiness for the new ERP", k=5, **fields):
    survey = services.survey_create(
        actor=user,
        organization=organization,
        title=title,
        change_name="the new financial system",
        k=k,
        **fields,
    )
    services.survey_add_bank(actor=user, survey=survey, bank_id="oric")
    return survey


def add_comment_item(survey, user):
    return services.survey_item_create(
        actor=user, survey=survey, text="What worries you most?", kind=ItemKind.TEXT
    )


def open_survey(survey, user):
    return services.survey_update(actor=user, survey=survey, status=SurveyStatus.OPEN)


def department(organization, name):
    return Department.objects.get_or_create(organization=organization, name=name)[0]


def answer(survey, values, *, department=None, link_word="", code="", extra=None):
    items = list(survey.items.order_by("position", "id"))
    answers = {item.key: int(v) for item, v in zip(items, values, strict=False) if v is not None}
    answers.update(extra or {})
    return services.response_submit(
        survey=survey, answers=answers, department=department, link_word=link_word, code=code
    )


def answer_many(survey, n, *, department=None, level=4, spread=1, seed=0, **kw):
    rng = np.random.default_rng(seed)
    items = survey.items.filter(kind=ItemKind.LIKERT5).count()
    for _ in range(n):
        values = np.clip(rng.integers(level - spread, level + spread + 1, items), 1, 5)
        answer(survey, list(values), department=department, **kw)


def concurrency_rows(world) -> dict:
    """A survey and one custom question of the web concurrency test's world, made once."""
    made = world.__dict__.setdefault("_surveys", {})
    if not made:
        survey = services.survey_create(
            actor=world.first, organization=world.org, title="Readiness", change_name="the ERP"
        )
        made["survey"] = survey
        made["item"] = services.survey_item_create(
            actor=world.first, survey=survey, text="Anything else?", kind=ItemKind.TEXT
        )
    return made
