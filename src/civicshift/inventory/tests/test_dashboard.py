"""The inventory dashboard on a built inventory: each chart's data and table equal what the
engine computes, the sums equal hand computations, and the page's queries do not grow with
the number of systems."""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from civicshift.core import inventory as engine
from civicshift.inventory import selectors
from civicshift.inventory.models import System
from civicshift.orgs import services as org_services
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

from . import factories

pytestmark = pytest.mark.django_db


def _answers(value: int, condition: int) -> dict:
    return {
        c.key: value if c.dimension == "value" else condition
        for c in engine.questionnaire().criteria
    }


@pytest.fixture
def town():
    """Five systems; the figures below are worked out by hand from these."""
    today = timezone.localdate()
    org = make_org()
    editor = make_member(org, Role.EDITOR)
    dept = {
        n: org_services.department_create(actor=editor, organization=org, name=n)
        for n in ("Finance", "Public Works", "Clerk")
    }
    make = factories.make_system
    ledger = make(
        org,
        editor,
        name="Ledger",
        category="finance_erp",
        departments=[dept["Finance"]],
        cost_licence=Decimal("12000"),
        cost_maintenance=Decimal("3000"),
        staff_fte=Decimal("0.5"),
        staff_loaded_cost=Decimal("80000"),  # 0.5 × 80,000 = 40,000: 55,000 a year in all
        support_mainstream_end=today - timedelta(days=3000),
        support_extended_end=today - timedelta(days=900),
        staff_who_know=1,
        backup_status="untested",
        capability="General ledger",
    )
    billing = make(
        org,
        editor,
        name="Billing",
        category="utility_billing",
        departments=list(dept.values()),
        cost_licence=Decimal("100"),  # split in three: 33.34 Clerk, 33.33 Finance, 33.33 PW
        support_mainstream_end=today + timedelta(days=200),
        support_extended_end=today + timedelta(days=2000),
        staff_who_know=3,
        backup_status="tested",
        backup_tested_on=today,
        mfa="enforced",
        capability="Payments",
    )
    cashiering = make(
        org,
        editor,
        name="Cashiering",
        category="finance_erp",
        cost_licence=Decimal("999.99"),
        staff_who_know=2,
        backup_status="tested",
        backup_tested_on=today,
        capability="payments ",
    )
    make(
        org,
        editor,
        name="Old GIS",
        category="gis",
        departments=[dept["Public Works"]],
        cost_licence=Decimal("5000"),
        lifecycle_retired=today - timedelta(days=400),
        capability="Payments",
    )
    website = make(
        org,
        editor,
        name="Website",
        category="website",
        departments=[dept["Clerk"]],
        staff_who_know=1,
        backup_status="tested",
        backup_tested_on=today,
    )
    factories.make_component(
        org,
        editor,
        name="Windows Server 2012 R2",
        systems=[ledger, cashiering],
        support_mainstream_end=today - timedelta(days=2900),
        support_extended_end=today - timedelta(days=1150),
        support_esu_end=today - timedelta(days=30),
    )
    factories.make_assessment(org, editor, system=ledger, answers=_answers(4, 2))
    factories.make_assessment(org, editor, system=billing, answers=_answers(5, 5))
    factories.make_acceptance(
        org, editor, system=website, flag="single_person", accepted_by_name="City Manager"
    )
    return org, editor, today


def _table(page: str, table_id: str) -> list[list[str]]:
    found = re.search(rf'<table[^>]*id="{table_id}".*?<tbody>(.*?)</tbody>', page, re.S)
    rows = re.findall(r"<tr>(.*?)</tr>", found.group(1), re.S)
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows]
    return [[html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in row] for row in cells]


def _charts(page: str) -> dict:
    raw = re.search(r'data-inventory-charts="([^"]*)"', page).group(1)
    return json.loads(html.unescape(raw))


@pytest.fixture
def page(client, town):
    org, _editor, _today = town
    client.force_login(make_member(org, Role.VIEWER))
    response = client.get(reverse("inventory:dashboard", kwargs={"org_slug": org.slug}))
    assert response.status_code == 200
    return response


def test_headline_figures(page):
    board = page.context["board"]
    assert (board.systems, board.running) == (5, 4)
    # 55,000 + 100 + 999.99 + 0 (Old GIS is retired)
    assert board.run_cost == Decimal("56099.99")
    figures = page.content.decode()
    assert "$56,100" in re.search(r'id="dashboard-figures".*?</dl>', figures, re.S).group(0)


