"""Subscribing to the funding deadlines as an editor does it, on a desktop and on a phone: open
the deadlines page, press "Make an address", copy the address with the Copy button (the
clipboard then holds it), read the feed as a calendar program would, then revoke it and see
the feed stop answering. Every page passes axe-core (WCAG 2.1 AA) and nothing is wider than
the screen."""

from __future__ import annotations

import pytest

from .axe import axe_violations, sign_in

pytestmark = pytest.mark.browser


def _editor(demo):
    return next((email, pw) for role, email, pw in demo.logins if role == "editor")


def _no_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("width", [1280, 375])
def test_subscribe_copy_and_revoke_the_deadlines_feed(
    demo, live_server, page_factory, axe_source, width
):
    org = demo.organization
    page = page_factory(width=width, height=900)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    sign_in(page, live_server.url, *_editor(demo))
    deadlines = f"{live_server.url}/o/{org.slug}/funding/deadlines/"
    page.goto(deadlines)
    assert page.get_by_role("heading", name="Subscribe in your calendar").is_visible()
    assert axe_violations(page, axe_source) == []
    assert _no_overflow(page) <= 1

    with page.expect_navigation():
        page.get_by_role("button", name="Make an address").click()
    field = page.get_by_label(f"Funding deadlines of {org.name}")
    feed_url = field.input_value()
    assert feed_url.startswith(f"{live_server.url}/funding/feed/csd_") and feed_url.endswith(".ics")
    copy = page.get_by_role("button", name="Copy the deadlines calendar address")
    assert copy.is_visible()  # shown by copy.js; hidden without JavaScript
    copy.click()
    page.wait_for_function(
        "document.getElementById('feed-deadlines-status').textContent.trim() !== ''"
    )
    assert page.locator("#feed-deadlines-status").inner_text() == "Copied."
    assert page.evaluate("navigator.clipboard.readText()") == feed_url
    assert axe_violations(page, axe_source) == []
    assert _no_overflow(page) <= 1

    # The feed, read through the browser's request context as a calendar program reads it.
    feed = page.context.request.get(feed_url)
    assert feed.status == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    body = feed.text()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert f"X-WR-CALNAME:{org.name} funding deadlines" in body

    # Back on the page the address is no longer shown, only its start; then revoke it.
    page.goto(deadlines)
    assert page.locator("#feed-deadlines").count() == 0
    assert feed_url.rsplit("/", 1)[1][:12] in page.locator("#feed-status").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Revoke the address").click()
    assert "Revoked the deadlines calendar address" in (
        page.locator(".usa-alert--success").inner_text()
    )
    assert page.get_by_role("button", name="Make an address").is_visible()
    assert axe_violations(page, axe_source) == []
    assert page.context.request.get(feed_url).status == 404
