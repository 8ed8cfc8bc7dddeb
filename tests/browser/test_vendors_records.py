"""The evaluation's "Score sheets and the public record" section in a real browser: axe-core
(WCAG 2.1 AA) clean at 1280 and 375 px, the workbook downloads, and the public-records export
goes through the job page to its ZIP once a worker has run it."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import load_workbook

from civicshift.jobs.worker import drain_queue
from civicshift.vendors.models import Evaluation

from .axe import axe_violations, sign_in
from .test_vendors import _login

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 375])
def test_score_sheets_and_the_public_record(demo, live_server, page_factory, axe_source, width):
    org = demo.organization
    erp = Evaluation.objects.for_org(org).get(weight_method="ahp")
    page = page_factory(width)
    sign_in(page, live_server.url, *_login(demo, "admin"))
    page.goto(f"{live_server.url}/o/{org.slug}/vendors/evaluations/{erp.pk}/")
    section = page.locator("#h-records")
    assert section.inner_text() == "Score sheets and the public record"
    failures = [f"evaluation page: {p}" for p in axe_violations(page, axe_source)]
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{overflow}px wider than the window"

    with page.expect_download() as info:
        page.get_by_role("link", name="Download the score sheets (Excel)").click()
    assert info.value.suggested_filename.endswith("-score-sheets.xlsx")
    with open(info.value.path(), "rb") as f:  # the saved download has no extension
        book = load_workbook(io.BytesIO(f.read()))
    assert book.sheetnames[:3] == ["About", "Totals", "Consensus"]

    page.get_by_role("button", name="Export the public record (ZIP)").click()
    page.wait_for_url("**/jobs/*/")
    failures += [f"job page: {p}" for p in axe_violations(page, axe_source)]
    drain_queue()
    download = page.get_by_role("link", name="Download ")
    download.wait_for(timeout=15_000)  # htmx polls every second
    with page.expect_download() as info:
        download.click()
    assert info.value.suggested_filename.endswith("-public-record.zip")
    with open(info.value.path(), "rb") as f:
        names = zipfile.ZipFile(io.BytesIO(f.read())).namelist()
    assert "README.txt" in names and "score-sheets.xlsx" in names
    failures += [f"CSP: {e}" for e in page.csp_errors]
    assert not failures, "\n".join(failures)
