"""The funding mix pages and API, registered with the generic tenancy harness: another
organization's initiative or line is 404 through either address, a viewer reads but cannot
write, and every write is audited."""

from civicshift.funding.models import FundingMixLine
from civicshift.orgs.roles import Role
from civicshift.testing.tenancy import Endpoint, TenancyHarness, api_endpoint

from .mix_factories import make_mix_line

EDITOR = Role.EDITOR
in_initiative = lambda obj: {"pk": obj.initiative_id}  # noqa: E731
line_kwargs = lambda obj: {"pk": obj.initiative_id, "line": obj.pk}  # noqa: E731
api_list = lambda obj: {"initiative_pk": obj.initiative_id}  # noqa: E731
api_detail = lambda obj: {"initiative_pk": obj.initiative_id, "pk": obj.pk}  # noqa: E731

LINE = {
    "fiscal_year": "2028",
    "kind": "capital_budget",
    "name": "Capital plan 27-04",
    "amount": "20000",
    "status": "requested",
    "notes": "",
}
LINE_DATA = lambda org, obj: LINE  # noqa: E731
EDIT_DATA = lambda org, obj: {**LINE, "version": obj.version}  # noqa: E731
CALCULATION = {
    "kind": "lease",
    "amount": "30000",
    "rate_percent": "5",
    "years": "2",
    "payments_per_year": "12",
    "in_advance": "on",
    "issuance_cost_percent": "0",
    "add-first_fiscal_year": "2028",
    "add-kind": "lease",
    "add-name": "Equipment lease",
    "add-status": "planned",
}


class TestFundingMix(TenancyHarness):
    model = FundingMixLine
    endpoints = [
        Endpoint("funding:mix", kwargs=in_initiative),
        Endpoint("funding:mix_line_create", role=EDITOR, kwargs=in_initiative),
        Endpoint("funding:mix_line_create", "POST", EDITOR, kwargs=in_initiative, data=LINE_DATA),
        Endpoint("funding:mix_line_edit", role=EDITOR, kwargs=line_kwargs),
        Endpoint("funding:mix_line_edit", "POST", EDITOR, kwargs=line_kwargs, data=EDIT_DATA),
        Endpoint("funding:mix_line_delete", role=EDITOR, kwargs=line_kwargs),
        Endpoint("funding:mix_line_delete", "POST", EDITOR, kwargs=line_kwargs),
        Endpoint("funding:mix_calculator", kwargs=in_initiative),
        Endpoint(
            "funding:mix_calculator_add",
            "POST",
            EDITOR,
            kwargs=in_initiative,
            data=lambda org, obj: CALCULATION,
        ),
        api_endpoint("api:funding-mix-line-list", kwargs=api_list),
        api_endpoint(
            "api:funding-mix-line-list",
            "POST",
            EDITOR,
            kwargs=api_list,
            data=lambda org, obj: {**LINE, "fiscal_year": 2028},
        ),
        api_endpoint("api:funding-mix-line-detail", kwargs=api_detail),
        api_endpoint(
            "api:funding-mix-line-detail",
            "PATCH",
            EDITOR,
            kwargs=api_detail,
            data=lambda org, obj: {"amount": "175000"},
        ),
        api_endpoint(
            "api:funding-mix-line-detail",
            "PUT",
            EDITOR,
            kwargs=api_detail,
            data=lambda org, obj: {**LINE, "fiscal_year": 2029},
        ),
        api_endpoint("api:funding-mix-line-detail", "DELETE", EDITOR, kwargs=api_detail),
        api_endpoint("api:funding-initiative-mix", kwargs=in_initiative),
        api_endpoint(
            "api:funding-financing",
            "POST",
            object_in_url=False,
            audited=False,
            data=lambda org, obj: {"kind": "loan", "amount": "5000", "rate": "0.09", "years": 5},
        ),
    ]

    def make_object(self, organization, user):
        return make_mix_line(organization, user)
