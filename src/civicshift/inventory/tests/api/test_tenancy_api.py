"""The inventory API endpoints, registered with the generic tenancy harness.

Anonymous → 401/403; a member of another organization → 404, also with this organization's
ids in their own organization's address; roles below the endpoint's role → 403 with nothing
written; the endpoint's role succeeds and writes are audited; ids of another organization's
systems, departments, owners in the body → 400 on that field."""

from civicshift.inventory.models import Assessment, Component, Integration, System
from civicshift.orgs.roles import Role
from civicshift.testing.tenancy import TenancyHarness, api_endpoint

from .. import factories

api = api_endpoint
EDITOR = Role.EDITOR
pk = lambda obj: {"pk": obj.pk}  # noqa: E731


class TestSystemApi(TenancyHarness):
    model = System
    endpoints = [
        api("api:inventory-system-list", object_in_url=False),
        api(
            "api:inventory-system-list",
            "POST",
            EDITOR,
            object_in_url=False,
            data=lambda org, obj: {
                "name": "Parking tickets",
                "category": "courts",
                "regulated_data": ["payment_card"],
            },
        ),
        api("api:inventory-system-detail", kwargs=pk),
        api(
            "api:inventory-system-detail",
            "PATCH",
            EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"vendor": "Tyler", "product_version": "2019.1"},
        ),
        api(
            "api:inventory-system-detail",
            "PUT",
            EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"name": f"{obj.name} (renamed)", "category": "gis"},
        ),
        api("api:inventory-system-detail", "DELETE", EDITOR, kwargs=pk),
    ]

    def make_object(self, organization, user):
        return factories.make_system(organization, user, owner=user)


class TestComponentApi(TenancyHarness):
    model = Component
    endpoints = [
        api("api:inventory-component-list", object_in_url=False),
        api(
            "api:inventory-component-list",
            "POST",
            EDITOR,
            object_in_url=False,
            data=lambda org, obj: {"name": "IBM i 7.1", "kind": "os"},
        ),
        api("api:inventory-component-detail", kwargs=pk),
        api(
            "api:inventory-component-detail",
            "PATCH",
            EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"support_extended_end": "2024-04-30"},
        ),
        api("api:inventory-component-detail", "DELETE", EDITOR, kwargs=pk),
    ]

    def make_object(self, organization, user):
        return factories.make_component(organization, user)


class TestIntegrationApi(TenancyHarness):
    model = Integration
    endpoints = [
        api("api:inventory-integration-list", object_in_url=False),
        api(
            "api:inventory-integration-list",
            "POST",
            EDITOR,
            object_in_url=False,
            data=lambda org, obj: {
                "source": obj.source_id,
                "target": obj.target_id,
                "method": "api",
                "direction": "two_way",
            },
        ),
        api("api:inventory-integration-detail", kwargs=pk),
        api(
            "api:inventory-integration-detail",
            "PATCH",
            EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"frequency": "daily"},
        ),
        api("api:inventory-integration-detail", "DELETE", EDITOR, kwargs=pk),
    ]

    def make_object(self, organization, user):
        return factories.make_integration(organization, user)


def _assessment_ids(assessment):
    return {"system_pk": assessment.system_id, "pk": assessment.pk}


class TestAssessmentApi(TenancyHarness):
    model = Assessment
    endpoints = [
        api("api:inventory-assessment-list", kwargs=lambda a: {"system_pk": a.system_id}),
        api(
            "api:inventory-assessment-list",
            "POST",
            EDITOR,
            kwargs=lambda a: {"system_pk": a.system_id},
            data=lambda org, obj: {"answers": {"business_importance": 5, "age": 1}},
        ),
        api("api:inventory-assessment-detail", kwargs=_assessment_ids),
        api(
            "api:inventory-assessment-detail",
            "PATCH",
            EDITOR,
            kwargs=_assessment_ids,
            data=lambda org, obj: {"notes": "Checked with the clerks"},
        ),
        api("api:inventory-assessment-detail", "DELETE", EDITOR, kwargs=_assessment_ids),
    ]

    def make_object(self, organization, user):
        return factories.make_assessment(organization, user)
