"""The risks' schedule buffer added to the plan from the risk register, as an editor does it:
the confirm step opens in place (htmx), says how many working days and where the task goes,
and one click adds it before the final milestone; a second visit offers to update it. Every
page passes axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

import pytest

from civicshift.initiatives.models import Initiative
from civicshift.plans.models import PlanLink, PlanTask
from civicshift.plans.services_buffer import schedule_buffer_proposal

from .axe import axe_violations, sign_in

pytestmark = pytest.mark.browser


def _editor(demo):
    return next((email, pw) for role, email, pw in demo.logins if role == "editor")


def test_add_the_schedule_buffer_from_the_register(demo, live_server, page_factory, axe_source):
    org = demo.organization
    permitting = Initiative.objects.for_org(org).get(title="Online permitting and inspections")
    plan = permitting.plan
    proposal = schedule_buffer_proposal(plan, "register")
    assert proposal.problem == "" and proposal.days > 0
    page = page_factory()
    sign_in(page, live_server.url, *_editor(demo))
    register = f"{live_server.url}/o/{org.slug}/initiatives/{permitting.pk}/plan/risks/"
    page.goto(register)

    with page.expect_response(lambda r: "/plan/buffer/" in r.url and r.request.method == "GET"):
        page.get_by_role("link", name="Add the schedule buffer to the plan").click()
    page.wait_for_selector("#buffer-confirm form#buffer-form")
    assert page.url == register  # swapped in place
    page.wait_for_function("(document.activeElement || {}).id === 'buffer-heading'")
    confirm = page.locator("#buffer-confirm table[data-table=buffer-task]")
    assert f"{proposal.days} working days" in confirm.inner_text()
    assert proposal.milestone.name in confirm.inner_text()
    assert axe_violations(page, axe_source) == []

    page.get_by_label("The register's expected delay").check()
    with page.expect_navigation():
        page.get_by_role("button", name=f"Add the {proposal.days}-working-day buffer").click()
    assert "/plan/" in page.url and page.url.endswith(
        f"#task-{PlanTask.objects.get(plan=plan, schedule_buffer=True).pk}"
    )
    assert "schedule contingency buffer" in page.locator(".usa-alert--success").inner_text()
    row = page.locator("table[data-table=plan-tasks] tbody tr").filter(
        has_text="Schedule contingency buffer"
    )
    assert row.count() == 1
    buffer = PlanTask.objects.get(plan=plan, schedule_buffer=True)
    assert buffer.duration_minutes == proposal.days * plan.minutes_per_day
    assert list(
        PlanLink.objects.filter(successor=proposal.milestone).values_list("predecessor", flat=True)
    ) == [buffer.pk]
    assert axe_violations(page, axe_source) == []

    # From the plan tab this time: the same step now offers to update the one buffer.
    with page.expect_response(lambda r: "/plan/buffer/" in r.url):
        page.get_by_role("link", name="Add the schedule buffer to the plan").click()
    page.wait_for_selector("#buffer-confirm form#buffer-form")
    assert page.get_by_role("button", name="Update the buffer to").is_visible()
    assert axe_violations(page, axe_source) == []

    # Without JavaScript the link opens the same step as a page of its own.
    page.goto(f"{live_server.url}/o/{org.slug}/initiatives/{permitting.pk}/plan/buffer/")
    assert (
        page.locator("h2#buffer-heading").inner_text() == "Update the schedule buffer in the plan"
    )
    assert axe_violations(page, axe_source) == []
