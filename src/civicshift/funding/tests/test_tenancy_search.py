"""The alignment statement page, registered with the tenancy harness: the object is an
initiative, and the notice in the query string is the organization's own."""

from civicshift.initiatives.models import Initiative
from civicshift.testing.tenancy import Endpoint, TenancyHarness

from .test_tenancy import ONE_PROGRAM


class TestAlignmentTenancy(TenancyHarness):
    model = Initiative
    endpoints = [Endpoint("funding:alignment", kwargs=lambda obj: {"pk": obj.pk})]

    def make_object(self, organization, user):
        from civicshift.funding.services_import import funding_import
        from civicshift.initiatives.services import initiative_create

        funding_import(
            actor=user, source=ONE_PROGRAM.encode(), name="state.csv", organization=organization
        )
        return initiative_create(actor=user, organization=organization, title="Backups")
