"""Every IRR, the headline IRR, the warning and the batch solver (issue 7, "IRR, honestly").

References from outside the project, cited beside each test:

* LibreOffice Calc 7's ``IRR`` (and ``NPV``), recalculated with ``soffice --headless`` from an
  xlsx holding the cash flows and ``=IRR(A1:A11)``, ``=IRR(A1:A11; -0.1)`` and
  ``=NPV(0.04; A2:A11) + A1``, exported as CSV with full precision (15 significant digits);
* numpy.roots on the cash flows (the roots x of sum(v_t * x ** t), rate = 1 / x - 1), the
  "independent polynomial root computation" of issue 7;
* numpy-financial 1.0.0's ``irr`` where the root is unique;
* closed forms: a two-term cash flow v_0 + v_n / (1 + r) ** n = 0 has the single root
  r = (-v_n / v_0) ** (1 / n) - 1.
"""

from __future__ import annotations

import math

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civicshift.core.finance import (
    IRR_WARNING,
    headline_irr,
    irr,
    irr_all,
    irr_warning,
    irrs,
    npv,
)

# --------------------------------------------------------------------------------------------
# Independent references
# --------------------------------------------------------------------------------------------


def numpy_roots_rates(values, imag_tol=1e-12):
    """Real IRRs above -100 % from numpy.roots (the reference of issue 7), increasing."""
    array = np.asarray(values, dtype=float)
    nonzero = np.nonzero(array)[0]
    trimmed = array[nonzero[0] : nonzero[-1] + 1]
    if trimmed.size < 2:
        return []
    x = np.roots(trimmed[::-1])  # highest power first: v_n x**n + ... + v_0
    real = [z.real for z in x if z.real > 0 and abs(z.imag) <= imag_tol * abs(z)]
    return sorted(1.0 / xr - 1.0 for xr in real)


def independent_npv_ratio(rate, values):
    """|NPV(rate)| / gross PV(rate), summed exactly (math.fsum) with terms scaled by the largest
    one so that nothing overflows near -100 %."""
    logs = [(-t * math.log1p(rate) + math.log(abs(v)), v) for t, v in enumerate(values) if v]
    top = max(e for e, _v in logs)
    scaled = [math.copysign(math.exp(e - top), v) for e, v in logs]
    return abs(math.fsum(scaled)) / math.fsum(abs(s) for s in scaled)


# --------------------------------------------------------------------------------------------
# Realistic cash flows with a late exit or refresh cost: two IRRs
# --------------------------------------------------------------------------------------------

# A: implementation 300,000; savings 120,000 a year for 9 years; exit and data migration
#    600,000 in year 10. LibreOffice: =IRR(A1:A11) -> 33.1882146355547 %;
#    =IRR(A1:A11; -0.1) -> -7.90992689327349 %; =NPV(0.04; A2:A11) + A1 -> 186,901.291968028.
CASE_A = [-300_000] + [120_000] * 9 + [-600_000]
# B: 250,000; 240,000 a year for 9 years; 836,000 decommissioning in year 10 (the shape of the
#    issue's example: roots near -19.1 % and far above the rate). LibreOffice: IRR
#    95.3749935277148 %, with guess -10 %: -19.0896600170399 %, NPV at 4 % 969,707.941388647.
CASE_B = [-250_000] + [240_000] * 9 + [-836_000]
# C: 120,000; 45,000 a year for 9 years; 250,000 in year 10. LibreOffice: IRR 28.9527796805075 %,
#    with guess -10 %: -4.28429686757937 %, NPV at 4 % 45,698.8802673656.
CASE_C = [-120_000] + [45_000] * 9 + [-250_000]

LIBREOFFICE = {
    "A": (CASE_A, 0.331882146355547, -0.0790992689327349, 186_901.291968028),
    "B": (CASE_B, 0.953749935277148, -0.190896600170399, 969_707.941388647),
    "C": (CASE_C, 0.289527796805075, -0.0428429686757937, 45_698.8802673656),
}


@pytest.mark.parametrize("name", sorted(LIBREOFFICE))
def test_two_irrs_agree_with_libreoffice_and_numpy_roots(name):
    flows, lo_irr, lo_low_guess, lo_npv = LIBREOFFICE[name]
    roots = irrs(flows)
    assert roots == pytest.approx([lo_low_guess, lo_irr], rel=1e-12)
    assert roots == pytest.approx(numpy_roots_rates(flows), abs=1e-9)
    assert npv(0.04, flows) == pytest.approx(lo_npv, rel=1e-12)
    assert irr_all(flows) == roots


