"""The OpenAPI 3 document: served at /api/v1/schema/, valid, complete, free of warnings."""

import json

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db
SCHEMA = reverse("api:schema")

EXPECTED_PATHS = {
    "/api/v1/o/{org_slug}/business-cases/": {"get", "post"},
    "/api/v1/o/{org_slug}/business-cases/{id}/": {"get", "put", "patch", "delete"},
    "/api/v1/o/{org_slug}/business-cases/{id}/analyze/": {"post"},
    "/api/v1/o/{org_slug}/business-cases/{id}/runs/": {"get"},
    "/api/v1/o/{org_slug}/business-cases/{case_pk}/runs/{id}/": {"get"},
    "/api/v1/o/{org_slug}/business-cases/{case_pk}/runs/compare/": {"post"},
    "/api/v1/o/{org_slug}/business-cases/{case_pk}/runs/{id}/rerun/": {"post"},
    "/api/v1/o/{org_slug}/business-cases/{case_pk}/options/": {"get", "post"},
    "/api/v1/o/{org_slug}/business-cases/{case_pk}/options/{id}/": {
        "get",
        "put",
        "patch",
        "delete",
    },
    "/api/v1/o/{org_slug}/business-cases/{case_pk}/options/{id}/duplicate/": {"post"},
    "/api/v1/o/{org_slug}/business-cases/{case_pk}/options/{option_pk}/lines/": {"get", "post"},
    "/api/v1/o/{org_slug}/business-cases/{case_pk}/options/{option_pk}/lines/{id}/": {
        "get",
        "put",
        "patch",
        "delete",
    },
    "/api/v1/orgs/": {"get"},
    "/api/v1/o/{org_slug}/": {"get", "put", "patch"},
    "/api/v1/o/{org_slug}/departments/": {"get", "post"},
    "/api/v1/o/{org_slug}/departments/{id}/": {"get", "put", "patch", "delete"},
    "/api/v1/o/{org_slug}/goals/": {"get", "post"},
    "/api/v1/o/{org_slug}/goals/{id}/": {"get", "put", "patch", "delete"},
    "/api/v1/o/{org_slug}/members/": {"get"},
    "/api/v1/o/{org_slug}/members/{id}/": {"get", "patch", "delete"},
    "/api/v1/o/{org_slug}/invitations/": {"get", "post"},
    "/api/v1/o/{org_slug}/initiatives/": {"get", "post"},
    "/api/v1/o/{org_slug}/initiatives/{id}/": {"get", "put", "patch", "delete"},
    "/api/v1/o/{org_slug}/initiatives/{id}/status/": {"post"},
    "/api/v1/o/{org_slug}/jobs/{id}/": {"get"},
    "/api/v1/o/{org_slug}/portfolio/": {"get"},
    "/api/v1/o/{org_slug}/systems/": {"get", "post"},
    "/api/v1/o/{org_slug}/systems/{id}/": {"get", "put", "patch", "delete"},
    "/api/v1/o/{org_slug}/systems/{system_pk}/assessments/": {"get", "post"},
    "/api/v1/o/{org_slug}/systems/{system_pk}/assessments/{id}/": {"get", "put", "patch", "delete"},
    "/api/v1/o/{org_slug}/components/": {"get", "post"},
    "/api/v1/o/{org_slug}/components/{id}/": {"get", "put", "patch", "delete"},
    "/api/v1/o/{org_slug}/integrations/": {"get", "post"},
    "/api/v1/o/{org_slug}/integrations/{id}/": {"get", "put", "patch", "delete"},
    "/api/v1/o/{org_slug}/plans/": {"get", "post"},
    "/api/v1/o/{org_slug}/plans/{id}/": {"get", "put", "patch", "delete"},
    "/api/v1/o/{org_slug}/plans/{id}/schedule/": {"get"},
    "/api/v1/o/{org_slug}/plans/{id}/buffer/": {"get", "post"},
    "/api/v1/o/{org_slug}/plans/{plan_pk}/tasks/": {"get", "post"},
    "/api/v1/o/{org_slug}/plans/{plan_pk}/tasks/{id}/": {"get", "put", "patch", "delete"},
    "/api/v1/o/{org_slug}/plans/{plan_pk}/links/": {"get", "post"},
    "/api/v1/o/{org_slug}/plans/{plan_pk}/links/{id}/": {"get", "put", "patch", "delete"},
    "/api/v1/o/{org_slug}/calendars/": {"get", "post"},
    "/api/v1/o/{org_slug}/calendars/{id}/": {"get", "put", "patch", "delete"},
    "/api/v1/o/{org_slug}/risks/": {"get", "post"},
    "/api/v1/o/{org_slug}/risks/{id}/": {"get", "put", "patch", "delete"},
    "/api/v1/o/{org_slug}/risks/{id}/occurred/": {"post"},
    "/api/v1/o/{org_slug}/risks/library/": {"get"},
    "/api/v1/o/{org_slug}/risks/from-library/": {"post"},
    "/api/v1/o/{org_slug}/funding-applications/": {"get", "post"},
    "/api/v1/o/{org_slug}/funding-applications/{id}/": {"get", "put", "patch", "delete"},
    "/api/v1/o/{org_slug}/funding-notices/": {"get"},
    "/api/v1/o/{org_slug}/funding-notices/{id}/": {"get"},
    "/api/v1/o/{org_slug}/funding-programs/": {"get"},
    "/api/v1/o/{org_slug}/funding-programs/{id}/": {"get"},
    "/api/v1/o/{org_slug}/initiatives/{id}/funding-matches/": {"get"},
    "/api/v1/o/{org_slug}/initiatives/{initiative_pk}/funding-mix/lines/": {"get", "post"},
    "/api/v1/o/{org_slug}/initiatives/{initiative_pk}/funding-mix/lines/{id}/": {
        "get",
        "put",
        "patch",
        "delete",
    },
    "/api/v1/o/{org_slug}/initiatives/{id}/funding-mix/": {"get"},
    "/api/v1/o/{org_slug}/funding-financing/": {"post"},
    "/api/v1/o/{org_slug}/funding-saved-searches/": {"get", "post"},
    "/api/v1/o/{org_slug}/funding-saved-searches/{id}/": {"get", "put", "patch", "delete"},
    "/api/v1/o/{org_slug}/funding-saved-searches/{id}/digest/": {"get"},
    "/api/v1/o/{org_slug}/ideas/": {"get", "post"},
    "/api/v1/o/{org_slug}/ideas/{id}/": {"get", "put", "patch"},
    "/api/v1/o/{org_slug}/ideas/{id}/comments/": {"get", "post"},
    "/api/v1/o/{org_slug}/ideas/{id}/comments/{comment_pk}/hide/": {"post"},
    "/api/v1/o/{org_slug}/ideas/{id}/promote/": {"post"},
    "/api/v1/o/{org_slug}/ideas/{id}/respond/": {"post"},
    "/api/v1/o/{org_slug}/ideas/{id}/responses/": {"get"},
    "/api/v1/o/{org_slug}/ideas/{id}/support/": {"post"},
    "/api/v1/o/{org_slug}/surveys/": {"get", "post"},
    "/api/v1/o/{org_slug}/surveys/{id}/": {"get", "put", "patch", "delete"},
    "/api/v1/o/{org_slug}/surveys/{id}/results/": {"get"},
    "/api/v1/o/{org_slug}/surveys/{survey_pk}/items/": {"get", "post"},
    "/api/v1/o/{org_slug}/surveys/{survey_pk}/items/{id}/": {"get", "put", "patch", "delete"},
    "/api/v1/survey-responses/{token}/": {"post"},
    "/api/v1/o/{org_slug}/initiatives/{initiative_pk}/people/stakeholders/": {"get", "post"},
    "/api/v1/o/{org_slug}/initiatives/{initiative_pk}/people/stakeholders/{id}/": {
        "get",
        "put",
        "patch",
        "delete",
    },
    "/api/v1/o/{org_slug}/initiatives/{initiative_pk}/people/adkar-ratings/": {"get", "post"},
    "/api/v1/o/{org_slug}/initiatives/{initiative_pk}/people/adkar-ratings/{id}/": {
        "get",
        "put",
        "patch",
        "delete",
    },
    "/api/v1/o/{org_slug}/initiatives/{initiative_pk}/people/impact-groups/": {"get", "post"},
    "/api/v1/o/{org_slug}/initiatives/{initiative_pk}/people/impact-groups/{id}/": {
        "get",
        "put",
        "patch",
        "delete",
    },
    "/api/v1/o/{org_slug}/initiatives/{initiative_pk}/people/activities/": {"get", "post"},
    "/api/v1/o/{org_slug}/initiatives/{initiative_pk}/people/activities/{id}/": {
        "get",
        "put",
        "patch",
        "delete",
    },
    "/api/v1/o/{org_slug}/initiatives/{initiative_pk}/people/resistance-responses/": {
        "get",
        "post",
    },
    "/api/v1/o/{org_slug}/initiatives/{initiative_pk}/people/resistance-responses/{id}/": {
        "get",
        "put",
        "patch",
        "delete",
    },
    "/api/v1/o/{org_slug}/initiatives/{initiative_pk}/people/activities/{id}/send-to-plan/": {
        "post"
    },
    "/api/v1/o/{org_slug}/initiatives/{id}/people-summary/": {"get"},
    "/api/v1/o/{org_slug}/skills/skills/": {"get", "post"},
    "/api/v1/o/{org_slug}/skills/skills/{id}/": {"get", "put", "patch", "delete"},
    "/api/v1/o/{org_slug}/skills/roles/": {"get", "post"},
    "/api/v1/o/{org_slug}/skills/roles/{id}/": {"get", "put", "patch", "delete"},
    "/api/v1/o/{org_slug}/skills/staff/": {"get", "post"},
    "/api/v1/o/{org_slug}/skills/staff/{id}/": {"get", "put", "patch", "delete"},
    "/api/v1/o/{org_slug}/skills/assessments/": {"get", "post"},
    "/api/v1/o/{org_slug}/skills/courses/": {"get", "post"},
    "/api/v1/o/{org_slug}/skills/courses/{id}/": {"get", "put", "patch", "delete"},
    "/api/v1/o/{org_slug}/skills/enrolments/": {"get"},
    "/api/v1/o/{org_slug}/skills/enrolments/{id}/": {"get", "patch"},
    "/api/v1/o/{org_slug}/initiatives/{id}/skill-gaps/": {"get"},
    "/api/v1/o/{org_slug}/vendors/registry/": {"get", "post"},
    "/api/v1/o/{org_slug}/vendors/registry/{id}/": {"get", "put", "patch", "delete"},
    "/api/v1/o/{org_slug}/vendors/evaluations/": {"get", "post"},
    "/api/v1/o/{org_slug}/vendors/evaluations/{id}/": {"get", "put", "patch"},
    "/api/v1/o/{org_slug}/vendors/evaluations/{id}/weights/": {"post"},
    "/api/v1/o/{org_slug}/vendors/evaluations/{evaluation_pk}/proposals/": {"get", "post"},
    "/api/v1/o/{org_slug}/vendors/evaluations/{evaluation_pk}/proposals/{id}/": {
        "get",
        "put",
        "patch",
    },
    "/api/v1/o/{org_slug}/vendors/evaluations/{evaluation_pk}/criteria/": {"get", "post"},
    "/api/v1/o/{org_slug}/vendors/evaluations/{evaluation_pk}/criteria/{id}/": {
        "get",
        "put",
        "patch",
        "delete",
    },
    "/api/v1/o/{org_slug}/vendors/evaluations/{evaluation_pk}/panel/": {"get", "post"},
    "/api/v1/o/{org_slug}/vendors/evaluations/{evaluation_pk}/panel/open-proposals/": {"post"},
    "/api/v1/o/{org_slug}/vendors/evaluations/{evaluation_pk}/panel/declarations/": {
        "get",
        "post",
    },
    "/api/v1/o/{org_slug}/vendors/evaluations/{evaluation_pk}/panel/judgments/": {"get", "post"},
    "/api/v1/o/{org_slug}/vendors/evaluations/{evaluation_pk}/panel/submit/": {"post"},
    "/api/v1/o/{org_slug}/vendors/evaluations/{evaluation_pk}/scores/": {"get", "post"},
    "/api/v1/o/{org_slug}/vendors/evaluations/{evaluation_pk}/scores/{id}/": {
        "get",
        "put",
        "patch",
    },
    "/api/v1/o/{org_slug}/vendors/evaluations/{evaluation_pk}/consensus/": {"get", "post"},
    "/api/v1/o/{org_slug}/vendors/evaluations/{evaluation_pk}/consensus/{id}/": {
        "get",
        "put",
        "patch",
    },
}


