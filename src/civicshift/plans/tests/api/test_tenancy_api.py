"""The plan API endpoints, registered with the generic tenancy harness."""

from civicshift.core.risk_library import load_library
from civicshift.initiatives.models import Initiative
from civicshift.orgs.roles import Role
from civicshift.plans.models import Plan, PlanLink, PlanTask, Risk, WorkCalendar
from civicshift.testing.tenancy import TenancyHarness, api_endpoint

from .. import factories

api = api_endpoint
EDITOR = Role.EDITOR
pk = lambda obj: {"pk": obj.pk}  # noqa: E731
in_plan = lambda obj: {"plan_pk": obj.plan_id}  # noqa: E731
in_plan_pk = lambda obj: {"plan_pk": obj.plan_id, "pk": obj.pk}  # noqa: E731


class TestPlanApi(TenancyHarness):
    model = Plan
    endpoints = [
        api("api:plans-plan-list", object_in_url=False),
        api(
            "api:plans-plan-list",
            "POST",
            EDITOR,
            object_in_url=False,
            data=lambda org, obj: {
                "initiative": Initiative.objects.for_org(org).filter(plan__isnull=True)[0].pk,
                "start": "2027-01-04T08:00:00",
            },
        ),
        api("api:plans-plan-detail", kwargs=pk),
        api("api:plans-plan-schedule", kwargs=pk),
        api(
            "api:plans-plan-detail",
            "PATCH",
            EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"start": "2027-02-01T08:00:00"},
        ),
        api(
            "api:plans-plan-detail",
            "PUT",
            EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"initiative": obj.initiative_id, "start": "2027-03-01T08:00:00"},
        ),
        api("api:plans-plan-detail", "DELETE", EDITOR, kwargs=pk),
    ]

    def make_object(self, organization, user):
        factories.make_initiative(organization, user)  # one without a plan, for the POST
        return factories.make_plan(organization, user)


class TestScheduleBufferApi(TenancyHarness):
    model = Plan
    endpoints = [
        api("api:plans-plan-buffer", kwargs=pk),
        api(
            "api:plans-plan-buffer",
            "POST",
            EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"basis": "register"},
        ),
    ]

    def make_object(self, organization, user):
        return factories.make_plan_with_buffer_room(organization, user)


class TestTaskApi(TenancyHarness):
    model = PlanTask
    endpoints = [
        api("api:plans-task-list", kwargs=in_plan),
        api(
            "api:plans-task-list",
            "POST",
            EDITOR,
            kwargs=in_plan,
            data=lambda org, obj: {"name": "Train staff", "duration_minutes": 960},
        ),
        api("api:plans-task-detail", kwargs=in_plan_pk),
        api(
            "api:plans-task-detail",
            "PATCH",
            EDITOR,
            kwargs=in_plan_pk,
            data=lambda org, obj: {"duration_minutes": 2400, "duration_unit": "w"},
        ),
        api(
            "api:plans-task-detail",
            "PUT",
            EDITOR,
            kwargs=in_plan_pk,
            data=lambda org, obj: {"name": "Renamed", "duration_minutes": 480},
        ),
        api("api:plans-task-detail", "DELETE", EDITOR, kwargs=in_plan_pk),
    ]

    def make_object(self, organization, user):
        return factories.make_task(organization, user)


class TestLinkApi(TenancyHarness):
    model = PlanLink
    endpoints = [
        api("api:plans-link-list", kwargs=in_plan),
        api(
            "api:plans-link-list",
            "POST",
            EDITOR,
            kwargs=in_plan,
            data=lambda org, obj: {
                "predecessor": obj.successor_id,
                "successor": obj.plan.tasks.order_by("-position").first().pk,
                "type": "FF",
            },
        ),
        api("api:plans-link-detail", kwargs=in_plan_pk),
        api(
            "api:plans-link-detail",
            "PATCH",
            EDITOR,
            kwargs=in_plan_pk,
            data=lambda org, obj: {"lag_minutes": -480},
        ),
        api("api:plans-link-detail", "DELETE", EDITOR, kwargs=in_plan_pk),
    ]

    def make_object(self, organization, user):
        link = factories.make_link(organization, user)
        factories.make_task(organization, user, link.plan)
        return link


class TestCalendarApi(TenancyHarness):
    model = WorkCalendar
    endpoints = [
        api("api:plans-calendar-list", object_in_url=False),
        api(
            "api:plans-calendar-list",
            "POST",
            EDITOR,
            object_in_url=False,
            data=lambda org, obj: {"name": "Seven-day crew", "week": [[[420, 1140]]] * 7},
        ),
        api("api:plans-calendar-detail", kwargs=pk),
        api(
            "api:plans-calendar-detail",
            "PATCH",
            EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"name": "Night crew"},
        ),
        api("api:plans-calendar-detail", "DELETE", EDITOR, kwargs=pk),
    ]

    def make_object(self, organization, user):
        return factories.make_calendar(organization, user)


class TestRiskApi(TenancyHarness):
    model = Risk
    endpoints = [
        api("api:plans-risk-list", object_in_url=False),
        api(
            "api:plans-risk-list",
            "POST",
            EDITOR,
            object_in_url=False,
            data=lambda org, obj: {
                "title": "Council delays the award",
                "category": "political",
                "likelihood": 2,
                "impact": 4,
            },
        ),
        api("api:plans-risk-detail", kwargs=pk),
        api(
            "api:plans-risk-detail",
            "PATCH",
            EDITOR,
            kwargs=pk,
            data=lambda org, obj: {"likelihood": 4},
        ),
        api("api:plans-risk-detail", "DELETE", EDITOR, kwargs=pk),
        api("api:plans-risk-occurred", "POST", EDITOR, kwargs=pk),
        api("api:plans-risk-library", object_in_url=False),
        api(
            "api:plans-risk-from-library",
            "POST",
            EDITOR,
            object_in_url=False,
            data=lambda org, obj: {
                "initiative": Initiative.objects.for_org(org).order_by("-pk")[0].pk,
                "library_ids": [load_library().risks[0].id],
            },
        ),
    ]

    def make_object(self, organization, user):
        factories.make_initiative(organization, user)  # a register for from-library
        return factories.make_risk(organization, user)
