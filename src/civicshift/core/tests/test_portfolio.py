"""The portfolio roll-up's arithmetic (core.portfolio): one option's figures, checked by hand
and with numpy-financial, the one-time / recurring classification, sums and sorting."""

from dataclasses import replace

import numpy_financial as npf
import pytest

from civicshift.core.cases import Case, Estimate, Line, OptimismBias, analyze
from civicshift.core.montecarlo import expected_npv
from civicshift.core.portfolio import (
    NO_CASE,
    NO_RECOMMENDED_OPTION,
    Entry,
    budget_figures,
    is_one_time_cost,
    is_recurring_budget_benefit,
    rollup,
    sort_column,
)

rel = lambda x: pytest.approx(x, rel=1e-12, abs=1e-9)  # noqa: E731


def hand_case(start_year: int = 2027) -> Case:
    """Four lines at a 10 % discount rate over periods 0..2, checkable on paper.

    - Implementation, one-time cost, triangular 80 / 100 / 150 in period 0: likely 100,
      mean (80 + 100 + 150) / 3 = 110.
    - Subscription, recurring cost, 50 a year in periods 1 and 2.
    - Paper savings, cashable benefit, triangular 30 / 60 / 120 in periods 1 and 2: likely 60,
      mean (30 + 60 + 120) / 3 = 70.
    - Staff time released, benefit, 40 a year in periods 1 and 2: in the NPV, not in the
      budget.

    Likely net flows:   -100, -50 + 60 + 40 = 50, 50.
    Expected net flows: -110, -50 + 70 + 40 = 60, 60.
    Likely NPV   = -100 + 50/1.1 + 50/1.21 = -100 + 45.4545… + 41.3223… = -13.2231…
    Expected NPV = -110 + 60/1.1 + 60/1.21 = -110 + 54.5454… + 49.5867… = -5.8677…
    One-time cost (mean) = 110. Operating impact per year: 0, 50 - 70 = -20, -20.
    """
    return Case(
        title="Hand-checked",
        start_year=start_year,
        horizon_years=2,
        discount_rate=0.10,
        lines=(
            Line("Implementation", "cost", Estimate(80, 100, 150), (0,), category="implementation"),
            Line("Subscription", "cost", Estimate.point(50), (1, 2), category="subscription"),
            Line(
                "Paper savings",
                "benefit",
                Estimate(30, 60, 120),
                (1, 2),
                category="cashable_savings",
            ),
            Line(
                "Staff time released", "benefit", Estimate.point(40), (1, 2), category="staff_time"
            ),
        ),
    )


def test_one_options_figures_by_hand_and_numpy_financial():
    f = budget_figures(hand_case())
    # numpy-financial 1.0.0's npv discounts the first value by (1 + r)^0, as period 0 here.
    assert f.npv_likely == rel(npf.npv(0.10, [-100, 50, 50]))
    assert f.npv_expected == rel(npf.npv(0.10, [-110, 60, 60]))
    assert f.npv_likely == pytest.approx(-13.2231, abs=1e-4)  # by hand, docstring above
    assert f.npv_expected == pytest.approx(-5.8678, abs=1e-4)
    assert f.fiscal_years == (2027, 2028, 2029)
    assert f.one_time_cost == rel(110)
    assert list(f.one_time_costs) == [rel(110), 0, 0]
    assert list(f.recurring_costs) == [0, rel(50), rel(50)]
    assert list(f.recurring_budget_benefits) == [0, rel(70), rel(70)]
    assert list(f.operating_impact) == [0, rel(-20), rel(-20)]
    assert f.by_year(f.operating_impact) == {2027: 0, 2028: rel(-20), 2029: rel(-20)}


def test_the_npvs_are_the_cores_analysis_and_expected_npv():
    lines = (
        Line("Build", "cost", Estimate(200, 250, 400, "pert"), (0,), category="implementation"),
        Line(
            "Hosting",
            "cost",
            Estimate(9, 10, 14),
            tuple(range(1, 8)),
            escalation=0.03,
            category="hosting",
        ),
        Line(
            "Savings",
            "benefit",
            Estimate(40, 60, 65),
            tuple(range(1, 8)),
            ramp=(0.5, 0.8),
            category="cashable_savings",
        ),
        Line(
            "Residents' time",
            "benefit",
            Estimate.point(30),
            tuple(range(1, 8)),
            category="resident_time",
            in_npv=False,
        ),
    )
    case = Case("x", 2026, 7, 0.035, lines)
    f = budget_figures(case)
    assert f.npv_likely == rel(analyze(case).npv)
    assert f.npv_expected == rel(analyze(case, at="expected").npv)
    assert f.npv_expected == rel(expected_npv(case))  # the closed form of the simulation
    # The budget arrays follow the same profile (escalation, ramp) as the analysis's flows.
    hosting_mean = (9 + 10 + 14) / 3
    assert f.recurring_costs[3] == rel(hosting_mean * 1.03**2)
    savings_mean = (40 + 60 + 65) / 3
    assert f.recurring_budget_benefits[1] == rel(savings_mean * 0.5)
    assert f.recurring_budget_benefits[2] == rel(savings_mean * 0.8)
    assert f.one_time_cost == rel((200 + 4 * 250 + 400) / 6)  # PERT mean


