"""Uncertainty in a business case: Monte Carlo simulation, tornado chart and switching values.

Monte Carlo (issue #3, item 4): each iteration draws one amount per uncertain line and applies it
to every period of that line; point lines, and lines kept out of the NPV, stay at ``likely``.
Because the NPV and the cash flows are linear in the line amounts, a chunk of iterations needs
no loop over periods: ``NPV = Σ draw × pv_weight`` over the lines, and the cumulative net flows
are one matrix product, ``draws · cumsum(profile matrix)`` (the signed, escalated, ramped
multiplier per line and period from ``cases.profile_matrix``), from which the payback period of
every iteration follows.

Sampling
    Triangular amounts by the closed-form inverse CDF (``triangular_ppf``) on one uniform per
    draw: numpy's ``Generator.triangular`` is exactly that formula in C (the tests check it
    bit for bit), three times faster than the same formula as numpy expressions. PERT amounts
    are Beta(α, β) scaled to [low, high] with α = 1 + 4(m − a)/(c − a) and
    β = 1 + 4(c − m)/(c − a) (Malcolm et al. 1959; Vose, *Risk Analysis*, 3rd ed., 2008). They
    are drawn with numpy's ``Generator.beta`` (a ratio of two gamma variates), not by the
    inverse CDF ``scipy.special.betaincinv`` on uniforms: measured on this project's 2-core
    machine, ``betaincinv`` takes about 1.5 s per million values and ``Generator.beta`` 0.04 s,
    i.e. about 22 s instead of 0.6 s for the benchmark's million iterations of 15 PERT lines.
    Both give exactly the PERT distribution; the tests check the samples against
    ``scipy.stats.beta``. The lines of a chunk are drawn in parallel threads (numpy's
    generators release the GIL), the next chunk while the current one is summarised.

Reproducibility
    ``numpy.random.default_rng(seed).spawn(len(case.lines))`` gives line ``i`` its own stream,
    consumed in order, chunk after chunk. The draws therefore do not depend on the chunk size
    (which only bounds memory), on the threads, nor on the other lines; the NPVs are summed
    element-wise in line order (not by a BLAS product, whose last-bit rounding can vary with the
    shape). So the same case, seed and version give the same figures in the CLI, the library and
    the web page, whatever the chunk size. (The payback test does use a matrix product; its
    rounding could matter only for a cumulative flow within 1e-16 of the tolerance boundary.)
"""

from __future__ import annotations

import math
import numbers
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from civicshift import __version__
from civicshift.core.cases import (
    Case,
    CaseError,
    Estimate,
    analyze,
    discount_factors,
    in_npv_mask,
    likely_amounts,
    profile_matrix,
)

PERCENTILES = (5, 10, 50, 90, 95)
DEFAULT_ITERATIONS = 10_000
MAX_ITERATIONS = 1_000_000
DEFAULT_CHUNK = 65_536  # iterations per chunk: about 25 MB of work arrays for 30 lines
HISTOGRAM_BINS = 40
_PAYBACK_TOLERANCE = 1e-12  # as finance.payback_periods: exact break-evens survive rounding
_MAX_THREADS = 4
_THREADS_FROM = 20_000  # iterations; below this a thread pool costs more than it saves


@dataclass(frozen=True)
class MonteCarloResult:
    iterations: int
    seed: int
    npv_mean: float
    npv_std: float
    percentiles: dict[int, float]  # {5: P5, 10: P10, 50: P50, 90: P90, 95: P95}
    prob_npv_positive: float
    prob_payback_within: dict[int, float]  # N → P(simple payback ≤ N years), N = 1..horizon
    histogram_edges: tuple[float, ...]  # HISTOGRAM_BINS + 1 edges of the NPV histogram
    histogram_counts: tuple[int, ...]
    version: str


