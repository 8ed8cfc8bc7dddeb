"""Organization pages registered with the generic tenancy harness."""

from civicshift.orgs import services
from civicshift.orgs.models import Department, Invitation, Membership, StrategicGoal
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member
from civicshift.testing.tenancy import Endpoint, TenancyHarness

pk = lambda obj: {"pk": obj.pk}  # noqa: E731


class TestOrganizationPages(TenancyHarness):
    model = None
    endpoints = [
        Endpoint("orgs:dashboard", object_in_url=False),
        Endpoint("orgs:settings", role=Role.ADMIN, object_in_url=False),
        Endpoint(
            "orgs:settings",
            method="POST",
            role=Role.ADMIN,
            object_in_url=False,
            data=lambda org, obj: {
                "name": org.name + " (renamed)",
                "kind": "town",
                "fiscal_year_start_month": 1,
                "currency": "USD",
                "discount_rate": "0.025",
            },
        ),
    ]


class TestDepartmentPages(TenancyHarness):
    model = Department
    endpoints = [
        Endpoint("orgs:department_list", object_in_url=False),
        Endpoint("orgs:department_create", role=Role.EDITOR, object_in_url=False),
        Endpoint(
            "orgs:department_create",
            method="POST",
            role=Role.EDITOR,
            object_in_url=False,
            data=lambda org, obj: {"name": f"Parks {obj.pk}"},
        ),
        Endpoint("orgs:department_edit", role=Role.EDITOR, kwargs=pk),
        Endpoint(
            "orgs:department_edit",
            method="POST",
            role=Role.EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"name": obj.name + " and Recreation", "code": "PR"},
        ),
        Endpoint("orgs:department_delete", role=Role.EDITOR, kwargs=pk),
        Endpoint("orgs:department_delete", method="POST", role=Role.EDITOR, kwargs=pk),
    ]

    def make_object(self, organization, user):
        n = Department.objects.count() + 1
        return services.department_create(
            actor=user, organization=organization, name=f"Department {n}"
        )


class TestGoalPages(TenancyHarness):
    model = StrategicGoal
    endpoints = [
        Endpoint("orgs:goal_list", object_in_url=False),
        Endpoint("orgs:goal_create", role=Role.EDITOR, object_in_url=False),
        Endpoint(
            "orgs:goal_create",
            method="POST",
            role=Role.EDITOR,
            object_in_url=False,
            data=lambda org, obj: {
                "code": f"N{obj.pk}",
                "statement": "Safe streets",
                "position": 1,
            },
        ),
        Endpoint("orgs:goal_edit", role=Role.EDITOR, kwargs=pk),
        Endpoint(
            "orgs:goal_edit",
            method="POST",
            role=Role.EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"code": obj.code, "statement": "Changed", "position": 2},
        ),
        Endpoint("orgs:goal_delete", role=Role.EDITOR, kwargs=pk),
        Endpoint("orgs:goal_delete", method="POST", role=Role.EDITOR, kwargs=pk),
    ]

    def make_object(self, organization, user):
        n = StrategicGoal.objects.count() + 1
        return services.goal_create(
            actor=user, organization=organization, code=f"G{n}", statement=f"Goal {n}"
        )


class TestMemberPages(TenancyHarness):
    model = Membership
    endpoints = [
        Endpoint("orgs:member_list", role=Role.ADMIN, object_in_url=False),
        Endpoint("orgs:member_invite", role=Role.ADMIN, object_in_url=False),
        Endpoint(
            "orgs:member_invite",
            method="POST",
            role=Role.ADMIN,
            object_in_url=False,
            data=lambda org, obj: {"email": f"new{obj.pk}@example.org", "role": "editor"},
        ),
        Endpoint(
            "orgs:member_role",
            method="POST",
            role=Role.ADMIN,
            kwargs=pk,
            data=lambda org, obj: {"role": "editor"},
        ),
        Endpoint("orgs:member_remove", role=Role.ADMIN, kwargs=pk),
        Endpoint("orgs:member_remove", method="POST", role=Role.ADMIN, kwargs=pk),
    ]

    def make_object(self, organization, user):
        member = make_member(organization, Role.VIEWER)
        return Membership.objects.get(organization=organization, user=member)


class TestInvitationPages(TenancyHarness):
    model = Invitation
    endpoints = [
        Endpoint("orgs:invitation_revoke", method="POST", role=Role.ADMIN, kwargs=pk),
    ]

    def make_object(self, organization, user):
        n = Invitation.objects.count() + 1
        invitation, _token = services.invitation_create(
            actor=user,
            organization=organization,
            email=f"invitee{n}@example.org",
            role=Role.VIEWER,
            accept_url_base="http://testserver/",
        )
        return invitation