def test_value_condition_scatter_equals_the_engine(page, town):
    org, _editor, today = town
    content = page.content.decode()
    assert _table(content, "scatter-table") == [
        ["Billing", "5.0", "5.0", "$100", "Invest"],
        ["Ledger", "4.0", "2.0", "$55,000", "Migrate"],
        ["Cashiering", "—", "—", "—", "Not assessed yet"],
        ["Website", "—", "—", "—", "Not assessed yet"],
    ]
    # The engine's own assessment of each system, straight from its facts.
    for system in System.objects.for_org(org).filter(name__in=["Ledger", "Billing"]):
        report = engine.evaluate(selectors.facts_of(system), today)
        point = next(p for p in page.context["board"].scatter.points if p.key == system.pk)
        assert (point.value, point.condition, point.disposition) == (
            report.assessment.value,
            report.assessment.condition,
            report.assessment.disposition,
        )
    charts = _charts(content)
    migrate = next(g for g in charts["scatter"] if g["label"] == "Migrate")
    assert [(p["name"], p["x"], p["y"], p["cost"]) for p in migrate["points"]] == [
        ("Ledger", 2.0, 4.0, 55000.0)
    ]
    # bubble area ∝ cost: the largest has radius 28, Billing 4 + 24·√(100/55,000)
    invest = next(g for g in charts["scatter"] if g["label"] == "Invest")
    assert migrate["points"][0]["r"] == 28.0
    assert invest["points"][0]["r"] == round(4 + 24 * (100 / 55000) ** 0.5, 2)
    summary = re.search(r'<span id="scatter-summary">(.*?)</span>', content, re.S).group(1)
    assert summary.startswith("2 assessed systems: 1 to invest in, 1 to migrate, 0 to tolerate")


def test_support_timeline_equals_the_engine(page, town):
    _org, _editor, today = town
    content = page.content.decode()
    rows = _table(content, "timeline-table")
    # Past support first: Ledger (extended support ended 900 days ago), then the component
    # (paid updates ended 30 days ago); then Billing's end of mainstream support in 200 days.
    assert [(r[0], r[1].split("component of")[0].strip(), r[2]) for r in rows] == [
        ("Already past", "Ledger", "End of extended support"),
        ("Already past", "Windows Server 2012 R2", "End of paid security updates"),
        (_quarter(today + timedelta(days=200)), "Billing", "End of mainstream support"),
    ]
    assert "component of Cashiering, Ledger" in rows[1][1]
    ended = (today - timedelta(days=900)).isoformat()
    assert rows[0][4] == f"past extended support ({ended})"  # the engine's phrase
    timeline = _charts(content)["timeline"]
    assert timeline["labels"][0] == "Already past"
    past = next(s for s in timeline["series"] if s["label"] == "Past end of support")
    mainstream = next(s for s in timeline["series"] if s["label"] == "End of mainstream support")
    assert past["values"][0] == 2 and sum(past["values"]) == 2
    assert sum(mainstream["values"]) == 1
    assert timeline["labels"][mainstream["values"].index(1)] == _quarter(
        today + timedelta(days=200)
    )
    # Cashiering and Website have no date of their own: listed as unknown, not dropped.
    unknown = [r.name for r in page.context["board"].timeline.unknown]
    assert unknown == ["Cashiering", "Website"]


def _quarter(d) -> str:
    return f"{d.year} Q{(d.month - 1) // 3 + 1}"


def test_timeline_by_month(client, town):
    org, _editor, today = town
    client.force_login(make_member(org, Role.VIEWER))
    response = client.get(
        reverse("inventory:dashboard", kwargs={"org_slug": org.slug}), {"by": "month"}
    )
    labels = _charts(response.content.decode())["timeline"]["labels"]
    assert labels[1] == f"{today.year}-{today.month:02d}"
    assert len(labels) in (37, 38)  # "Already past" + 36 or 37 calendar months


