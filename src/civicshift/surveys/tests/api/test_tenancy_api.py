"""The surveys' API, registered with the tenancy harness (session and personal token): another
organization's survey or question is 404, viewers read but cannot write. The open submission
endpoint is under /api/v1/ (no organization) and is tested in test_api.py."""

from civicshift.orgs.roles import Role
from civicshift.surveys.models import Survey, SurveyItem
from civicshift.testing.tenancy import TenancyHarness, api_endpoint

from .. import test_tenancy as web

SURVEY = {"title": "API wave", "change_name": "the ERP", "k": 5}


class TestSurveyApiTenancy(TenancyHarness):
    model = Survey
    endpoints = [
        api_endpoint("api:survey-list", object_in_url=False),
        api_endpoint(
            "api:survey-list",
            "POST",
            Role.EDITOR,
            object_in_url=False,
            data=lambda org, obj: SURVEY,
        ),
        api_endpoint("api:survey-detail", kwargs=lambda obj: {"pk": obj.pk}),
        api_endpoint(
            "api:survey-detail",
            "PATCH",
            Role.EDITOR,
            kwargs=lambda obj: {"pk": obj.pk},
            data=lambda org, obj: {"status": "open"},
        ),
        api_endpoint(
            "api:survey-detail",
            "PUT",
            Role.EDITOR,
            kwargs=lambda obj: {"pk": obj.pk},
            data=lambda org, obj: SURVEY,
        ),
        api_endpoint("api:survey-detail", "DELETE", Role.EDITOR, kwargs=lambda obj: {"pk": obj.pk}),
        api_endpoint("api:survey-results", kwargs=lambda obj: {"pk": obj.pk}),
        api_endpoint("api:survey-item-list", kwargs=lambda obj: {"survey_pk": obj.pk}),
        api_endpoint(
            "api:survey-item-list",
            "POST",
            Role.EDITOR,
            kwargs=lambda obj: {"survey_pk": obj.pk},
            data=lambda org, obj: {"text": "Anything else?", "kind": "text"},
        ),
    ]

    make_object = web.TestSurveyTenancy.make_object


class TestSurveyItemApiTenancy(TenancyHarness):
    model = SurveyItem
    endpoints = [
        api_endpoint(
            "api:survey-item-detail", kwargs=lambda obj: {"survey_pk": obj.survey_id, "pk": obj.pk}
        ),
        api_endpoint(
            "api:survey-item-detail",
            "PATCH",
            Role.EDITOR,
            kwargs=lambda obj: {"survey_pk": obj.survey_id, "pk": obj.pk},
            data=lambda org, obj: {"text": "Changed?"},
        ),
        api_endpoint(
            "api:survey-item-detail",
            "PUT",
            Role.EDITOR,
            kwargs=lambda obj: {"survey_pk": obj.survey_id, "pk": obj.pk},
            data=lambda org, obj: {"text": "Changed?", "kind": "text"},
        ),
        api_endpoint(
            "api:survey-item-detail",
            "DELETE",
            Role.EDITOR,
            kwargs=lambda obj: {"survey_pk": obj.survey_id, "pk": obj.pk},
        ),
    ]

    make_object = web.TestSurveyItemTenancy.make_object
