"""The People tab in a real browser, as an editor uses it: a stakeholder added through the form
is swapped in place (htmx, no page load) and appears in the power–interest grid, its chart and
its table; an activity of the communications plan is sent to the initiative's plan through the
confirm step, and shows its task. Every page passes axe-core (WCAG 2.1 AA) at 1280 and 375 px."""

from __future__ import annotations

import pytest

from civicshift.initiatives.models import Initiative
from civicshift.people.models import CommsActivity, Stakeholder
from civicshift.plans.models import PlanTask

from .axe import axe_violations, sign_in

pytestmark = pytest.mark.browser

ERP = "Replace the 1994 AS/400 financial system with a modern ERP"


def _editor(demo):
    return next((email, pw) for role, email, pw in demo.logins if role == "editor")


@pytest.mark.parametrize("width", [1280, 375])
def test_add_a_stakeholder_and_see_it_in_the_grid(
    demo, live_server, page_factory, axe_source, width
):
    org = demo.organization
    erp = Initiative.objects.for_org(org).get(title=ERP)
    before = Stakeholder.objects.for_org(org).filter(initiative=erp).count()
    page = page_factory(width)
    sign_in(page, live_server.url, *_editor(demo))
    url = f"{live_server.url}/o/{org.slug}/initiatives/{erp.pk}/people/"
    page.goto(url)
    page.wait_for_function(
        "() => Chart.getChart(document.querySelector('canvas[data-people-chart=grid]'))"
    )
    points = page.evaluate(
        "() => Chart.getChart(document.querySelector('canvas[data-people-chart=grid]'))"
        ".data.datasets.reduce((n, d) => n + d.data.length, 0)"
    )
    assert points == before
    page.evaluate("window.csNotReloaded = true")
    assert axe_violations(page, axe_source) == []

    form = page.get_by_role("form", name="Add a stakeholder")
    form.get_by_role("textbox", name="Name").fill("Budget analysts")
    form.get_by_label("Person or group").select_option("group")
    form.get_by_label("Department").select_option(label="Finance")
    form.get_by_label("Influence").fill("4")
    form.get_by_label("Interest").fill("1")
    form.get_by_label("Stance now").select_option("sceptical")
    form.get_by_label("Stance needed").select_option("supportive")
    with page.expect_response(lambda r: r.url.endswith("/stakeholders/add/") and r.status == 200):
        form.get_by_role("button", name="Add the stakeholder").click()
    page.wait_for_selector("#people-page .usa-alert--success")
    assert page.evaluate("window.csNotReloaded === true")  # swapped in place, no page load
    assert page.url == url
    row = page.locator("#grid-table tbody tr", has_text="Budget analysts")
    assert row.get_attribute("data-quadrant") == "keep_satisfied"  # influence 4, interest 1
    assert "2 steps to go" in row.inner_text()
    assert f"{before + 1} stakeholders" in page.locator("#grid-summary").inner_text()
    page.wait_for_function(
        f"() => Chart.getChart(document.querySelector('canvas[data-people-chart=grid]'))"
        f".data.datasets.reduce((n, d) => n + d.data.length, 0) === {before + 1}"
    )
    assert (
        Stakeholder.objects.for_org(org)
        .filter(initiative=erp, name="Budget analysts", department__name="Finance")
        .exists()
    )
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than the window"
    assert axe_violations(page, axe_source) == []
    assert page.csp_errors == []


def test_send_an_activity_to_the_plan(demo, live_server, page_factory, axe_source):
    org = demo.organization
    erp = Initiative.objects.for_org(org).get(title=ERP)
    activity = CommsActivity.objects.for_org(org).get(
        initiative=erp, title="Council work session on the ERP contract"
    )
    assert activity.task_id is None
    tasks_before = PlanTask.objects.filter(plan__initiative=erp).count()
    page = page_factory()
    sign_in(page, live_server.url, *_editor(demo))
    comms = f"{live_server.url}/o/{org.slug}/initiatives/{erp.pk}/people/plan/"
    page.goto(comms)
    row = page.locator(f"#activity-{activity.pk}")
    assert "not yet" in row.locator("[data-task]").inner_text()

    with page.expect_response(lambda r: "/send/" in r.url and r.request.method == "GET"):
        row.get_by_role("link", name="Send to the plan").click()
    page.wait_for_selector(f"#send-{activity.pk} [data-proposal=add]")
    assert page.url == comms  # the confirm step opened in place
    heading = f"send-heading-{activity.pk}"
    page.wait_for_function("(id) => (document.activeElement || {}).id === id", arg=heading)
    text = page.locator(f"#send-{activity.pk}").inner_text()
    assert "Sponsor action: Council work session on the ERP contract" in text
    assert "starting no earlier than" in text
    assert axe_violations(page, axe_source) == []

    with page.expect_navigation():
        page.get_by_role("button", name="Add the task to the plan").click()
    assert (
        "Added “Sponsor action: Council work session"
        in page.locator(".usa-alert--success").inner_text()
    )
    activity.refresh_from_db()
    task = PlanTask.objects.get(pk=activity.task_id)
    assert task.plan.initiative_id == erp.pk
    assert task.constraint_date.date() == activity.date
    assert PlanTask.objects.filter(plan__initiative=erp).count() == tasks_before + 1
    cell = page.locator(f"#activity-{activity.pk} [data-task]")
    assert f"Task {task.key}" in cell.inner_text()
    assert axe_violations(page, axe_source) == []

    # A second time, without JavaScript's help: the step is a page of its own and says the
    # task is already there; sending again adds nothing.
    page.goto(f"{comms}activities/{activity.pk}/send/")
    assert page.locator("[data-proposal=same]").count() == 1
    assert axe_violations(page, axe_source) == []
    assert PlanTask.objects.filter(plan__initiative=erp).count() == tasks_before + 1
    assert page.csp_errors == []
