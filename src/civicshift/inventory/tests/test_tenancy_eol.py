"""The endoflife.date pages, registered with the generic tenancy harness (a system and a
component whose product the catalogue knows, so suggesting and confirming really write)."""

from civicshift.inventory import services_eol
from civicshift.inventory.models import Component, System
from civicshift.orgs.roles import Role
from civicshift.testing.tenancy import Endpoint, TenancyHarness

from . import factories

WINDOWS = {"product": "windows-server", "cycle": "2012-r2"}


class TestSystemsEol(TenancyHarness):
    model = System
    endpoints = [
        Endpoint("inventory:eol_review", object_in_url=False),
        Endpoint("inventory:eol_suggest_all", method="POST", role=Role.EDITOR, object_in_url=False),
        Endpoint("inventory:eol_system", kwargs=lambda s: {"pk": s.pk}),
        Endpoint(
            "inventory:eol_system_confirm",
            method="POST",
            role=Role.EDITOR,
            kwargs=lambda s: {"pk": s.pk},
            data=lambda org, s: WINDOWS,
        ),
        Endpoint(
            "inventory:eol_system_reject",
            method="POST",
            role=Role.EDITOR,
            kwargs=lambda s: {"pk": s.pk},
            data=lambda org, s: WINDOWS,
        ),
    ]

    def make_object(self, organization, user):
        return factories.make_system(
            organization,
            user,
            vendor="Microsoft",
            product="Windows Server",
            product_version="2012 R2",
        )


class TestSuggestedSystemsEol(TenancyHarness):
    """Systems with a stored suggestion, which the review list confirms in one go."""

    model = System
    endpoints = [
        Endpoint(
            "inventory:eol_confirm_many",
            method="POST",
            role=Role.EDITOR,
            object_in_url=False,
            data=lambda org, s: {"choice": [f"system:{s.pk}"]},
        ),
    ]

    def make_object(self, organization, user):
        system = factories.make_system(organization, user, product="IBM i", product_version="7.3")
        return services_eol.eol_suggest(system, actor=user)


class TestComponentsEol(TenancyHarness):
    model = Component
    endpoints = [
        Endpoint("inventory:eol_component", kwargs=lambda c: {"pk": c.pk}),
        Endpoint(
            "inventory:eol_component_confirm",
            method="POST",
            role=Role.EDITOR,
            kwargs=lambda c: {"pk": c.pk},
            data=lambda org, c: WINDOWS,
        ),
        Endpoint(
            "inventory:eol_component_reject",
            method="POST",
            role=Role.EDITOR,
            kwargs=lambda c: {"pk": c.pk},
            data=lambda org, c: WINDOWS,
        ),
    ]

    def make_object(self, organization, user):
        return factories.make_component(organization, user, product="Windows Server 2012 R2")
