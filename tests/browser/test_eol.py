"""Support dates from endoflife.date in a real browser: the panel and the list of suggestions
pass axe-core on a desktop and a phone, and Confirm works with htmx (the panel is swapped in
place) and without JavaScript (a plain form post)."""

from __future__ import annotations

import pytest

from civicshift.inventory import services_eol
from civicshift.inventory.tests import factories
from civicshift.orgs.models import Membership
from civicshift.orgs.roles import Role

from .axe import axe_violations, sign_in

pytestmark = pytest.mark.browser


def _admin(demo):
    return next((email, pw) for role, email, pw in demo.logins if role == "admin")


def _town(demo, tmp_path, settings):
    settings.CIVICSHIFT_ENDOFLIFE_FILE = tmp_path / "endoflife" / "products.json"
    org = demo.organization
    admin = Membership.objects.for_org(org).filter(role=Role.ADMIN).first().user
    finance = factories.make_system(
        org,
        admin,
        name="Finance (AS/400)",
        vendor="IBM",
        product="AS/400 IBM i",
        product_version="7.3",
    )
    oracle = factories.make_system(
        org, admin, name="Utility billing", product="Oracle Database", product_version="11g"
    )
    server = factories.make_component(org, admin, name="FS01 Windows Server 2012 R2")
    services_eol.eol_suggest_all(actor=admin, organization=org)
    return org, finance, oracle, server


@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_the_pages_pass_axe(demo, live_server, page_factory, axe_source, width, tmp_path, settings):
    org, finance, _oracle, server = _town(demo, tmp_path, settings)
    page = page_factory(width)
    sign_in(page, live_server.url, *_admin(demo))
    base = f"{live_server.url}/o/{org.slug}/systems/support-dates"
    failures = []
    for url in [f"{base}/", f"{base}/system/{finance.pk}/", f"{base}/component/{server.pk}/"]:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        failures += [f"{url}: {p}" for p in axe_violations(page, axe_source)]
        failures += [f"{url}: CSP: {e}" for e in page.csp_errors]
        page.csp_errors.clear()
    page.goto(f"{base}/")
    assert "on extended support only, until 2028-09-30" in page.content()
    assert not failures, "\n".join(failures)


def test_confirm_with_htmx_swaps_the_panel(demo, live_server, page_factory, tmp_path, settings):
    org, _finance, oracle, _server = _town(demo, tmp_path, settings)
    page = page_factory()
    sign_in(page, live_server.url, *_admin(demo))
    page.goto(f"{live_server.url}/o/{org.slug}/systems/support-dates/system/{oracle.pk}/")
    url_before = page.url
    panel = page.locator(f"#eol-system-{oracle.pk}")
    panel.locator("button:has-text('Confirm')").first.click()
    page.locator("[role=status]:has-text('set from endoflife.date')").wait_for()
    assert page.url == url_before  # swapped in place, no navigation
    oracle.refresh_from_db()
    assert (oracle.eol_cycle, oracle.eol_confirmed) == ("11.2", True)


def test_not_this_one_without_javascript(demo, live_server, browser, tmp_path, settings):
    org, _finance, oracle, _server = _town(demo, tmp_path, settings)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server.url, *_admin(demo))
    page.goto(f"{live_server.url}/o/{org.slug}/systems/support-dates/")
    row = page.locator("tr:has-text('Utility billing')")
    with page.expect_navigation():
        row.locator("button:has-text('Not this one')").click()
    assert page.url.endswith("/systems/support-dates/")
    assert "will not be suggested" in page.content()
    oracle.refresh_from_db()
    assert oracle.eol_confidence == 0.0
    context.close()


def test_confirm_the_ticked_rows_without_javascript(demo, live_server, browser, tmp_path, settings):
    org, finance, _oracle, server = _town(demo, tmp_path, settings)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server.url, *_admin(demo))
    page.goto(f"{live_server.url}/o/{org.slug}/systems/support-dates/")
    page.check(f"#eol-tick-system-{finance.pk}")
    page.check(f"#eol-tick-component-{server.pk}")
    with page.expect_navigation():
        page.click("button:has-text('Confirm the ticked suggestions')")
    assert "2 suggestions confirmed" in page.content()
    finance.refresh_from_db()
    server.refresh_from_db()
    assert finance.eol_confirmed and server.eol_confirmed
    context.close()