@pytest.mark.parametrize("name", sorted(LIBREOFFICE))
def test_headline_irr_is_the_root_that_agrees_with_the_npv(name):
    # NPV at 4 % is positive (LibreOffice above), so the headline is the root above 4 %: the
    # one LibreOffice's IRR returns from its default guess of 10 %.
    flows, lo_irr, _low, _npv = LIBREOFFICE[name]
    assert headline_irr(flows, 0.04) == pytest.approx(lo_irr, rel=1e-12)
    assert irr(flows, rate=0.04) == pytest.approx(lo_irr, rel=1e-12)
    # Without a rate, the documented behaviour before issue 7: the root nearest zero.
    assert irr(flows) == pytest.approx(_low, rel=1e-12)


def test_headline_is_below_the_rate_when_the_npv_is_negative():
    # CASE_A at 40 %: NPV < 0 (40 % is above both roots -7.9 % and 33.2 %; numpy_financial's
    # npv gives the sign), so the headline is the largest root below 40 %: 33.2 %.
    assert npf.npv(0.40, CASE_A) < 0
    assert headline_irr(CASE_A, 0.40) == pytest.approx(0.331882146355547, rel=1e-12)
    # At -50 % (below both roots), NPV < 0 too: now no root lies below the rate. No headline.
    assert npf.npv(-0.50, CASE_A) < 0
    assert headline_irr(CASE_A, -0.50) is None


def test_no_headline_when_no_root_agrees():
    # Roots 7.98 % and 75.0 % (numpy.roots), NPV at 4 % negative (numpy_financial): a root
    # below 4 % would be needed, and there is none.
    flows = [-250_000, 150_000] + [230_000] * 8 + [-2_400_000]
    roots = numpy_roots_rates(flows)
    assert irrs(flows) == pytest.approx(roots, abs=1e-9)
    assert npf.npv(0.04, flows) < 0
    assert min(roots) > 0.04
    assert headline_irr(flows, 0.04) is None
    assert irr(flows, rate=0.04) is None


def test_headline_of_a_single_root_is_that_root():
    # Microsoft's IRR example (test_finance.py): one sign change, IRR 8.66 %, whatever the rate.
    flows = [-70000, 12000, 15000, 18000, 21000, 26000]
    for rate in (-0.5, 0.0, 0.03, 0.0866, 0.2, 3.0):
        assert headline_irr(flows, rate) == pytest.approx(float(npf.irr(flows)), rel=1e-12)


def test_headline_at_a_rate_that_is_itself_an_irr():
    # [-1, 2.1, -1.1]: roots 0 % and 10 % (x = 1 and 1/1.1; numpy.roots); NPV at 10 % is zero.
    flows = [-1.0, 2.1, -1.1]
    assert irrs(flows) == pytest.approx(numpy_roots_rates(flows), abs=1e-9)
    assert headline_irr(flows, 0.10) == pytest.approx(0.10, abs=1e-12)


def test_headline_accepts_precomputed_roots_and_refuses_bad_input():
    roots = irrs(CASE_A)
    assert headline_irr(CASE_A, 0.04, roots=roots) == headline_irr(CASE_A, 0.04)
    with pytest.raises(ValueError, match="rate"):
        headline_irr(CASE_A, -1.0)
    with pytest.raises(ValueError, match="values"):
        headline_irr([], 0.04)
    with pytest.raises(ValueError, match="roots"):
        headline_irr(np.array([CASE_A, CASE_A]), 0.04, roots=roots)


# --------------------------------------------------------------------------------------------
# The warning
# --------------------------------------------------------------------------------------------


def test_warning_names_every_irr_rounded_to_one_decimal():
    # Rounded, not truncated: -0.190896... -> -19.1 %, 0.953749... -> 95.4 % (not 95.3 %).
    assert irr_warning(irrs(CASE_B)) == (
        "This project has several IRRs (-19.1% and 95.4%); "
        "NPV and MIRR are the reliable measures here."
    )
    assert irr_warning([-0.191, 0.899]) == (
        "This project has several IRRs (-19.1% and 89.9%); "
        "NPV and MIRR are the reliable measures here."
    )
    assert irr_warning([0.29054, -0.5, 1.0]) == (
        "This project has several IRRs (-50.0%, 29.1%, and 100.0%); "
        "NPV and MIRR are the reliable measures here."
    )


def test_no_warning_for_one_irr_or_none():
    assert irr_warning([]) is None
    assert irr_warning([0.0866]) is None
    assert irr_warning(irrs([-70000, 12000, 15000, 18000, 21000, 26000])) is None


def test_warning_shows_more_decimals_only_when_two_irrs_would_read_the_same():
    assert irr_warning([0.1001, 0.1004]) == (
        "This project has several IRRs (10.01% and 10.04%); "
        "NPV and MIRR are the reliable measures here."
    )


