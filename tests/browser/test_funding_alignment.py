"""Saving an alignment statement as an editor does it: from the application's page open the
draft, edit the text, press "Save the statement" (htmx saves in place and announces it), then
find it on the application's page; the same without JavaScript, on a phone-sized screen. Every
page passes axe-core (WCAG 2.1 AA) and nothing is wider than the screen."""

from __future__ import annotations

import pytest

from civicshift.funding.models import FundingApplication

from .axe import axe_violations, sign_in

pytestmark = pytest.mark.browser


def _editor(demo):
    return next((email, pw) for role, email, pw in demo.logins if role == "editor")


def _application(demo):
    return (
        FundingApplication.objects.for_org(demo.organization)
        .filter(initiative__isnull=False)
        .exclude(notice__isnull=True, program__isnull=True)
        .order_by("pk")
        .first()
    )


def test_edit_and_save_the_statement_with_htmx(demo, live_server, page_factory, axe_source):
    org = demo.organization
    application = _application(demo)
    assert application is not None, "the demo has applications"
    page = page_factory()
    sign_in(page, live_server.url, *_editor(demo))
    page.goto(f"{live_server.url}/o/{org.slug}/funding/applications/{application.pk}/")
    page.get_by_role("link", name="Draft a paragraph from the initiative’s data").click()
    page.wait_for_load_state()
    box = page.locator("form.cs-alignment-form textarea[name=alignment_statement]")
    assert box.input_value().strip()  # the draft, ready to edit
    assert axe_violations(page, axe_source) == []
    text = "Our backups project answers the program's first priority: recovery in a day."
    box.fill(text)
    url_before = page.url
    with page.expect_response(lambda r: "/alignment/" in r.url and r.request.method == "POST"):
        page.get_by_role("button", name="Save the statement").click()
    status = page.locator("[id^=alignment-status-]")
    page.wait_for_function(
        "document.querySelector('[id^=alignment-status-]').textContent.trim() !== ''"
    )
    assert status.inner_text().startswith("Saved ")
    assert page.url == url_before  # swapped in place, no navigation
    application.refresh_from_db()
    assert application.alignment_statement == text
    assert axe_violations(page, axe_source) == []

    # A second edit from the same page: the swapped-in form carries the new version.
    page.locator("form.cs-alignment-form textarea").fill(text + " Second wording.")
    with page.expect_response(lambda r: "/alignment/" in r.url and r.request.method == "POST"):
        page.get_by_role("button", name="Save the statement").click()
    page.wait_for_function(
        "document.querySelector('form.cs-alignment-form .usa-alert--error') === null"
    )
    application.refresh_from_db()
    assert application.alignment_statement == text + " Second wording."

    page.goto(f"{live_server.url}/o/{org.slug}/funding/applications/{application.pk}/")
    assert "Second wording." in page.locator("#alignment").inner_text()
    assert axe_violations(page, axe_source) == []


def test_save_the_statement_without_javascript_on_a_phone(demo, live_server, browser, axe_source):
    org = demo.organization
    application = _application(demo)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        sign_in(page, live_server.url, *_editor(demo))
        page.goto(
            f"{live_server.url}/o/{org.slug}/funding/applications/{application.pk}/alignment/"
        )
        page.fill("textarea[name=alignment_statement]", "Saved without JavaScript.")
        page.get_by_role("button", name="Save the statement").click()
        page.wait_for_load_state()
        assert page.url.endswith(f"/funding/applications/{application.pk}/#alignment")
        assert "Saved the alignment statement." in page.locator(".usa-alert--success").inner_text()
        assert "Saved without JavaScript." in page.locator("#alignment").inner_text()
        html = page.content()
    finally:
        context.close()
    application.refresh_from_db()
    assert application.alignment_statement == "Saved without JavaScript."
    # axe needs JavaScript in the page: the same HTML, checked in a JavaScript-enabled page.
    checker = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        page = checker.new_page()
        page.goto(f"{live_server.url}/accounts/login/")  # same origin, for the stylesheets
        page.set_content(html, wait_until="load")
        assert axe_violations(page, axe_source) == []
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    finally:
        checker.close()
