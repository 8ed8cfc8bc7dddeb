"""Monte Carlo, tornado and switching values (issue #3, item 4 and "Numbers that must be right").

References:
- Triangular distribution: mean (a+b+c)/3, CDF and inverse CDF in closed form (Vose, *Risk
  Analysis: A Quantitative Guide*, 3rd ed., Wiley 2008, §III.7 "Triangular"); scipy's
  ``scipy.stats.triang`` is the independent implementation checked against.
- PERT: Beta(α, β) on [a, c] with α = 1 + 4(b−a)/(c−a), β = 1 + 4(c−b)/(c−a), mean (a+4b+c)/6
  (Malcolm, Roseboom, Clark & Fazar, "Application of a technique for R&D program evaluation",
  Operations Research 7(5), 1959; Vose 2008, §III.7 "PERT"); checked against ``scipy.stats.beta``.
- NPV is linear in the line amounts, so E[NPV] is the NPV at the mean amounts (linearity of
  expectation); switching values follow the same linearity (HM Treasury, *The Green Book*, 2022).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from scipy import stats

from civicshift import __version__
from civicshift.core import finance
from civicshift.core.cases import Case, CaseError, Estimate, Line, analyze, profile_matrix
from civicshift.core.montecarlo import (
    expected_npv,
    monte_carlo,
    pert_shape,
    sample,
    switching_values,
    tornado,
    triangular_ppf,
)


def skewed_case() -> Case:
    """Triangular and PERT lines, skewed both ways, over 15 years."""
    lines = [
        Line("Build", "cost", Estimate(400_000, 500_000, 800_000), (0,)),
        Line("Migration", "cost", Estimate(50_000, 60_000, 150_000, "pert"), (0, 1)),
        Line("Subscription", "cost", Estimate(90_000, 100_000, 130_000), range(1, 16), 0.03),
        Line("Staff time", "benefit", Estimate(120_000, 200_000, 220_000, "pert"), range(1, 16)),
        Line("Paper", "benefit", Estimate(10_000, 30_000, 35_000), range(1, 16), ramp=(0.5,)),
        Line("Fees", "benefit", Estimate.point(40_000), range(2, 16), 0.02),
        Line("Residents", "benefit", Estimate(1, 2, 3), range(1, 16), in_npv=False),
    ]
    return Case("Skewed", 2027, 15, 0.035, tuple(lines))


def test_mean_npv_within_half_a_percent_of_the_closed_form_at_200k():
    case = skewed_case()
    # E[NPV] = NPV at the mean amounts: triangular (a+b+c)/3, PERT (a+4b+c)/6
    means = {
        "Build": (400_000 + 500_000 + 800_000) / 3,
        "Migration": (50_000 + 4 * 60_000 + 150_000) / 6,
        "Subscription": (90_000 + 100_000 + 130_000) / 3,
        "Staff time": (120_000 + 4 * 200_000 + 220_000) / 6,
        "Paper": (10_000 + 30_000 + 35_000) / 3,
        "Fees": 40_000,
    }
    mean_lines = tuple(
        dataclasses.replace(line, amount=Estimate.point(means[line.name]))
        for line in case.lines
        if line.in_npv
    )
    expected = analyze(dataclasses.replace(case, lines=mean_lines)).npv
    assert expected_npv(case) == pytest.approx(expected, rel=1e-12)
    result = monte_carlo(case, iterations=200_000, seed=2027)
    assert result.npv_mean == pytest.approx(expected, rel=0.005)
    assert result.npv_mean != pytest.approx(analyze(case).npv, rel=0.005)  # skew matters


def test_triangular_ppf_is_scipy_triang_ppf():
    u = np.linspace(0, 1, 1001)
    a, m, c = 10.0, 13.0, 25.0
    ref = stats.triang(c=(m - a) / (c - a), loc=a, scale=c - a).ppf(u)
    np.testing.assert_allclose(triangular_ppf(u, a, m, c), ref, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(triangular_ppf(u, 5, 5, 9), stats.triang(0, 5, 4).ppf(u))
    np.testing.assert_array_equal(triangular_ppf(u, 3, 3, 3), 3.0)


def test_triangular_draws_are_the_inverse_cdf_of_one_uniform_each():
    # numpy's Generator.triangular is used for speed: it must be triangular_ppf on rng.random()
    draws = sample([Estimate(10, 13, 25)], 10_000, np.random.default_rng(5))[:, 0]
    uniforms = np.random.default_rng(5).random(10_000)
    np.testing.assert_array_equal(draws, triangular_ppf(uniforms, 10, 13, 25))


def test_samples_follow_triangular_and_pert_distributions():
    tri, pert = Estimate(10, 13, 25), Estimate(10, 13, 25, "pert")
    draws = sample([tri, pert, Estimate.point(4)], 50_000, np.random.default_rng(1))
    assert draws.shape == (50_000, 3)
    # Kolmogorov-Smirnov against scipy's independent CDFs
    triang = stats.triang(c=3 / 15, loc=10, scale=15)
    alpha, beta = pert_shape(10, 13, 25)
    assert (alpha, beta) == pytest.approx((1 + 4 * 3 / 15, 1 + 4 * 12 / 15))
    beta_dist = stats.beta(alpha, beta, loc=10, scale=15)
    assert stats.kstest(draws[:, 0], triang.cdf).pvalue > 0.01
    assert stats.kstest(draws[:, 1], beta_dist.cdf).pvalue > 0.01
    # and quantile by quantile (standard error of a quantile at n = 50,000 is < 0.1)
    q = [0.05, 0.1, 0.5, 0.9, 0.95]
    np.testing.assert_allclose(np.quantile(draws[:, 0], q), triang.ppf(q), atol=0.15)
    np.testing.assert_allclose(np.quantile(draws[:, 1], q), beta_dist.ppf(q), atol=0.15)
    assert draws[:, 0].mean() == pytest.approx(16, abs=0.05)  # (10 + 13 + 25) / 3
    assert draws[:, 1].mean() == pytest.approx(14.5, abs=0.05)  # (10 + 52 + 25) / 6
    np.testing.assert_array_equal(draws[:, 2], 4.0)
    assert draws[:, :2].min() >= 10 and draws[:, :2].max() <= 25


def test_pert_with_the_mode_at_a_bound():
    draws = sample([Estimate(0, 0, 10, "pert")], 20_000, np.random.default_rng(3))[:, 0]
    assert stats.kstest(draws, stats.beta(1, 5, loc=0, scale=10).cdf).pvalue > 0.01


def test_same_seed_same_result_and_other_seed_differs():
    case = skewed_case()
    first = monte_carlo(case, iterations=5_000, seed=42)
    assert monte_carlo(case, iterations=5_000, seed=42) == first
    assert monte_carlo(case, iterations=5_000, seed=43) != first
    assert first.seed == 42 and first.iterations == 5_000 and first.version == __version__


@pytest.mark.parametrize("chunk", [1, 7, 1_000, 2_999, 65_536])
def test_chunk_size_does_not_change_the_result(chunk):
    case = skewed_case()
    assert monte_carlo(case, 3_000, seed=9, chunk=chunk) == monte_carlo(case, 3_000, seed=9)


def test_progress_is_reported_after_each_chunk_and_changes_nothing():
    case = skewed_case()
    seen = []
    result = monte_carlo(
        case, 2_500, seed=9, chunk=1_000, progress=lambda done, total: seen.append((done, total))
    )
    assert seen == [(1_000, 2_500), (2_000, 2_500), (2_500, 2_500)]
    assert result == monte_carlo(case, 2_500, seed=9)


def test_a_progress_callback_that_raises_stops_the_simulation():
    class Stop(Exception):
        """What the callback raises (as the jobs' Cancelled does)."""

    def stop(done, total):
        raise Stop

    with pytest.raises(Stop):
        monte_carlo(skewed_case(), 50_000, seed=1, chunk=10_000, progress=stop)


def test_documented_streams_reproduce_every_iteration():
    """Line i draws from default_rng(seed).spawn(len(lines))[i]; recomputed independently."""
    case = skewed_case()
    n, seed = 4_000, 5
    drawn = [i for i, ln in enumerate(case.lines) if ln.in_npv and ln.amount.is_uncertain]
    streams = np.random.default_rng(seed).spawn(len(case.lines))
    amounts = np.array([ln.amount.likely for ln in case.lines]) * np.ones((n, 1))
    amounts[:, drawn] = sample(
        [case.lines[i].amount for i in drawn], n, [streams[i] for i in drawn]
    )
    in_npv = [ln.in_npv for ln in case.lines]
    flows = amounts[:, in_npv] @ profile_matrix(case)[in_npv]
    npvs = finance.npv(case.discount_rate, flows)
    payback = finance.payback_periods(flows)
    result = monte_carlo(case, n, seed=seed)
    assert result.npv_mean == pytest.approx(npvs.mean(), rel=1e-12)
    for p, value in result.percentiles.items():
        assert value == pytest.approx(np.percentile(npvs, p), rel=1e-12)
    assert result.prob_npv_positive == np.mean(npvs > 0)
    for years, probability in result.prob_payback_within.items():
        assert probability == np.mean(payback <= years)  # NaN (never) compares False


def test_probability_of_payback_closed_form():
    # Pay 100 now; receive B ~ Triangular(0, 50, 100) a year for 10 years. Payback within N
    # years ⇔ N·B ≥ 100 ⇔ B ≥ 100/N, so P = 1 − F(100/N) with F the triangular CDF.
    case = Case(
        "Payback",
        2027,
        10,
        0.05,
        (
            Line("Outlay", "cost", Estimate.point(100), (0,)),
            Line("Return", "benefit", Estimate(0, 50, 100), range(1, 11)),
        ),
    )
    result = monte_carlo(case, 200_000, seed=11)
    cdf = stats.triang(c=0.5, loc=0, scale=100).cdf
    for years in range(1, 11):
        assert result.prob_payback_within[years] == pytest.approx(1 - cdf(100 / years), abs=0.005)
    assert result.prob_payback_within[2] == pytest.approx(0.5, abs=0.005)
    assert result.prob_payback_within[4] == pytest.approx(0.875, abs=0.005)  # 1 − 25²/5000


def test_summary_statistics_are_consistent():
    result = monte_carlo(skewed_case(), 20_000, seed=1)
    values = [result.percentiles[p] for p in (5, 10, 50, 90, 95)]
    assert values == sorted(values)
    assert sum(result.histogram_counts) == 20_000
    assert len(result.histogram_edges) == len(result.histogram_counts) + 1
    assert 0 <= result.prob_npv_positive <= 1
    within = [result.prob_payback_within[n] for n in range(1, 16)]
    assert within == sorted(within) and set(result.prob_payback_within) == set(range(1, 16))


def test_a_case_without_uncertainty_gives_its_npv_every_time():
    case = Case("Certain", 2027, 3, 0.1, (Line("A", "benefit", Estimate(5, 5, 5), (1, 2)),))
    result = monte_carlo(case, 100, seed=0)
    assert list(result.percentiles.values()) == [pytest.approx(analyze(case).npv)] * 5
    assert result.npv_std == pytest.approx(0, abs=1e-9)
    assert result.prob_npv_positive == 1.0
    assert result.prob_payback_within == {1: 1.0, 2: 1.0, 3: 1.0}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"iterations": 0}, "iterations"),
        ({"iterations": 1_000_001}, "iterations"),
        ({"iterations": 10.0}, "iterations"),
        ({"iterations": True}, "iterations"),
        ({"seed": -1}, "seed"),
        ({"seed": "1"}, "seed"),
        ({"chunk": 0}, "chunk"),
    ],
)
def test_bad_simulation_arguments(kwargs, field):
    with pytest.raises(CaseError) as info:
        monte_carlo(skewed_case(), **kwargs)
    assert info.value.field == field


