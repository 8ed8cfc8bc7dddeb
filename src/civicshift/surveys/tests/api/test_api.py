"""The surveys' API: the open submission endpoint (the only one without sign-in: same 404s,
same one-time-code rule, the rate limit) and results that never name a department under k."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from civicshift.surveys import services
from civicshift.surveys.models import SurveyResponse
from civicshift.surveys.tests.factories import answer, department, make_survey, open_survey

pytestmark = pytest.mark.django_db

SMALL = "Parks Maintenance"


def _submit(survey_token, body):
    return APIClient().post(reverse("api:survey-submit", args=[survey_token]), body, format="json")


@pytest.fixture
def survey(org, users):
    survey = make_survey(org, users["editor"])
    open_survey(survey, users["editor"])
    return survey


def test_submission_without_sign_in(survey, org):
    finance = department(org, "Finance")
    items = list(survey.items.all())
    body = {"answers": {str(i.pk): 4 for i in items}, "department": finance.pk}
    response = _submit(survey.token, body)
    assert response.status_code == 201, response.content
    stored = SurveyResponse.objects.get(survey=survey)
    assert stored.department == finance and stored.answers[str(items[0].pk)] == 4


def test_bad_scale_point_is_refused_naming_the_question(survey):
    item = survey.items.first()
    response = _submit(survey.token, {"answers": {str(item.pk): 9}})
    assert response.status_code == 400
    assert str(item.pk) in response.json()["answers"]
    assert not SurveyResponse.objects.exists()


def test_closed_draft_and_unknown_tokens_are_the_same_404(survey, users):
    unknown = _submit("nope" * 10, {"answers": {}})
    services.survey_update(actor=users["editor"], survey=survey, status="closed")
    closed = _submit(survey.token, {"answers": {}})
    assert unknown.status_code == closed.status_code == 404
    assert unknown.json() == closed.json()


def test_used_code_is_refused(org, users):
    survey = make_survey(org, users["editor"], require_code=True)
    open_survey(survey, users["editor"])
    (code,) = services.survey_codes_generate(actor=users["editor"], survey=survey, count=1)
    assert _submit(survey.token, {"answers": {}, "code": code}).status_code == 201
    again = _submit(survey.token, {"answers": {}, "code": code})
    assert again.status_code == 400 and "already been used" in str(again.json()["code"])


def test_rate_limited(survey, monkeypatch):
    from civicshift.surveys.api import views
    from civicshift.surveys.throttle import AnonymousRateLimit

    monkeypatch.setattr(views, "SUBMIT_LIMIT", AnonymousRateLimit("test.api", 1, 60))
    assert _submit(survey.token, {"answers": {}}).status_code == 201
    assert _submit(survey.token, {"answers": {}}).status_code == 429
    assert SurveyResponse.objects.count() == 1


def test_results_never_name_a_department_under_k(survey, org, viewer_api):
    finance, parks = department(org, "Finance"), department(org, SMALL)
    for _ in range(7):
        answer(survey, [4, 5, 4, 4, 5] + [2, 2, 1, 2, 2, 2, 2], department=finance)
    for _ in range(2):
        answer(survey, [3] * 12, department=parks)
    response = viewer_api.get(reverse("api:survey-results", args=[org.slug, survey.pk]))
    assert response.status_code == 200
    assert response.json()["n"] == 9
    assert SMALL not in response.content.decode()
    # 7 Finance + 2 Parks: Finance alone would reveal Parks by subtraction, so no group shows.
    assert response.json()["departments"]["groups"] == []


def test_viewer_sees_no_public_path_editor_does(survey, org, viewer_api, editor_api):
    url = reverse("api:survey-detail", args=[org.slug, survey.pk])
    assert viewer_api.get(url).json()["public_path"] == ""
    assert survey.token in editor_api.get(url).json()["public_path"]
