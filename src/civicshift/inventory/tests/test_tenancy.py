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


class TestIntegrations(TenancyHarness):
    model = Integration
    endpoints: list[Endpoint] = []

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