def tornado_case() -> Case:
    # Rate 0 so the arithmetic is plain: NPV = −100 + 2 × 60 + 2 × 10 = 40
    return Case(
        "Tornado",
        2027,
        2,
        0.0,
        (
            Line("Build", "cost", Estimate(80, 100, 150), (0,)),
            Line("Savings", "benefit", Estimate(40, 60, 70, "pert"), (1, 2)),
            Line("Fees", "benefit", Estimate.point(10), (1, 2)),
            Line("Goodwill", "benefit", Estimate(0, 1, 100), (1,), in_npv=False),
        ),
    )


def test_tornado_by_hand():
    bars = tornado(tornado_case())
    # Build: low 80 → NPV 60, high 150 → NPV −10 (swing 70)
    # Savings: low 40 → 40 − 2 × 20 = 0, high 70 → 40 + 2 × 10 = 60 (swing 60)
    # Fees is a point estimate and Goodwill is not in the NPV: no bar
    assert [(b.line, b.npv_low, b.npv_high) for b in bars] == [
        ("Build", pytest.approx(60), pytest.approx(-10)),
        ("Savings", pytest.approx(0), pytest.approx(60)),
    ]
    assert [b.swing for b in bars] == [pytest.approx(70), pytest.approx(60)]


def test_switching_values_by_hand_and_by_recalculation():
    case = tornado_case()
    values = switching_values(case)
    # Savings: 60 − 40 / 2 = 40 (−33.3%); Build: 100 + 40 = 140 (+40%);
    # Fees: 10 − 40 / 2 = −10 < 0, so no amount brings NPV to zero.
    assert [(s.line, s.value, s.change_pct) for s in values] == [
        ("Savings", pytest.approx(40), pytest.approx(-100 / 3)),
        ("Build", pytest.approx(140), pytest.approx(40)),
        ("Fees", None, None),
    ]
    for s in values[:2]:
        lines = tuple(
            dataclasses.replace(line, amount=Estimate.point(s.value))
            if line.name == s.line
            else line
            for line in case.lines
        )
        assert analyze(dataclasses.replace(case, lines=lines)).npv == pytest.approx(0, abs=1e-9)


