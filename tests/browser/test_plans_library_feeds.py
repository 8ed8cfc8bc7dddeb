"""The risk-library picker and the calendar-feed page as an editor uses them: open the register,
click "Add risks from the library" (htmx loads the picker in place), tick two risks, add them,
find them as drafts in the register; the same picker as a page of its own without JavaScript;
make the calendar-feed address, copy it, revoke it, and see the feed stop answering. Every page
passes axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

import pytest

from civicshift.initiatives.models import Initiative
from civicshift.plans.models import Risk, RiskStatus

from .axe import axe_violations, sign_in

pytestmark = pytest.mark.browser
VIEWPORT = {"width": 1280, "height": 900}


def _editor(demo):
    return next((email, pw) for role, email, pw in demo.logins if role == "editor")


def test_add_two_risks_from_the_library_as_drafts(demo, live_server, page_factory, axe_source):
    org = demo.organization
    permitting = Initiative.objects.for_org(org).get(title="Online permitting and inspections")
    before = permitting.risks.count()
    page = page_factory()
    sign_in(page, live_server.url, *_editor(demo))
    register = f"{live_server.url}/o/{org.slug}/initiatives/{permitting.pk}/plan/risks/"
    page.goto(register)

    with page.expect_response(lambda r: "/risks/library/" in r.url and r.request.method == "GET"):
        page.get_by_role("link", name="Add risks from the library").click()
    page.wait_for_selector("#library-picker form#library-form")
    assert page.url == register  # swapped in place, no navigation
    # The heading of the swapped-in form takes the focus (focus.js after htmx:afterSettle).
    page.wait_for_function("(document.activeElement || {}).id === 'library-heading'")
    assert axe_violations(page, axe_source) == []

    free = page.locator("#library-picker input.usa-checkbox__input:not([disabled])")
    assert free.count() >= 2
    titles = []
    for i in (0, 1):
        box = free.nth(i)
        label = page.locator(f"label[for='{box.get_attribute('id')}']")
        # The title is the label's text before its description.
        titles.append(label.inner_text().split("\n")[0].strip())
        label.click()  # USWDS hides the input itself; users click the label
        assert box.is_checked()
    with page.expect_navigation():
        page.get_by_role("button", name="Add the ticked risks as drafts").click()
    assert page.url.startswith(register)
    assert "Added 2 risks as drafts" in page.locator(".usa-alert--success").inner_text()
    assert page.locator("#drafts").is_visible()
    rows = page.locator("table[data-table=risks] tbody tr")
    assert rows.count() == before + 2
    for title in titles:
        row = rows.filter(has=page.get_by_role("link", name=title, exact=True))
        assert row.count() == 1
        assert "Draft" in row.locator("td").last.inner_text()
    assert permitting.risks.filter(status=RiskStatus.DRAFT, title__in=titles).count() == 2
    assert axe_violations(page, axe_source) == []

    # Opened again, the two are shown as already in the register and cannot be ticked.
    with page.expect_response(lambda r: "/risks/library/" in r.url):
        page.get_by_role("link", name="Add risks from the library").click()
    page.wait_for_selector("#library-picker form#library-form")
    for title in titles:
        entry = Risk.objects.for_org(org).get(initiative=permitting, title=title).library_id
        assert page.locator(f"#library-{entry}").is_disabled()


def test_the_library_picker_without_javascript(demo, live_server, browser, axe_source):
    org = demo.organization
    permitting = Initiative.objects.for_org(org).get(title="Online permitting and inspections")
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORT)
    try:
        page = context.new_page()
        sign_in(page, live_server.url, *_editor(demo))
        page.goto(f"{live_server.url}/o/{org.slug}/initiatives/{permitting.pk}/plan/risks/")
        page.get_by_role("link", name="Add risks from the library").click()
        page.wait_for_load_state()
        assert page.url.endswith(f"/initiatives/{permitting.pk}/plan/risks/library/")
        assert page.locator("h1, h2").first.is_visible()
        # Submitting nothing answers the page again with the error, in words.
        page.get_by_role("button", name="Add the ticked risks as drafts").click()
        page.wait_for_load_state()
        assert "Tick at least one risk" in page.locator("#library-ids-error").inner_text()
        # axe needs JavaScript in the page; this context has none, so the page's HTML is
        # checked in a JavaScript-enabled page (set_content keeps the same markup and styles).
        html = page.content()
    finally:
        context.close()
    checker = browser.new_context(viewport=VIEWPORT)
    try:
        page = checker.new_page()
        page.goto(f"{live_server.url}/accounts/login/")  # same origin, for the stylesheets
        page.set_content(html, wait_until="load")
        assert axe_violations(page, axe_source) == []
    finally:
        checker.close()


def test_make_copy_and_revoke_the_calendar_feed_address(
    demo, live_server, page_factory, axe_source
):
    org = demo.organization
    page = page_factory()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    sign_in(page, live_server.url, *_editor(demo))
    settings_url = f"{live_server.url}/o/{org.slug}/plans/calendar-feed/"
    page.goto(settings_url)
    assert axe_violations(page, axe_source) == []
    page.get_by_role("button", name="Make an address").click()
    page.wait_for_load_state()
    field = page.get_by_label(f"All milestones of {org.name}")
    feed_url = field.input_value()
    assert feed_url.startswith(f"{live_server.url}/milestones/feed/") and feed_url.endswith(".ics")
    copy = page.get_by_role("button", name="Copy the organization's address")
    assert copy.is_visible()  # shown by copy.js
    copy.click()
    page.wait_for_function(
        "document.getElementById('feed-organization-status').textContent.trim() !== ''"
    )
    assert page.locator("#feed-organization-status").inner_text() == "Copied."
    assert axe_violations(page, axe_source) == []

    # The feed, read through the browser's request context as a calendar program reads it.
    feed = page.context.request.get(feed_url)
    assert feed.status == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    assert feed.text().startswith("BEGIN:VCALENDAR")

    page.goto(settings_url)
    page.get_by_role("button", name="Revoke the address").click()
    page.wait_for_load_state()
    assert "Revoked the calendar feed address" in page.locator(".usa-alert--success").inner_text()
    assert page.get_by_role("button", name="Make an address").is_visible()
    assert axe_violations(page, axe_source) == []
    assert page.context.request.get(feed_url).status == 404
