"""Uncertainty in a business case: Monte Carlo simulation, tornado chart and switching values.

Monte Carlo (issue #3, item 4): each iteration draws one amount per uncertain line and applies it
to every period of that line; point lines, and lines kept out of the NPV, stay at ``likely``.
Because the NPV and the cash flows are linear in the line amounts, a chunk of iterations needs
no loop over periods: ``NPV = Σ draw × pv_weight`` over the lines, and the cumulative net flows
are one matrix product, ``draws · cumsum(profile matrix)`` (the signed, escalated, ramped
multiplier per line and period from ``cases.profile_matrix``), from which the payback period of
every iteration follows.

Sampling
    Every uncertain draw consumes exactly one uniform u from ``Generator.random`` and turns it
    into an amount by the inverse CDF (so the simulation costs little more than drawing the
    uniforms: issue #7 asks for at most 4× numpy's time to draw them).

    Triangular amounts: the closed form (``triangular_ppf``), computed in place on the chunk
    without temporaries and without masks (the two branches are blended by 0/1 factors, which
    is exact), bit for bit what numpy's ``Generator.triangular`` returns for the same u.

    PERT amounts are Beta(α, β) scaled to [low, high] with α = 1 + 4(m − a)/(c − a) and
    β = 1 + 4(c − m)/(c − a) (Malcolm et al. 1959; Vose, *Risk Analysis*, 3rd ed., 2008), so
    α, β ∈ [1, 5] and α + β = 6. Their quantile is tabulated (``pert_ppf``): on a grid
    geometric towards each end (64 cells a binade of the distance to the nearer end, from 2⁻⁵³
    to ½; the cell number is read from the bits of that distance, so a draw costs two table
    look-ups and a multiply-add), the chord through exact quantiles at the cell ends. The
    largest error, over every PERT shape and every u the generator draws, tails included, is
    below ``PERT_PPF_BOUND`` = 1e-5 of (high − low) (the tests check it against
    ``scipy.stats.beta.ppf``); at a million iterations the standard error of a simulated mean
    is about 2e-4 of the range, twenty times more. Building a table takes about 1 ms a shape
    (Newton's method on ``scipy.special.betainc`` at 325 nodes, cubic Hermite in log–log
    between them); tables are cached by shape.

Speed
    Lines with the same profile (sign, periods, escalation, ramp) are summed as they are drawn;
    the NPV and the cumulative flows are then linear in those few sums. Chunks of
    ``DEFAULT_CHUNK`` iterations bound the memory: about 8 MiB of work arrays a thread for a
    20-year case, 3 MiB of table a PERT line (mostly zeros the system never maps) and 8 bytes
    an iteration for the NPVs; the benchmark measures the peak (under 256 MiB at 1,000,000).
    From ``_THREADS_FROM`` iterations two chunks are simulated at once on two threads (numpy
    releases the GIL while it computes).

Reproducibility
    ``numpy.random.default_rng(seed).spawn(len(case.lines))`` gives line ``i`` its own stream
    (PCG64), one uniform per iteration in order. A chunk starting at iteration k draws from its
    lines' streams advanced by k (``PCG64.advance``), so the draws do not depend on the chunk
    size (which only bounds memory), on the threads, nor on the other lines. The sums are
    element-wise in a fixed order (lines in case order, then groups), not BLAS products, whose
    last-bit rounding can vary with the shape. So the same case, seed and version give the same
    figures in the CLI, the library and the web page, whatever the chunk size. (The payback
    test does use a matrix product; its rounding could matter only for a cumulative flow within
    1e-16 of the tolerance boundary.)

    Version 0.2.0 changed the PERT draws: up to 0.1.0 they came from ``Generator.beta`` (a
    ratio of gamma variates, several uniforms a draw); since then from the table, one uniform a
    draw. Triangular draws are unchanged. A saved analysis records the version that made it.
"""

from __future__ import annotations

import math
import numbers
import os
import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

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
    mean_amounts,
    npv_at,
    profile_matrix,
    pv_weights,
)

PERCENTILES = (5, 10, 50, 90, 95)
DEFAULT_ITERATIONS = 10_000
MAX_ITERATIONS = 1_000_000
DEFAULT_CHUNK = 65_536  # iterations per chunk: about 8 MiB of work arrays a thread, 20 years
HISTOGRAM_BINS = 40
_THREADS = 2  # chunks simulated at once (numpy releases the GIL while it computes)
_THREADS_FROM = 100_000  # iterations; below this a thread pool costs more than it saves
_PAYBACK_TOLERANCE = 1e-12  # as finance.payback_periods: exact break-evens survive rounding


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


