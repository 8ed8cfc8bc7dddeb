"""The inventory's pages and models, registered with the generic tenancy harness.

Each page module adds its endpoints to the harness of its model; a harness here without
endpoints yet is filled in by the page that shows the model (``test_every_harness_has_pages``
in this module fails until every one has)."""

from civicshift.audit.services import audited_create
from civicshift.cases.services import business_case_create
from civicshift.inventory.forms_initiative import AvoidedCostsForm, LinkForm
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


def _link_ids(link):
    return {"pk": link.initiative_id, "link": link.pk}


def _avoided_costs_data(organization, link):
    option = link.initiative.business_case.options.get()
    return {
        "option": option.pk,
        "parts": ["maintenance"],
        "first_period": 2,
        "last_period": 5,
        "add": "1",
    }


class TestInitiativeSystems(TenancyHarness):
    model = InitiativeSystem
    endpoints = [
        Endpoint("inventory:initiative_systems", kwargs=lambda link: {"pk": link.initiative_id}),
        Endpoint(
            "inventory:initiative_link",
            method="POST",
            role=Role.EDITOR,
            kwargs=lambda link: {"pk": link.initiative_id},
            data=lambda org, link: {"system": link.spare_system.pk, "relation": "integrates"},
            form=LinkForm,
        ),
        Endpoint("inventory:initiative_unlink", method="POST", role=Role.EDITOR, kwargs=_link_ids),
        Endpoint("inventory:avoided_costs", role=Role.EDITOR, kwargs=_link_ids),
        Endpoint(
            "inventory:avoided_costs",
            method="POST",
            role=Role.EDITOR,
            kwargs=_link_ids,
            data=_avoided_costs_data,
            form=AvoidedCostsForm,
        ),
    ]

    def make_object(self, organization, user):
        """A system with running costs, retired by an initiative with a business case."""
        system = factories.make_system(organization, user, cost_maintenance=30000)
        link = factories.make_link(organization, user, system=system)
        business_case_create(
            actor=user, initiative=link.initiative, start_year=2027, horizon_years=5
        )
        link.spare_system = factories.make_system(organization, user)  # to link in a POST
        return link


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
