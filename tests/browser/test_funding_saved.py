"""Saved searches as a grants coordinator uses them: search by purpose on the Funding page,
press "Save this search" (htmx swaps the confirmation in, no page load), open the digest it
links to; then the demo's own saved search, whose digest has news since the coordinator's
visit. axe-core (WCAG 2.1 AA) clean and no horizontal overflow at 1280 and 375 px."""

from __future__ import annotations

import pytest

from civicshift.funding.models import SavedSearch

from .axe import axe_violations, sign_in

pytestmark = pytest.mark.browser


def _no_overflow(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{page.url} is {overflow}px wider than the window"


@pytest.mark.parametrize("width", [1280, 375])
def test_save_a_search_and_read_its_digest(demo, live_server, page_factory, axe_source, width):
    org = demo.organization
    editor = next((email, pw) for role, email, pw in demo.logins if role == "editor")
    page = page_factory(width)
    sign_in(page, live_server.url, *editor)
    page.goto(f"{live_server.url}/o/{org.slug}/funding/")
    page.fill("#id_purpose", "immutable backups")
    with page.expect_navigation():
        page.get_by_role("button", name="Search by purpose").click()
    page.evaluate("window.csNotReloaded = true")
    save = page.get_by_role("form", name="Save this search")
    save.get_by_label("Name of the saved search").fill("Backups for the server room")
    with page.expect_response(lambda r: r.url.endswith("/funding/saved/new/") and r.status == 200):
        save.get_by_role("button", name="Save this search").click()
    page.wait_for_selector("#save-search .usa-alert--success")
    assert page.evaluate("window.csNotReloaded === true")  # swapped in place
    saved = SavedSearch.objects.for_org(org).get(name="Backups for the server room")
    assert saved.purpose == "immutable backups" and saved.eligible_only
    assert axe_violations(page, axe_source) == []
    _no_overflow(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Open its digest").click()
    assert "This is your first visit of this digest" in page.locator("#digest-visit").inner_text()
    assert page.locator("#digest-list > li").count() >= 1
    page.screenshot(path=f"/tmp/fundsaved-digest-{width}.png", full_page=True)
    assert axe_violations(page, axe_source) == []
    _no_overflow(page)

    page.goto(f"{live_server.url}/o/{org.slug}/funding/saved/")
    assert page.get_by_role("link", name="Backups for the server room", exact=True).count() == 1
    assert axe_violations(page, axe_source) == []
    _no_overflow(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Cybersecurity and backups").first.click()
    assert "since your last visit" in page.locator("#digest-visit").inner_text()
    listed = page.locator("#digest-list").inner_text()
    assert "State cybersecurity awareness training for local staff, 2027" in listed
    assert "nonprofit" not in listed.lower()
    page.screenshot(path=f"/tmp/fundsaved-news-{width}.png", full_page=True)
    assert axe_violations(page, axe_source) == []
    _no_overflow(page)
