from civicshift.initiatives import services
from civicshift.initiatives.models import Initiative
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member
from civicshift.testing.tenancy import Endpoint, TenancyHarness

pk = lambda obj: {"pk": obj.pk}  # noqa: E731


class TestInitiativePages(TenancyHarness):
    model = Initiative
    endpoints = [
        Endpoint("initiatives:list", object_in_url=False),
        Endpoint("initiatives:create", role=Role.EDITOR, object_in_url=False),
        Endpoint(
            "initiatives:create",
            method="POST",
            role=Role.EDITOR,
            object_in_url=False,
            data=lambda org, obj: {"title": "Smart water meters", "tag_names": "water, AMI"},
        ),
        Endpoint("initiatives:detail", kwargs=pk),
        Endpoint(
            "initiatives:module", kwargs=lambda obj: {"pk": obj.pk, "module": "business-case"}
        ),
        Endpoint("initiatives:edit", role=Role.EDITOR, kwargs=pk),
        Endpoint(
            "initiatives:edit",
            method="POST",
            role=Role.EDITOR,
            kwargs=pk,
            data=lambda org, obj: {
                "title": obj.title + " (phase 2)",
                "cost_low": "1000",
                "cost_high": "2000",
            },
        ),
        Endpoint(
            "initiatives:status",
            method="POST",
            role=Role.EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"to_status": "proposed", "reason": "Ready"},
        ),
        Endpoint("initiatives:delete", role=Role.EDITOR, kwargs=pk),
        Endpoint("initiatives:delete", method="POST", role=Role.EDITOR, kwargs=pk),
    ]

    def make_object(self, organization, user):
        # Owned by a member without a name, so the pages that name the owner are checked for
        # e-mail addresses (testing/sensitive.py).
        owner = make_member(organization, Role.EDITOR)
        return services.initiative_create(
            actor=user, organization=organization, title="Online permitting", owner=owner
        )
