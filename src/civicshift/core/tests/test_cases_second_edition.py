"""Issue 7: expected values, several IRRs, optimism bias, real or nominal, per-year amounts,
scenarios and other rates, and one rule for ranges.

References are computed outside the project's code: numpy-financial 1.0.0's ``npv`` on flows
built by hand in the test, ``numpy.roots`` on the NPV polynomial, the triangular and PERT means
from Vose, *Risk Analysis* (3rd ed., 2008, §III.3), and the Fisher equation.
"""

from __future__ import annotations

import math

import numpy as np
import numpy_financial as npf
import pytest

from civicshift.core import optimism
from civicshift.core.cases import (
    Case,
    CaseError,
    Estimate,
    Line,
    OptimismBias,
    analyze,
    benefit_delay,
    estimate_from,
    fisher_nominal,
    fisher_real,
    summarize,
)
from civicshift.core.finance import headline_irr, irr_warning


def _case(lines, **kw) -> Case:
    defaults = {"title": "t", "start_year": 2028, "horizon_years": 5, "discount_rate": 0.04}
    return Case(lines=tuple(lines), **(defaults | kw))


def _skewed() -> Case:
    # A right-skewed cost (overruns are likelier than savings) and a left-skewed benefit.
    return _case(
        [
            Line("Licence", "cost", Estimate(90_000, 100_000, 190_000, "triangular"), (0,)),
            Line("Support", "cost", Estimate(8_000, 10_000, 18_000, "pert"), (1, 2, 3, 4, 5)),
            Line(
                "Savings",
                "benefit",
                Estimate(20_000, 45_000, 50_000, "triangular"),
                (1, 2, 3, 4, 5),
            ),
        ]
    )


def test_expected_npv_is_the_npv_of_the_mean_amounts():
    case = _skewed()
    # Means by hand: triangular (a + b + c) / 3, PERT (a + 4b + c) / 6 (Vose 2008).
    licence = (90_000 + 100_000 + 190_000) / 3
    support = (8_000 + 4 * 10_000 + 18_000) / 6
    savings = (20_000 + 45_000 + 50_000) / 3
    flows = [-licence] + [savings - support] * 5
    expected = analyze(case, at="expected")
    assert expected.npv == pytest.approx(npf.npv(0.04, flows), rel=1e-9)
    assert expected.at == "expected"
    likely = analyze(case, at="likely")
    assert likely.npv == pytest.approx(npf.npv(0.04, [-100_000] + [35_000] * 5), rel=1e-9)
    # With these skews the likely amounts overstate the value (the point).
    assert expected.npv < likely.npv
    pv_costs = licence + support * sum(1.04**-t for t in range(1, 6))
    assert expected.bcr == pytest.approx(savings * sum(1.04**-t for t in range(1, 6)) / pv_costs)


def test_summary_leads_with_expected_by_default_and_likely_when_chosen():
    case = _skewed()
    summary = summarize(case)
    assert summary.lead is summary.expected
    assert summarize(_case(case.lines, lead="likely")).lead.at == "likely"


def test_several_irrs_are_all_reported_and_the_headline_agrees_with_the_npv():
    # A late exit cost: the flows change sign twice.
    flows = [-200_000, 450_000, 60_000, 60_000, 60_000, 60_000, -400_000]
    lines = [
        Line(f"Flow {t}", "cost" if v < 0 else "benefit", Estimate.point(abs(v)), (t,))
        for t, v in enumerate(flows)
    ]
    analysis = analyze(_case(lines, horizon_years=6))
    # Independent roots: x = 1 / (1 + r) solves sum(v_t x^t) = 0 (numpy.roots).
    xs = np.roots(flows[::-1])
    reference = sorted(1 / x.real - 1 for x in xs if abs(x.imag) < 1e-12 and x.real > 0)
    assert len(analysis.irrs) == 2
    for ours, ref in zip(analysis.irrs, reference, strict=True):
        assert ours == pytest.approx(ref, rel=1e-9)
    assert npf.npv(0.04, flows) > 0
    assert analysis.irr == pytest.approx(max(reference), rel=1e-9)  # above 4 %: NPV positive
    assert analysis.irr > 0.04
    assert analysis.irr_warning.startswith("This project has several IRRs (")
    assert "NPV and MIRR are the reliable measures here" in analysis.irr_warning


