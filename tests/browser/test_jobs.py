"""Background work in a real browser: the job page passes axe while waiting and when done, and
htmx swaps in the result without a reload once a worker has run the job."""

from __future__ import annotations

from django.contrib.auth import get_user_model

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
