"""The funding pipeline as a grants coordinator uses it: on an initiative's Funding tab, pass
one program over with a reason and track another; on the new application's page, check a
document off (htmx swaps the row in place) and move the application to drafting; see it on the
deadlines page. Every page passes axe-core (WCAG 2.1 AA) at desktop and phone widths."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from civicshift.funding.models import FundingApplication, Stage
from civicshift.initiatives.models import Initiative

from .axe import axe_violations, sign_in

pytestmark = pytest.mark.browser


def _editor(demo):
    return next((email, pw) for role, email, pw in demo.logins if role == "editor")


def test_pass_over_track_check_off_and_draft(demo, live_server, page_factory, axe_source):
    org = demo.organization
    crm = Initiative.objects.for_org(org).get(title="311 and resident request management (CRM)")
    page = page_factory()
    sign_in(page, live_server.url, *_editor(demo))
    page.goto(f"{live_server.url}/o/{org.slug}/initiatives/{crm.pk}/funding/")
    assert axe_violations(page, axe_source) == []
    results = page.locator("ol.cs-funding-matches > li")
    assert results.count() >= 2, "the demo catalog has programs for a resident-services CRM"
    passed_title = results.nth(0).locator("h3 a").inner_text()
    first = results.nth(0)
    first.locator("summary").click()
    first.locator("select[name=pass_reason]").select_option("not_a_priority")
    with page.expect_navigation():
        first.get_by_role("button", name="Pass over").click()
    assert "Passed over" in page.locator(".usa-alert--success").inner_text()
    passed = FundingApplication.objects.for_org(org).get(initiative=crm, title=passed_title)
    assert (passed.stage, passed.pass_reason) == (Stage.PASSED_OVER, "not_a_priority")
    assert page.locator("#applications").get_by_text(passed_title).count() == 1

    untracked = page.locator("ol.cs-funding-matches > li").filter(
        has=page.get_by_role("button", name="Track this")
    )
    tracked_title = untracked.first.locator("h3 a").inner_text()
    with page.expect_navigation():
        untracked.first.get_by_role("button", name="Track this").click()
    assert "/funding/applications/" in page.url
    assert page.locator("h1").inner_text() == tracked_title
    assert axe_violations(page, axe_source) == []

    row = page.locator("#items li").first
    toggle = row.locator("button[aria-pressed]")
    assert toggle.get_attribute("aria-pressed") == "false"
    with page.expect_response(lambda r: "/toggle/" in r.url):
        toggle.click()
    page.wait_for_selector("#items li:first-child button[aria-pressed=true]")
    application = FundingApplication.objects.for_org(org).get(initiative=crm, title=tracked_title)
    assert application.items.filter(done=True).count() == 1

    page.select_option("select[name=stage]", "drafting")
    page.fill("input[name=amount_requested]", "75000")
    due = timezone.localdate() + timedelta(days=45)
    page.fill("input[name=due_date]", due.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert "Saved the application" in page.locator(".usa-alert--success").inner_text()
    application.refresh_from_db()
    assert application.stage == Stage.DRAFTING and application.amount_requested == 75000
    assert application.due_date == due

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/o/{org.slug}/funding/deadlines/?days=90")
    assert page.get_by_role("link", name=tracked_title).count() == 1  # due in 45 days
    assert axe_violations(page, axe_source) == []
    page.goto(f"{live_server.url}/o/{org.slug}/funding/applications/")
    assert page.get_by_role("link", name=tracked_title).count() >= 1
    assert axe_violations(page, axe_source) == []