def test_the_document_is_public_yaml_by_default_and_valid_openapi_3():
    response = APIClient().get(SCHEMA)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")  # YAML
    document = yaml.safe_load(response.content)
    assert document["openapi"].startswith("3.")
    validate_schema(document)
    assert {path: set(ops) - {"parameters"} for path, ops in document["paths"].items()} == (
        EXPECTED_PATHS
    )


def test_json_on_request_and_the_token_scheme_is_documented():
    response = APIClient().get(SCHEMA, {"format": "json"})
    assert response.status_code == 200
    document = json.loads(response.content)
    scheme = document["components"]["securitySchemes"]["apiToken"]
    assert scheme == {**scheme, "type": "apiKey", "in": "header", "name": "Authorization"}
    operation = document["paths"]["/api/v1/o/{org_slug}/initiatives/"]["get"]
    assert {"apiToken": []} in operation["security"]
    assert {p["name"] for p in operation["parameters"]} >= {
        "org_slug",
        "status",
        "department",
        "goal",
        "tag",
        "q",
        "ordering",
        "page",
    }
    status_change = document["paths"]["/api/v1/o/{org_slug}/initiatives/{id}/status/"]["post"]
    assert status_change["operationId"] == "initiatives_change_status"


def test_generation_has_no_warnings_or_errors(tmp_path):
    # The same check as `civicshift manage spectacular --validate --fail-on-warn`.
    target = tmp_path / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/v1/o/{org_slug}/members/" in target.read_text()
