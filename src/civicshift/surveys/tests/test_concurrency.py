"""Two people typing the same one-time code at the same moment, in two threads with their own
database connections: one answer is stored, the other refused."""

from __future__ import annotations

import pytest

from civicshift.orgs.roles import Role
from civicshift.surveys import services
from civicshift.surveys.models import OneTimeCode, SurveyResponse
from civicshift.testing.concurrency import run_together
from civicshift.testing.factories import make_member, make_org

from .factories import make_survey, open_survey

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_same_code_twice_at_once_stores_one_answer(concurrent_database):
    org = make_org("racetown")
    editor = make_member(org, Role.EDITOR)
    survey = make_survey(org, editor, require_code=True)
    open_survey(survey, editor)
    (code,) = services.survey_codes_generate(actor=editor, survey=survey, count=1)

    def submit():
        return services.response_submit(survey=survey, answers={}, department=None, code=code)

    outcomes = run_together(submit, submit)
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], services.SubmissionRefused)
    assert "already been used" in refused[0].messages[0]
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    assert OneTimeCode.objects.get(survey=survey).used
