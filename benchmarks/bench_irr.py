"""Batch IRR speed (issue 7, Speed).

10,000 cash-flow vectors of 21 periods (seeded): most invest then save (one sign change, one
IRR); some carry a refresh cost in the middle or an exit cost in the last year (several sign
changes, up to as many IRRs).

- ``irr_batch_10k``: ``finance.irr(table)`` on the 10,000 rows at once; the ratio is against
  numpy-financial 1.0.0's ``npf.irr`` called once per vector, timed in the same run (target
  >= 20x). Both are the median of several runs. The line also checks that both give the same
  root to 1e-9 on every row with a single IRR.
- ``irrs_batch_10k``: ``finance.irrs(table)`` (every IRR of every row), against the same baseline.
- ``irr_one_vector``: one 21-period vector through ``finance.irr`` (what a business case's
  recalculation pays per keystroke), against one ``npf.irr`` call.
"""

from __future__ import annotations

import statistics
import time

import numpy as np
import numpy_financial as npf

from civicshift.core import finance

ROWS = 10_000
PERIODS = 21


def build_table(seed: int = 2026) -> np.ndarray:
    """Realistic business-case cash flows: an implementation cost in years 0-1, savings that
    ramp up over 1-3 years and vary +-20 % a year, and in 20 % of the rows a refresh in the
    middle (10 %) or an exit / decommissioning cost in the last year (10 %)."""
    rng = np.random.default_rng(seed)
    table = np.zeros((ROWS, PERIODS))
    invest = rng.uniform(1e5, 2e6, ROWS)
    table[:, 0] = -invest
    table[:, 1] = -rng.uniform(0.0, 0.5, ROWS) * invest
    benefit = rng.uniform(0.06, 0.35, ROWS) * invest
    ramp_years = rng.integers(1, 4, ROWS)
    ramp = np.minimum(1.0, np.arange(PERIODS)[None, :] / ramp_years[:, None])
    noise = rng.uniform(0.8, 1.2, (ROWS, PERIODS))
    table[:, 1:] += (benefit[:, None] * ramp * noise)[:, 1:]
    kind = rng.random(ROWS)
    refresh = kind < 0.10
    table[refresh, PERIODS // 2] -= rng.uniform(0.5, 2.0, refresh.sum()) * invest[refresh]
    exit_cost = (kind >= 0.10) & (kind < 0.20)
    table[exit_cost, -1] -= rng.uniform(1.0, 6.0, exit_cost.sum()) * invest[exit_cost]
    return table


def _median_time(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def npf_loop(table: np.ndarray) -> np.ndarray:
    return np.array([npf.irr(row) for row in table])


def main() -> None:
    table = build_table()
    finance.irr(table)  # warm up
    roots = finance.irrs(table)
    several = sum(len(r) > 1 for r in roots)
    changes = np.count_nonzero(np.diff(np.sign(table), axis=1), axis=1)

    theirs_seconds = _median_time(lambda: npf_loop(table), repeat=5)
    ours_seconds = _median_time(lambda: finance.irr(table), repeat=9)
    all_seconds = _median_time(lambda: finance.irrs(table), repeat=9)

    ours = finance.irr(table)
    theirs = npf_loop(table)
    unique = np.array([len(r) == 1 for r in roots])
    difference = np.abs(ours[unique] - theirs[unique])
    assert np.all(difference <= 1e-9 * np.maximum(1.0, np.abs(theirs[unique]))), difference.max()
    print(
        f"bench irr_batch_10k: {ours_seconds * 1000:.1f} ms "
        f"({theirs_seconds / ours_seconds:.0f}x vs numpy-financial 1.0.0 irr per vector at "
        f"{theirs_seconds * 1000:.0f} ms; target >= 20x; {int((changes > 1).sum()):,} rows with "
        f"several sign changes, {several:,} with several IRRs; same root as numpy-financial on "
        f"{int(unique.sum()):,} single-IRR rows, max difference {difference.max():.1e})"
    )
    print(
        f"bench irrs_batch_10k: {all_seconds * 1000:.1f} ms "
        f"({theirs_seconds / all_seconds:.0f}x vs numpy-financial 1.0.0 irr per vector)"
    )

    row = table[0]
    one = _median_time(lambda: finance.irr(row), repeat=200)
    one_npf = _median_time(lambda: npf.irr(row), repeat=200)
    print(
        f"bench irr_one_vector: {one * 1e6:.0f} us "
        f"({one / one_npf:.1f}x the time of one numpy-financial irr at {one_npf * 1e6:.0f} us)"
    )


if __name__ == "__main__":
    main()
