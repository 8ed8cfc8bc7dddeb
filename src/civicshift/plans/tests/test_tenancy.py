"""The plan module's pages and models, registered with the generic tenancy harness."""

from civicshift.core.risk_library import load_library
from civicshift.initiatives.models import Initiative
from civicshift.orgs.roles import Role
from civicshift.plans.forms import LinkForm, RiskActionForm
from civicshift.plans.models import (
    Baseline,
    CalendarException,
    MilestoneFeedToken,
    Plan,
    PlanLink,
    PlanTask,
    Risk,
    RiskAction,
    RiskIssue,
    WorkCalendar,
)
from civicshift.plans.views_buffer import ScheduleBufferForm
from civicshift.plans.views_contingency import ContingencyForm
from civicshift.testing.tenancy import Endpoint, TenancyHarness

from . import factories

EDITOR = Role.EDITOR
initiative_pk = lambda obj: {"pk": obj.initiative_id}  # noqa: E731
task_kwargs = lambda obj: {"pk": obj.plan.initiative_id, "task": obj.pk}  # noqa: E731
pk = lambda obj: {"pk": obj.pk}  # noqa: E731

TASK_DATA = lambda org, obj: {  # noqa: E731
    "name": "Configure fees",
    "duration": "4d",
    "distribution": "pert",
    "constraint": "ASAP",
    "percent_complete": "0",
    "cost": "0",
    "active": "on",
    "version": getattr(obj, "version", 1),
}
RISK_DATA = lambda org, obj: {  # noqa: E731
    "title": "Vendor misses the configuration date",
    "category": "vendor",
    "likelihood": "3",
    "impact": "4",
    "response": "mitigate",
    "status": "open",
    "version": getattr(obj, "version", 1),
}


def _plan_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = (
        "title: Online permitting\nstart: 2027-01-04T08:00\n"
        "tasks:\n  - {id: A, name: Requirements, duration: 3d}\n"
        "  - {id: B, name: Configure, duration: 6d, after: [A]}\n"
    )
    return SimpleUploadedFile("permitting.yaml", text.encode(), content_type="application/yaml")


class TestPlanStart(TenancyHarness):
    """Starting a plan: the object is an initiative that has none yet."""

    model = Initiative
    endpoints = [
        Endpoint("plans:plan", kwargs=pk),
        Endpoint(
            "plans:plan_create",
            "POST",
            EDITOR,
            kwargs=pk,
            form=None,
            data=lambda org, obj: {
                "start": "2027-01-04T08:00",
                "minutes_per_day": "480",
                "critical_slack_limit_days": "0",
                "honor_constraints": "on",
            },
        ),
        Endpoint(
            "plans:plan_from_template",
            "POST",
            EDITOR,
            kwargs=pk,
            form=None,
            data=lambda org, obj: {
                "template": "website-redesign",
                "start": "2027-01-04T08:00",
                "budget": "90000",
            },
        ),
        Endpoint(
            "plans:plan_import",
            "POST",
            EDITOR,
            kwargs=pk,
            form=None,
            data=lambda org, obj: {"file": _plan_file()},
        ),
    ]

    def make_object(self, organization, user):
        return factories.make_initiative(organization, user)


