from civicshift.testing.tenancy import Endpoint, TenancyHarness


class TestHistoryPages(TenancyHarness):
    model = None
    endpoints = [Endpoint("audit:org_history", object_in_url=False)]
