"""The inventory API: the evaluation in each answer, filters, writes through the services,
bad input naming the field, ETag and If-Match."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from civicshift.audit.models import AuditEvent
from civicshift.inventory.models import Assessment, System
from civicshift.orgs.roles import Role

from .. import factories

pytestmark = pytest.mark.django_db


def api_url(name, org, **kwargs):
    return reverse(f"api:inventory-{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture
def editor(users):
    return users[Role.EDITOR]


def test_retrieve_carries_the_evaluation(org, editor, viewer_api):
    system = factories.make_system(
        org,
        editor,
        name="Financials",
        cost_licence=Decimal(10000),
        staff_fte=Decimal("0.5"),
        staff_loaded_cost=Decimal(80000),
        regulated_data=["federal_tax"],
        mfa="none",
    )
    factories.make_component(
        org,
        editor,
        name="IBM i 7.1",
        support_mainstream_end=date(2018, 4, 30),
        support_extended_end=date(2024, 4, 30),
        systems=[system],
    )
    factories.make_assessment(
        org, editor, system=system, answers={"business_importance": 5, "vendor_support": 1}
    )
    response = viewer_api.get(api_url("system-detail", org, pk=system.pk))
    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    evaluation = response.json()["evaluation"]
    # The example: an AS/400 on IBM i 7.1 is "past extended support (2024-04-30)".
    assert evaluation["support"]["phrase"] == "past extended support (2024-04-30)"
    assert evaluation["support"]["source"] == "IBM i 7.1"
    assert evaluation["support"]["state"] == "past_support"
    # 10,000 + 0.5 × 80,000 = 50,000.
    assert evaluation["annual_cost"] == "50000.00"
    assert evaluation["cost_parts"]["staff"] == "40000.00"
    assert evaluation["disposition"] == "migrate"  # value 5, condition 1 (Gartner TIME)
    parts = evaluation["priority"]["parts"]
    assert evaluation["priority"]["score"] == pytest.approx(sum(parts.values()))
    # Condition 1 → the full 35 points; value 5 → the full 25 (core.inventory docstring).
    assert parts["condition"] == pytest.approx(35.0)
    assert parts["value"] == pytest.approx(25.0)
    keys = {f["key"] for f in evaluation["flags"]}
    assert {"past_support", "unsupported_os", "regulated_without_mfa"} <= keys


def test_list_filters_on_computed_figures(org, editor, viewer_api):
    old = factories.make_system(org, editor, name="Old", support_extended_end=date(2020, 1, 1))
    factories.make_system(org, editor, name="New", support_extended_end=date(2099, 1, 1))
    response = viewer_api.get(api_url("system-list", org), {"support": "past_support"})
    assert response.status_code == 200
    body = response.json()
    assert [s["id"] for s in body["results"]] == [old.pk]
    assert body["count"] == 1
    response = viewer_api.get(api_url("system-list", org), {"ordering": "-support", "q": ""})
    assert [s["name"] for s in response.json()["results"]] == ["Old", "New"]
    response = viewer_api.get(api_url("system-list", org), {"support": "nonsense"})
    assert response.status_code == 400 and "support" in response.json()


def test_create_with_dates_out_of_order_names_the_field(org, editor_api):
    response = editor_api.post(
        api_url("system-list", org),
        {
            "name": "Permits",
            "support_mainstream_end": "2030-01-01",
            "support_extended_end": "2025-01-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "support_extended_end" in response.json()
    assert not System.objects.exists()


def test_create_through_the_service_is_audited(org, editor_api):
    before = AuditEvent.objects.count()
    response = editor_api.post(
        api_url("system-list", org),
        {"name": "Permits", "regulated_data": ["pii"], "product_version": "7.3"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    system = System.objects.get()
    assert system.product_version == "7.3" and system.regulated_data == ["pii"]
    assert AuditEvent.objects.count() == before + 1
    assert response.json()["evaluation"]["flags"][0]["key"] == "regulated_without_mfa"


def test_a_stale_if_match_is_refused(org, editor, editor_api):
    system = factories.make_system(org, editor)
    url = api_url("system-detail", org, pk=system.pk)
    assert (
        editor_api.patch(url, {"vendor": "A"}, format="json", HTTP_IF_MATCH='"1"').status_code
        == 200
    )
    response = editor_api.patch(url, {"vendor": "B"}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 412
    system.refresh_from_db()
    assert system.vendor == "A" and system.version == 2


def test_integration_to_itself_is_refused_on_target(org, editor, editor_api):
    system = factories.make_system(org, editor)
    response = editor_api.post(
        api_url("integration-list", org),
        {"source": system.pk, "target": system.pk, "method": "api"},
        format="json",
    )
    assert response.status_code == 400 and "target" in response.json()


def test_assessment_create_returns_the_result_and_keeps_history(org, editor, editor_api):
    system = factories.make_system(org, editor)
    url = api_url("assessment-list", org, system_pk=system.pk)
    first = editor_api.post(url, {"answers": {"business_importance": 1}}, format="json")
    assert first.status_code == 201
    response = editor_api.post(
        url,
        {"answers": {"business_importance": 4, "vendor_support": 4}, "notes": "second"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["result"] == {"value": 4.0, "condition": 4.0, "disposition": "invest"}
    assert Assessment.objects.filter(system=system).count() == 2
    listed = editor_api.get(url).json()["results"]
    assert [a["notes"] for a in listed] == ["second", ""]


@pytest.mark.parametrize(
    ("answers", "message"),
    [({"not_a_question": 3}, "not a question"), ({"age": 9}, "")],
)
def test_assessment_bad_answers_name_the_field(org, editor, editor_api, answers, message):
    system = factories.make_system(org, editor)
    response = editor_api.post(
        api_url("assessment-list", org, system_pk=system.pk), {"answers": answers}, format="json"
    )
    assert response.status_code == 400
    assert "answers" in response.json()
    assert message in str(response.json()["answers"])
    assert not Assessment.objects.exists()


def test_assessment_patch_corrects_answers_with_if_match_and_delete_removes_it(
    org, editor, editor_api
):
    assessment = factories.make_assessment(
        org, editor, answers={"business_importance": 4, "vendor_support": 2}
    )
    url = api_url("assessment-detail", org, system_pk=assessment.system_id, pk=assessment.pk)
    read = editor_api.get(url)
    assert read.status_code == 200 and read["ETag"] == '"1"'
    # Gartner's TIME split at 3: value 4 with condition 4 is "invest".
    response = editor_api.patch(
        url,
        {"answers": {"business_importance": 4, "vendor_support": 4}},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 200, response.content
    assert response.json()["result"]["disposition"] == "invest"
    stale = editor_api.patch(url, {"notes": "late"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    bad = editor_api.patch(url, {"answers": {"age": 9}}, format="json")
    assert bad.status_code == 400 and "answers" in bad.json()
    assert editor_api.delete(url).status_code == 204
    assert not Assessment.objects.filter(pk=assessment.pk).exists()
    assert AuditEvent.objects.filter(action="delete", object_pk=str(assessment.pk)).exists()
