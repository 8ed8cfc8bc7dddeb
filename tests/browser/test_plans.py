"""The plan tab as a project manager uses it: read the timeline and the table, change a task's
duration in place (htmx swaps the recomputed schedule in, no reload), add a predecessor the same
way, and read the risk register. Every page passes axe-core."""

from __future__ import annotations

import pytest

from civicshift.core.schedule.cpm import schedule
from civicshift.initiatives.models import Initiative
from civicshift.plans import selectors

from .axe import axe_violations, sign_in

pytestmark = pytest.mark.browser


def _editor(demo):
    return next((email, pw) for role, email, pw in demo.logins if role == "editor")


def test_change_a_duration_in_place_and_see_the_finish_move(
    demo, live_server, page_factory, axe_source
):
    org = demo.organization
    erp = Initiative.objects.for_org(org).get(title__startswith="Replace the 1994 AS/400")
    plan = erp.plan
    before = schedule(selectors.project_of(plan))
    # A critical task: lengthening it by four weeks moves the finish by four working weeks.
    task = next(
        t
        for t in selectors.tasks_of(plan)
        if t.key in before.critical_path and not t.children.exists() and t.duration_minutes > 0
    )
    page = page_factory()
    sign_in(page, live_server.url, *_editor(demo))
    page.goto(f"{live_server.url}/o/{org.slug}/initiatives/{erp.pk}/plan/")
    assert page.locator("table[data-table=plan-tasks] tbody tr").count() == plan.tasks.count()
    assert page.locator("svg.cs-gantt__svg rect.cs-gantt__bar--critical").count() >= 1
    assert axe_violations(page, axe_source) == []
    shown_before = page.locator("[data-figure=finish]").inner_text()

    cell = page.get_by_label(f"Duration: {task.name}")
    weeks = task.duration_minutes // 2400 + 4
    cell.fill(f"{weeks}w")
    with page.expect_response(lambda r: "/quick/" in r.url and r.request.method == "POST"):
        page.get_by_role("button", name=f"Save duration: {task.name}").click()
    page.wait_for_function(
        "before => document.querySelector('[data-figure=finish]').innerText !== before",
        arg=shown_before,
    )
    assert "now finishes" in page.locator("#plan-status").inner_text()
    task.refresh_from_db()
    assert task.duration_minutes == weeks * 2400
    after = schedule(selectors.project_of(plan))
    assert after.project_finish > before.project_finish
    assert page.url.endswith("/plan/")  # swapped in place, no navigation
    assert axe_violations(page, axe_source) == []

    # A predecessor that would close a loop is refused, in words, and nothing changes.
    first = selectors.tasks_of(plan).filter(children__isnull=True).first()
    cell = page.get_by_label(f"After (predecessors): {first.name}")
    cell.fill(task.key)
    with page.expect_response(lambda r: "/quick/" in r.url):
        page.get_by_role("button", name=f"Save after (predecessors): {first.name}").click()
    page.wait_for_selector("#plan-schedule .usa-alert--error")
    assert "cycle" in page.locator("#plan-schedule .usa-alert--error").inner_text()
    assert not first.predecessor_links.filter(predecessor=task).exists()


def test_the_risk_register_reads(demo, live_server, page_factory, axe_source):
    org = demo.organization
    permitting = Initiative.objects.for_org(org).get(title="Online permitting and inspections")
    page = page_factory(width=400, height=800)  # a phone
    sign_in(page, live_server.url, *_editor(demo))
    page.goto(f"{live_server.url}/o/{org.slug}/initiatives/{permitting.pk}/plan/risks/")
    assert page.locator("table[data-table=heat-map]").is_visible()
    rows = page.locator("table[data-table=risks] tbody tr")
    assert rows.count() == permitting.risks.count()
    assert "$" in page.locator("[data-figure=contingency]").inner_text()
    assert axe_violations(page, axe_source) == []
    page.get_by_role("link", name=permitting.risks.first().title).click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="It happened: make it an issue").is_visible()
    assert axe_violations(page, axe_source) == []


@pytest.mark.parametrize("width", [1280, 375])
def test_turn_to_the_next_page_of_a_long_plan_and_edit_there(
    demo, live_server, page_factory, axe_source, monkeypatch, width
):
    from civicshift.plans import gantt

    monkeypatch.setattr(gantt, "PAGE_ROWS", 10)  # the demo's plans have fewer than 100 tasks
    org = demo.organization
    erp = Initiative.objects.for_org(org).get(title__startswith="Replace the 1994 AS/400")
    tasks = list(selectors.tasks_of(erp.plan))
    assert len(tasks) > 20
    page = page_factory(width)
    sign_in(page, live_server.url, *_editor(demo))
    page.goto(f"{live_server.url}/o/{org.slug}/initiatives/{erp.pk}/plan/")
    rows = page.locator("table[data-table=plan-tasks] tbody tr")
    assert rows.count() == 10
    table_pages = page.get_by_role("navigation", name="Pages of the task table")
    table_pages.get_by_role("link", name="Next").click()
    page.wait_for_url("**/plan/?page=2")
    keys = [rows.nth(i).get_attribute("data-task") for i in range(rows.count())]
    assert keys == [t.key for t in tasks[10:20]]
    assert "This page shows tasks 11 to 20 of" in page.locator("#gantt-summary").inner_text()
    assert axe_violations(page, axe_source) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than the window"

    task = next(t for t in tasks[10:20] if not t.children.exists())
    page.get_by_label(f"Duration: {task.name}").fill("7d")
    with page.expect_response(lambda r: "/quick/" in r.url and r.request.method == "POST"):
        page.get_by_role("button", name=f"Save duration: {task.name}").click()
    page.wait_for_function(
        "() => document.getElementById('plan-status').innerText.includes('now finishes')"
    )
    keys = [rows.nth(i).get_attribute("data-task") for i in range(rows.count())]
    assert keys == [t.key for t in tasks[10:20]]  # still on page 2 after the swap
    task.refresh_from_db()
    assert task.duration_minutes == 7 * 480
