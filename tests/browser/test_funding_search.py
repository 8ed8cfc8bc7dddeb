"""Search by purpose and the alignment draft as a grants coordinator uses them: type what the
money is for on the Funding page, read the ranked programs; on an initiative's Funding tab,
draft an alignment statement (htmx swaps it in). axe-core (WCAG 2.1 AA) at 1280 and 375 px."""

from __future__ import annotations

import pytest

from civicshift.initiatives.models import Initiative

from .axe import axe_violations, sign_in

pytestmark = pytest.mark.browser


def test_purpose_search_and_alignment_draft(demo, live_server, page_factory, axe_source):
    org = demo.organization
    editor = next((email, pw) for role, email, pw in demo.logins if role == "editor")
    page = page_factory()
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, *editor)
    page.goto(f"{live_server.url}/o/{org.slug}/funding/")
    page.fill("#id_purpose", "grants for police equipment")
    with page.expect_navigation():
        page.get_by_role("button", name="Search by purpose").click()
    results = page.locator("#h-purpose-results + ol > li")
    assert results.count() >= 1
    assert "fit 100 of 100" in results.first.inner_text().lower()
    page.screenshot(path="/tmp/fundsearch-purpose.png", full_page=True)
    assert axe_violations(page, axe_source) == []
    page.set_viewport_size({"width": 375, "height": 800})
    assert axe_violations(page, axe_source) == []

    page.set_viewport_size({"width": 1280, "height": 900})
    crm = Initiative.objects.for_org(org).get(title="311 and resident request management (CRM)")
    page.goto(f"{live_server.url}/o/{org.slug}/initiatives/{crm.pk}/funding/")
    page.get_by_role("link", name="Draft an alignment statement").first.click()
    page.wait_for_selector(".cs-alignment textarea")
    assert page.url.endswith("/funding/")  # swapped in place, no navigation
    draft = page.locator(".cs-alignment textarea").input_value()
    assert draft.startswith(org.name)
    page.screenshot(path="/tmp/fundsearch-alignment.png", full_page=False)
    assert axe_violations(page, axe_source) == []