@dataclass(frozen=True)
class TornadoBar:
    line: str
    npv_low: float  # NPV with this line at its low amount, every other line at likely
    npv_high: float  # ... at its high amount

    @property
    def swing(self) -> float:
        return abs(self.npv_high - self.npv_low)


@dataclass(frozen=True)
class SwitchingValue:
    line: str
    value: float | None  # the line's amount at which NPV is zero; None: no amount ≥ 0 does it
    change_pct: float | None  # (value − likely) / likely × 100


# --- sampling -------------------------------------------------------------------------------


def pert_shape(low: float, likely: float, high: float) -> tuple[float, float]:
    """Beta shape parameters (α, β) of the PERT distribution on [low, high] with mode ``likely``."""
    span = high - low
    return 1 + 4 * (likely - low) / span, 1 + 4 * (high - likely) / span


def triangular_ppf(u: np.ndarray, low: float, mode: float, high: float) -> np.ndarray:
    """Inverse CDF of the triangular distribution (closed form), evaluated at uniforms ``u``.

    x = a + √(u (c − a)(m − a)) for u < (m − a)/(c − a), else c − √((1 − u)(c − a)(c − m)).
    """
    span = high - low
    if span <= 0:
        return np.full(np.shape(u), float(mode))
    split = (mode - low) / span
    left = np.sqrt(u * (span * (mode - low)))
    right = np.sqrt((1.0 - u) * (span * (high - mode)))
    return np.where(u < split, low + left, high - right)


def _draw(estimate: Estimate, n: int, rng: np.random.Generator) -> np.ndarray:
    if not estimate.is_uncertain:
        return np.full(n, float(estimate.likely))
    low, likely, high = float(estimate.low), float(estimate.likely), float(estimate.high)
    if estimate.dist == "pert":
        values = rng.beta(*pert_shape(low, likely, high), size=n)
        values *= high - low
        values += low
        return values
    return rng.triangular(low, likely, high, size=n)  # = triangular_ppf(rng.random(n), ...)


def _draw_rows(
    estimates: Sequence[Estimate], n: int, rngs: Sequence[np.random.Generator]
) -> np.ndarray:
    """One row of ``n`` draws per estimate, each from its own generator."""
    rows = np.empty((len(estimates), n))
    for j, (estimate, rng) in enumerate(zip(estimates, rngs, strict=True)):
        rows[j] = _draw(estimate, n, rng)
    return rows


def _chunks(
    estimates: Sequence[Estimate],
    rngs: Sequence[np.random.Generator],
    sizes: Sequence[int],
    pool: ThreadPoolExecutor | None,
) -> Iterator[np.ndarray]:
    """The draws of each chunk, shape (len(estimates), size).

    With a pool the rows of a chunk are drawn in parallel (numpy's generators release the GIL),
    and the next chunk is drawn while the caller works on this one. Each row still comes from
    its own generator, in order, so the draws do not depend on the threads.
    """
    if pool is None:
        for size in sizes:
            yield _draw_rows(estimates, size, rngs)
        return

    def submit(size: int) -> tuple[np.ndarray, list]:
        rows = np.empty((len(estimates), size))

        def fill(j: int) -> None:
            rows[j] = _draw(estimates[j], size, rngs[j])

        return rows, [pool.submit(fill, j) for j in range(len(estimates))]

    pending = submit(sizes[0])
    for k in range(len(sizes)):
        rows, futures = pending
        for future in futures:
            future.result()
        if k + 1 < len(sizes):
            pending = submit(sizes[k + 1])
        yield rows


def sample(
    estimates: Sequence[Estimate],
    n: int,
    rng: np.random.Generator | Sequence[np.random.Generator],
) -> np.ndarray:
    """Draw ``n`` values of each estimate: an array of shape (n, len(estimates)).

    ``rng`` is one Generator (columns drawn one after the other from it) or one Generator per
    estimate. Point estimates (and three-point estimates without spread) are constant.
    """
    rngs = [rng] * len(estimates) if isinstance(rng, np.random.Generator) else list(rng)
    if len(rngs) != len(estimates):
        raise ValueError(f"{len(estimates)} estimates but {len(rngs)} generators")
    return _draw_rows(estimates, n, rngs).T