def test_switching_values_on_a_realistic_case_bring_npv_to_zero():
    case = skewed_case()
    for s in switching_values(case):
        if s.value is None:
            continue
        lines = tuple(
            dataclasses.replace(line, amount=Estimate.point(s.value))
            if line.name == s.line
            else line
            for line in case.lines
        )
        npv = analyze(dataclasses.replace(case, lines=lines)).npv
        assert npv == pytest.approx(0, abs=1e-6 * analyze(case).pv_costs)


def test_simulated_payback_agrees_with_payback_when_spending_starts_later():
    """Point estimates: every iteration is the deterministic case, so P(payback <= N) jumps from
    0 to 1 at the deterministic payback (costs in period 1, savings from period 2)."""
    from civicshift.core.cases import Case, Estimate, Line, analyze
    from civicshift.core.montecarlo import monte_carlo

    case = Case(
        "later",
        2027,
        5,
        0.0,
        (
            Line("Build", "cost", Estimate.point(100.0), (1,)),
            Line("Savings", "benefit", Estimate.point(40.0), (2, 3, 4, 5)),
        ),
    )
    payback = analyze(case).payback_years
    assert payback == pytest.approx(3.5)  # C = 0, -100, -60, -20, 20: 3 + 20 / 40
    result = monte_carlo(case, iterations=50, seed=1)
    assert result.prob_payback_within == {1: 0.0, 2: 0.0, 3: 0.0, 4: 1.0, 5: 1.0}
