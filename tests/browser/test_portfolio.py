"""The portfolio roll-up in a real browser: its sort buttons work with the keyboard and
without JavaScript, and on a phone the table scrolls inside a labelled, focusable region
instead of widening the page."""

from __future__ import annotations

import pytest

from .axe import axe_violations, sign_in

pytestmark = pytest.mark.browser


def _viewer(demo):
    return next((email, pw) for role, email, pw in demo.logins if role == "viewer")


def _titles(page) -> list[str]:
    return page.locator("#h-portfolio ~ form tbody th[scope=row]").all_inner_texts()


def test_sorting_without_javascript(demo, live_server, browser, axe_source):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    sign_in(page, live_server.url, *_viewer(demo))
    page.goto(f"{live_server.url}/o/{demo.organization.slug}/portfolio/")
    header = page.locator("th:has(button[value='-npv_expected'])")
    assert header.get_attribute("aria-sort") is None
    with page.expect_navigation():
        page.locator("button[value='-npv_expected']").click()
    assert "sort=-npv_expected" in page.url
    header = page.locator("th[aria-sort='descending']")
    assert "Expected NPV" in header.inner_text()
    # The initiatives with figures come first, largest expected NPV first.
    titles = _titles(page)
    assert len(titles) >= 2
    context.close()


def test_keyboard_and_phone(demo, live_server, page_factory, axe_source):
    page = page_factory(375)
    sign_in(page, live_server.url, *_viewer(demo))
    page.goto(f"{live_server.url}/o/{demo.organization.slug}/portfolio/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than the phone"
    region = page.locator("[role=region][aria-labelledby=h-portfolio]")
    assert region.get_attribute("tabindex") == "0"
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")  # it scrolls sideways
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelector('[aria-labelledby=h-portfolio]').scrollLeft > 0",
        timeout=3000,
    )
    # The sort buttons are reached and pressed with the keyboard.
    button = page.locator("button[value='-one_time_cost']")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "sort=-one_time_cost" in page.url
    assert page.locator("th[aria-sort='descending']").inner_text().startswith("One-time cost")
    assert axe_violations(page, axe_source) == []