# The tabulated inverse CDF of Beta(α, β) (see "Sampling" above). Generator.random gives
# u = k·2⁻⁵³, and w = u − rint(u) is exactly the signed distance to the nearer end (u below ½,
# u − 1 above). The 64 bits of w, as an unsigned integer shifted right by 52 − _CELL_BITS, are
# its sign, its exponent and its first _CELL_BITS mantissa bits: the number j of the cell
# [2^e (1 + i/64), 2^e (1 + (i+1)/64)) holding |w|, 64 cells a binade from 2⁻⁵³ to ½, one grid
# for each end. On a cell the quantile is the chord through its two ends, x = A[j] + w·S[j].
# Entry 0 is u = 0 (x = 0). Of the table's 196,480 entries only 6,786 are used; the others are
# zeros that the operating system never maps (numpy's zeros is calloc).
_CELL_BITS = 6
_SHIFT = 52 - _CELL_BITS
_TABLE_SIZE = ((1 << 63 | 1021 << 52) >> _SHIFT | 63) + 1  # w just above −½, + 1
_LOW_EXPONENT = -53  # the smallest |w| above 0 is 2⁻⁵³
#: A bound on |tabulated − exact| PERT quantile, as a fraction of (high − low), for every
#: PERT shape (α, β ∈ [1, 5], α + β = 6) and every u that Generator.random draws (u = 0 or
#: 2⁻⁵³ ≤ u < 1); the tests check it against ``scipy.stats.beta.ppf``, tails included.
PERT_PPF_BOUND = 1e-5


def _cell_edges() -> np.ndarray:
    """The ends of the cells of |w| in increasing order: 2⁻⁵³, 2⁻⁵³(1 + 1/64), …, ½."""
    cells = 1 << _CELL_BITS
    exponents = np.arange(_LOW_EXPONENT, -1)[:, None]
    return np.append(np.ldexp(1 + np.arange(cells) / cells, exponents).ravel(), 0.5)


def _beta_lower_quantiles(a: float, b: float, w: np.ndarray) -> np.ndarray:
    """x with I_x(a, b) = w (the regularized incomplete beta), for 2⁻⁵³ ≤ w ≤ ½, to ~1e-10.

    Newton's method on ln x, from the tail's power law x ≈ (a B(a, b) w)^(1/a), at 325 nodes (32
    a binade over the top four binades, 4 below), then cubic Hermite interpolation of ln x in
    ln w between nodes with the exact slopes d ln x / d ln w = w / (x f(x)): within 3e-9 of
    ``scipy.special.betaincinv`` over the PERT shapes, in about 0.3 ms for the 3,393 cell ends
    (``betaincinv`` itself takes 5–20 ms).
    """
    from scipy import special

    log_beta = float(special.betaln(a, b))
    deep = np.exp2(_LOW_EXPONENT + np.arange((-5 - _LOW_EXPONENT) * 4) / 4)
    nodes = np.concatenate([deep, np.exp2(-5 + np.arange(4 * 32 + 1) / 32)])
    x = np.minimum(np.exp((np.log(nodes) + math.log(a) + log_beta) / a), 0.999)

    def density(x: np.ndarray) -> np.ndarray:
        return np.exp((a - 1) * np.log(x) + (b - 1) * np.log1p(-x) - log_beta)

    for _ in range(12):  # quadratic convergence: 5 or 6 steps from the power law
        step = (special.betainc(a, b, x) - nodes) / (x * density(x))
        x = np.minimum(x * np.exp(-np.clip(step, -1.0, 1.0)), 1 - 2**-20)
        if np.max(np.abs(step)) < 1e-13:
            break
    ln_nodes, ln_x = np.log(nodes), np.log(x)
    slopes = nodes / (x * density(x))
    target = np.log(w)
    j = np.clip(np.searchsorted(ln_nodes, target, side="right") - 1, 0, len(nodes) - 2)
    h = ln_nodes[j + 1] - ln_nodes[j]
    t = (target - ln_nodes[j]) / h
    return np.exp(
        (1 + 2 * t) * (1 - t) ** 2 * ln_x[j]
        + t * (1 - t) ** 2 * h * slopes[j]
        + t * t * (3 - 2 * t) * ln_x[j + 1]
        + t * t * (t - 1) * h * slopes[j + 1]
    )