def test_run_cost_by_department_and_category_by_hand(page):
    content = page.content.decode()
    # Finance 55,000 + 33.33; no department: Cashiering 999.99; Clerk 33.34 (Billing's odd
    # cent) + Website 0; Public Works 33.33 (Old GIS retired).
    board = page.context["board"]
    assert [(g.name, g.total) for g in board.by_department] == [
        ("Finance", Decimal("55033.33")),
        ("No department", Decimal("999.99")),
        ("Clerk", Decimal("33.34")),
        ("Public Works", Decimal("33.33")),
    ]
    assert [(g.name, g.total) for g in board.by_category] == [
        ("Finance / ERP", Decimal("55999.99")),
        ("Utility billing", Decimal("100.00")),
        ("Website", Decimal("0.00")),
    ]
    assert sum(g.total for g in board.by_department) == board.run_cost
    assert sum(g.total for g in board.by_category) == board.run_cost
    assert _table(content, "department-table") == [
        ["Finance", "$55,033", "2"],
        ["No department", "$1,000", "1"],
        ["Clerk", "$33", "2"],
        ["Public Works", "$33", "1"],
    ]
    charts = _charts(content)
    assert charts["department"]["labels"] == ["Finance", "No department", "Clerk", "Public Works"]
    assert charts["department"]["values"] == [55033.33, 999.99, 33.34, 33.33]
    assert charts["category"]["values"] == [55999.99, 100.0, 0.0]
    assert "split equally between them" in content
    assert "1 system is split this way." in content


def test_red_flags_equal_the_engine_and_accepted_ones_are_apart(page, town):
    org, _editor, today = town
    board = page.context["board"]
    expected_open: dict[str, list[str]] = {}
    expected_accepted = []
    for system in System.objects.for_org(org).order_by("name"):
        report = engine.evaluate(selectors.facts_of(system), today)
        for flag in report.flags:
            if flag.accepted is None:
                expected_open.setdefault(flag.key, []).append(system.name)
            else:
                expected_accepted.append((system.name, flag.key, flag.accepted.by))
    shown = {g.flag: [s.name for s in g.systems] for g in board.flags.open}
    assert shown == expected_open
    # by hand: Ledger and Cashiering run on the 2012 R2 server, past paid updates
    assert shown["past_support"] == ["Cashiering", "Ledger"]
    assert shown["unsupported_os"] == ["Cashiering", "Ledger"]
    assert shown["single_person"] == ["Ledger"]
    assert expected_accepted == [("Website", "single_person", "City Manager")]
    content = page.content.decode()
    accepted = _table(content, "accepted-table")
    assert [(r[0], r[2]) for r in accepted] == [("Website", "City Manager")]
    assert accepted[0][1].startswith("Only one person knows how to run it")
    for flag, names in expected_open.items():
        block = re.search(rf'<ul class="usa-list" data-flag="{flag}">(.*?)</ul>', content, re.S)
        assert re.findall(r'<a href="[^"]+">([^<]+)</a>', block.group(1)) == names


def test_consolidation_candidates_with_combined_cost(page):
    content = page.content.decode()
    rows = _table(content, "consolidation-table")
    # Billing (100) and Cashiering (999.99) both serve "Payments"; Old GIS is retired.
    assert rows == [["Payments", "Billing ($100), Cashiering ($1,000)", "$1,100"]]
    assert page.context["board"].consolidation[0].combined == Decimal("1099.99")


def _inventory_of(count: int):
    org = make_org()
    editor = make_member(org, Role.EDITOR)
    departments = [
        org_services.department_create(actor=editor, organization=org, name=f"Dept {i}")
        for i in range(3)
    ]
    os = factories.make_component(org, editor)
    for i in range(count):
        system = factories.make_system(
            org,
            editor,
            name=f"System {i}",
            departments=departments[: 1 + i % 3],
            cost_licence=Decimal(1000 + i),
            capability=f"Capability {i % 4}",
            support_extended_end=timezone.localdate() + timedelta(days=30 * i),
        )
        os.systems.add(system)
        factories.make_assessment(org, editor, system=system, answers=_answers(1 + i % 5, 3))
        if i % 2:
            factories.make_acceptance(org, editor, system=system, flag="no_tested_backup")
    return org


def test_the_dashboard_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    small, large = _inventory_of(5), _inventory_of(50)
    viewer_small = make_member(small, Role.VIEWER)
    viewer_large = make_member(large, Role.VIEWER)
    client.force_login(viewer_small)
    url = reverse("inventory:dashboard", kwargs={"org_slug": small.slug})
    client.get(url)  # warm caches (content types, session) so both counts are alike
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    # Counted now: the next request's request_started signal empties the query log.
    queries_for_five = len(five)
    client.force_login(viewer_large)
    url = reverse("inventory:dashboard", kwargs={"org_slug": large.slug})
    client.get(url)
    with django_assert_max_num_queries(queries_for_five):
        response = client.get(url)
    assert response.context["board"].running == 50
    assert queries_for_five <= 15
