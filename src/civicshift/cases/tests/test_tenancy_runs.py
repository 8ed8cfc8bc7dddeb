"""Saved analyses name who saved them: the harness reads those pages and the API with a run
saved by a member who has no name (testing/sensitive.py: never their e-mail address)."""

import itertools

from civicshift.cases import services
from civicshift.cases.api.views import analyze_case
from civicshift.cases.results import run_payload
from civicshift.initiatives.services import initiative_create
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member
from civicshift.testing.tenancy import Endpoint, TenancyHarness

_n = itertools.count(1)
case_kw = lambda case: {"pk": case.initiative_id}  # noqa: E731
run_kw = lambda case: {"pk": case.initiative_id, "run": case.runs.get().pk}  # noqa: E731


class TestSavedAnalysisAuthors(TenancyHarness):
    model = None
    endpoints = [
        Endpoint("cases:detail", kwargs=case_kw),
        Endpoint("cases:runs", kwargs=case_kw),
        Endpoint("cases:run", kwargs=run_kw),
        Endpoint("cases:run_reproduce", method="POST", kwargs=run_kw, audited=False),
        Endpoint("api:business-case-runs", api=True, kwargs=lambda case: {"pk": case.pk}),
    ]

    def make_object(self, organization, user):
        initiative = initiative_create(
            actor=user, organization=organization, title=f"Permits {next(_n)}"
        )
        case = services.business_case_create(
            actor=user, initiative=initiative, start_year=2027, iterations=200
        )
        services.line_create(
            actor=user,
            option=case.options.get(),
            name="Hosting",
            kind="cost",
            category="hosting",
            likely=1000,
            first_period=0,
            last_period=2,
        )
        editor = make_member(organization, Role.EDITOR)
        inputs, results = run_payload(case, analyze_case(case))
        services.case_run_save(
            actor=editor, case=case, label="Council packet", inputs=inputs, results=results
        )
        return case
