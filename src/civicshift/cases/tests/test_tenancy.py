"""Business case pages registered with the generic tenancy harness."""

from civicshift.cases import services
from civicshift.cases.models import CaseLine
from civicshift.initiatives.models import Initiative
from civicshift.initiatives.services import initiative_create
from civicshift.orgs.roles import Role
from civicshift.testing.tenancy import Endpoint, TenancyHarness

LINE = dict(
    name="Hosting",
    kind="cost",
    category="hosting",
    distribution="point",
    likely="1000",
    first_period="0",
    last_period="2",
    escalation="0",
    ramp="",
)


def case_kw(line):
    return {"pk": line.option.case.initiative_id}


def option_kw(line):
    return {**case_kw(line), "option": line.option_id}


def line_kw(line):
    return {**option_kw(line), "line": line.pk}


class TestBusinessCasePages(TenancyHarness):
    model = CaseLine
    endpoints = [
        Endpoint("cases:detail", kwargs=case_kw),
        Endpoint("cases:settings", role=Role.EDITOR, kwargs=case_kw),
        Endpoint(
            "cases:settings",
            method="POST",
            role=Role.EDITOR,
            kwargs=case_kw,
            data=lambda org, obj: {
                "start_year": 2028,
                "horizon_years": 8,
                "discount_rate": "0.04",
                "payback_target_years": 4,
                "iterations": 1000,
                "seed": 7,
                "basis": "real",
                "inflation": "0.02",
                "lead": "expected",
                "optimism_one_time": "0",
                "optimism_recurring": "0",
                "optimism_duration": "0",
            },
        ),
        Endpoint(
            "cases:settings_preview",
            method="POST",
            role=Role.EDITOR,
            kwargs=case_kw,
            data=lambda org, obj: {"discount_rate": "0.04", "inflation": "0.02"},
            audited=False,
        ),
        Endpoint("cases:narrative", kwargs=case_kw),
        Endpoint(
            "cases:narrative",
            method="POST",
            role=Role.EDITOR,
            kwargs=case_kw,
            data=lambda org, obj: {"strategic_case": "Residents wait 23 days."},
        ),
        Endpoint("cases:runs", kwargs=case_kw),
        Endpoint(
            "cases:run_save",
            method="POST",
            role=Role.EDITOR,
            kwargs=case_kw,
            data=lambda org, obj: {"label": "Council packet"},
        ),
        Endpoint("cases:option_create", role=Role.EDITOR, kwargs=case_kw),
        Endpoint(
            "cases:option_create",
            method="POST",
            role=Role.EDITOR,
            kwargs=case_kw,
            data=lambda org, obj: {"name": f"SaaS {obj.pk}"},
        ),
        Endpoint("cases:option", kwargs=option_kw),
        Endpoint("cases:simulate", kwargs=option_kw),
        Endpoint("cases:option_edit", role=Role.EDITOR, kwargs=option_kw),
        Endpoint(
            "cases:option_edit",
            method="POST",
            role=Role.EDITOR,
            kwargs=option_kw,
            data=lambda org, obj: {"name": "Renamed option"},
        ),
        Endpoint("cases:option_duplicate", method="POST", role=Role.EDITOR, kwargs=option_kw),
        Endpoint("cases:option_delete", role=Role.EDITOR, kwargs=option_kw),
        Endpoint("cases:option_delete", method="POST", role=Role.EDITOR, kwargs=option_kw),
        Endpoint(
            "cases:line_preview",
            method="POST",
            role=Role.EDITOR,
            kwargs=option_kw,
            data=lambda org, obj: dict(LINE, name="Preview"),
            audited=False,
        ),
        Endpoint("cases:line_create", role=Role.EDITOR, kwargs=option_kw),
        Endpoint(
            "cases:line_create",
            method="POST",
            role=Role.EDITOR,
            kwargs=option_kw,
            data=lambda org, obj: dict(LINE, name="Support"),
        ),
        Endpoint("cases:line_edit", role=Role.EDITOR, kwargs=line_kw),
        Endpoint(
            "cases:line_edit",
            method="POST",
            role=Role.EDITOR,
            kwargs=line_kw,
            data=lambda org, obj: dict(LINE, likely="2000"),
        ),
        Endpoint("cases:line_delete", role=Role.EDITOR, kwargs=line_kw),
        Endpoint("cases:line_delete", method="POST", role=Role.EDITOR, kwargs=line_kw),
    ]

    def make_object(self, organization, user):
        n = Initiative.objects.count() + 1
        initiative = initiative_create(
            actor=user, organization=organization, title=f"Initiative {n}"
        )
        case = services.business_case_create(actor=user, initiative=initiative, start_year=2027)
        option = case.options.get()
        return services.line_create(
            actor=user,
            option=option,
            name="Hosting",
            kind="cost",
            category="hosting",
            likely=1000,
            first_period=0,
            last_period=2,
        )


class TestBusinessCaseStart(TenancyHarness):
    model = None
    endpoints = [
        Endpoint(
            "cases:create",
            method="POST",
            role=Role.EDITOR,
            kwargs=lambda initiative: {"pk": initiative.pk},
        ),
    ]

    def make_object(self, organization, user):
        n = Initiative.objects.count() + 1
        return initiative_create(actor=user, organization=organization, title=f"New {n}")
