"""The business-case model and its deterministic analysis (issue #3, items 2, 3, "Bad input").

Expected figures are worked out by hand beside each test, from the definitions:
NPV = Σ net_t / (1 + r)^t with period 0 undiscounted (numpy-financial's convention, as
civicshift.core.finance), BCR = PV(benefits) / PV(costs), payback interpolated linearly within the
period in which the cumulative net flow turns non-negative. IRR is checked against
numpy-financial's ``irr`` and MIRR against Excel's documented formula
(https://support.microsoft.com/en-us/office/mirr-function-b020f038-7492-4fb4-93c1-35c345b53524).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civicshift.core import finance
from civicshift.core.cases import (
    Case,
    CaseError,
    Estimate,
    Line,
    OptimismBias,
    analyze,
    line_adjustments,
    line_profile,
    profile_matrix,
    pv_weights,
)


def small_case(**changes) -> Case:
    """Discount rate 10%, periods 0..3 (fiscal years 2030..2033)."""
    lines = [
        Line("Licence", "cost", Estimate.point(100), (0,)),
        # 10 × 1.1^(t − 1): 10, 11, 12.1 in periods 1..3
        Line("Support", "cost", Estimate(8, 10, 15), (1, 2, 3), escalation=0.10),
        # 70 with ramp [0.5]: 35, 70, 70
        Line("Savings", "benefit", Estimate(50, 70, 80, "pert"), (1, 2, 3), ramp=(0.5,)),
        # a wider social benefit: reported, kept out of the NPV
        Line("Resident time", "benefit", Estimate.point(20), (1, 2, 3), in_npv=False),
    ]
    fields = {
        "title": "Small",
        "start_year": 2030,
        "horizon_years": 3,
        "discount_rate": 0.10,
        "lines": tuple(lines),
    }
    fields.update(changes)
    return Case(**fields)


def test_analyze_small_case_by_hand():
    a = analyze(small_case())
    assert a.fiscal_years == (2030, 2031, 2032, 2033)
    np.testing.assert_allclose(a.costs, [100, 10, 11, 12.1])
    np.testing.assert_allclose(a.benefits, [0, 35, 70, 70])
    np.testing.assert_allclose(a.net, [-100, 25, 59, 57.9])
    np.testing.assert_allclose(a.cumulative, [-100, -75, -16, 41.9])
    np.testing.assert_allclose(a.discount_factors, [1, 1 / 1.1, 1 / 1.21, 1 / 1.331])
    np.testing.assert_allclose(a.discounted, [-100, 25 / 1.1, 59 / 1.21, 57.9 / 1.331])
    # NPV = -100 + 22.727273 + 48.760331 + 43.501127 = 14.988731
    assert a.npv == pytest.approx(-100 + 25 / 1.1 + 59 / 1.21 + 57.9 / 1.331, rel=1e-12)
    assert a.npv == pytest.approx(14.988731, abs=1e-6)
    np.testing.assert_allclose(a.cumulative_discounted[-1], a.npv)
    # escalation = discount rate, so each support payment is worth 10 / 1.1 today
    assert a.pv_costs == pytest.approx(100 + 10 / 1.1 + 11 / 1.21 + 12.1 / 1.331, rel=1e-12)
    assert a.pv_costs == pytest.approx(100 + 3 * 10 / 1.1, rel=1e-12)  # 127.272727
    assert a.pv_benefits == pytest.approx(35 / 1.1 + 70 / 1.21 + 70 / 1.331, rel=1e-12)
    assert a.bcr == pytest.approx(a.pv_benefits / (100 + 30 / 1.1), rel=1e-12)  # 1.117768
    assert a.tco == pytest.approx(133.1)
    # payback: cumulative -16 after period 2, +57.9 in period 3 → 2 + 16 / 57.9
    assert a.payback_years == pytest.approx(2 + 16 / 57.9)
    # discounted cumulative -28.512397 after period 2, +43.501127 in period 3
    assert a.discounted_payback_years == pytest.approx(
        2 + (100 - 25 / 1.1 - 59 / 1.21) / (57.9 / 1.331)
    )
    # IRR: the reference is numpy-financial
    assert a.irr == pytest.approx(npf.irr([-100, 25, 59, 57.9]), rel=1e-9)
    assert finance.npv(a.irr, [-100, 25, 59, 57.9]) == pytest.approx(0, abs=1e-9)
    # MIRR (Excel): receipts compounded to period 3 at 10%, the payment at t = 0
    assert a.mirr == pytest.approx(((25 * 1.21 + 59 * 1.1 + 57.9) / 100) ** (1 / 3) - 1)
    # resident time: 20 a year for periods 1..3, discounted, not in the NPV
    assert a.wider_benefits_pv == pytest.approx(20 / 1.1 + 20 / 1.21 + 20 / 1.331)
    np.testing.assert_allclose(a.wider_benefits, [0, 20, 20, 20])


def test_mirr_uses_the_case_finance_and_reinvest_rates():
    a = analyze(small_case(finance_rate=0.05, reinvest_rate=0.02))
    fv = 25 * 1.02**2 + 59 * 1.02 + 57.9
    assert a.mirr == pytest.approx((fv / 100) ** (1 / 3) - 1)
    assert a.mirr == pytest.approx(npf.mirr([-100, 25, 59, 57.9], 0.05, 0.02))


def test_not_defined_figures_are_none():
    only_costs = Case(
        "Costs only", 2027, 5, 0.03, (Line("Fee", "cost", Estimate.point(10), (0, 1)),)
    )
    a = analyze(only_costs)
    assert a.irr is None  # the cash flows never change sign
    assert a.mirr is None
    assert a.payback_years is None and a.discounted_payback_years is None
    assert a.bcr == 0.0
    only_benefits = Case(
        "Gift", 2027, 2, 0.03, (Line("Grant", "benefit", Estimate.point(5), (0,)),)
    )
    b = analyze(only_benefits)
    assert b.bcr is None  # no costs: the ratio is not defined
    assert b.payback_years == 0.0
    assert b.tco == 0.0 and not np.signbit(b.costs).any()


def test_line_profile_escalation_ramp_and_sign():
    line = Line("S", "benefit", Estimate.point(1), (2, 3, 4, 5), escalation=0.5, ramp=(0.25, 0.5))
    # offsets 0..3 from period 2: 1.5^k × (0.25, 0.5, 1, 1)
    np.testing.assert_allclose(line_profile(line, 6), [0, 0, 0.25, 0.75, 2.25, 3.375, 0])
    cost = Line("C", "cost", Estimate.point(1), (1, 3), escalation=0.1)
    # offsets count calendar periods, as escalation does: period 3 is offset 2
    np.testing.assert_allclose(line_profile(cost, 3), [0, -1, 0, -1.21])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["cost", "benefit"]),
            st.integers(0, 8),  # first period
            st.integers(0, 8),  # length - 1
            st.floats(-0.5, 0.5),  # escalation
            st.lists(st.floats(0.0, 1.0), max_size=4),  # ramp
            st.booleans(),  # amounts per year instead
            st.booleans(),  # a gap in the periods
        ),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from([0.0, 0.25, 1.0]),
)
def test_profile_matrix_equals_each_line_profile(specs, duration):
    """The batched matrix is, to the last bit, each line's ``line_profile`` stacked (the
    per-line function is the reference: its own tests check it by hand), with and without
    optimism bias shifting benefits and uplifting costs."""
    horizon = 10
    lines = []
    for k, (kind, first, extra, escalation, ramp, per_year, gap) in enumerate(specs):
        last = min(first + extra, horizon)
        periods = tuple(range(first, last + 1))
        if gap and len(periods) > 2:
            periods = periods[:1] + periods[2:]
        lines.append(
            Line(
                f"L{k}",
                kind,
                Estimate.point(100.0),
                periods,
                # amounts per year are used as given: no increase or ramp beside them
                escalation=0.0 if per_year else escalation,
                ramp=() if per_year else tuple(ramp),
                per_year=tuple(float(10 * p) for p in periods) if per_year else (),
            )
        )
    bias = OptimismBias(one_time=0.2, recurring=0.1, duration=duration) if duration else None
    case = Case("Batch", 2027, horizon, 0.03, tuple(lines), optimism=bias)
    stacked = np.stack(
        [
            line_profile(line, horizon, shift=shift, uplift=uplift)
            for line, (shift, uplift) in zip(case.lines, line_adjustments(case), strict=True)
        ]
    )
    assert np.array_equal(profile_matrix(case), stacked)


def test_pv_weights_make_npv_linear_in_the_amounts():
    case = small_case()
    amounts = np.array([ln.amount.likely for ln in case.lines])
    in_npv = np.array([ln.in_npv for ln in case.lines])
    assert amounts[in_npv] @ pv_weights(case)[in_npv] == pytest.approx(analyze(case).npv)
    assert profile_matrix(case).shape == (4, 4)


def test_estimate_means_and_uncertainty():
    # Vose, Risk Analysis (3rd ed., 2008): triangular mean (a+b+c)/3, PERT mean (a+4b+c)/6
    assert Estimate(1, 2, 6).mean == pytest.approx(3)
    assert Estimate(1, 2, 6, "pert").mean == pytest.approx(15 / 6)
    assert Estimate.point(7).mean == 7 and not Estimate.point(7).is_uncertain
    assert not Estimate(5, 5, 5).is_uncertain
    assert Estimate(4, 5, 5).is_uncertain


def test_periods_are_kept_sorted_and_lines_as_tuple():
    case = small_case(lines=[Line("X", "cost", Estimate.point(1), [3, 1])])
    assert case.lines[0].periods == (1, 3)
    assert isinstance(case.lines, tuple)
    assert hash(case) == hash(dataclasses.replace(case))


def _replace_line(index: int, **changes) -> Case:
    base = small_case()
    lines = list(base.lines)
    lines[index] = dataclasses.replace(lines[index], **changes)
    return dataclasses.replace(base, lines=tuple(lines))


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"amount": Estimate(12, 10, 15)}, "amount.low", "greater than likely"),
        ({"amount": Estimate(8, 16, 15)}, "amount.high", "greater than high"),
        ({"amount": Estimate(-1, 10, 15)}, "amount.low", "negative"),
        ({"amount": Estimate.point(-5)}, "amount", "negative"),
        ({"amount": Estimate.point(float("nan"))}, "amount", "finite"),
        ({"amount": Estimate(8, math.nan, 15)}, "amount.likely", "finite"),
        ({"amount": Estimate(8, 10, math.inf)}, "amount.high", "finite"),
        ({"amount": Estimate(8, 10, 15, "normal")}, "amount.dist", "triangular"),
        ({"amount": Estimate(8, 10, 15, "point")}, "amount.dist", "point"),
        ({"amount": Estimate("8", 10, 15)}, "amount.low", "number"),
        ({"periods": (1, 4)}, "periods", "outside the horizon 0..3"),
        ({"periods": (-1,)}, "periods", "outside"),
        ({"periods": ()}, "periods", "no periods"),
        ({"periods": (1, 1)}, "periods", "more than once"),
        ({"periods": (1.5,)}, "periods", "whole numbers"),
        ({"escalation": -1.0}, "escalation", "-1"),
        ({"escalation": math.nan}, "escalation", "finite"),
        ({"ramp": (0.5, 1.2)}, "ramp[1]", "between 0 and 1"),
        ({"ramp": (-0.1,)}, "ramp[0]", "between 0 and 1"),
        ({"kind": "expense"}, "kind", "cost or benefit"),
        ({"name": "Licence"}, "name", "already used by line 1"),
        ({"in_npv": "yes"}, "in_npv", "true or false"),
    ],
)
def test_bad_line_names_the_line_and_field(changes, field, words):
    with pytest.raises(CaseError) as info:
        _replace_line(1, **changes)
    error = info.value
    assert error.line_index == 1 and error.field == field
    message = str(error)
    name = changes.get("name", "Support")
    assert message.startswith(f"line 2 ('{name}'), field '{field}': ")
    assert words in message


def test_blank_line_name():
    with pytest.raises(CaseError, match=r"line 2, field 'name': every line needs a name"):
        _replace_line(1, name=" ")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"discount_rate": -1.0}, "discount_rate"),
        ({"discount_rate": -1.5}, "discount_rate"),
        ({"discount_rate": math.inf}, "discount_rate"),
        ({"discount_rate": math.nan}, "discount_rate"),
        ({"finance_rate": -1}, "finance_rate"),
        ({"reinvest_rate": math.nan}, "reinvest_rate"),
        ({"lines": ()}, "lines"),
        ({"horizon_years": 0}, "horizon_years"),
        ({"horizon_years": 101}, "horizon_years"),
        ({"horizon_years": 2.5}, "horizon_years"),
        ({"start_year": "2027"}, "start_year"),
    ],
)
def test_bad_case_fields(changes, field):
    with pytest.raises(CaseError) as info:
        small_case(**changes)
    assert info.value.field == field
    assert str(info.value).startswith(f"field '{field}': ")


def test_case_error_is_a_value_error():
    assert issubclass(CaseError, ValueError)


def test_zero_discount_rate_and_analysis_arrays_are_read_only():
    a = analyze(small_case(discount_rate=0.0))
    assert a.npv == pytest.approx(-100 + 25 + 59 + 57.9)
    with pytest.raises(ValueError, match="read-only"):
        a.net[0] = 1.0