class TestPlans(TenancyHarness):
    model = Plan
    endpoints = [
        Endpoint("plans:plan", kwargs=initiative_pk),
        *[
            Endpoint(
                "plans:plan_export", kwargs=lambda obj, f=fmt: {"pk": obj.initiative_id, "fmt": f}
            )
            for fmt in ("xml", "xlsx", "yaml", "ics")
        ],
        Endpoint("plans:milestones", object_in_url=False),
        Endpoint("plans:health", kwargs=initiative_pk),
        # A viewer may simulate (it computes; the job is the viewer's own, not the plan's).
        Endpoint(
            "plans:simulate",
            "POST",
            kwargs=initiative_pk,
            audited=False,
            form=None,
            data=lambda org, obj: {"iterations": "200", "seed": "3"},
        ),
        Endpoint("plans:plan_edit", role=EDITOR, kwargs=initiative_pk),
        Endpoint(
            "plans:plan_edit",
            "POST",
            EDITOR,
            kwargs=initiative_pk,
            data=lambda org, obj: {
                "start": "2027-02-01T08:00",
                "minutes_per_day": "480",
                "critical_slack_limit_days": "0",
                "honor_constraints": "on",
                "version": obj.version,
            },
        ),
        Endpoint("plans:plan_delete", role=EDITOR, kwargs=initiative_pk),
        Endpoint("plans:plan_delete", "POST", EDITOR, kwargs=initiative_pk),
        Endpoint(
            "plans:baseline_save",
            "POST",
            EDITOR,
            kwargs=initiative_pk,
            data=lambda org, obj: {"name": "Council approval"},
        ),
    ]

    def make_object(self, organization, user):
        return factories.make_plan(organization, user)


class TestScheduleBuffer(TenancyHarness):
    """The risks' schedule buffer added to the plan before its final milestone."""

    model = Plan
    endpoints = [
        Endpoint("plans:schedule_buffer", role=EDITOR, kwargs=initiative_pk),
        Endpoint(
            "plans:schedule_buffer",
            "POST",
            EDITOR,
            kwargs=initiative_pk,
            form=ScheduleBufferForm,
            data=lambda org, obj: {"basis": "register", "add": ""},
        ),
    ]

    def make_object(self, organization, user):
        return factories.make_plan_with_buffer_room(organization, user)


class TestTasks(TenancyHarness):
    model = PlanTask
    endpoints = [
        Endpoint(
            "plans:task_create", role=EDITOR, kwargs=lambda obj: {"pk": obj.plan.initiative_id}
        ),
        Endpoint(
            "plans:task_create",
            "POST",
            EDITOR,
            kwargs=lambda obj: {"pk": obj.plan.initiative_id},
            data=TASK_DATA,
        ),
        Endpoint("plans:task_edit", role=EDITOR, kwargs=task_kwargs),
        Endpoint("plans:task_edit", "POST", EDITOR, kwargs=task_kwargs, data=TASK_DATA),
        Endpoint(
            "plans:task_quick",
            "POST",
            EDITOR,
            kwargs=task_kwargs,
            form=None,
            data=lambda org, obj: {"duration": "5d", "version": obj.version},
        ),
        Endpoint("plans:task_delete", role=EDITOR, kwargs=task_kwargs),
        Endpoint("plans:task_delete", "POST", EDITOR, kwargs=task_kwargs),
    ]

    def make_object(self, organization, user):
        return factories.make_task(organization, user)


class TestLinks(TenancyHarness):
    model = PlanLink
    endpoints = [
        Endpoint(
            "plans:link_create",
            "POST",
            EDITOR,
            kwargs=lambda obj: {"pk": obj.plan.initiative_id},
            form=LinkForm,
            # The other way round is a cycle; from the successor to a new task is not: the
            # data names the object's successor and a task made beside it (see make_object).
            data=lambda org, obj: {
                "predecessor": obj.successor_id,
                "successor": obj.plan.tasks.order_by("-position").first().pk,
                "type": "SS",
                "lag": "1d",
            },
        ),
        Endpoint(
            "plans:link_delete",
            "POST",
            EDITOR,
            kwargs=lambda obj: {"pk": obj.plan.initiative_id, "link": obj.pk},
        ),
    ]

    def make_object(self, organization, user):
        link = factories.make_link(organization, user)
        factories.make_task(organization, user, link.plan)  # the free task the POST links to
        return link


class TestBaselines(TenancyHarness):
    model = Baseline
    endpoints = [
        Endpoint(
            "plans:baseline_delete",
            "POST",
            EDITOR,
            kwargs=lambda obj: {"pk": obj.plan.initiative_id, "baseline": obj.pk},
        ),
    ]

    def make_object(self, organization, user):
        return factories.make_baseline(organization, user)


