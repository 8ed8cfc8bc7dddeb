"""The winning proposal's costs into the business case, clicked through in a browser: the
evaluation's link, another proposal chosen (htmx swaps the lines without reloading the page),
the lines checked, then added, landing on the option with them. axe-core (WCAG 2.1 AA) clean at
1280 and 375 px."""

from __future__ import annotations

import pytest
from django.urls import reverse

from civicshift.cases.models import CaseLine
from civicshift.vendors.models import Evaluation, ProposalCaseLine

from .axe import axe_violations, sign_in

pytestmark = pytest.mark.browser


def _login(demo, role):
    return next((email, pw) for r, email, pw in demo.logins if r == role)


@pytest.mark.parametrize("width", [1280, 375])
def test_preview_then_confirm(demo, live_server, page_factory, axe_source, width):
    org = demo.organization
    erp = Evaluation.objects.for_org(org).get(weight_method="ahp")
    chosen = erp.proposals.select_related("vendor").order_by("-annual_cost").first()
    vendor = chosen.vendor.name
    page = page_factory(width)
    sign_in(page, live_server.url, *_login(demo, "editor"))
    page.goto(f"{live_server.url}/o/{org.slug}/vendors/evaluations/{erp.pk}/")
    page.click('a:has-text("Add the winning proposal\'s costs to the business case")')
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == (
        "Add the winning proposal's costs to the business case"
    )
    assert axe_violations(page, axe_source) == []
    page.evaluate("window.csNotReloaded = true")
    with page.expect_response(lambda r: "/business-case/" in r.url):
        page.select_option("#id_proposal", label=vendor)
    page.wait_for_selector(f"#case-lines-preview >> text={vendor} proposal: yearly costs")
    assert page.evaluate("window.csNotReloaded === true")  # swapped in place
    assert f"proposal={chosen.pk}" in page.url  # the address says what is shown
    preview = page.locator("#case-lines-preview").inner_text()
    assert "New line" in preview and "Net present value with these lines" in preview
    assert axe_violations(page, axe_source) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{page.url} is {overflow}px wider than the window"
    assert not ProposalCaseLine.objects.for_org(org).exists()  # nothing added by looking

    page.click("button:has-text('Add these lines')")
    page.wait_for_load_state()
    option = ProposalCaseLine.objects.for_org(org).select_related("line").first().line.option_id
    assert page.url == live_server.url + reverse(
        "cases:option", args=[org.slug, erp.initiative_id, option]
    )
    assert (
        f"Added 2 lines from {vendor}'s proposal"
        in page.locator(".usa-alert--success").inner_text()
    )
    names = set(
        CaseLine.objects.for_org(org)
        .filter(pk__in=ProposalCaseLine.objects.for_org(org).values("line_id"))
        .values_list("name", flat=True)
    )
    assert names == {
        f"{vendor} proposal: one-time implementation costs",
        f"{vendor} proposal: yearly costs",
    }
    assert page.locator(f"text={vendor} proposal: yearly costs").first.is_visible()
    assert axe_violations(page, axe_source) == []
