"""The funding mix in a real browser, as an editor uses it: a source added through the form
is swapped in place (htmx, no page load), the gap row of its fiscal year drops by its amount
and the chart is drawn again; the page passes axe-core (WCAG 2.1 AA) at 1280 and 375 px."""

from __future__ import annotations

from decimal import Decimal

import pytest

from civicshift.funding.models import FundingMixLine
from civicshift.initiatives.models import Initiative

from .axe import axe_violations, sign_in

pytestmark = pytest.mark.browser


def _editor(demo):
    return next((email, pw) for role, email, pw in demo.logins if role == "editor")


def _money(text: str) -> Decimal:
    return Decimal(text.replace("$", "").replace(",", "").replace("−", "-").strip())


@pytest.mark.parametrize("width", [1280, 375])
def test_add_a_source_and_the_gap_row_changes(demo, live_server, page_factory, axe_source, width):
    org = demo.organization
    permitting = Initiative.objects.for_org(org).get(title="Online permitting and inspections")
    first_year = permitting.business_case.start_year
    lines_before = FundingMixLine.objects.for_org(org).filter(initiative=permitting).count()
    page = page_factory(width)
    sign_in(page, live_server.url, *_editor(demo))
    url = f"{live_server.url}/o/{org.slug}/initiatives/{permitting.pk}/funding/mix/"
    page.goto(url)
    gap_cell = page.locator("#mix-table tr[data-row=gap] td").first
    before = _money(gap_cell.inner_text())
    assert before > 0  # the demo's first year has costs to fund
    page.wait_for_function("() => Chart.getChart(document.querySelector('canvas[data-chart=mix]'))")
    page.evaluate("window.csNotReloaded = true")
    assert axe_violations(page, axe_source) == []

    form = page.get_by_role("form", name="Add a source")
    form.get_by_label("Fiscal year").fill(str(first_year))
    form.get_by_label("Kind of source").select_option("grant")
    form.get_by_role("textbox", name="Source").fill("State cybersecurity grant")
    form.get_by_label("Amount").fill("25000")
    form.get_by_label("Status").select_option("committed")
    with page.expect_response(lambda r: r.url.endswith("/mix/add/") and r.status == 200):
        form.get_by_role("button", name="Add the source").click()
    page.wait_for_selector("#funding-mix .usa-alert--success")
    assert page.evaluate("window.csNotReloaded === true")  # swapped in place, no page load
    assert page.url == url
    after = _money(page.locator("#mix-table tr[data-row=gap] td").first.inner_text())
    assert after == before - 25000
    assert "State cybersecurity grant" in page.locator("#mix-lines-table").inner_text()
    page.wait_for_function("() => Chart.getChart(document.querySelector('canvas[data-chart=mix]'))")
    lines = FundingMixLine.objects.for_org(org).filter(initiative=permitting)
    assert lines.count() == lines_before + 1  # the demo has its own lines; one more was stored
    assert lines.filter(name="State cybersecurity grant", amount=Decimal("25000")).exists()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than the window"
    assert axe_violations(page, axe_source) == []
    assert page.csp_errors == []
