"""The map, the dashboard and the impact page, registered with the generic tenancy harness
(the integrations list and forms are in test_tenancy.py's TestIntegrations)."""

from civicshift.inventory.models import System
from civicshift.testing.tenancy import Endpoint, TenancyHarness

from . import factories


class TestInventoryOverviewPages(TenancyHarness):
    """Pages of the whole inventory, with no object in their address."""

    model = None
    endpoints = [
        Endpoint("inventory:dashboard", object_in_url=False),
        Endpoint("inventory:map", object_in_url=False),
    ]


class TestImpactPages(TenancyHarness):
    model = System
    endpoints = [Endpoint("inventory:impact", kwargs=lambda system: {"pk": system.pk})]

    def make_object(self, organization, user):
        system = factories.make_system(organization, user)
        # An interface, so the page draws a neighbourhood and lists a dependent.
        factories.make_integration(organization, user, source=system)
        return system