def test_no_headline_irr_when_no_root_agrees():
    # -100, +230, -132: IRRs 10 % and 20 % exactly ((1 + r) = 1.1 or 1.2 solve
    # 100 y² − 230 y + 132 = 0); at 4 % the NPV is negative, yet both IRRs are above 4 %.
    flows = [-100, 230, -132]
    assert npf.npv(0.04, flows) < 0
    assert headline_irr(flows, 0.04) is None
    assert npf.npv(0.15, flows) > 0
    assert headline_irr(flows, 0.15) == pytest.approx(0.2, rel=1e-12)
    roots = [0.1, 0.2]
    assert irr_warning(roots) == (
        "This project has several IRRs (10.0% and 20.0%); NPV and MIRR are the reliable "
        "measures here."
    )
    assert irr_warning([0.1]) is None


def test_fisher_conversion():
    # Fisher: 1 + nominal = (1 + real)(1 + inflation); 3 % real and 2 % inflation → 5.06 %.
    assert fisher_nominal(0.03, 0.02) == pytest.approx(0.0506, abs=1e-12)
    assert fisher_real(0.0506, 0.02) == pytest.approx(0.03, abs=1e-12)
    case = _case(_skewed().lines, basis="real", inflation=0.02, discount_rate=0.03)
    assert case.nominal_rate == pytest.approx(0.0506)
    assert case.real_rate == 0.03


def test_inflation_at_or_below_minus_100_percent_is_refused():
    with pytest.raises(CaseError) as err:
        _case(_skewed().lines, inflation=-1.0)
    assert err.value.field == "inflation"
    with pytest.raises(CaseError) as err:
        _case(_skewed().lines, basis="both")
    assert err.value.field == "basis"


def test_nominal_looking_escalation_beside_a_real_rate_is_warned_about():
    lines = [
        Line("Subscription", "cost", Estimate.point(10_000), (0, 1, 2), escalation=0.04),
        Line("Savings", "benefit", Estimate.point(20_000), (1, 2), escalation=0.01),
    ]
    warnings = summarize(_case(lines, basis="real")).warnings
    assert len(warnings) == 1 and "'Subscription'" in warnings[0] and "4.0%" in warnings[0]
    assert summarize(_case(lines, basis="nominal", inflation=0.02)).warnings == ()


def test_optimism_bias_uplifts_costs_and_delays_benefits():
    lines = [
        Line("Build", "cost", Estimate.point(100_000), (0, 1)),  # recurring (two periods)
        Line("Purchase", "cost", Estimate.point(50_000), (0,)),  # one-time
        Line("Savings", "benefit", Estimate.point(60_000), (2, 3, 4, 5)),
    ]
    bias = OptimismBias(one_time=2.0, recurring=0.41, duration=0.54, category="x", reason="r")
    case = _case(lines, optimism=bias)
    # Benefits start at period 2; 2 × 54 % = 1.08 → delayed round(1.08) = 1 year; the last
    # year falls past the horizon.
    assert benefit_delay(case) == 1
    flows = [-(141_000 + 150_000), -141_000, 0, 60_000, 60_000, 60_000]
    assert analyze(case).npv == pytest.approx(npf.npv(0.04, flows), rel=1e-12)
    before = summarize(case).likely_unadjusted
    assert before.npv == pytest.approx(
        npf.npv(0.04, [-150_000, -100_000, 60_000, 60_000, 60_000, 60_000]), rel=1e-12
    )


@pytest.mark.parametrize("value", [-0.01, 3.01, math.nan])
def test_optimism_bias_outside_0_to_300_percent_is_refused(value):
    with pytest.raises(CaseError) as err:
        _case(_skewed().lines, optimism=OptimismBias(one_time=value))
    assert err.value.field == "optimism_bias.one_time"


