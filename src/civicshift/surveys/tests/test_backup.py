"""A survey's answers and codes go through the organization's export and import (no lock-in),
with their random keys and no time, and their links to the survey and the department."""

import pytest

from civicshift.backup.services import export_organization_data
from civicshift.backup.tests.conftest import import_confirmed
from civicshift.orgs.roles import Role
from civicshift.surveys import services
from civicshift.surveys.models import OneTimeCode, Survey, SurveyResponse
from civicshift.testing.factories import make_member, make_org

from .factories import answer, department, make_survey, open_survey

pytestmark = pytest.mark.django_db


def _org_with_answers():
    org = make_org("exportville")
    editor = make_member(org, Role.ADMIN)
    first = make_survey(org, editor, title="Before")
    survey = make_survey(org, editor, require_code=True, allow_linking=True, previous_wave=first)
    open_survey(survey, editor)
    codes = services.survey_codes_generate(actor=editor, survey=survey, count=3)
    finance = department(org, "Finance")
    answer(survey, [4] * 12, department=finance, code=codes[0], link_word="heron")
    answer(survey, [2] * 12, code=codes[1])
    return org, survey


def test_export_has_the_answers_without_time_or_secrets():
    org, _survey = _org_with_answers()
    data = export_organization_data(org)
    rows = data["tables"]["surveys.surveyresponse"]
    assert len(rows) == 2 and not {"created_at", "updated_at"} & set(rows[0])
    assert sorted(sum(r["answers"].values()) for r in rows) == [24, 48]
    assert "token" not in data["tables"]["surveys.survey"][0]
    assert "code_hash" not in data["tables"]["surveys.onetimecode"][0]


def test_answers_and_codes_round_trip():
    org, survey = _org_with_answers()
    data = export_organization_data(org)
    copy = import_confirmed(data, into_slug="exportville-copy")
    copied = Survey.objects.for_org(copy).get(title=survey.title)
    assert copied.previous_wave.title == "Before"
    assert copied.token != survey.token  # the copy has its own public link
    responses = SurveyResponse.objects.for_org(copy).filter(survey=copied)
    assert sorted(sum(r.answers.values()) for r in responses) == [24, 48]
    assert responses.get(link_hash__gt="").department.name == "Finance"
    # Imported codes are spent (their hashes stay on the original server); new ones can be made.
    assert OneTimeCode.objects.for_org(copy).filter(survey=copied, used=True).count() == 3