CALENDAR_DATA = lambda org, obj: {  # noqa: E731
    "name": "Cutover crew",
    "day_0": "07:00–12:00, 12:30–15:30",
    "day_5": "08:00–12:00",
    "version": getattr(obj, "version", 1),
}


class TestCalendars(TenancyHarness):
    model = WorkCalendar
    endpoints = [
        Endpoint("plans:calendar_list", object_in_url=False),
        Endpoint("plans:calendar_create", role=EDITOR, object_in_url=False),
        Endpoint("plans:calendar_create", "POST", EDITOR, object_in_url=False, data=CALENDAR_DATA),
        Endpoint("plans:calendar_edit", role=EDITOR, kwargs=pk),
        Endpoint(
            "plans:calendar_edit",
            "POST",
            EDITOR,
            kwargs=pk,
            data=lambda org, obj: {**CALENDAR_DATA(org, obj), "name": f"{obj.name} (edited)"},
        ),
        Endpoint("plans:calendar_delete", role=EDITOR, kwargs=pk),
        Endpoint("plans:calendar_delete", "POST", EDITOR, kwargs=pk),
        Endpoint(
            "plans:calendar_exception_create",
            "POST",
            EDITOR,
            kwargs=pk,
            form=None,
            data=lambda org, obj: {"name": "Juneteenth", "start": "2027-06-18"},
        ),
    ]

    def make_object(self, organization, user):
        return factories.make_calendar(organization, user)


class TestCalendarExceptions(TenancyHarness):
    model = CalendarException
    endpoints = [
        Endpoint(
            "plans:calendar_exception_delete",
            "POST",
            EDITOR,
            kwargs=lambda obj: {"pk": obj.calendar_id, "exception": obj.pk},
        ),
    ]

    def make_object(self, organization, user):
        return factories.make_exception(organization, user)


def _risk_endpoints(prefix: str, kwargs) -> list[Endpoint]:
    risk_kwargs = lambda obj: {**kwargs(obj), "risk": obj.pk}  # noqa: E731
    return [
        Endpoint(f"plans:{prefix}risks", kwargs=kwargs, object_in_url=prefix == ""),
        Endpoint(
            f"plans:{prefix}risk_create", role=EDITOR, kwargs=kwargs, object_in_url=prefix == ""
        ),
        Endpoint(
            f"plans:{prefix}risk_create",
            "POST",
            EDITOR,
            kwargs=kwargs,
            data=RISK_DATA,
            object_in_url=prefix == "",
        ),
        Endpoint(
            f"plans:{prefix}risk_library", role=EDITOR, kwargs=kwargs, object_in_url=prefix == ""
        ),
        Endpoint(
            f"plans:{prefix}risk_library",
            "POST",
            EDITOR,
            kwargs=kwargs,
            data=lambda org, obj: {"library_ids": [load_library().risks[0].id]},
            object_in_url=prefix == "",
        ),
        Endpoint(f"plans:{prefix}risk_edit", role=EDITOR, kwargs=risk_kwargs),
        Endpoint(f"plans:{prefix}risk_edit", "POST", EDITOR, kwargs=risk_kwargs, data=RISK_DATA),
        Endpoint(f"plans:{prefix}risk_delete", role=EDITOR, kwargs=risk_kwargs),
        Endpoint(f"plans:{prefix}risk_delete", "POST", EDITOR, kwargs=risk_kwargs),
        Endpoint(f"plans:{prefix}risk_occurred", "POST", EDITOR, kwargs=risk_kwargs),
        Endpoint(
            f"plans:{prefix}risk_action_create",
            "POST",
            EDITOR,
            kwargs=risk_kwargs,
            form=RiskActionForm,
            data=lambda org, obj: {"description": "Run a trial conversion"},
        ),
    ]