@pytest.mark.parametrize(
    ("kind", "category", "periods", "one_time", "budget_benefit"),
    [
        ("cost", "implementation", (0,), True, False),
        ("cost", "hardware", (6,), True, False),  # a refresh in year 6
        ("cost", "hardware", (0, 1), True, False),  # meters bought over two years: capital
        ("cost", "implementation", (0, 1), True, False),
        ("cost", "subscription", (1, 2, 3), False, False),
        ("cost", "subscription", (1,), False, False),  # an operating cost, even for one year
        ("cost", "added_staff", (1, 2, 3), False, False),
        ("cost", "other", (0,), True, False),  # no category to go by: one year is one-time
        ("cost", "other", (1, 2), False, False),
        ("benefit", "cashable_savings", (1, 2), False, True),
        ("benefit", "revenue", (1, 2, 3), False, True),
        ("benefit", "cashable_savings", (3,), False, False),  # a single year: one-time
        ("benefit", "staff_time", (1, 2), False, False),
        ("benefit", "avoided_cost", (1, 2), False, False),
        ("benefit", "other", (1, 2), False, False),
    ],
)
def test_classification(kind, category, periods, one_time, budget_benefit):
    line = Line("l", kind, Estimate.point(1), periods, category=category)
    assert is_one_time_cost(line) is one_time
    assert is_recurring_budget_benefit(line) is budget_benefit


def test_lines_kept_out_of_the_npv_are_kept_out_of_the_budget():
    case = Case(
        "x",
        2027,
        2,
        0.0,
        (
            Line("Subscription", "cost", Estimate.point(10), (1, 2), category="subscription"),
            Line(
                "Volunteer hours",
                "cost",
                Estimate.point(99),
                (1, 2),
                category="support",
                in_npv=False,
            ),
        ),
    )
    assert list(budget_figures(case).recurring_costs) == [0, 10, 10]


def _entries():
    a = Entry(1, "Permits", "approved", "SaaS", budget_figures(hand_case(2027)))
    b = Entry(2, "ERP", "funded", "Cloud", budget_figures(hand_case(2029)))
    c = Entry(3, "Agenda", "idea", missing=NO_CASE)
    d = Entry(4, "AMI", "approved", missing=NO_RECOMMENDED_OPTION)
    return [a, b, c, d]


def test_totals_per_year_and_by_status():
    result = rollup(_entries(), statuses=("idea", "approved", "funded"))
    # Years: the union of 2027–29 and 2029–31, every year in between.
    assert result.fiscal_years == (2027, 2028, 2029, 2030, 2031)
    t = result.totals
    assert (t.initiatives, t.with_figures) == (4, 2)
    assert t.npv_expected == rel(2 * npf.npv(0.10, [-110, 60, 60]))
    assert t.npv_likely == rel(2 * npf.npv(0.10, [-100, 50, 50]))
    assert t.one_time_cost == rel(220)
    # FY2029 is the last year of the first case (-20) and the first of the second (0).
    assert [t.year("operating_impact", y) for y in result.fiscal_years] == [
        0,
        rel(-20),
        rel(-20),
        rel(-20),
        rel(-20),
    ]
    assert [t.year("one_time_costs", y) for y in result.fiscal_years] == [
        rel(110),
        0,
        rel(110),
        0,
        0,
    ]
    assert t.year("recurring_costs", 2029) == rel(50)
    assert t.year("recurring_budget_benefits", 2029) == rel(70)
    statuses = dict(result.by_status)
    assert [s for s, _ in result.by_status] == ["idea", "approved", "funded"]
    assert (statuses["approved"].initiatives, statuses["approved"].with_figures) == (2, 1)
    assert statuses["approved"].one_time_cost == rel(110)
    assert statuses["idea"].npv_expected == 0
    assert statuses["funded"].year("operating_impact", 2031) == rel(-20)
    # The status totals add up to the grand total.
    assert sum(s.npv_expected for s in statuses.values()) == rel(t.npv_expected)


def test_an_empty_portfolio():
    result = rollup([])
    assert result.fiscal_years == ()
    assert result.totals.initiatives == 0
    assert result.by_status == []


def test_sorting():
    entries = _entries()
    titles = lambda sort: [e.title for e in rollup(entries, sort=sort).entries]  # noqa: E731
    assert titles("title") == ["Agenda", "AMI", "ERP", "Permits"]  # case-insensitive
    assert titles("-title") == ["Permits", "ERP", "AMI", "Agenda"]
    # Equal NPVs keep title order; initiatives without figures come last either way.
    assert titles("npv_expected") == ["ERP", "Permits", "Agenda", "AMI"]
    assert titles("-npv_expected") == ["ERP", "Permits", "Agenda", "AMI"]
    # FY2028: only Permits has it; FY2031: only ERP.
    assert titles("-fy2031")[0] == "ERP"
    assert titles("fy2028")[0] == "Permits"
    statuses = ("idea", "approved", "funded")
    by_status = [e.title for e in rollup(entries, statuses=statuses, sort="status").entries]
    assert by_status == ["Agenda", "AMI", "Permits", "ERP"]
    assert titles("option") == ["ERP", "Permits", "Agenda", "AMI"]
    assert titles("no-such-column") == titles("title")
    result = rollup(entries, sort="-one_time_cost")
    assert (result.sort, result.descending) == ("one_time_cost", True)


def test_sort_columns():
    assert sort_column("-npv_likely", []) == ("npv_likely", True)
    assert sort_column("fy2028", [2028]) == ("fy2028", False)
    assert sort_column("fy2040", [2028]) is None
    assert sort_column("__class__", [2028]) is None


def test_an_optimism_bias_adjustment_is_counted_as_in_the_npv():
    # Green Book supplementary guidance: one-time costs × (1 + 50 %), recurring × (1 + 10 %).
    biased = replace(hand_case(), optimism=OptimismBias(one_time=0.5, recurring=0.1))
    f = budget_figures(biased)
    assert f.one_time_cost == rel(110 * 1.5)
    assert list(f.recurring_costs) == [0, rel(55), rel(55)]
    assert f.npv_expected == rel(npf.npv(0.10, [-165, -55 + 70 + 40, -55 + 70 + 40]))
    assert f.npv_expected == rel(analyze(biased, at="expected").npv)
