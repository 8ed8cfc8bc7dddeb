"""The business-case API endpoints, registered with the generic tenancy harness.

Anonymous → 401/403; a member of another organization → 404, also with this organization's
case, option and line ids in their own organization's address; roles below the endpoint's role →
403 with nothing written; the endpoint's role succeeds, and writes are audited.
"""

import itertools

from civicshift.cases import services
from civicshift.cases.api.views import analyze_case
from civicshift.cases.models import BusinessCase, CaseLine, CaseRun, Option
from civicshift.cases.results import run_payload
from civicshift.initiatives.services import initiative_create
from civicshift.orgs.roles import Role
from civicshift.testing.tenancy import TenancyHarness, api_endpoint

_n = itertools.count(1)

LINE = {
    "name": "Hosting",
    "kind": "cost",
    "category": "hosting",
    "distribution": "triangular",
    "low": "800",
    "likely": "1000",
    "high": "1500",
    "first_period": 0,
    "last_period": 2,
    "escalation": "0.03",
}


api = api_endpoint


def make_case(organization, user) -> BusinessCase:
    """A case with one option ('Proposed solution') holding a cost and a benefit line."""
    initiative = initiative_create(
        actor=user, organization=organization, title=f"Online permitting {next(_n)}"
    )
    case = services.business_case_create(
        actor=user, initiative=initiative, start_year=2027, horizon_years=5
    )
    option = case.options.get()
    services.line_create(actor=user, option=option, **LINE)
    services.line_create(
        actor=user,
        option=option,
        name="Staff time released",
        kind="benefit",
        category="staff_time",
        distribution="pert",
        low=300,
        likely=400,
        high=450,
        multiplier=45,
        first_period=1,
        last_period=5,
        ramp="0.5",
    )
    return case


case_kw = lambda case: {"pk": case.pk}  # noqa: E731
option_list_kw = lambda option: {"case_pk": option.case_id}  # noqa: E731
option_kw = lambda option: {"case_pk": option.case_id, "pk": option.pk}  # noqa: E731
line_list_kw = lambda line: {"case_pk": line.option.case_id, "option_pk": line.option_id}  # noqa: E731
line_kw = lambda line: {**line_list_kw(line), "pk": line.pk}  # noqa: E731


class TestBusinessCaseApi(TenancyHarness):
    model = BusinessCase
    endpoints = [
        api("api:business-case-list", object_in_url=False),
        api("api:business-case-detail", kwargs=case_kw),
        api(
            "api:business-case-detail",
            "PUT",
            Role.EDITOR,
            kwargs=case_kw,
            data=lambda org, case: {
                "start_year": 2028,
                "horizon_years": 8,
                "discount_rate": "0.0400",
                "iterations": 1000,
                "seed": 7,
                "payback_target_years": 4,
                "strategic_case": "Residents wait 23 days for a permit.",
            },
        ),
        api(
            "api:business-case-detail",
            "PATCH",
            Role.EDITOR,
            kwargs=case_kw,
            data=lambda org, case: {"recommended_option": case.options.first().pk},
        ),
        api(
            "api:business-case-analyze",
            "POST",
            Role.VIEWER,
            kwargs=case_kw,
            data=lambda org, case: {"iterations": 200, "seed": 11},
            audited=False,  # only computes
        ),
        api(
            "api:business-case-analyze",
            "POST",
            Role.EDITOR,
            kwargs=case_kw,
            data=lambda org, case: {"iterations": 200, "save": True, "label": "Council packet"},
        ),
        api("api:business-case-runs", kwargs=case_kw),
        api("api:business-case-detail", "DELETE", Role.EDITOR, kwargs=case_kw),
    ]

    def make_object(self, organization, user):
        return make_case(organization, user)


class TestBusinessCaseCreateApi(TenancyHarness):
    """Starting a case: the object is an initiative without one."""

    model = None
    endpoints = [
        api(
            "api:business-case-list",
            "POST",
            Role.EDITOR,
            object_in_url=False,
            data=lambda org, initiative: {"initiative": initiative.pk, "horizon_years": 7},
        ),
    ]

    def make_object(self, organization, user):
        return initiative_create(
            actor=user, organization=organization, title=f"Council agendas {next(_n)}"
        )


class TestCaseOptionApi(TenancyHarness):
    model = Option
    endpoints = [
        api("api:case-option-list", kwargs=option_list_kw),
        api(
            "api:case-option-list",
            "POST",
            Role.EDITOR,
            kwargs=option_list_kw,
            data=lambda org, option: {"name": "On-premises product"},
        ),
        api("api:case-option-detail", kwargs=option_kw),
        api(
            "api:case-option-detail",
            "PUT",
            Role.EDITOR,
            kwargs=option_kw,
            data=lambda org, option: {"name": "SaaS product", "description": "Hosted."},
        ),
        api(
            "api:case-option-detail",
            "PATCH",
            Role.EDITOR,
            kwargs=option_kw,
            data=lambda org, option: {"description": "Vendor-hosted, paid yearly."},
        ),
        api(
            "api:case-option-duplicate",
            "POST",
            Role.EDITOR,
            kwargs=option_kw,
            data=lambda org, option: {},
        ),
        api("api:case-option-detail", "DELETE", Role.EDITOR, kwargs=option_kw),
    ]

    def make_object(self, organization, user):
        return make_case(organization, user).options.get()


class TestCaseLineApi(TenancyHarness):
    model = CaseLine
    endpoints = [
        api("api:case-line-list", kwargs=line_list_kw),
        api(
            "api:case-line-list",
            "POST",
            Role.EDITOR,
            kwargs=line_list_kw,
            data=lambda org, line: {**LINE, "name": "Support"},
        ),
        api("api:case-line-detail", kwargs=line_kw),
        api(
            "api:case-line-detail",
            "PUT",
            Role.EDITOR,
            kwargs=line_kw,
            data=lambda org, line: {**LINE, "likely": "1200"},
        ),
        api(
            "api:case-line-detail",
            "PATCH",
            Role.EDITOR,
            kwargs=line_kw,
            data=lambda org, line: {"high": "1800"},
        ),
        api("api:case-line-detail", "DELETE", Role.EDITOR, kwargs=line_kw),
    ]

    def make_object(self, organization, user):
        case = make_case(organization, user)
        return CaseLine.objects.for_org(organization).filter(option__case=case).first()


def make_run(organization, user) -> CaseRun:
    """A saved analysis (200 runs a option) of a new case made by ``make_case``."""
    case = make_case(organization, user)
    case.iterations = 200  # kept by the saved run, never saved on the case
    inputs, results = run_payload(case, analyze_case(case))
    return services.case_run_save(
        actor=user, case=case, label="Council packet", inputs=inputs, results=results
    )


run_list_kw = lambda run: {"case_pk": run.case_id}  # noqa: E731
run_kw = lambda run: {"case_pk": run.case_id, "pk": run.pk}  # noqa: E731


class TestCaseRunApi(TenancyHarness):
    """Saved analyses: read one, compare two (another organization's run id in the body → 400
    on that field), run one again (a job; it writes nothing audited)."""

    model = CaseRun
    endpoints = [
        api("api:case-run-detail", kwargs=run_kw),
        api(
            "api:case-run-compare",
            "POST",
            Role.VIEWER,
            kwargs=run_list_kw,
            data=lambda org, run: {"then": run.pk, "now": run.pk},
            audited=False,  # only reads
        ),
        api("api:case-run-rerun", "POST", Role.VIEWER, kwargs=run_kw, audited=False),
    ]

    def make_object(self, organization, user):
        return make_run(organization, user)
