"""The spreadsheet import in a real browser: upload, mapping, preview and result pages pass
axe-core (WCAG 2.1 AA) without CSP violations, and the problems summary takes the focus."""

from __future__ import annotations

from civicshift.formats.inventory.tests import fixtures

from .axe import axe_violations, sign_in
from .conftest import ARTIFACTS


def test_import_pages_are_accessible_and_focus_the_problems(
    demo, live_server, page_factory, axe_source, tmp_path, settings
):
    # The jobs run inside the request, so each step lands on the next page at once (the job
    # pages themselves are checked by test_jobs.py).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    org = demo.organization
    email, password = next((e, p) for r, e, p in demo.logins if r == "admin")
    page = page_factory(1280)
    sign_in(page, live_server.url, email, password)
    failures: list[str] = []

    def check(step: str) -> None:
        page.wait_for_load_state("networkidle")
        failures.extend(f"{step}: {p}" for p in axe_violations(page, axe_source))
        failures.extend(f"{step}: CSP: {e}" for e in page.csp_errors)
        page.csp_errors.clear()

    base = f"{live_server.url}/o/{org.slug}/systems/import/"
    page.goto(base)
    check("upload")
    page.set_input_files("#id_file", str(fixtures.town_workbook(tmp_path / "Millbrook.xlsx")))
    page.click("button[type=submit]:has-text('Upload and check')")
    page.wait_for_url("**/mapping/")
    check("mapping")
    page.click("button[type=submit]:has-text('Use this mapping')")
    page.wait_for_url("**/preview/")
    check("preview")
    assert page.evaluate("document.activeElement.id") == "import-problems"
    assert "3 rows have problems" in page.inner_text("#import-problems")
    page.click("button[type=submit]:has-text('Import 5 valid rows')")
    page.wait_for_url("**/result/")
    check("result")
    page.goto(base + "mappings/")
    check("mappings")
    # an upload refused at once: the error summary takes the focus
    page.goto(base)
    bad = tmp_path / "notes.docx"
    bad.write_bytes(b"PK")
    page.set_input_files("#id_file", str(bad))
    page.click("button[type=submit]:has-text('Upload and check')")
    check("upload with an error")
    assert page.evaluate("document.activeElement.id") == "import-problems"
    if failures:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "inventory-import.png"), full_page=True)
    assert not failures, "\n".join(failures)
