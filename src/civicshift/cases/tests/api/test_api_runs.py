# ruff: noqa: F811 - the fixtures imported from test_api are parameters of the tests
"""Saved analyses over the API: one read with its seed, runs, version, amounts' fingerprint and
headline figures; two compared (the data of the saved analysis page, one JSON shape; a run of
another case or a missing id refused naming the field); one run again as a background job
(202 and the job to follow, 429 over the per-person limits, editors only)."""

import hashlib
import json
from decimal import Decimal

import numpy_financial as npf
import pytest

import civicshift
from civicshift.audit.models import AuditEvent
from civicshift.cases import services
from civicshift.cases.models import BusinessCase, CaseLine, CaseRun
from civicshift.cases.runs import compare_run, comparison_data
from civicshift.initiatives.services import initiative_create
from civicshift.jobs.models import Job, JobStatus
from civicshift.jobs.worker import drain_queue

from .test_api import case, editor, initiative, url  # noqa: F401 - the module's fixtures

pytestmark = pytest.mark.django_db


def save(org, api, case, **data) -> CaseRun:
    response = api.post(
        url("business-case-analyze", org, pk=case.pk),
        {"save": True, "iterations": 500, **data},
        format="json",
    )
    assert response.status_code == 201, response.content
    return CaseRun.objects.get(pk=response.json()["run"])


def run_url(org, run, name="case-run-detail"):
    return url(name, org, case_pk=run.case_id, pk=run.pk)


def compare_url(org, case):
    return url("case-run-compare", org, case_pk=case.pk)


def test_a_saved_analysis_is_read_with_its_inputs_and_headline_figures(
    org, editor_api, viewer_api, case
):
    run = save(org, editor_api, case, seed=5, label="Council packet")
    response = viewer_api.get(run_url(org, run))
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["case"], body["label"]) == (run.pk, case.pk, "Council packet")
    assert (body["seed"], body["iterations"]) == (5, 500)
    assert body["version"] == civicshift.__version__
    assert len(body["amounts_fingerprint"]) == 64
    assert int(body["amounts_fingerprint"], 16) >= 0  # hexadecimal SHA-256
    assert body["inputs"] == run.inputs and body["results"] == run.results
    saas, on_prem = body["figures"]
    assert (saas["name"], on_prem["name"]) == ("SaaS product", "On-premises product")
    saved = run.results["options"]["SaaS product"]["monte_carlo"]
    assert saas["prob_npv_positive"] == saved["prob_npv_positive"]
    assert saas["npv_mean"] == saved["npv"]["mean"]
    assert saas["percentiles"] == {k: saved["npv"][k] for k in ("p5", "p10", "p50", "p90", "p95")}
    assert saas["percentiles"]["p5"] < saas["percentiles"]["p50"] < saas["percentiles"]["p95"]
    assert 0 <= saas["prob_npv_positive"] <= 1
    # The expected NPV of "On-premises product": servers triangular (60,000, 80,000, 120,000),
    # mean (a + m + b) / 3 (Vose, Risk Analysis, 3rd ed., triangular distribution), in year 0;
    # 30,000 a year saved in years 1-10; discounted as Excel's NPV (numpy-financial's npv
    # discounts period 0 by one, as the case does with flows starting at year 0).
    rate = float(case.discount_rate)
    flows = [-(60_000 + 80_000 + 120_000) / 3] + [30_000] * 10
    assert on_prem["expected_npv"] == pytest.approx(npf.npv(rate, flows), rel=1e-9)
    assert on_prem["npv"] == pytest.approx(npf.npv(rate, [-80_000] + [30_000] * 10), rel=1e-9)
    # The list shows the same.
    listed = viewer_api.get(url("business-case-runs", org, pk=case.pk)).json()["results"]
    assert listed == [body]