def test_warning_in_another_locale_and_template():
    template = "Este proyecto tiene varias TIR (%(rates)s)."
    assert irr_warning([-0.191, 0.899], locale="es", template=template) == (
        # CLDR Spanish: decimal comma, a no-break space before %, "y" (Babel's data)
        "Este proyecto tiene varias TIR (-19,1\u00a0% y 89,9\u00a0%)."
    )
    assert "%(rates)s" in IRR_WARNING


# --------------------------------------------------------------------------------------------
# Several IRRs against numpy.roots
# --------------------------------------------------------------------------------------------

SEVERAL = [
    # (x - 1/1.1)(x - 1/1.2)(x - 1/1.5): IRRs 10 %, 20 %, 50 %, three sign changes
    list(np.poly([1 / 1.1, 1 / 1.2, 1 / 1.5])[::-1]),
    # invest, benefit, refresh, benefit, exit: four sign changes
    [-100_000, 60_000, 60_000, -90_000, 70_000, 70_000, -55_000],
    # the classic textbook pair: 10 % and 20 % (Brealey-Myers style -1, 2.3, -1.32)
    [-1.0, 2.3, -1.32],
    # roots at -50 % and +100 % (x = 2 and 0.5)
    list(np.poly([2.0, 0.5])[::-1]),
]


@pytest.mark.parametrize("flows", SEVERAL)
def test_several_irrs_agree_with_numpy_roots(flows):
    reference = numpy_roots_rates(flows)
    assert len(reference) >= 2
    assert irrs(flows) == pytest.approx(reference, abs=1e-9)


def test_random_realistic_vectors_agree_with_numpy_roots_to_1e_9():
    # Seeded: invest, ramped benefits, sometimes a refresh in the middle and an exit at the end.
    rng = np.random.default_rng(7)
    checked = several = 0
    for _ in range(400):
        flows = realistic(rng, 21)
        reference = numpy_roots_rates(flows, imag_tol=0.0)
        near_real = numpy_roots_rates(flows, imag_tol=1e-4)
        if near_real != reference:  # a nearly double root: numpy.roots itself is uncertain
            continue
        ours = irrs(flows)
        assert ours == pytest.approx(reference, abs=1e-9), flows
        checked += 1
        several += len(reference) > 1
    assert checked > 350 and several > 30


def realistic(rng, periods):
    flows = np.zeros(periods)
    flows[0] = -rng.uniform(1e5, 2e6)
    flows[1] = -rng.uniform(0, 0.5) * -flows[0]
    benefit = rng.uniform(0.08, 0.35) * -flows[0]
    ramp = np.minimum(1.0, np.arange(periods) / rng.integers(1, 4))
    flows[1:] += benefit * ramp[1:] * rng.uniform(0.8, 1.2, periods - 1)
    kind = rng.random()
    if kind < 0.3:  # a refresh in the middle
        flows[periods // 2] -= rng.uniform(0.5, 2.0) * -flows[0]
    elif kind < 0.6:  # a late exit or decommissioning cost
        flows[-1] -= rng.uniform(1.0, 6.0) * -flows[0]
    return flows.tolist()


# --------------------------------------------------------------------------------------------
# Rates near -100 %, and inputs on which numpy.roots raises LinAlgError
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flows", "expected"),
    [
        ([-1000, 1], -0.999),  # -99.9 %: closed form 1 / 1000 - 1
        ([-1_000_000, 1], -0.999999),
        ([-1_000_000] + [0] * 9 + [1], 10**-0.6 - 1),  # (1 + r) ** 10 = 1e-6
        ([-1e160] + [0] * 19 + [1e-160], 1e-16 - 1),  # (1 + r) ** 20 = 1e-320
    ],
)
def test_roots_near_minus_100_percent(flows, expected):
    (root,) = irrs(flows)
    assert root > -1
    assert root == pytest.approx(expected, abs=1e-15)
    assert irr(flows) == root


def test_several_roots_one_of_them_near_minus_100_percent():
    # (x - 1000)(x - 1/1.1): IRRs -99.9 % and 10 %, flows 909.09..., -1000.909..., 1
    flows = list(np.poly([1000.0, 1 / 1.1])[::-1])
    assert irrs(flows) == pytest.approx(numpy_roots_rates(flows), abs=1e-9)
    assert irrs(flows) == pytest.approx([-0.999, 0.1], abs=1e-12)


