"""The vendors API, registered with the generic tenancy harness (read-only endpoints)."""

from civicshift.testing.tenancy import TenancyHarness, api_endpoint
from civicshift.vendors import services_panel
from civicshift.vendors.models import Evaluation, Vendor

from .. import factories

pk = lambda obj: {"pk": obj.pk}  # noqa: E731


class TestVendorApi(TenancyHarness):
    model = Vendor
    endpoints = [
        api_endpoint("api:vendors-vendor-list", object_in_url=False),
        api_endpoint("api:vendors-vendor-detail", kwargs=pk),
    ]

    def make_object(self, organization, user):
        return factories.make_vendor(organization, user)


class TestEvaluationApi(TenancyHarness):
    model = Evaluation
    endpoints = [
        api_endpoint("api:vendors-evaluation-list", object_in_url=False),
        api_endpoint("api:vendors-evaluation-detail", kwargs=pk),
        api_endpoint("api:vendors-evaluation-scores", kwargs=pk),
    ]

    def make_object(self, organization, user):
        evaluation = factories.make_evaluation(organization, user)
        for u in (user, *factories.evaluators_of(organization)):
            services_panel.panel_member_add(actor=user, evaluation=evaluation, user=u)
        return evaluation
