"""The inventory's pages and models, registered with the generic tenancy harness.

Each page module adds its endpoints to the harness of its model (``test_every_harness_has_pages``
fails for a harness without any: it would count the model as covered with nothing tested)."""

from civicshift.cases.services import business_case_create
from civicshift.inventory.forms_initiative import AvoidedCostsForm, LinkForm
from civicshift.inventory.models import (
    Assessment,
    Component,
    InitiativeSystem,
    Integration,
    ReviewRequest,
    RiskAcceptance,
    System,
)
from civicshift.orgs.roles import Role
from civicshift.testing.tenancy import Endpoint, TenancyHarness

from . import factories

pk = lambda obj: {"pk": obj.pk}  # noqa: E731
system_pk = lambda obj: {"pk": obj.system_id}  # noqa: E731
EDITOR = Role.EDITOR

SYSTEM_DATA = lambda org, obj: {  # noqa: E731
    "name": "Cemetery plots",
    "category": "records_management",
    "product_version": "2.1",
    "mfa": "unknown",
    "sso": "unknown",
}
COMPONENT_DATA = lambda org, obj: {"name": "SQL Server 2014", "kind": "database"}  # noqa: E731


def _future(days=90):
    from datetime import timedelta

    from django.utils import timezone

    return (timezone.localdate() + timedelta(days=days)).isoformat()


class TestSystems(TenancyHarness):
    model = System
    endpoints = [
        Endpoint("inventory:list", object_in_url=False),
        Endpoint("inventory:create", role=EDITOR, object_in_url=False),
        Endpoint("inventory:create", "POST", EDITOR, object_in_url=False, data=SYSTEM_DATA),
        Endpoint("inventory:detail", kwargs=pk),
        Endpoint("inventory:edit", role=EDITOR, kwargs=pk),
        Endpoint(
            "inventory:edit",
            "POST",
            EDITOR,
            kwargs=pk,
            data=lambda org, obj: {**SYSTEM_DATA(org, obj), "name": f"{obj.name} (renamed)"},
        ),
        Endpoint("inventory:delete", role=EDITOR, kwargs=pk),
        Endpoint("inventory:delete", "POST", EDITOR, kwargs=pk),
        Endpoint("inventory:mark_reviewed", "POST", EDITOR, kwargs=pk),
        Endpoint("inventory:review_request", role=EDITOR, kwargs=pk),
        Endpoint(
            "inventory:review_request",
            "POST",
            EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"message": "Please check the version."},
        ),
        Endpoint("inventory:reviews", object_in_url=False),
        # The system's owner has never reviewed it: the bulk request reaches them.
        Endpoint(
            "inventory:reviews",
            "POST",
            EDITOR,
            object_in_url=False,
            data=lambda org, obj: {"months": "6"},
        ),
    ]

    def make_object(self, organization, user):
        # Owned by a member (the admin), so review requests can reach the owner and a viewer
        # is not the owner who may mark it reviewed.
        return factories.make_system(organization, user, owner=user, staff_who_know=1)


class TestComponents(TenancyHarness):
    model = Component
    endpoints = [
        Endpoint("inventory:component_list", object_in_url=False),
        Endpoint("inventory:component_create", role=EDITOR, object_in_url=False),
        Endpoint(
            "inventory:component_create",
            "POST",
            EDITOR,
            object_in_url=False,
            data=COMPONENT_DATA,
        ),
        Endpoint("inventory:component_detail", kwargs=pk),
        Endpoint("inventory:component_edit", role=EDITOR, kwargs=pk),
        Endpoint(
            "inventory:component_edit",
            "POST",
            EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"name": f"{obj.name} (renamed)", "kind": "os"},
        ),
        Endpoint("inventory:component_delete", role=EDITOR, kwargs=pk),
        Endpoint("inventory:component_delete", "POST", EDITOR, kwargs=pk),
    ]

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


def _assessment_ids(assessment):
    return {"pk": assessment.system_id, "assessment_pk": assessment.pk}


class TestAssessments(TenancyHarness):
    model = Assessment
    endpoints = [
        Endpoint("inventory:assess", role=EDITOR, kwargs=system_pk),
        Endpoint(
            "inventory:assess",
            "POST",
            EDITOR,
            kwargs=system_pk,
            data=lambda org, obj: {"business_importance": "4", "age": "2"},
        ),
        Endpoint("inventory:assessment_edit", role=EDITOR, kwargs=_assessment_ids),
        Endpoint(
            "inventory:assessment_edit",
            "POST",
            EDITOR,
            kwargs=_assessment_ids,
            data=lambda org, obj: {
                "business_importance": "2",
                "age": "5",
                "assessed_on": obj.assessed_on.isoformat(),
                "version": obj.version,
            },
        ),
        Endpoint("inventory:assessment_delete", role=EDITOR, kwargs=_assessment_ids),
        Endpoint("inventory:assessment_delete", "POST", EDITOR, kwargs=_assessment_ids),
    ]

    def make_object(self, organization, user):
        return factories.make_assessment(organization, user)


class TestRiskAcceptances(TenancyHarness):
    model = RiskAcceptance
    endpoints = [
        Endpoint("inventory:risk_accept", role=EDITOR, kwargs=system_pk),
        Endpoint(
            "inventory:risk_accept",
            "POST",
            EDITOR,
            kwargs=system_pk,
            data=lambda org, obj: {
                "flag": "no_tested_backup",
                "accepted_by_name": "Dana Reyes, City Manager",
                "until": _future(),
                "rationale": "Backup appliance arrives next quarter.",
            },
        ),
        Endpoint(
            "inventory:risk_withdraw",
            role=EDITOR,
            kwargs=lambda a: {"pk": a.system_id, "acceptance_pk": a.pk},
        ),
        Endpoint(
            "inventory:risk_withdraw",
            "POST",
            EDITOR,
            kwargs=lambda a: {"pk": a.system_id, "acceptance_pk": a.pk},
        ),
    ]

    def make_object(self, organization, user):
        return factories.make_acceptance(organization, user)


class TestReviewRequests(TenancyHarness):
    model = ReviewRequest
    endpoints = [
        # The open requests are listed there (the signed-in user's first) and on the system.
        Endpoint("inventory:reviews", object_in_url=False),
        Endpoint("inventory:detail", kwargs=system_pk),
        Endpoint("inventory:mark_reviewed", "POST", EDITOR, kwargs=system_pk),
    ]

    def make_object(self, organization, user):
        return factories.make_review_request(organization, user)


def test_every_harness_has_pages():
    """A harness registers a model as covered: each of the inventory's must test pages."""
    from civicshift.testing.introspection import load_all_harnesses
    from civicshift.testing.tenancy import REGISTRY

    load_all_harnesses()
    mine = [h for h in REGISTRY if h.__module__.startswith("civicshift.inventory.")]
    assert len(mine) >= 10
    assert [h.__name__ for h in mine if not h.endpoints] == []