class TestRisks(TenancyHarness):
    model = Risk
    endpoints = [
        *_risk_endpoints("", lambda obj: {"pk": obj.initiative_id}),
        Endpoint("plans:contingency", role=EDITOR, kwargs=lambda obj: {"pk": obj.initiative_id}),
        Endpoint(
            "plans:contingency",
            "POST",
            EDITOR,
            kwargs=lambda obj: {"pk": obj.initiative_id},
            form=ContingencyForm,
            data=lambda org, obj: {
                "option": obj.initiative.business_case.options.get().pk,
                "basis": "before",
                "period": "0",
                "add": "",
            },
        ),
    ]

    def make_object(self, organization, user):
        from civicshift.cases.services import business_case_create

        initiative = factories.make_initiative(organization, user)
        business_case_create(actor=user, initiative=initiative, start_year=2027, horizon_years=5)
        return factories.make_risk(
            organization,
            user,
            initiative=initiative,
            cost_low=1000,
            cost_likely=2000,
            cost_high=5000,
        )


class TestOrganizationRisks(TenancyHarness):
    model = Risk
    endpoints = _risk_endpoints("org_", lambda obj: {})

    def make_object(self, organization, user):
        return factories.make_risk(organization, user)


class TestRiskActions(TenancyHarness):
    model = RiskAction
    endpoints = [
        Endpoint(
            "plans:risk_action_delete",
            "POST",
            EDITOR,
            kwargs=lambda obj: {
                "pk": obj.risk.initiative_id,
                "risk": obj.risk_id,
                "action": obj.pk,
            },
        ),
    ]

    def make_object(self, organization, user):
        return factories.make_action(organization, user)


class TestOrganizationRiskActions(TenancyHarness):
    model = RiskAction
    endpoints = [
        Endpoint(
            "plans:org_risk_action_delete",
            "POST",
            EDITOR,
            kwargs=lambda obj: {"risk": obj.risk_id, "action": obj.pk},
        ),
    ]

    def make_object(self, organization, user):
        risk = factories.make_risk(organization, user)
        from civicshift.plans import services_risks

        return services_risks.risk_action_create(actor=user, risk=risk, description="Brief council")


ISSUE_DATA = lambda org, obj: {  # noqa: E731
    "title": "Conversion failed on parcels",
    "status": "open",
    "version": obj.version,
}


class TestIssues(TenancyHarness):
    model = RiskIssue
    endpoints = [
        Endpoint(
            "plans:issue_edit",
            role=EDITOR,
            kwargs=lambda obj: {"pk": obj.initiative_id, "issue": obj.pk},
        ),
        Endpoint(
            "plans:issue_edit",
            "POST",
            EDITOR,
            kwargs=lambda obj: {"pk": obj.initiative_id, "issue": obj.pk},
            data=ISSUE_DATA,
        ),
    ]

    def make_object(self, organization, user):
        return factories.make_issue(
            organization, user, factories.make_initiative(organization, user)
        )


class TestOrganizationIssues(TenancyHarness):
    model = RiskIssue
    endpoints = [
        Endpoint("plans:org_issue_edit", role=EDITOR, kwargs=lambda obj: {"issue": obj.pk}),
        Endpoint(
            "plans:org_issue_edit",
            "POST",
            EDITOR,
            kwargs=lambda obj: {"issue": obj.pk},
            data=ISSUE_DATA,
        ),
    ]

    def make_object(self, organization, user):
        return factories.make_issue(organization, user)


class TestMilestoneFeedTokens(TenancyHarness):
    """The editors' page of calendar-feed addresses. The feeds themselves are outside
    /o/<org>/ (the key names the organization); test_feeds.py checks them."""

    model = MilestoneFeedToken
    endpoints = [
        Endpoint("plans:feed_settings", role=EDITOR, object_in_url=False),
        Endpoint("plans:feed_create", "POST", EDITOR, object_in_url=False, shows_secret=True),
        Endpoint("plans:feed_revoke", "POST", EDITOR, object_in_url=False),
    ]

    def make_object(self, organization, user):
        from civicshift.plans import services_feeds

        token, _key = services_feeds.milestone_feed_token_create(
            actor=user, organization=organization
        )
        return token
