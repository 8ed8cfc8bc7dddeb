"""A retired system's running costs reach the successor's business case the way a finance
director would do it: from the business-case option, follow "Add avoided costs from …", check
the lines shown, change the first year, press "Add these lines" and find them on the option.
The Systems tab and the preview pass axe-core."""

from __future__ import annotations

import pytest

from civicshift.cases.models import CaseLine
from civicshift.initiatives.models import Initiative

from .axe import axe_violations, sign_in

pytestmark = pytest.mark.browser


def _editor(demo):
    return next((email, pw) for role, email, pw in demo.logins if role == "editor")


def test_avoided_costs_from_the_option_page(demo, live_server, page_factory, axe_source):
    org = demo.organization
    erp = Initiative.objects.for_org(org).get(title__startswith="Replace the 1994 AS/400")
    option = erp.business_case.options.order_by("position").first()
    before = CaseLine.objects.filter(option=option).count()
    page = page_factory()
    sign_in(page, live_server.url, *_editor(demo))

    page.goto(f"{live_server.url}/o/{org.slug}/initiatives/{erp.pk}/systems/")
    assert page.locator("table[data-table=linked-systems]").is_visible()
    assert page.locator("table[data-table=migration-work] tbody tr").count() >= 3
    assert axe_violations(page, axe_source) == []

    page.goto(
        f"{live_server.url}/o/{org.slug}/initiatives/{erp.pk}/business-case/options/{option.pk}/"
    )
    page.get_by_role("link", name="Add avoided costs from AS/400 financial system").click()
    page.wait_for_load_state()
    rows = page.locator("table[data-table=avoided-lines] tbody tr")
    assert rows.count() == 4  # licence, maintenance, hosting and staff time
    assert "$38,500" in page.locator("table[data-table=avoided-lines]").inner_text()
    assert axe_violations(page, axe_source) == []

    # Only the fees, from year 3: show the lines again, then add them.
    page.locator("label.usa-checkbox__label", has_text="Staff time").click()  # USWDS styled
    page.get_by_label("First year without it").fill("3")
    page.get_by_role("button", name="Show the lines again for these choices").click()
    page.wait_for_load_state()
    assert rows.count() == 3
    assert "Years 3–" in page.locator("table[data-table=avoided-lines]").inner_text()
    page.get_by_role("button", name="Add these lines").click()
    page.wait_for_url(f"**/options/{option.pk}/")
    assert "Added 3 lines" in page.locator(".usa-alert").first.inner_text()
    added = CaseLine.objects.filter(option=option).count() - before
    assert added == 3
    assert page.get_by_text("AS/400 financial system (general ledger, AP, AR): maintenance").count()
