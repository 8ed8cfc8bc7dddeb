"""Keyboard use and htmx behaviour in a real browser."""

from __future__ import annotations

from civicshift.initiatives.models import Initiative

from .axe import axe_violations, sign_in


def _admin(demo):
    return next((email, pw) for r, email, pw in demo.logins if r == "admin")


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(demo, live_server, page_factory):
    page = page_factory()
    sign_in(page, live_server.url, *_admin(demo))
    page.goto(f"{live_server.url}/o/{demo.organization.slug}/initiatives/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main-content"


def test_search_filters_in_place_with_htmx_and_the_url_follows(demo, live_server, page_factory):
    org = demo.organization
    target = Initiative.objects.for_org(org).order_by("pk").first()
    page = page_factory()
    sign_in(page, live_server.url, *_admin(demo))
    page.goto(f"{live_server.url}/o/{org.slug}/initiatives/")
    page.evaluate("window.__noReload = true")
    page.fill("#f-q", target.title)
    page.wait_for_function("() => location.search.includes('q=')")
    page.wait_for_selector(f"#initiative-results >> text={target.title}")
    assert page.evaluate("window.__noReload === true"), "the page reloaded instead of swapping"
    assert "1 initiative found" in page.inner_text("#initiative-results")


def test_keyboard_only_status_change(demo, live_server, page_factory, axe_source):
    org = demo.organization
    initiative = Initiative.objects.for_org(org).filter(status="idea").first()
    page = page_factory()
    sign_in(page, live_server.url, *_admin(demo))
    page.goto(f"{live_server.url}/o/{org.slug}/initiatives/{initiative.pk}/")
    page.focus("#id_to_status")
    page.select_option("#id_to_status", "proposed")
    page.keyboard.press("Tab")
    page.keyboard.type("Presented to the IT steering committee")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Status changed to Proposed" in page.content()
    initiative.refresh_from_db()
    assert initiative.status == "proposed"
    assert axe_violations(page, axe_source) == []


def test_mobile_menu_opens_with_the_keyboard(demo, live_server, page_factory):
    page = page_factory(375, 800)
    sign_in(page, live_server.url, *_admin(demo))
    page.goto(f"{live_server.url}/o/{demo.organization.slug}/")
    menu = page.locator("button.usa-menu-btn")
    menu.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("nav.usa-nav.is-visible")
    assert page.locator("nav.usa-nav button:has-text('Sign out')").is_visible()


def test_role_is_changed_in_place(demo, live_server, page_factory, axe_source):
    from civicshift.orgs.models import Membership

    org = demo.organization
    viewer = Membership.objects.for_org(org).get(user__email="viewer@maplefalls.example")
    page = page_factory()
    sign_in(page, live_server.url, *_admin(demo))
    page.goto(f"{live_server.url}/o/{org.slug}/members/")
    page.evaluate("window.__noReload = true")
    page.select_option(f"#role-{viewer.pk}", "evaluator")
    page.click(f"#member-{viewer.pk} button:has-text('Change')")
    page.wait_for_selector(f"#member-{viewer.pk} >> text=changed to Evaluator")
    assert page.evaluate("window.__noReload === true")
    viewer.refresh_from_db()
    assert viewer.role == "evaluator"
    assert axe_violations(page, axe_source) == []


def test_the_search_box_lines_up_with_the_filters(demo, live_server, page_factory):
    page = page_factory()
    sign_in(page, live_server.url, *_admin(demo))
    page.goto(f"{live_server.url}/o/{demo.organization.slug}/initiatives/")
    search = page.eval_on_selector("#f-q", "e => e.getBoundingClientRect().toJSON()")
    status = page.eval_on_selector("#f-status", "e => e.getBoundingClientRect().toJSON()")
    assert abs(search["top"] - status["top"]) < 1
    assert abs(search["height"] - status["height"]) < 1
    assert abs(search["width"] - status["width"]) < 1


def test_multiple_choices_are_checkboxes_a_keyboard_can_tick(demo, live_server, page_factory):
    page = page_factory()
    sign_in(page, live_server.url, *_admin(demo))
    page.goto(f"{live_server.url}/o/{demo.organization.slug}/initiatives/new/")
    assert page.locator("select[multiple]").count() == 0
    first = page.locator("#id_sponsor_departments_0")
    first.focus()
    page.keyboard.press("Space")
    assert first.is_checked()
    assert page.locator("option", has_text="---------").count() == 0