@pytest.mark.parametrize(
    "flows",
    [
        [-1e200, 1e-120],  # 1 + r = 1e-320
        [-5e307, 0, 1e-10],  # 1 + r = 1.4e-159
        [-1e6, 1e-303],  # 1 + r = 1e-309
        [-1e300, 0, 0, 1e-20],  # 1 + r = 2e-107
    ],
)
def test_inputs_that_made_numpy_roots_raise_give_the_rate_just_above_minus_100_percent(flows):
    # numpy.roots divides by the last flow and overflows: LinAlgError before issue 7.
    with pytest.raises(np.linalg.LinAlgError), np.errstate(all="ignore"):
        np.roots(np.asarray(flows, dtype=float)[::-1])
    # The closed form puts the root closer to -1 than a float can show: the float just above -1.
    (root,) = irrs(flows)
    assert root == float(np.nextafter(-1.0, 0.0))
    assert irr(flows) == root
    assert irr(flows, rate=0.03) == root  # NPV at 3 % is negative, the root is below


def test_a_rate_too_large_for_a_float_is_left_out():
    # 1 + r = 1e200 / 1e-200 = 1e400: not a float. Nothing is reported rather than infinity.
    assert irrs([-1e-200, 1e200]) == []
    assert irr([-1e-200, 1e200]) is None
    assert irrs([-1e-100, 1e100]) == pytest.approx([1e200], rel=1e-12)


# --------------------------------------------------------------------------------------------
# 2-D input: one cash-flow vector per row
# --------------------------------------------------------------------------------------------


def test_batch_equals_one_dimensional_row_by_row():
    rng = np.random.default_rng(11)
    rows = [realistic(rng, 21) for _ in range(300)]
    rows += [[0.0] * 21, [1.0] * 21, [-1.0] + [0.0] * 20, CASE_A + [0.0] * 10, CASE_B + [0] * 10]
    table = np.array(rows)
    batch_roots = irrs(table)
    batch_irr = irr(table)
    batch_headline = irr(table, rate=0.04)
    assert isinstance(batch_irr, np.ndarray) and batch_irr.shape == (len(rows),)
    assert len(batch_roots) == len(rows)
    for i, flows in enumerate(rows):
        assert batch_roots[i] == pytest.approx(irrs(flows), rel=1e-13, abs=1e-15)
        single = irr(flows)
        if single is None:
            assert math.isnan(batch_irr[i])
        else:
            assert batch_irr[i] == pytest.approx(single, rel=1e-13, abs=1e-15)
        head = headline_irr(flows, 0.04)
        if head is None:
            assert math.isnan(batch_headline[i])
        else:
            assert batch_headline[i] == pytest.approx(head, rel=1e-13, abs=1e-15)


def test_batch_agrees_with_numpy_financial_where_the_root_is_unique():
    rng = np.random.default_rng(3)
    table = np.zeros((500, 21))
    table[:, 0] = -rng.uniform(1e5, 1e6, 500)
    table[:, 1:] = rng.uniform(0.02, 0.3, (500, 20)) * -table[:, :1]
    ours = irr(table)
    theirs = np.array([npf.irr(row) for row in table])
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-9)


def test_batch_shapes_and_bad_input():
    assert irrs(np.zeros((0, 5))) == []
    assert irr(np.zeros((0, 5))).shape == (0,)
    assert irrs(np.array([[5.0]])) == [[]]
    with pytest.raises(ValueError, match="1-D or 2-D"):
        irr(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="NaN"):
        irrs([[1.0, float("nan")]])


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

any_float = st.floats(allow_nan=False, allow_infinity=False, width=64)
amount = st.one_of(
    st.just(0.0),
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).filter(
        lambda x: x == 0 or abs(x) > 1e-3
    ),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(any_float, min_size=1, max_size=40))
def test_valid_input_never_raises(values):
    roots = irrs(values)
    assert roots == sorted(roots)
    assert all(r > -1 and math.isfinite(r) for r in roots)
    single = irr(values)
    assert single is None or single in roots
    head = irr(values, rate=0.03)
    assert head is None or head in roots
    irr_warning(roots)


@settings(max_examples=300, deadline=None)
@given(st.lists(amount, min_size=2, max_size=30))
def test_npv_is_zero_at_every_root_relative_to_the_gross_present_value(values):
    for root in irrs(values):
        # Near -100 % a float rate holds 1 + rate to only 1.1e-16 / (1 + rate) relative: the NPV
        # residual is then bounded by that, not by the solver. Check down to 1 + rate = 1e-6.
        if 1 + root < 1e-6:
            continue
        assert independent_npv_ratio(root, values) <= 1e-8


@settings(max_examples=200, deadline=None)
@given(st.lists(amount, min_size=2, max_size=25), st.floats(min_value=-0.9, max_value=2.0))
def test_headline_agrees_with_the_sign_of_the_npv(values, rate):
    head = headline_irr(values, rate)
    if head is None:
        return
    value = npf.npv(rate, values)
    gross = npf.npv(rate, np.abs(values))
    if abs(value) <= 1e-9 * gross:
        return
    assert (head > rate) == (value > 0)
