"""Background work in a real browser: the job page passes axe while waiting and when done, and
htmx swaps in the result without a reload once a worker has run the job."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from civicshift.cases import services
from civicshift.jobs.models import Job
from civicshift.jobs.worker import drain_queue

from .axe import axe_violations, sign_in
from .test_business_case import _case, _login


def test_the_job_page_follows_the_work_to_its_download(demo, live_server, page_factory, axe_source):
    case, _option = _case(demo)
    org = demo.organization
    page = page_factory(1280)
    sign_in(page, live_server.url, *_login(demo))
    page.goto(
        f"{live_server.url}/o/{org.slug}/initiatives/{case.initiative_id}/business-case/business-case.docx"
    )
    page.wait_for_url("**/jobs/*/")
    job = Job.objects.get()
    assert page.locator("#job-progress").count() == 1
    failures = [f"waiting: {p}" for p in axe_violations(page, axe_source)]
    drain_queue()
    download = page.get_by_role("link", name="Download ")
    download.wait_for(timeout=15_000)  # htmx polls every second
    assert page.locator("#job-progress").count() == 0
    assert "Done." in page.locator("#job-sentence").inner_text()
    failures += [f"done: {p}" for p in axe_violations(page, axe_source)]
    with page.expect_download() as info:
        download.click()
    assert info.value.suggested_filename.endswith("-business-case.docx")
    page.goto(f"{live_server.url}/o/{org.slug}/jobs/")
    assert page.get_by_role("link", name=job.label).count() == 1
    failures += [f"list: {p}" for p in axe_violations(page, axe_source)]
    failures += [f"CSP: {e}" for e in page.csp_errors]
    assert not failures, "\n".join(failures)
    assert get_user_model().objects.get(pk=job.user_id).email == _login(demo)[0]


def test_a_long_simulations_job_page_draws_its_charts_when_done(
    demo, live_server, page_factory, axe_source
):
    """Above 10,000 runs the simulation is a job: once a worker has run it, htmx swaps the
    result into the job page, whose histogram and cumulative distribution are drawn from the
    simulation's bins (40 values each, whatever the number of runs)."""
    case, option = _case(demo)
    org = demo.organization
    editor = get_user_model().objects.get(email=_login(demo)[0])
    services.business_case_update(actor=editor, case=case, iterations=20_000)
    page = page_factory(1280)
    sign_in(page, live_server.url, *_login(demo))
    page.goto(
        f"{live_server.url}/o/{org.slug}/initiatives/{case.initiative_id}/business-case/"
        f"options/{option.pk}/simulate/"
    )
    page.wait_for_url("**/jobs/*/")
    assert page.locator("canvas[data-chart]").count() == 0  # still waiting
    drain_queue()
    page.wait_for_selector("canvas[data-chart='distribution']", timeout=15_000)
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('canvas[data-chart]'))"
        ".every(c => typeof Chart !== 'undefined' && Chart.getChart(c))"
    )
    drawn = page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll('canvas[data-chart]'))
             .map(c => [c.dataset.chart, Chart.getChart(c).data.datasets[0].data]))"""
    )
    assert sum(drawn["histogram"]) == 20_000
    assert len(drawn["histogram"]) == 40 and len(drawn["distribution"]) == 41
    assert drawn["distribution"][0] == 0 and drawn["distribution"][-1] == 100
    failures = [f"done: {p}" for p in axe_violations(page, axe_source)]
    failures += [f"CSP: {e}" for e in page.csp_errors]
    assert not failures, "\n".join(failures)