@lru_cache(maxsize=64)
def _beta_table(a: float, b: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(j, A, S): Beta(a, b)'s quantile at u is about A + w·S on cell j (comment above)."""
    edges = _cell_edges()
    left, right = edges[:-1], edges[1:]
    index = left.view(np.uint64) >> np.uint64(_SHIFT)
    upper = (-left).view(np.uint64) >> np.uint64(_SHIFT)
    x = _beta_lower_quantiles(a, b, edges)  # the lower end: x(w)
    slope = (x[1:] - x[:-1]) / (right - left)
    # The upper end: x = 1 − x̃(|w|), x̃ the quantile of Beta(b, a); with w = −|w| < 0,
    # 1 − (Ã + S̃·|w|) = (1 − Ã) + S̃·w.
    x_up = _beta_lower_quantiles(b, a, edges)
    slope_up = (x_up[1:] - x_up[:-1]) / (right - left)
    half = np.array([0.5]).view(np.uint64) >> np.uint64(_SHIFT)  # u = ½ (w = ½): the median
    cells = np.concatenate([[0], index, upper, half]).astype(np.intp)
    table_a = np.concatenate([[0.0], x[:-1] - left * slope, 1 - (x_up[:-1] - left * slope_up)])
    table_a = np.append(table_a, x[-1])
    table_s = np.concatenate([[0.0], slope, slope_up, [0.0]])
    for array in (cells, table_a, table_s):
        array.flags.writeable = False
    return cells, table_a, table_s


def _pert_tables(estimate: Estimate) -> tuple[np.ndarray, np.ndarray]:
    """The tables (A, S) of the estimate's Beta, mapped to [low, high]."""
    low, high = float(estimate.low), float(estimate.high)
    cells, unit_a, unit_s = _beta_table(*pert_shape(low, float(estimate.likely), high))
    span = high - low
    table_a, table_s = np.zeros(_TABLE_SIZE), np.zeros(_TABLE_SIZE)
    table_a[cells] = unit_a * span + low
    table_s[cells] = unit_s * span
    return table_a, table_s


def _pert_into(u, table_a, table_s, out, scratch, index) -> None:
    """``out`` = the tabulated quantiles at uniforms ``u`` (``u``, ``scratch`` overwritten)."""
    np.rint(u, out=scratch)
    np.subtract(u, scratch, out=u)  # w
    np.right_shift(u.view(np.uint64), _SHIFT, out=index.view(np.uint64))
    np.take(table_s, index, out=scratch, mode="clip")
    np.multiply(scratch, u, out=scratch)
    np.take(table_a, index, out=out, mode="clip")
    np.add(out, scratch, out=out)


def pert_ppf(u: np.ndarray, low: float, likely: float, high: float) -> np.ndarray:
    """The PERT amount at uniforms ``u`` by the tabulated inverse CDF the simulation uses.

    Within ``PERT_PPF_BOUND`` × (high − low) of the exact quantile ``low + (high − low) ×
    scipy.stats.beta.ppf(u, α, β)`` for u = 0 and 2⁻⁵³ ≤ u ≤ 1 (smaller u: the exact one).
    """
    u = np.array(u, dtype=float, ndmin=1)
    if not high > low:
        return np.full(u.shape, float(likely))
    table_a, table_s = _pert_tables(Estimate(low, likely, high, "pert"))
    flat = u.ravel()
    out = np.empty_like(flat)
    index = np.empty(len(flat), np.int64)
    _pert_into(flat.copy(), table_a, table_s, out, np.empty_like(flat), index)
    out[flat == 1] = high
    tiny = (flat > 0) & (flat < 2.0**_LOW_EXPONENT)
    if tiny.any():
        from scipy import special

        alpha, beta = pert_shape(low, likely, high)
        out[tiny] = low + (high - low) * special.betaincinv(alpha, beta, flat[tiny])
    return out.reshape(u.shape)


def _triangular_into(u, estimate: Estimate, out, scratch, side) -> None:
    """``out`` = Generator.triangular's formula on uniforms ``u``, bit for bit (``u``, ``scratch``
    and ``side`` overwritten).

    numpy's ``random_triangular`` (numpy/random/src/distributions/distributions.c) returns
    a + √(U·(m − a)(c − a)) if U ≤ (m − a)/(c − a), else c − √((1 − U)·(c − m)(c − a)). Here
    both branches are blended without a mask: side = 1.0 on the right branch, 0.0 on the left,
    and left·(1 − side) + right·side picks one of them exactly (the other term is 0).
    """
    low, mode, high = float(estimate.low), float(estimate.likely), float(estimate.high)
    base = high - low
    ratio, left_product, right_product = (
        (mode - low) / base,
        (mode - low) * base,
        (high - mode) * base,
    )
    np.greater(u, ratio, out=side)  # 1.0: the right branch
    np.multiply(u, left_product, out=scratch)
    np.subtract(1.0, u, out=u)
    np.multiply(u, right_product, out=u)
    np.multiply(u, side, out=u)
    np.subtract(1.0, side, out=out)  # 1.0: the left branch
    np.multiply(scratch, out, out=scratch)
    np.add(scratch, u, out=scratch)
    np.sqrt(scratch, out=scratch)
    np.add(scratch, low, out=u)
    np.multiply(u, out, out=out)  # (a + √·) on the left, 0 on the right
    np.subtract(high, scratch, out=scratch)
    np.multiply(scratch, side, out=scratch)  # (c − √·) on the right
    np.add(out, scratch, out=out)


class _Buffers:
    def __init__(self, n: int):
        self.u, self.scratch, self.value = np.empty(n), np.empty(n), np.empty(n)
        self.index = np.empty(n, np.int64)
        self.side = np.empty(n)

    def view(self, n: int) -> _Buffers:
        view = object.__new__(_Buffers)
        for name, array in vars(self).items():
            setattr(view, name, array[:n])
        return view


def _draw_into(
    estimate: Estimate, rng: np.random.Generator, out: np.ndarray, buf: _Buffers, tables=None
) -> None:
    """``out`` = one chunk of draws of ``estimate`` (``tables``: scaled PERT tables)."""
    if not estimate.is_uncertain:
        out.fill(float(estimate.likely))
        return
    rng.random(out=buf.u)
    if estimate.dist == "pert":
        table_a, table_s = tables if tables is not None else _pert_tables(estimate)
        _pert_into(buf.u, table_a, table_s, out, buf.scratch, buf.index)
    else:
        _triangular_into(buf.u, estimate, out, buf.scratch, buf.side)


def sample(
    estimates: Sequence[Estimate],
    n: int,
    rng: np.random.Generator | Sequence[np.random.Generator],
) -> np.ndarray:
    """Draw ``n`` values of each estimate: an array of shape (n, len(estimates)).

    ``rng`` is one Generator (columns drawn one after the other from it) or one Generator per
    estimate. Point estimates (and three-point estimates without spread) are constant. These
    are exactly the simulation's draws: one ``Generator.random`` per uncertain draw, then the
    inverse CDF (closed form for triangular, tabulated for PERT).
    """
    rngs = [rng] * len(estimates) if isinstance(rng, np.random.Generator) else list(rng)
    if len(rngs) != len(estimates):
        raise ValueError(f"{len(estimates)} estimates but {len(rngs)} generators")
    rows = np.empty((len(estimates), n))
    buf = _Buffers(n)
    for row, estimate, generator in zip(rows, estimates, rngs, strict=True):
        _draw_into(estimate, generator, row, buf)
    return rows.T


# --- Monte Carlo ----------------------------------------------------------------------------


def _whole(value: object, field: str, low: int, high: int | None = None) -> int:
    ok = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if not ok or value < low or (high is not None and value > high):
        limit = f"between {low:,} and {high:,}" if high is not None else f"at least {low}"
        raise CaseError(f"must be a whole number {limit} (got {value!r})", field=field)
    return int(value)


def expected_npv(case: Case) -> float:
    """Closed-form expectation of the NPV: the NPV at each line's mean amount (NPV is linear)."""
    return npv_at(case, case.discount_rate, mean_amounts(case))


def _profile_groups(profiles: np.ndarray) -> tuple[list[int], np.ndarray]:
    """Rows with identical profiles (same sign, periods, escalation and ramp) share a group.

    Returns the group of each row and each group's profile."""
    index: dict[bytes, int] = {}
    groups = [index.setdefault(row.tobytes(), len(index)) for row in profiles]
    bases = np.zeros((len(index), profiles.shape[1]))
    for row, group in zip(profiles, groups, strict=True):
        bases[group] = row
    return groups, bases


def _percentiles(values: np.ndarray, percents, counts: np.ndarray, edges: np.ndarray) -> list:
    """``np.percentile(values, percents)`` (its default, linear method), the same numbers, but
    the order statistics are selected only among the values of the histogram bins that hold
    them: a partition of the whole array is most of the simulation's summary time."""
    n = len(values)
    q = np.asarray(percents, dtype=float) / 100
    # numpy.lib._function_base_impl: the "linear" method's virtual index, then _get_indexes,
    # _get_gamma and _lerp, as written there.
    virtual = (n - 1) * q
    floor = np.floor(virtual)
    previous = floor.astype(np.intp)
    gamma = virtual - floor
    below, following = np.clip(previous, 0, n - 1), np.clip(previous + 1, 0, n - 1)
    wanted = np.unique(np.concatenate([below, following]))
    cumulative = np.cumsum(counts)
    bins = np.searchsorted(cumulative, wanted, side="right")
    found: dict[int, float] = {}
    for b in np.unique(bins):
        inside = values >= edges[b]
        inside &= values < edges[b + 1] if b < len(counts) - 1 else values <= edges[b + 1]
        chosen = values[inside]
        if len(chosen) != counts[b]:  # np.histogram placed a value otherwise: do it in full
            return list(np.percentile(values, percents))
        ks = wanted[bins == b] - (cumulative[b - 1] if b else 0)
        chosen.partition(ks)
        found.update(zip(wanted[bins == b].tolist(), chosen[ks].tolist(), strict=True))
    a = np.array([found[k] for k in below.tolist()])
    b_ = np.array([found[k] for k in following.tolist()])
    diff = b_ - a
    result = a + diff * gamma
    np.subtract(b_, diff * (1 - gamma), out=result, where=gamma >= 0.5)
    return list(result)


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
    factors = discount_factors(case.discount_rate, horizon)
    weights = pv_weights(case)
    in_npv = in_npv_mask(case)
    drawn = np.array([ln.in_npv and ln.amount.is_uncertain for ln in case.lines], dtype=bool)
    fixed = in_npv & ~drawn
    likely = likely_amounts(case)
    fixed_npv = float(likely[fixed] @ weights[fixed])
    drawn_idx = np.flatnonzero(drawn)
    streams = np.random.default_rng(seed).spawn(len(case.lines))
    # Payback uses finance.payback_periods' rule: the first period whose cumulative flow is
    # >= −tolerance × (cumulative gross flow). The cumulative flow is linear in the draws; lines
    # whose profiles are positive multiples of one another (same periods, escalation and ramp)
    # are summed first, so the work per period is one multiply-add per group, not per line.
    # Draws ≥ 0 make Σ draw × cumsum(|profile|) that gross flow for a single line and a bound
    # on it for several.
    cumulative = np.cumsum(profiles, axis=1)
    gross = np.cumsum(np.abs(profiles), axis=1) * _PAYBACK_TOLERANCE
    threshold = -(likely[fixed] @ cumulative[fixed] + likely[fixed] @ gross[fixed])
    groups, bases = _profile_groups(profiles[drawn_idx])
    group_cumulative = np.ascontiguousarray(  # (periods, groups)
        (np.cumsum(bases, axis=1) + np.cumsum(np.abs(bases), axis=1) * _PAYBACK_TOLERANCE).T
    )
    group_weights = bases @ factors
    # OpenBLAS runs a product of m × k by k × n on one thread when m·n·k ≤ 262,144 (its
    # GEMM_MULTITHREAD_THRESHOLD × 65,536); waking its threads for each chunk costs more than the
    # product on a busy machine.
    block = max(64, 262_144 // (group_cumulative.size or 1))
    lines = []
    for k, i in enumerate(drawn_idx):
        estimate = case.lines[i].amount
        tables = _pert_tables(estimate) if estimate.dist == "pert" else None
        lines.append((estimate, groups[k], tables))
    bit_generators = [streams[i].bit_generator for i in drawn_idx]

    npvs = np.empty(iterations)
    # paid_back_by[k]: iterations whose payback is reached in period k (cumulative flow turns
    # non-negative there; k = horizon + 1: not within the horizon). P(payback ≤ N) is then a
    # cumulative sum, since a payback in period k lies in (k − 1, k].
    paid_back_by = np.zeros(horizon + 2, dtype=np.int64)
    size = min(chunk, iterations)
    local = threading.local()

    def run_chunk(start: int) -> np.ndarray:
        """Simulate iterations start … start + n − 1 into ``npvs``; their paid_back_by counts."""
        n = min(chunk, iterations - start)
        if not hasattr(local, "rngs"):  # this thread's own copy of each line's stream
            local.rngs, local.position = [], 0
            for bit_generator in bit_generators:
                copy = type(bit_generator)()
                copy.state = bit_generator.state
                local.rngs.append(np.random.Generator(copy))
            local.buffers = _Buffers(size)
            local.sums = np.empty((len(bases), size))
            local.flows = np.empty((horizon + 1, min(block, size)))
            local.reached = np.empty((horizon + 1, size), dtype=bool)
            local.states = np.empty((3, size), dtype=bool)
        if start != local.position:  # skip the draws of the chunks other threads simulate
            for rng in local.rngs:
                rng.bit_generator.advance(start - local.position)
        local.position = start + n
        buf = local.buffers if n == size else local.buffers.view(n)
        group_sums = local.sums[:, :n]
        started = [False] * len(bases)
        for (estimate, g, tables), rng in zip(lines, local.rngs, strict=True):
            if started[g]:
                _draw_into(estimate, rng, buf.value, buf, tables)
                np.add(group_sums[g], buf.value, out=group_sums[g])
            else:  # the group's first line: drawn straight into its sum
                _draw_into(estimate, rng, group_sums[g], buf, tables)
                started[g] = True
        npv = npvs[start : start + n]
        npv.fill(fixed_npv)
        for weight, row in zip(group_weights, group_sums, strict=True):
            np.multiply(row, weight, out=buf.scratch)
            npv += buf.scratch  # element-wise, in group order: the same for any chunk size
        # As finance.payback_periods: the first period reached after the first negative one;
        # no negative period at all means paid back at once (period 0).
        hit = local.reached[:, :n]
        for b in range(0, n, block):  # blocks small enough for one BLAS thread (see above),
            width = min(block, n - b)  # whose flows stay in the cache for the comparison
            cum = local.flows[:, :width]
            np.matmul(group_cumulative, group_sums[:, b : b + width], out=cum)
            np.greater_equal(cum, threshold[:, None], out=hit[:, b : b + width])
        new, never, wait = local.states[:, :n]
        never.fill(True)
        wait.fill(False)
        counts = np.zeros(horizon + 2, dtype=np.int64)
        for period, row in enumerate(hit):
            np.logical_and(wait, row, out=new)
            counts[period] += np.count_nonzero(new)
            np.logical_or(wait, never, out=wait)
            np.greater(wait, row, out=wait)  # and not reached
            np.logical_and(never, row, out=never)
        counts[0] += np.count_nonzero(never)
        counts[horizon + 1] += np.count_nonzero(wait)
        return counts

    starts = range(0, iterations, chunk)
    workers = min(_THREADS, os.cpu_count() or 1) if iterations >= _THREADS_FROM else 1
    if workers == 1:
        for start in starts:
            paid_back_by += run_chunk(start)
            if progress is not None:
                progress(min(start + chunk, iterations), iterations)
    else:
        # Each chunk's draws come from its lines' streams advanced to the chunk's start, so the
        # figures are the same whichever thread simulates which chunk.
        with ThreadPoolExecutor(workers) as pool:
            pending: deque = deque()
            try:
                for start in starts:
                    pending.append((start, pool.submit(run_chunk, start)))
                    if len(pending) > 2 * workers:
                        done, future = pending.popleft()
                        paid_back_by += future.result()
                        if progress is not None:
                            progress(min(done + chunk, iterations), iterations)
                while pending:
                    done, future = pending.popleft()
                    paid_back_by += future.result()
                    if progress is not None:
                        progress(min(done + chunk, iterations), iterations)
            except BaseException:
                for _start, future in pending:
                    future.cancel()
                raise

    within = np.cumsum(paid_back_by) / iterations
    counts, edges = np.histogram(npvs, bins=HISTOGRAM_BINS)
    values = _percentiles(npvs, PERCENTILES, counts, edges)
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


def cumulative_shares(counts: Sequence[int]) -> tuple[float, ...]:
    """The share of the runs whose NPV is at most each bin's upper edge, from the histogram's
    counts alone (``histogram_counts``): the cumulative distribution at the edges, which the
    job page draws beside the histogram. Both come from the same ``HISTOGRAM_BINS`` bins of
    ``np.histogram``, so what a page receives is the same size whatever the number of runs
    (``MonteCarloResult`` keeps no samples: 8 bytes a run would be 8 MB at a million runs).
    The last share is exactly 1 (numpy's last bin includes its upper edge)."""
    running = np.cumsum(np.asarray(counts, dtype=np.int64))
    if not len(running) or running[-1] <= 0:
        raise ValueError("cumulative_shares needs at least one counted run")
    return tuple(float(c) / float(running[-1]) for c in running)


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