def test_optimism_reference_data_cites_its_source():
    ref = optimism.reference()
    assert "Supplementary Green Book Guidance" in ref.source and "Mott MacDonald" in ref.source
    equipment = ref.get("equipment_development")
    # Published: equipment/development capital expenditure 200 % upper, 10 % lower; works
    # duration 54 % / 10 %; outsourcing operating expenditure 41 % / 0 %.
    assert (equipment.one_time.upper, equipment.one_time.lower) == (2.0, 0.1)
    assert (equipment.duration.upper, equipment.duration.lower) == (0.54, 0.1)
    outsourcing = ref.get("outsourcing")
    assert (outsourcing.recurring.upper, outsourcing.recurring.lower) == (0.41, 0.0)
    notes = optimism.outside_bounds("equipment_development", 0.05, 0.0, 0.2)
    assert len(notes) == 1 and "one-time costs (5%)" in notes[0]


def test_per_year_amounts_are_used_as_given():
    lines = [
        Line(
            "Consulting", "cost", Estimate.point(1.0), (0, 1, 2, 3), per_year=(10e3, 25e3, 0, 40e3)
        ),
        Line("Savings", "benefit", Estimate.point(30_000), (1, 2, 3, 4, 5)),
    ]
    flows = [-10e3, 30e3 - 25e3, 30e3, 30e3 - 40e3, 30e3, 30e3]
    assert analyze(_case(lines)).npv == pytest.approx(npf.npv(0.04, flows), rel=1e-12)
    # The estimate is a factor on the schedule: 45 $ an hour on hours per year.
    hourly = Line("Hours", "cost", Estimate.point(45.0), (0, 1), per_year=(100, 200))
    assert analyze(_case([hourly])).npv == pytest.approx(npf.npv(0.04, [-4500, -9000]))


@pytest.mark.parametrize(
    ("per_year", "periods", "field", "words"),
    [
        ((1.0,) * 7, tuple(range(7)), "per_year", "past the horizon"),
        ((1.0, 2.0), (0, 1, 2), "per_year", "2 amounts per year for 3 periods"),
        ((1.0, -2.0), (0, 1), "per_year[1]", "negative"),
        ((1.0, math.nan), (0, 1), "per_year[1]", "finite"),
    ],
)
def test_bad_per_year_amounts_name_the_line_and_field(per_year, periods, field, words):
    periods = tuple(p for p in periods if p <= 5) if words != "past the horizon" else (0,)
    line = Line("Consulting", "cost", Estimate.point(1.0), periods, per_year=per_year)
    with pytest.raises(CaseError) as err:
        _case([line])
    assert err.value.field == field
    assert err.value.line_index == 0 and err.value.line_name == "Consulting"
    assert words in str(err.value)


def test_scenarios_and_other_rates():
    case = _case(_skewed().lines, alternative_rate=0.07, alternative_rate_label="OMB A-94")
    summary = summarize(case)
    # Best: benefits high, costs low; worst: benefits low, costs high.
    best = [-90_000] + [50_000 - 8_000] * 5
    worst = [-190_000] + [20_000 - 18_000] * 5
    assert summary.scenarios["best"] == pytest.approx(npf.npv(0.04, best), rel=1e-12)
    assert summary.scenarios["worst"] == pytest.approx(npf.npv(0.04, worst), rel=1e-12)
    assert summary.scenarios["base"] == pytest.approx(summary.likely.npv, rel=1e-12)
    by_label = {p.label: p for p in summary.rates}
    likely_flows = [-100_000] + [35_000] * 5
    assert by_label["2 points higher"].npv_likely == pytest.approx(npf.npv(0.06, likely_flows))
    assert by_label["2 points lower"].npv_likely == pytest.approx(npf.npv(0.02, likely_flows))
    assert by_label["OMB A-94"].rate == 0.07
    # The NPV profile crosses zero at the IRR.
    rates, npvs = zip(*summary.profile, strict=True)
    assert min(rates) < summary.lead.irrs[0] < max(rates)
    assert npvs[0] > 0 > npvs[-1]