# --- Monte Carlo ----------------------------------------------------------------------------


@contextmanager
def _no_pool() -> Iterator[None]:
    yield None


def _whole(value: object, field: str, low: int, high: int | None = None) -> int:
    ok = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if not ok or value < low or (high is not None and value > high):
        limit = f"between {low:,} and {high:,}" if high is not None else f"at least {low}"
        raise CaseError(f"must be a whole number {limit} (got {value!r})", field=field)
    return int(value)


def expected_npv(case: Case) -> float:
    """Closed-form expectation of the NPV: the NPV at each line's mean amount (NPV is linear)."""
    weights = profile_matrix(case) @ discount_factors(case.discount_rate, case.horizon_years)
    means = np.array([line.amount.mean for line in case.lines])
    return float((means * weights)[in_npv_mask(case)].sum())


def monte_carlo(
    case: Case,
    iterations: int = DEFAULT_ITERATIONS,
    seed: int = 0,
    chunk: int = DEFAULT_CHUNK,
    progress: Callable[[int, int], None] | None = None,
) -> MonteCarloResult:
    """Simulate the case ``iterations`` times (1 to 1,000,000) with a reproducible ``seed``.

    ``progress(done, iterations)``, if given, is called after each chunk (a background job
    reports it, and may stop the simulation by raising); it does not change the figures."""
    iterations = _whole(iterations, "iterations", 1, MAX_ITERATIONS)
    seed = _whole(seed, "seed", 0)
    chunk = _whole(chunk, "chunk", 1)
    horizon = case.horizon_years
    profiles = profile_matrix(case)
    weights = profiles @ discount_factors(case.discount_rate, horizon)
    in_npv = in_npv_mask(case)
    drawn = np.array([ln.in_npv and ln.amount.is_uncertain for ln in case.lines], dtype=bool)
    fixed = in_npv & ~drawn
    likely = likely_amounts(case)
    fixed_npv = float(likely[fixed] @ weights[fixed])
    drawn_idx = np.flatnonzero(drawn)
    estimates = [case.lines[i].amount for i in drawn_idx]
    streams = np.random.default_rng(seed).spawn(len(case.lines))
    rngs = [streams[i] for i in drawn_idx]
    # The cumulative net flow is linear in the draws too: cumulative = draws · cumsum(profiles).
    # Payback uses finance.payback_periods' rule: the first period whose cumulative flow is
    # >= −tolerance × (cumulative gross flow); draws ≥ 0 make draws · cumsum(|profiles|) that
    # gross flow for a single line and a bound on it for several.
    cumulative = np.cumsum(profiles, axis=1)
    gross = np.cumsum(np.abs(profiles), axis=1) * _PAYBACK_TOLERANCE
    fixed_cumulative = likely[fixed] @ cumulative[fixed] + likely[fixed] @ gross[fixed]
    drawn_cumulative = np.ascontiguousarray(cumulative[drawn] + gross[drawn])
    drawn_weights = weights[drawn]

    npvs = np.empty(iterations)
    # paid_back_by[k]: iterations whose payback is reached in period k (cumulative flow turns
    # non-negative there; k = horizon + 1: not within the horizon). P(payback ≤ N) is then a
    # cumulative sum, since a payback in period k lies in (k − 1, k].
    paid_back_by = np.zeros(horizon + 2, dtype=np.int64)
    periods = np.arange(horizon + 1)
    workers = min(os.cpu_count() or 1, _MAX_THREADS)
    use_threads = workers > 1 and len(estimates) > 1 and iterations >= _THREADS_FROM
    sizes = [min(chunk, iterations - start) for start in range(0, iterations, chunk)]
    with ThreadPoolExecutor(workers) if use_threads else _no_pool() as pool:
        start = 0
        for draws in _chunks(estimates, rngs, sizes, pool):  # (drawn lines, size)
            size = draws.shape[1]
            npv = npvs[start : start + size]
            start += size
            npv.fill(fixed_npv)
            for weight, row in zip(drawn_weights, draws, strict=True):
                npv += weight * row  # element-wise, in line order: the same for any chunk size
            reached = draws.T @ drawn_cumulative >= -fixed_cumulative
            # As finance.payback_periods: the crossing after the first negative period; no
            # negative period at all means paid back at once (period 0).
            negative = ~reached
            crossing = reached & (periods > negative.argmax(axis=1)[:, None])
            first = crossing.argmax(axis=1)
            first[~crossing.any(axis=1)] = horizon + 1
            first[~negative.any(axis=1)] = 0
            paid_back_by += np.bincount(first, minlength=horizon + 2)
            if progress is not None:
                progress(start, iterations)

    within = np.cumsum(paid_back_by) / iterations
    counts, edges = np.histogram(npvs, bins=HISTOGRAM_BINS)
    values = np.percentile(npvs, PERCENTILES)
    return MonteCarloResult(
        iterations=iterations,
        seed=seed,
        npv_mean=float(npvs.mean()),
        npv_std=float(npvs.std()),
        percentiles={p: float(v) for p, v in zip(PERCENTILES, values, strict=True)},
        prob_npv_positive=float(np.count_nonzero(npvs > 0) / iterations),
        prob_payback_within={n: float(within[n]) for n in range(1, horizon + 1)},
        histogram_edges=tuple(float(e) for e in edges),
        histogram_counts=tuple(int(c) for c in counts),
        version=__version__,
    )


