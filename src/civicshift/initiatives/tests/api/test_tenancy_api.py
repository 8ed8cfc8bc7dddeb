"""The initiatives API, registered with the generic tenancy harness."""

import itertools

from civicshift.initiatives import services as initiative_services
from civicshift.initiatives.models import Initiative
from civicshift.orgs.roles import Role
from civicshift.testing.tenancy import TenancyHarness, api_endpoint

_n = itertools.count(1)
pk = lambda obj: {"pk": obj.pk}  # noqa: E731


api = api_endpoint


class TestInitiativeApi(TenancyHarness):
    model = Initiative
    endpoints = [
        api("api:initiative-list", object_in_url=False),
        api(
            "api:initiative-list",
            "POST",
            Role.EDITOR,
            object_in_url=False,
            data=lambda org, obj: {"title": "Smart water meters", "tags": ["water", "AMI"]},
        ),
        api("api:initiative-detail", kwargs=pk),
        api(
            "api:initiative-detail",
            "PUT",
            Role.EDITOR,
            kwargs=pk,
            data=lambda org, obj: {
                "title": obj.title + " (phase 2)",
                "cost_low": "1000",
                "cost_high": "2000",
            },
        ),
        api(
            "api:initiative-detail",
            "PATCH",
            Role.EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"problem_statement": "Paper forms take weeks."},
        ),
        api(
            "api:initiative-status",
            "POST",
            Role.EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"to_status": "proposed", "reason": "Ready for council"},
        ),
        api("api:initiative-detail", "DELETE", Role.EDITOR, kwargs=pk),
    ]

    def make_object(self, organization, user):
        return initiative_services.initiative_create(
            actor=user, organization=organization, title=f"Online permitting {next(_n)}"
        )