def test_the_amounts_fingerprint_follows_the_amounts_not_the_seed(
    org, editor, editor_api, viewer_api, case
):
    first = save(org, editor_api, case, seed=1)
    second = save(org, editor_api, case, seed=2)
    subscription = CaseLine.objects.get(name="Subscription")
    services.line_update(actor=editor, line=subscription, likely=Decimal("110000"))
    third = save(org, editor_api, case, seed=1)
    prints = [
        viewer_api.get(run_url(org, r)).json()["amounts_fingerprint"]
        for r in (first, second, third)
    ]
    assert prints[0] == prints[1] != prints[2]
    # SHA-256 of the options and lines as saved, canonical JSON (hashlib as the reference).
    canonical = json.dumps(
        [{"name": o["name"], "lines": o["lines"]} for o in first.inputs["options"]],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    assert prints[0] == hashlib.sha256(canonical.encode()).hexdigest()


def test_two_saved_analyses_are_compared_as_the_page_compares_one_with_today(
    org, editor, editor_api, viewer_api, case
):
    then = save(org, editor_api, case, label="March")
    saas = case.options.get(name="SaaS product")
    services.line_update(
        actor=editor, line=CaseLine.objects.get(name="Subscription"), likely=Decimal("110000")
    )
    services.line_delete(actor=editor, line=CaseLine.objects.get(name="Staff time released"))
    services.line_create(
        actor=editor,
        option=saas,
        name="Hosting",
        kind="cost",
        category="hosting",
        likely=Decimal("5000"),
        first_period=1,
        last_period=10,
    )
    services.option_create(actor=editor, case=case, name="Phased rollout")
    fresh = BusinessCase.objects.get(pk=case.pk)
    services.business_case_update(actor=editor, case=fresh, discount_rate=Decimal("0.04"))
    now = save(org, editor_api, case, label="June")
    before = AuditEvent.objects.count()
    response = viewer_api.post(
        compare_url(org, case), {"then": then.pk, "now": now.pk}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert AuditEvent.objects.count() == before  # only read
    assert body["then"]["id"] == then.pk and body["then"]["label"] == "March"
    assert body["now"]["id"] == now.pk and body["now"]["iterations"] == 500
    assert body["then"]["amounts_fingerprint"] != body["now"]["amounts_fingerprint"]
    assert body["unchanged"] is False
    assert {"name": "discount_rate", "then": then.inputs["discount_rate"], "now": "0.0400"} in (
        body["settings"]
    )
    options = {o["name"]: o for o in body["options"]}
    assert options["Phased rollout"]["status"] == "added"
    saas_change = options["SaaS product"]
    assert saas_change["status"] == "both"
    assert saas_change["lines_added"] == ["Hosting"]
    assert saas_change["lines_removed"] == ["Staff time released"]
    assert saas_change["lines_changed"] == [
        {
            "line": "Subscription",
            "changes": [{"name": "likely", "then": "100000.00", "now": "110000.00"}],
        }
    ]
    npv = next(f for f in saas_change["figures"] if f["name"] == "npv")
    assert npv == {
        "name": "npv",
        "then": then.results["options"]["SaaS product"]["npv"],
        "now": now.results["options"]["SaaS product"]["npv"],
    }
    assert npv["then"] != npv["now"]
    assert options["On-premises product"]["lines_changed"] == []
    # Nothing changed since `now` was saved: the page's comparison of `then` with today is
    # the API's comparison of `then` with `now`, field for field.
    web = comparison_data(compare_run(CaseRun.objects.get(pk=then.pk)))
    assert {k: v for k, v in body.items() if k not in ("then", "now")} == json.loads(
        json.dumps(web)
    )


def test_a_run_compared_with_itself_is_unchanged(org, editor_api, viewer_api, case):
    run = save(org, editor_api, case)
    body = viewer_api.post(
        compare_url(org, case), {"then": run.pk, "now": run.pk}, format="json"
    ).json()
    assert body["unchanged"] is True and body["settings"] == []
    for option in body["options"]:
        assert option["status"] == "both"
        assert all(f["then"] == f["now"] for f in option["figures"])


def test_a_run_of_another_case_or_a_missing_id_is_refused_naming_the_field(
    org, editor, editor_api, viewer_api, case
):
    run = save(org, editor_api, case)
    elsewhere = services.business_case_create(
        actor=editor,
        initiative=initiative_create(actor=editor, organization=org, title="Council agendas"),
        start_year=2027,
    )
    services.line_create(
        actor=editor,
        option=elsewhere.options.get(),
        name="Licences",
        kind="cost",
        category="subscription",
        likely=Decimal("900"),
    )
    theirs = save(org, editor_api, elsewhere)
    compare = compare_url(org, case)
    refused = viewer_api.post(compare, {"then": run.pk, "now": theirs.pk}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {
        "now": [f"This business case has no saved analysis with the id {theirs.pk}."]
    }
    missing = viewer_api.post(compare, {"now": run.pk}, format="json")
    assert missing.status_code == 400
    assert list(missing.json()) == ["then"]
    assert "saved analyses" in missing.json()["then"][0]
    gone = viewer_api.post(compare, {"then": 999_999, "now": run.pk}, format="json")
    assert gone.status_code == 400 and "999999" in gone.json()["then"][0]
    text = viewer_api.post(compare, {"then": run.pk, "now": "latest"}, format="json")
    assert text.status_code == 400 and list(text.json()) == ["now"]
    # Through the other case's address, this case's run is not found either.
    through_other = url("case-run-detail", org, case_pk=elsewhere.pk, pk=run.pk)
    assert viewer_api.get(through_other).status_code == 404


def test_running_again_answers_202_with_the_job_to_follow(
    org, editor_api, viewer_api, case, database_queue
):
    run = save(org, editor_api, case)
    jobs = Job.objects.count()
    response = editor_api.post(run_url(org, run, "case-run-rerun"), format="json")
    assert response.status_code == 202, response.content
    job = Job.objects.latest("pk")
    assert Job.objects.count() == jobs + 1
    accepted = response.json()
    assert (accepted["id"], accepted["kind"], accepted["status"]) == (
        job.pk,
        "cases.reproduce_run",
        "queued",
    )
    assert accepted["url"] == f"http://testserver{url('job-detail', org, pk=job.pk)}"
    assert response["Location"] == accepted["url"]
    drain_queue()
    done = editor_api.get(accepted["url"]).json()
    assert done["status"] == JobStatus.DONE
    # Computed again from its saved inputs, seed and runs with the same software: the same.
    assert done["result"]["run"] == run.pk
    assert done["result"]["differences"] == []
    assert done["result"]["results"]["options"] == json.loads(json.dumps(run.results["options"]))
    assert CaseRun.objects.count() == 1  # nothing new saved
    # A viewer may run it again too, as on the web page: it saves nothing.
    again = viewer_api.post(run_url(org, run, "case-run-rerun"), format="json")
    assert again.status_code == 202
    assert Job.objects.count() == jobs + 2
    assert CaseRun.objects.count() == 1


def test_running_again_is_limited_per_person_with_429(org, editor_api, case, settings):
    run = save(org, editor_api, case)
    settings.CIVICSHIFT_JOBS_PER_MINUTE = 2  # the save above was one
    rerun = run_url(org, run, "case-run-rerun")
    assert editor_api.post(rerun, format="json").status_code == 202
    refused = editor_api.post(rerun, format="json")
    assert refused.status_code == 429
    assert "in the last minute" in refused.json()["detail"]
    assert refused["Retry-After"] == "60"
