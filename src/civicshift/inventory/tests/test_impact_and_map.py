"""The impact page and the integrations map on a built inventory.

The example town (also in docs/inventory.md, "What is affected if a system goes"); arrows are
data flow, costs are the annual licence of each system:

    Finance (30,000)  ──file, daily──▶  Permits (10,000)  ──API, daily──▶  GIS (20,000)
                                          ▲                                  │ file, weekly
                                          │ API, both ways, real time        ▼
                                        Cashiering (4,000)                 Website (5,000.50)
                                          │ manual re-keying, daily
                                          ▼
                                        Ledger (60,000)
    HR (7,000) ──API──▶ Payroll (8,000)          (not connected to the others)

Traced by hand, retiring Permits affects:
- directly (an interface to rebuild or drop each): Cashiering (both ways), Finance (sends to
  Permits), GIS (receives from Permits) — 3 systems, 3 interfaces;
- indirectly (data that passed through Permits reach them): Ledger through Cashiering, Website
  through GIS. Finance sends to Permits but receives nothing from it: only direct.
- HR and Payroll are untouched.
- Combined annual cost of the affected systems: 4,000 + 30,000 + 20,000 + 60,000 + 5,000.50 =
  119,000.50; Permits itself costs 10,000.

Retiring GIS affects Permits and Website directly and nothing indirectly (Website sends nothing
on; Permits is upstream of GIS).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from civicshift.inventory import selectors_map
from civicshift.orgs import services as org_services
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def example():
    org = make_org()
    editor = make_member(org, Role.EDITOR)
    finance_dept = org_services.department_create(actor=editor, organization=org, name="Finance")
    spec = {
        "Finance": ("30000", "finance_erp"),
        "Permits": ("10000", "permitting_licensing"),
        "GIS": ("20000", "gis"),
        "Cashiering": ("4000", "finance_erp"),
        "Website": ("5000.50", "website"),
        "Ledger": ("60000", "finance_erp"),
        "HR": ("7000", "hr_payroll"),
        "Payroll": ("8000", "hr_payroll"),
    }
    s = {
        name: factories.make_system(
            org,
            editor,
            name=name,
            category=category,
            cost_licence=Decimal(cost),
            departments=[finance_dept] if category == "finance_erp" else [],
        )
        for name, (cost, category) in spec.items()
    }
    links = [
        ("Finance", "Permits", "one_way", "file_transfer", "daily"),
        ("Permits", "GIS", "one_way", "api", "daily"),
        ("Permits", "Cashiering", "two_way", "api", "real_time"),
        ("GIS", "Website", "one_way", "file_transfer", "weekly"),
        ("Cashiering", "Ledger", "one_way", "manual_rekeying", "daily"),
        ("HR", "Payroll", "one_way", "api", "daily"),
    ]
    for a, b, direction, method, frequency in links:
        factories.make_integration(
            org,
            editor,
            source=s[a],
            target=s[b],
            direction=direction,
            method=method,
            frequency=frequency,
        )
    return org, editor, s


def test_retiring_permits_affects_what_was_traced_by_hand(example):
    org, _editor, s = example
    report = selectors_map.impact(s["Permits"])
    assert [d.row.system.name for d in report.direct] == ["Cashiering", "Finance", "GIS"]
    assert {
        d.row.system.name: [(i.method, i.frequency) for i in d.interfaces] for d in report.direct
    } == {
        "Cashiering": [("api", "real_time")],
        "Finance": [("file_transfer", "daily")],
        "GIS": [("api", "daily")],
    }
    assert [(d.row.system.name, d.via.name) for d in report.indirect] == [
        ("Ledger", "Cashiering"),
        ("Website", "GIS"),
    ]
    assert report.interfaces_to_rebuild == 3
    assert report.affected_cost == Decimal("119000.50")
    assert report.own_cost == Decimal("10000.00")
    drawn = {n.system.name: n.placed.group for n in report.drawing.nodes}
    assert drawn == {
        "Finance": "Sends data to it",
        "Permits": "This system",
        "Cashiering": "Receives data from it",
        "GIS": "Receives data from it",
        "Ledger": "Further downstream",
        "Website": "Further downstream",
    }
    # every interface among the six is drawn: five (HR → Payroll is not among them)
    assert len(report.drawing.edges) == 5


def test_retiring_gis_affects_permits_and_website_only(example):
    _org, _editor, s = example
    report = selectors_map.impact(s["GIS"])
    assert [d.row.system.name for d in report.direct] == ["Permits", "Website"]
    assert report.indirect == ()
    assert report.affected_cost == Decimal("15000.50")


def test_the_impact_page_shows_counts_tables_cost_and_the_neighbourhood(client, example):
    org, editor, s = example
    client.force_login(make_member(org, Role.VIEWER))
    response = client.get(
        reverse("inventory:impact", kwargs={"org_slug": org.slug, "pk": s["Permits"].pk})
    )
    page = response.content.decode()
    assert "If Permits is replaced or retired" in page
    summary = re.search(r'<p id="impact-summary">(.*?)</p>', page, re.S).group(1)
    assert summary == (
        "3 systems depend on it directly (3 interfaces to rebuild or drop) and 2 indirectly; "
        "together the affected systems cost $119,000 a year to run."
    )  # $119,000.50 in whole dollars, rounded half to even
    direct = re.search(r'<table[^>]*id="impact-direct".*?</table>', page, re.S).group(0)
    assert "receives from Finance" in direct and "sends to GIS" in direct
    assert "(both ways)" in direct
    indirect = re.search(r'<table[^>]*id="impact-indirect".*?</table>', page, re.S).group(0)
    assert re.findall(r'<th scope="row"><a href="[^"]+">(\w+)</a>', indirect) == [
        "Ledger",
        "Website",
    ]
    svg = re.search(r"<svg[^>]*class=\"cs-map\".*?</svg>", page, re.S).group(0)
    links = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)"', svg)
    assert len(links) == 6
    ledger = [
        label for href, label in links if href == selectors_map.system_url(org.slug, s["Ledger"].pk)
    ]
    assert ledger == ["Ledger: support dates not recorded; 1 interface(s). Open its page."]
    assert svg.count('data-method="manual_rekeying"') == 1
    assert ">manual</text>" in svg


def test_another_organizations_system_is_not_found(client, example):
    org, _editor, s = example
    other = make_org()
    client.force_login(make_member(other, Role.ADMIN))
    url = reverse("inventory:impact", kwargs={"org_slug": other.slug, "pk": s["Permits"].pk})
    assert client.get(url).status_code == 404


def _svg_nodes(page: str) -> list[str]:
    svg = re.search(r"<svg[^>]*class=\"cs-map\".*?</svg>", page, re.S).group(0)
    return re.findall(r'class="cs-map__name">([^<]+)</text>', svg)


def test_the_map_draws_every_running_system_and_lists_every_interface(client, example):
    org, _editor, s = example
    client.force_login(make_member(org, Role.VIEWER))
    response = client.get(reverse("inventory:map", kwargs={"org_slug": org.slug}))
    page = response.content.decode()
    assert sorted(_svg_nodes(page)) == sorted(s)
    table = re.search(r'<table[^>]*id="map-table".*?</table>', page, re.S).group(0)
    assert table.count("<tr>") == 1 + 6  # heading + the six interfaces
    for name, system in s.items():
        assert f'href="{selectors_map.system_url(org.slug, system.pk)}"' in page, name
    # one manual interface, flagged in words on the line and in the table
    assert page.count('data-method="manual_rekeying"') == 1
    assert "1 interface is manual re-keying" in page
    # columns by category, in the category order: Finance / ERP first
    drawing = response.context["drawing"]
    finance_x = {n.placed.x for n in drawing.nodes if n.system.category == "finance_erp"}
    gis_x = {n.placed.x for n in drawing.nodes if n.system.category == "gis"}
    assert max(finance_x) < min(gis_x)


def test_the_map_filtered_by_category_shows_the_partners_outside_it(client, example):
    org, _editor, s = example
    client.force_login(make_member(org, Role.VIEWER))
    response = client.get(
        reverse("inventory:map", kwargs={"org_slug": org.slug}), {"category": "gis"}
    )
    found = response.context["found"]
    assert (found.matching, found.context) == (1, 2)  # GIS; Permits and Website connect to it
    context = {n.system.name for n in found.drawing.nodes if n.context}
    assert context == {"Permits", "Website"}
    assert [(i.source.name, i.target.name) for i in found.interfaces] == [
        ("GIS", "Website"),
        ("Permits", "GIS"),
    ]


def test_the_map_filtered_by_department(client, example):
    org, _editor, s = example
    finance = s["Finance"].departments.get()
    client.force_login(make_member(org, Role.VIEWER))
    response = client.get(
        reverse("inventory:map", kwargs={"org_slug": org.slug}), {"department": finance.pk}
    )
    found = response.context["found"]
    matching = {n.system.name for n in found.drawing.nodes if not n.context}
    assert matching == {"Finance", "Cashiering", "Ledger"}
    assert {n.system.name for n in found.drawing.nodes if n.context} == {"Permits"}


def _chain_of(count: int):
    """``count`` systems in a chain of interfaces, each with an assessment and a component."""
    org = make_org()
    editor = make_member(org, Role.EDITOR)
    os = factories.make_component(org, editor)
    systems = []
    for i in range(count):
        systems.append(factories.make_system(org, editor, name=f"System {i:02d}"))
        os.systems.add(systems[-1])
        factories.make_assessment(org, editor, system=systems[-1])
    for a, b in zip(systems, systems[1:], strict=False):
        factories.make_integration(org, editor, source=a, target=b, method="manual_rekeying")
    return org, systems


@pytest.mark.parametrize("page", ["map", "integrations", "impact"])
def test_the_pages_read_a_fixed_number_of_queries(client, page, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def url(org, systems):
        kwargs = {"org_slug": org.slug}
        if page == "impact":
            kwargs["pk"] = systems[0].pk  # every other system depends on the first
        return reverse(f"inventory:{page}", kwargs=kwargs)

    small, large = _chain_of(5), _chain_of(50)
    client.force_login(make_member(small[0], Role.EDITOR))
    client.get(url(*small))
    with CaptureQueriesContext(connection) as five:
        client.get(url(*small))
    queries_for_five = len(five)  # counted before the next request empties the log
    client.force_login(make_member(large[0], Role.EDITOR))
    client.get(url(*large))
    with django_assert_max_num_queries(queries_for_five):
        response = client.get(url(*large))
    assert response.status_code == 200
    if page == "impact":
        assert len(response.context["impact"].indirect) == 48
    elif page == "map":
        assert len(response.context["drawing"].nodes) == 50


def test_svg_coordinates_are_never_localised(example):
    """Spanish (a decimal comma) must not turn x="16.0" into x="16,0" (a broken SVG)."""
    from django.template.loader import render_to_string
    from django.utils import translation

    org, _editor, _s = example
    found = selectors_map.integrations_map(org)
    with translation.override("es"):  # Spanish writes 16,5
        svg = render_to_string(
            "inventory/map_svg.html",
            {
                "drawing": found.drawing,
                "svg_id": "m",
                "legend": selectors_map.legend(),
                "method_legend": selectors_map.method_legend(),
            },
        )
    values = re.findall(r'\s(?:x|y|width|height|stroke-width)="([^"]+)"', svg)
    assert len(values) > 40
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", v) for v in values), values
    paths = re.findall(r'\sd="([^"]+)"', svg)
    assert paths and all("," not in p.replace(", ", " ") for p in paths)
