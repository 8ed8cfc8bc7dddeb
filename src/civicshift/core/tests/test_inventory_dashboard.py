"""The dashboard's figures against hand computations.

Support dates are endoflife.date's (the catalogue shipped in shared/data/endoflife, commit of
2026-08-22): Windows Server 2012 R2 — end of mainstream 2018-10-09, extended 2023-10-10, paid
Extended Security Updates 2026-10-13; IBM i 7.1 — 2018-04-30 / 2024-04-30; IBM i 7.3 —
2023-09-30 / 2028-09-30; IBM i 7.4 — 2026-09-30 / 2029-09-30; Windows Server 2022 —
2026-10-13 / 2031-10-14.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from civicshift.core import inventory as engine
from civicshift.core import inventory_dashboard as dash

ON = date(2026, 12, 2)
WS2012R2 = engine.Milestones(date(2018, 10, 9), date(2023, 10, 10), date(2026, 10, 13))
IBMI71 = engine.Milestones(date(2018, 4, 30), date(2024, 4, 30))
IBMI73 = engine.Milestones(date(2023, 9, 30), date(2028, 9, 30))
IBMI74 = engine.Milestones(date(2026, 9, 30), date(2029, 9, 30))
WS2022 = engine.Milestones(date(2026, 10, 13), date(2031, 10, 14))


def system(key, name, *, cost="0", departments=(), category="Finance / ERP", answers=None, **facts):
    report = engine.evaluate(
        engine.SystemFacts(
            key=key,
            name=name,
            costs=engine.Costs(licence=Decimal(cost)),
            answers=answers or {},
            **facts,
        ),
        ON,
    )
    return dash.DashboardSystem(
        key, name, category, tuple(departments), report, facts.get("capability", "")
    )


HIGH = {c.key: 5 for c in engine.questionnaire().criteria}
LOW = {c.key: 1 for c in engine.questionnaire().criteria}


def _answers(value: int, condition: int) -> dict:
    q = engine.questionnaire()
    return {c.key: value if c.dimension == "value" else condition for c in q.criteria}


def test_scatter_places_each_assessed_running_system_in_its_time_quadrant():
    systems = [
        system(1, "Ledger", cost="1000", answers=_answers(5, 5)),
        system(2, "AS/400", cost="2000", answers=_answers(4, 1)),
        system(3, "Old website", cost="300", answers=_answers(1, 4)),
        system(4, "Access permits", cost="50", answers=_answers(2, 2)),
        system(5, "Not assessed", cost="70"),
        system(6, "Retired", cost="999", answers=_answers(5, 5), retired_on=date(2026, 1, 1)),
    ]
    s = dash.scatter(systems)
    by_key = {p.key: p for p in s.points}
    assert set(by_key) == {1, 2, 3, 4}
    # every answer at one level: the weighted means are that level
    assert (by_key[2].condition, by_key[2].value, by_key[2].annual_cost) == (1.0, 4.0, 2000)
    assert [by_key[k].disposition for k in (1, 2, 3, 4)] == [
        "invest",
        "migrate",
        "tolerate",
        "eliminate",
    ]
    assert s.unassessed == ((5, "Not assessed"),)
    assert s.count("invest") == 1


def test_timeline_lists_past_support_first_and_groups_the_next_36_months_by_quarter():
    records = [
        dash.SupportRecord("c1", "Windows Server 2012 R2", "component", WS2012R2, ("Files",)),
        dash.SupportRecord("s1", "Financials on IBM i 7.1", "system", IBMI71),
        dash.SupportRecord("s2", "Payroll on IBM i 7.3", "system", IBMI73),
        dash.SupportRecord("s3", "Courts on IBM i 7.4", "system", IBMI74),
        dash.SupportRecord("c2", "Windows Server 2022", "component", WS2022, ("GIS",)),
        dash.SupportRecord("s4", "Website", "system", engine.Milestones()),
    ]
    t = dash.timeline(records, ON)
    # Past: IBM i 7.1 since 2024-04-30 (extended), 2012 R2 since 2026-10-13 (paid updates).
    assert [(e.record.key, e.milestone, e.on) for e in t.past] == [
        ("s1", "extended_end", date(2024, 4, 30)),
        ("c1", "esu_end", date(2026, 10, 13)),
    ]
    assert t.past[1].phrase == "past paid extended security updates (2026-10-13)"
    # 2026-12-02 + 1095 days = 2029-12-01: quarters 2026 Q4 … 2029 Q4, 13 of them.
    assert t.horizon_end == date(2029, 12, 1)
    assert [b.label for b in t.buckets][:2] == ["2026 Q4", "2027 Q1"]
    assert len(t.buckets) == 13 and t.buckets[-1].label == "2029 Q4"
    filled = {b.label: [e.record.key for e in b.entries] for b in t.buckets if b.entries}
    assert filled == {"2028 Q3": ["s2"], "2029 Q3": ["s3"]}
    assert t.upcoming == 2
    assert [r.key for r in t.beyond] == ["c2"]  # next milestone 2031-10-14
    assert [r.key for r in t.unknown] == ["s4"]


def test_a_record_past_support_never_drops_out_as_time_passes():
    record = dash.SupportRecord("s1", "Financials", "system", IBMI71)
    for year in (2025, 2030, 2040):
        assert [e.record.key for e in dash.timeline([record], date(year, 1, 1)).past] == ["s1"]


def test_timeline_by_month():
    records = [dash.SupportRecord("s2", "Payroll", "system", IBMI73)]
    t = dash.timeline(records, ON, by="month")
    assert t.buckets[0].label == "2026-12" and len(t.buckets) == 37  # 2026-12 … 2029-12
    assert [b.label for b in t.buckets if b.entries] == ["2028-09"]
    with pytest.raises(ValueError, match="quarter or month"):
        dash.timeline(records, ON, by="week")


def test_split_equally_to_the_cent():
    """$100 in three departments: $33.33 each and one cent left, to the first by name."""
    shares = dash.split_equally(Decimal("100"), ["Public Works", "Finance", "Clerk"])
    assert shares == {
        "Clerk": Decimal("33.34"),
        "Finance": Decimal("33.33"),
        "Public Works": Decimal("33.33"),
    }
    assert sum(shares.values()) == Decimal("100.00")


def test_run_cost_by_department_and_by_category_add_up_to_the_run_cost():
    systems = [
        system(1, "Ledger", cost="120000", departments=("Finance",)),
        system(2, "Billing", cost="100", departments=("Finance", "Utilities", "Clerk")),
        system(3, "GIS", cost="45000.50", departments=(), category="GIS and maps"),
        system(4, "Old", cost="5000", departments=("Finance",), retired_on=date(2025, 1, 1)),
    ]
    by_department = dash.cost_split(systems, lambda s: s.departments, "No department")
    # Finance 120,000 + 33.33; no department 45,000.50; Clerk 33.34; Utilities 33.33.
    assert [(g.name, g.total) for g in by_department] == [
        ("Finance", Decimal("120033.33")),
        ("No department", Decimal("45000.50")),
        ("Clerk", Decimal("33.34")),
        ("Utilities", Decimal("33.33")),
    ]
    finance = by_department[0]
    assert [(k, share, n) for k, _name, share, n in finance.shares] == [
        (1, Decimal("120000.00"), 1),
        (2, Decimal("33.33"), 3),
    ]
    by_category = dash.cost_split(systems, lambda s: (s.category,), "")
    assert [(g.name, g.total) for g in by_category] == [
        ("Finance / ERP", Decimal("120100.00")),
        ("GIS and maps", Decimal("45000.50")),
    ]
    total = dash.run_cost(systems)
    assert total == Decimal("165100.50")  # the retired system's 5,000 is not counted
    assert sum(g.total for g in by_department) == total == sum(g.total for g in by_category)


def test_flags_grouped_by_flag_and_accepted_ones_apart():
    systems = [
        system(1, "Ledger", staff_who_know=1, backup_status="tested", backup_tested_on=ON),
        system(
            2,
            "Billing",
            staff_who_know=1,
            backup_status="none",
            acceptances=(
                engine.Acceptance("no_tested_backup", date(2027, 6, 30), "City Manager", "Funded"),
            ),
        ),
        system(3, "AS/400", milestones=IBMI71, staff_who_know=3, backup_status="untested"),
    ]
    f = dash.flag_summary(systems)
    groups = {g.flag: [s.name for s in g.systems] for g in f.open}
    assert groups == {
        "past_support": ["AS/400"],
        "single_person": ["Billing", "Ledger"],
        "no_tested_backup": ["AS/400"],
    }
    assert [g.flag for g in f.open] == ["past_support", "single_person", "no_tested_backup"]
    assert f.open_count == 4
    assert [(a.name, a.flag, a.by, a.until) for a in f.accepted] == [
        ("Billing", "no_tested_backup", "City Manager", date(2027, 6, 30))
    ]


def test_consolidation_candidates_with_their_combined_cost():
    systems = [
        system(1, "Permits (Access)", cost="8000", capability="Permit intake"),
        system(2, "Online permits", cost="24000.40", capability="permit intake "),
        system(3, "Ledger", cost="1", capability="General ledger"),
        system(4, "Paper permits", cost="10", capability="Permit intake", retired_on=ON),
    ]
    groups = dash.consolidation(systems)
    assert len(groups) == 1
    assert groups[0].capability == "Permit intake"
    assert [m[1] for m in groups[0].systems] == ["Online permits", "Permits (Access)"]
    assert groups[0].combined == Decimal("32000.40")
