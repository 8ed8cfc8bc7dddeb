"""The simulation's sampling (issue #7, Speed): PERT by a tabulated inverse CDF, its error bound
against scipy, and figures that do not depend on threads or chunks.

Reference: ``scipy.stats.beta.ppf`` (Boost's incomplete-beta inverse), the exact quantile of
Beta(α, β); PERT(a, m, c) is a + (c − a)·Beta(1 + 4(m − a)/(c − a), 1 + 4(c − m)/(c − a))
(Malcolm et al., Operations Research 7(5), 1959; Vose, *Risk Analysis*, 3rd ed., 2008).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from civicshift.core import montecarlo
from civicshift.core.cases import Case, Estimate, Line
from civicshift.core.montecarlo import PERT_PPF_BOUND, monte_carlo, pert_ppf, pert_shape, sample


def checked_uniforms():
    """Uniforms where the table is checked: random ones, every power of two towards each end
    (the tails, down to the smallest 2⁻⁵³ that Generator.random draws), the middle of every
    cell of the four widest binades (where a chord is farthest from the curve), 0, ½, 1."""
    rng = np.random.default_rng(7)
    powers = np.ldexp(1.0, -np.arange(1, 54))
    cells = np.arange(64)
    middles = np.ldexp((1 + (cells + 0.5) / 64)[None, :], np.arange(-5, -1)[:, None]).ravel()
    return np.concatenate(
        [rng.random(20_000), powers, 1 - powers, middles, 1 - middles, [0.0, 0.5, 1.0]]
    )


U = checked_uniforms()


@pytest.mark.parametrize("mode", [*np.linspace(0, 1, 21), 0.013, 0.37, 0.618, 0.991])
def test_pert_ppf_is_within_the_documented_bound_of_scipy_beta_ppf(mode):
    # Every PERT shape: α = 1 + 4m, β = 5 − 4m for the mode m of [0, 1], so α, β ∈ [1, 5].
    low, high = 100.0, 400.0
    likely = low + (high - low) * mode
    alpha, beta = pert_shape(low, likely, high)
    assert 1 <= alpha <= 5 and 1 <= beta <= 5 and alpha + beta == pytest.approx(6)
    exact = low + (high - low) * stats.beta.ppf(U, alpha, beta)
    tabulated = pert_ppf(U, low, likely, high)
    assert np.max(np.abs(tabulated - exact)) <= PERT_PPF_BOUND * (high - low)
    assert tabulated.min() >= low and tabulated.max() <= high


def test_pert_ppf_ends_middle_and_order():
    low, likely, high = 10.0, 13.0, 25.0
    alpha, beta = pert_shape(low, likely, high)
    u = np.sort(U)
    x = pert_ppf(u, low, likely, high)
    assert x[0] == low and x[-1] == high  # u = 0 and u = 1
    assert np.all(np.diff(x) >= 0)  # chords through exact ends: the table is monotone
    median = pert_ppf(np.array([0.5]), low, likely, high)[0]
    assert median == pytest.approx(low + 15 * stats.beta.median(alpha, beta), abs=1e-9)
    # below the generator's smallest uniform the exact inverse is used
    tiny = np.array([1e-300, 1e-20])
    np.testing.assert_allclose(
        pert_ppf(tiny, low, likely, high),
        low + 15 * stats.beta.ppf(tiny, alpha, beta),
        rtol=1e-12,
    )


def test_pert_draws_are_the_tabulated_inverse_cdf_of_one_uniform_each():
    estimate = Estimate(10, 13, 25, "pert")
    draws = sample([estimate], 10_000, np.random.default_rng(5))[:, 0]
    uniforms = np.random.default_rng(5).random(10_000)
    np.testing.assert_array_equal(draws, pert_ppf(uniforms, 10, 13, 25))


def test_pert_tails_match_scipy_in_a_large_sample():
    # Quantiles of 200,000 draws against scipy's, within 4 standard errors of a sample
    # quantile, √(q(1 − q)/n) / f(x_q); the table itself adds at most 1e-5 of the range.
    n = 200_000
    draws = sample([Estimate(0, 9, 10, "pert")], n, np.random.default_rng(11))[:, 0]
    dist = stats.beta(*pert_shape(0, 9, 10), loc=0, scale=10)
    q = np.array([0.001, 0.01, 0.5, 0.99, 0.999])
    exact = dist.ppf(q)
    error = np.sqrt(q * (1 - q) / n) / dist.pdf(exact)
    assert np.all(np.abs(np.quantile(draws, q) - exact) <= 4 * error)
    assert stats.kstest(draws, dist.cdf).pvalue > 0.01


def mixed_case() -> Case:
    lines = [
        Line("Build", "cost", Estimate(400, 500, 800), (0,)),
        Line("Migration", "cost", Estimate(50, 60, 150, "pert"), (0, 1)),
        Line("Licence", "cost", Estimate(90, 100, 130, "pert"), range(1, 11), 0.03),
        Line("Support", "cost", Estimate(20, 25, 40), range(1, 11), 0.03),  # Licence's profile
        Line("Savings", "benefit", Estimate(120, 200, 220, "pert"), range(1, 11)),
        Line("Fees", "benefit", Estimate(30, 40, 45), range(1, 11)),  # Savings' profile
        Line("Paper", "benefit", Estimate.point(12), range(2, 11)),
    ]
    return Case("Mixed", 2027, 10, 0.035, tuple(lines))


@pytest.mark.parametrize("chunk", [997, 4_096, 65_536])
def test_threads_do_not_change_the_figures(monkeypatch, chunk):
    case = mixed_case()
    monkeypatch.setattr(montecarlo, "_THREADS", 1)
    one = monte_carlo(case, 12_000, seed=3, chunk=chunk)
    monkeypatch.setattr(montecarlo, "_THREADS", 2)
    monkeypatch.setattr(montecarlo, "_THREADS_FROM", 1)
    monkeypatch.setattr(montecarlo.os, "cpu_count", lambda: 2)
    assert monte_carlo(case, 12_000, seed=3, chunk=chunk) == one
    assert monte_carlo(case, 12_000, seed=3, chunk=4_001) == one  # nor the chunk size


def test_progress_with_threads_is_in_order_and_a_raise_stops(monkeypatch):
    monkeypatch.setattr(montecarlo, "_THREADS_FROM", 1)
    monkeypatch.setattr(montecarlo.os, "cpu_count", lambda: 2)
    seen = []
    monte_carlo(mixed_case(), 10_000, seed=1, chunk=1_000, progress=lambda d, t: seen.append(d))
    assert seen == list(range(1_000, 10_001, 1_000))

    class Stop(Exception):
        """What a cancelled job's progress callback raises (jobs.Cancelled plays this part)."""

    def stop(done, total):
        if done >= 3_000:
            raise Stop

    with pytest.raises(Stop):
        monte_carlo(mixed_case(), 100_000, seed=1, chunk=1_000, progress=stop)


@pytest.mark.parametrize("n", [1, 2, 3, 20, 21, 1_001, 250_000])
def test_the_summary_percentiles_are_numpy_percentile_bit_for_bit(n):
    rng = np.random.default_rng(n)
    for values in (
        rng.normal(size=n),
        rng.exponential(size=n),
        np.full(n, 3.0),
        rng.integers(0, 5, n).astype(float),  # ties across bin edges
    ):
        counts, edges = np.histogram(values, bins=montecarlo.HISTOGRAM_BINS)
        ours = montecarlo._percentiles(values, montecarlo.PERCENTILES, counts, edges)
        assert ours == list(np.percentile(values, montecarlo.PERCENTILES))
