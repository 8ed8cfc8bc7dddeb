"""The portfolio roll-up's page, its xlsx and its API endpoint, registered with the generic
tenancy harness (read-only: a viewer reads them; another organization's member gets 404)."""

import itertools

from civicshift.cases import services
from civicshift.cases.models import BusinessCase
from civicshift.initiatives.services import initiative_create
from civicshift.testing.tenancy import Endpoint, TenancyHarness, api_endpoint

_n = itertools.count(1)


def make_recommended_case(organization, user) -> BusinessCase:
    initiative = initiative_create(
        actor=user, organization=organization, title=f"Permits {next(_n)}"
    )
    case = services.business_case_create(
        actor=user, initiative=initiative, start_year=2027, horizon_years=5
    )
    option = case.options.get()
    services.line_create(
        actor=user,
        option=option,
        name="Subscription",
        kind="cost",
        category="subscription",
        likely=1000,
        first_period=1,
        last_period=3,
    )
    return services.business_case_update(actor=user, case=case, recommended_option=option)


class TestPortfolioPages(TenancyHarness):
    model = BusinessCase
    endpoints = [
        Endpoint("portfolio:table", object_in_url=False),
        Endpoint("portfolio:xlsx", object_in_url=False),
        api_endpoint("api:portfolio", object_in_url=False),
    ]

    def make_object(self, organization, user):
        return make_recommended_case(organization, user)
