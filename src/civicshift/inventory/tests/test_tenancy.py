"""The inventory's pages and models, registered with the generic tenancy harness.

Each page module adds its endpoints to the harness of its model; a harness here without
endpoints yet is filled in by the page that shows the model (``test_every_harness_has_pages``
in this module fails until every one has)."""

from civicshift.audit.services import audited_create
from civicshift.inventory.models import (
    Assessment,
    Component,
    ImportMapping,
    InitiativeSystem,
    Integration,
    ReviewRequest,
    RiskAcceptance,
    System,
)
from civicshift.orgs.roles import Role
from civicshift.testing.tenancy import Endpoint, TenancyHarness

from . import factories


class TestSystems(TenancyHarness):
    model = System
    endpoints: list[Endpoint] = []

    def make_object(self, organization, user):
        return factories.make_system(organization, user)


class TestComponents(TenancyHarness):
    model = Component
    endpoints: list[Endpoint] = []

    def make_object(self, organization, user):
        return factories.make_component(organization, user)


def _interface_data(org, obj):
    """A valid interface form: the object's own two systems, the other way round."""
    return {
        "source": obj.target_id,
        "target": obj.source_id,
        "direction": "two_way",
        "method": "api",
        "frequency": "daily",
        "data_exchanged": "Parcel numbers",
        "version": obj.version,
    }


class TestIntegrations(TenancyHarness):
    model = Integration
    endpoints: list[Endpoint] = [
        Endpoint("inventory:integrations", object_in_url=False),
        Endpoint("inventory:integration_create", role=Role.EDITOR, object_in_url=False),
        Endpoint(
            "inventory:integration_create",
            method="POST",
            role=Role.EDITOR,
            object_in_url=False,
            data=_interface_data,
        ),
        Endpoint("inventory:integration_edit", role=Role.EDITOR, kwargs=lambda i: {"pk": i.pk}),
        Endpoint(
            "inventory:integration_edit",
            method="POST",
            role=Role.EDITOR,
            kwargs=lambda i: {"pk": i.pk},
            data=_interface_data,
        ),
        Endpoint("inventory:integration_delete", role=Role.EDITOR, kwargs=lambda i: {"pk": i.pk}),
        Endpoint(
            "inventory:integration_delete",
            method="POST",
            role=Role.EDITOR,
            kwargs=lambda i: {"pk": i.pk},
        ),
    ]

    def make_object(self, organization, user):
        return factories.make_integration(organization, user)


class TestInitiativeSystems(TenancyHarness):
    model = InitiativeSystem
    endpoints = [
        Endpoint("inventory:initiative_systems", kwargs=lambda link: {"pk": link.initiative_id}),
    ]

    def make_object(self, organization, user):
        return factories.make_link(organization, user)


class TestAssessments(TenancyHarness):
    model = Assessment
    endpoints: list[Endpoint] = []

    def make_object(self, organization, user):
        return factories.make_assessment(organization, user)


class TestRiskAcceptances(TenancyHarness):
    model = RiskAcceptance
    endpoints: list[Endpoint] = []

    def make_object(self, organization, user):
        return factories.make_acceptance(organization, user)


class TestReviewRequests(TenancyHarness):
    model = ReviewRequest
    endpoints: list[Endpoint] = []

    def make_object(self, organization, user):
        return factories.make_review_request(organization, user)


class TestImportMappings(TenancyHarness):
    model = ImportMapping
    endpoints: list[Endpoint] = []

    def make_object(self, organization, user):
        return audited_create(
            actor=user,
            model=ImportMapping,
            organization=organization,
            name="Town spreadsheet",
            headers=["system name"],
            signature="0" * 64,
            mapping={"system name": "name"},
        )
