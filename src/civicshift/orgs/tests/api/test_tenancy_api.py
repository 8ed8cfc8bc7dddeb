"""Every organization-scoped API endpoint, registered with the generic tenancy harness.

The harness checks each one: anonymous → 401/403, a member of another organization → 404 (also
with this organization's ids in their own organization's address), roles below the endpoint's
role → 403 with nothing written, and the endpoint's role succeeds with an audit record.
"""

import itertools

from civicshift.orgs import services
from civicshift.orgs.models import Department, Invitation, Membership, StrategicGoal
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member
from civicshift.testing.tenancy import TenancyHarness, api_endpoint

_n = itertools.count(1)
pk = lambda obj: {"pk": obj.pk}  # noqa: E731


api = api_endpoint


class TestOrganizationApi(TenancyHarness):
    model = None
    endpoints = [
        api("api:organization-detail", object_in_url=False),
        api(
            "api:organization-detail",
            "PATCH",
            Role.ADMIN,
            object_in_url=False,
            data=lambda org, obj: {"name": org.name + " (renamed)", "population": 12000},
        ),
        api(
            "api:organization-detail",
            "PUT",
            Role.ADMIN,
            object_in_url=False,
            data=lambda org, obj: {
                "name": org.name + " (again)",
                "kind": "town",
                "fiscal_year_start_month": 1,
                "currency": "USD",
                "discount_rate": "0.0250",
            },
        ),
    ]


class TestDepartmentApi(TenancyHarness):
    model = Department
    endpoints = [
        api("api:department-list", object_in_url=False),
        api(
            "api:department-list",
            "POST",
            Role.EDITOR,
            object_in_url=False,
            data=lambda org, obj: {"name": f"Parks {obj.pk}", "code": "PK"},
        ),
        api("api:department-detail", kwargs=pk),
        api(
            "api:department-detail",
            "PUT",
            Role.EDITOR,
            kwargs=pk,
            data=lambda org, obj: {
                "name": obj.name + " and Recreation",
                "code": "PR",
                "head": "Dana Ortiz",
            },
        ),
        api(
            "api:department-detail",
            "PATCH",
            Role.EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"head": "Sam Lee"},
        ),
        api("api:department-detail", "DELETE", Role.EDITOR, kwargs=pk),
    ]

    def make_object(self, organization, user):
        return services.department_create(
            actor=user, organization=organization, name=f"Department {next(_n)}"
        )


class TestGoalApi(TenancyHarness):
    model = StrategicGoal
    endpoints = [
        api("api:goal-list", object_in_url=False),
        api(
            "api:goal-list",
            "POST",
            Role.EDITOR,
            object_in_url=False,
            data=lambda org, obj: {"code": f"N{obj.pk}", "statement": "Safe streets"},
        ),
        api("api:goal-detail", kwargs=pk),
        api(
            "api:goal-detail",
            "PUT",
            Role.EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"code": obj.code, "statement": "Changed", "position": 2},
        ),
        api(
            "api:goal-detail",
            "PATCH",
            Role.EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"description": "Adopted by council in 2025."},
        ),
        api("api:goal-detail", "DELETE", Role.EDITOR, kwargs=pk),
    ]

    def make_object(self, organization, user):
        n = next(_n)
        return services.goal_create(
            actor=user, organization=organization, code=f"G{n}", statement=f"Goal {n}"
        )


class TestMemberApi(TenancyHarness):
    model = Membership
    endpoints = [
        api("api:member-list", role=Role.ADMIN, object_in_url=False),
        api("api:member-detail", role=Role.ADMIN, kwargs=pk),
        api(
            "api:member-detail",
            "PATCH",
            Role.ADMIN,
            kwargs=pk,
            data=lambda org, obj: {"role": "editor"},
        ),
        api("api:member-detail", "DELETE", Role.ADMIN, kwargs=pk),
    ]

    def make_object(self, organization, user):
        member = make_member(organization, Role.VIEWER)
        return Membership.objects.for_org(organization).get(user=member)


class TestInvitationApi(TenancyHarness):
    model = Invitation
    endpoints = [
        api("api:invitation-list", role=Role.ADMIN, object_in_url=False),
        api(
            "api:invitation-list",
            "POST",
            Role.ADMIN,
            object_in_url=False,
            data=lambda org, obj: {"email": f"new{obj.pk}@example.org", "role": "editor"},
        ),
    ]

    def make_object(self, organization, user):
        invitation, _token = services.invitation_create(
            actor=user,
            organization=organization,
            email=f"invitee{next(_n)}@example.org",
            role=Role.VIEWER,
            accept_url_base="http://testserver",
        )
        return invitation