class TestOneRuleForRanges:
    def test_no_distribution_with_low_and_high_is_triangular(self):
        assert estimate_from(1, 2, 3, None) == Estimate(1, 2, 3, "triangular")
        assert estimate_from(None, 2, None, "") == Estimate.point(2)

    def test_single_figure_with_a_range_is_refused(self):
        with pytest.raises(CaseError) as err:
            estimate_from(1, 2, 3, "point", line_index=0, line_name="Licence")
        assert err.value.field == "amount.low" and "single figure" in str(err.value)
        assert "line 1 ('Licence')" in str(err.value)
        assert estimate_from(2, 2, 2, "point") == Estimate.point(2)

    @pytest.mark.parametrize("dist", [None, "triangular", "pert"])
    def test_low_above_likely_is_refused(self, dist):
        with pytest.raises(CaseError) as err:
            estimate_from(5, 2, 9, dist)
        assert err.value.field == "amount.low"

    def test_a_range_needs_both_ends(self):
        with pytest.raises(CaseError) as err:
            estimate_from(1, 2, None, "pert")
        assert err.value.field == "amount.high"


def test_one_time_or_recurring_by_category_then_by_years():
    def line(category, periods):
        return Line("x", "cost", Estimate.point(1), periods, category=category)

    assert line("hardware", (0, 1)).one_time  # bought over two years, still capital
    assert not line("subscription", (0,)).one_time  # a first year's subscription is operating
    assert line("other", (2,)).one_time and not line("other", (1, 2)).one_time
    assert line("", (0,)).one_time


def test_the_compact_summary_is_the_full_one_without_the_details():
    """``summarize(compact=True)`` (the live preview's) gives the same headline figures and
    warnings as the full summary, and leaves the other rates, scenarios, profile and the
    figures before optimism bias out."""
    lines = [
        Line("Build", "cost", Estimate(90_000, 100_000, 160_000, "triangular"), (0,)),
        Line("Hosting", "cost", Estimate.point(3_000), (1, 2, 3, 4, 5), escalation=0.03),
        Line("Savings", "benefit", Estimate(20_000, 40_000, 45_000, "pert"), (1, 2, 3, 4, 5)),
    ]
    bias = OptimismBias(one_time=0.2, recurring=0.1, duration=0.3, category="x", reason="r")
    case = _case(lines, optimism=bias, lead="likely", alternative_rate=0.07)
    full, compact = summarize(case), summarize(case, compact=True)
    assert compact.compact and not full.compact
    for name in ("likely", "expected"):
        a, b = getattr(full, name), getattr(compact, name)
        assert (a.npv, a.irrs, a.mirr, a.bcr, a.payback_years) == (
            b.npv,
            b.irrs,
            b.mirr,
            b.bcr,
            b.payback_years,
        )
        assert np.array_equal(a.net, b.net)
    assert compact.warnings == full.warnings and len(full.warnings) == 1
    assert compact.rates == () and compact.scenarios == {} and compact.profile == ()
    assert compact.likely_unadjusted is None and full.likely_unadjusted is not None
    # Both carry the profile matrix they were computed from, read-only (it is shared).
    assert np.array_equal(compact.matrix, full.matrix)
    assert full.matrix.shape == (3, 6) and not full.matrix.flags.writeable


def test_each_nominal_looking_warning_names_its_own_escalation():
    """The escalations are formatted once per value: lines with different rises each get
    their own, twice in their sentence."""
    lines = [
        Line("Subscription", "cost", Estimate.point(10_000), (0, 1, 2), escalation=0.04),
        Line("Support", "cost", Estimate.point(5_000), (0, 1, 2), escalation=0.025),
        Line("Hosting", "cost", Estimate.point(2_000), (0, 1, 2), escalation=0.04),
        Line("Savings", "benefit", Estimate.point(30_000), (1, 2)),
    ]
    warnings = summarize(_case(lines, basis="real")).warnings
    assert [w.count("4.0%") for w in warnings] == [2, 0, 2]
    assert warnings[1].count("2.5%") == 2 and "'Support'" in warnings[1]