# --- sensitivity ----------------------------------------------------------------------------


def tornado(case: Case) -> list[TornadoBar]:
    """Each uncertain line in the NPV at its low and high amount, the others at likely.

    Sorted by swing |npv_high − npv_low|, largest first (ties keep the case's order).
    """
    base = analyze(case).npv
    weights = profile_matrix(case) @ discount_factors(case.discount_rate, case.horizon_years)
    bars = [
        TornadoBar(
            line=line.name,
            npv_low=base + (line.amount.low - line.amount.likely) * float(weight),
            npv_high=base + (line.amount.high - line.amount.likely) * float(weight),
        )
        for line, weight in zip(case.lines, weights, strict=True)
        if line.in_npv and line.amount.is_uncertain
    ]
    return sorted(bars, key=lambda bar: -bar.swing)


def switching_values(case: Case) -> list[SwitchingValue]:
    """How far each NPV line's amount can move (all periods alike) before the NPV reaches zero.

    NPV is linear in a line's amount x: NPV(x) = base + (x − likely) · w, with w the line's
    present-value weight, so the switching value is x* = likely − base / w (HM Treasury, *The
    Green Book*, 2022, "switching values"). ``value`` is None when no amount ≥ 0 makes the NPV
    zero (w = 0, or x* < 0). Sorted by |change_pct|, the most sensitive line first, Nones last.
    """
    base = analyze(case).npv
    weights = profile_matrix(case) @ discount_factors(case.discount_rate, case.horizon_years)
    result = []
    for line, weight in zip(case.lines, weights, strict=True):
        if not line.in_npv:
            continue
        likely = float(line.amount.likely)
        value = likely - base / float(weight) if weight != 0 else None
        if value is not None and (value < 0 or not math.isfinite(value)):
            value = None
        change = (value - likely) / likely * 100 if value is not None and likely > 0 else None
        result.append(SwitchingValue(line=line.name, value=value, change_pct=change))
    return sorted(
        result,
        key=lambda s: (s.change_pct is None, abs(s.change_pct) if s.change_pct is not None else 0),
    )
