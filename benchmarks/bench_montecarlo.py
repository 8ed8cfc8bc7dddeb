"""Business-case simulation speed (issue #3 and issue #7, Speed).

A 20-year case with 30 uncertain lines (15 triangular, 15 PERT):

- ``montecarlo_1m``: 1,000,000 Monte Carlo iterations against the time numpy takes just to draw
  the 30 × 1,000,000 uniform numbers the simulation consumes (``Generator.random`` into a
  reused buffer, chunk by chunk, one generator per line: the cheapest way to draw them; one
  ``rng.random((30, 1_000_000))`` call, which also allocates 229 MiB, is printed beside it).
  Target: at most 4x. The two are timed alternately, medians of five runs each; the PERT tables
  are cleared before each simulation, so building them is counted.
- ``montecarlo_1m_peak_memory``: peak of traced allocations (numpy reports its buffers to
  tracemalloc) during one 1M run in a fresh interpreter, and that process's peak resident set
  (interpreter, numpy and scipy included). Target: under 256 MiB.
- ``analyze_20y_30_lines``: one deterministic recalculation (target < 20 ms, it runs on every
  keystroke); the ratio is against that budget, and the line also compares a naive pure-Python
  loop computing the same cash flows, NPV, BCR, payback and an IRR by plain bisection (faster
  on one small case, but it finds one root only and never reports "not defined": most of
  ``analyze``'s time is ``finance.irr``'s search for every root).
"""

from __future__ import annotations

import json
import math
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from civicshift.core import montecarlo
from civicshift.core.cases import Case, Estimate, Line, analyze, profile_matrix
from civicshift.core.montecarlo import DEFAULT_CHUNK, monte_carlo, pert_shape

HORIZON = 20
LOOP_ITERATIONS = 10_000


def build_case() -> Case:
    lines = []
    for i in range(30):
        dist = "pert" if i % 2 else "triangular"
        if i < 6:  # one-time costs in the first two years
            amount = Estimate(80_000 + 5_000 * i, 100_000 + 6_000 * i, 160_000 + 9_000 * i, dist)
            lines.append(Line(f"One-time cost {i}", "cost", amount, (i % 2,)))
        elif i < 14:  # recurring costs
            amount = Estimate(9_000 + 500 * i, 11_000 + 500 * i, 15_000 + 700 * i, dist)
            lines.append(Line(f"Recurring cost {i}", "cost", amount, range(1, 21), escalation=0.03))
        else:  # benefits, ramped
            amount = Estimate(15_000 + 400 * i, 24_000 + 500 * i, 30_000 + 600 * i, dist)
            periods = range(1 + i % 3, 21)
            lines.append(Line(f"Benefit {i}", "benefit", amount, periods, 0.02, (0.4, 0.8)))
    return Case("Benchmark: 20 years, 30 lines", 2027, HORIZON, 0.035, tuple(lines))


def python_loop(case: Case, iterations: int, seed: int = 0) -> tuple[float, float]:
    """The same simulation, one iteration at a time in plain Python: (mean NPV, P(NPV > 0))."""
    rng = random.Random(seed)
    profiles = profile_matrix(case).tolist()
    factors = [(1 + case.discount_rate) ** -t for t in range(HORIZON + 1)]
    lines = []
    for line in case.lines:
        a, m, c = line.amount.low, line.amount.likely, line.amount.high
        lines.append((line.amount.dist, a, m, c, pert_shape(a, m, c)))
    total = positive = paid_back = 0
    for _ in range(iterations):
        flows = [0.0] * (HORIZON + 1)
        for (dist, a, m, c, (alpha, beta)), profile in zip(lines, profiles, strict=True):
            if dist == "pert":
                x = a + (c - a) * rng.betavariate(alpha, beta)
            else:
                x = rng.triangular(a, c, m)
            for t in range(HORIZON + 1):
                flows[t] += x * profile[t]
        npv = sum(f * d for f, d in zip(flows, factors, strict=True))
        cumulative = 0.0
        for f in flows:
            cumulative += f
            if cumulative >= 0:
                paid_back += 1
                break
        total += npv
        positive += npv > 0
    return total / iterations, positive / iterations


def python_analyze(case: Case) -> dict:
    """A naive pure-Python recalculation: flows, NPV, BCR, payback, IRR by bisection."""
    n = case.horizon_years + 1
    costs, benefits = [0.0] * n, [0.0] * n
    for line in case.lines:
        first = min(line.periods)
        for t in line.periods:
            k = t - first
            share = line.ramp[k] if k < len(line.ramp) else 1.0
            amount = line.amount.likely * (1 + line.escalation) ** k * share
            if line.kind == "cost":
                costs[t] += amount
            else:
                benefits[t] += amount
    net = [b - c for b, c in zip(benefits, costs, strict=True)]

    def npv(rate: float) -> float:
        return sum(v / (1 + rate) ** t for t, v in enumerate(net))

    pv_costs = sum(v / (1 + case.discount_rate) ** t for t, v in enumerate(costs))
    pv_benefits = sum(v / (1 + case.discount_rate) ** t for t, v in enumerate(benefits))
    low, high = -0.99, 10.0
    for _ in range(100):
        mid = (low + high) / 2
        low, high = (mid, high) if npv(mid) > 0 else (low, mid)
    cumulative, payback = 0.0, None
    for t, v in enumerate(net):
        if cumulative + v >= 0:
            payback = t if t == 0 else t - 1 + -cumulative / v
            break
        cumulative += v
    return {
        "npv": npv(case.discount_rate),
        "bcr": pv_benefits / pv_costs,
        "irr": (low + high) / 2,
        "payback": payback,
    }


def _best_time(func, repeat: int) -> float:
    """The fastest of ``repeat`` runs (timeit's convention: the least disturbed by other work
    on the machine); measurements and baselines alike."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def uniform_draws(lines: int = 30, iterations: int = 1_000_000, seed: int = 1) -> None:
    """What the simulation consumes, and nothing else: one stream per line, drawn chunk by
    chunk into one reused buffer."""
    buffer = np.empty(DEFAULT_CHUNK)
    for rng in np.random.default_rng(seed).spawn(lines):
        for start in range(0, iterations, DEFAULT_CHUNK):
            rng.random(out=buffer[: min(DEFAULT_CHUNK, iterations - start)])


def simulate(case: Case) -> None:
    montecarlo._beta_table.cache_clear()  # count building the PERT tables
    monte_carlo(case, 1_000_000, seed=1)


_PEAK_SCRIPT = """
import json, resource, sys, tracemalloc
sys.path.insert(0, sys.argv[1])


def high_water_kib():
    # VmHWM: this process's own peak (ru_maxrss can carry the parent's over fork and exec)
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:  # no /proc (not Linux): fall back to getrusage below
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


from benchmarks.bench_montecarlo import build_case
from civicshift.core.montecarlo import monte_carlo
case = build_case()
before = high_water_kib()
if sys.argv[2] == "traced":
    tracemalloc.start()
monte_carlo(case, 1_000_000, seed=1)
peak = tracemalloc.get_traced_memory()[1] if sys.argv[2] == "traced" else 0
after = high_water_kib()
print(json.dumps({"traced": peak, "rss_kib": after, "rss_before_kib": before}))
"""


def _peak(mode: str) -> dict:
    """Run one 1M simulation in a fresh interpreter; its peak memory figures."""
    root = str(Path(__file__).resolve().parent.parent)
    out = subprocess.run(  # noqa: S603 - this interpreter on a fixed script
        [sys.executable, "-c", _PEAK_SCRIPT, root, mode], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def main() -> None:
    case = build_case()
    monte_carlo(case, 20_000)  # warm up (imports, BLAS)

    ours, draws, one_call = [], [], []
    for _ in range(5):
        for func, times in ((uniform_draws, draws), (lambda: simulate(case), ours)):
            start = time.perf_counter()
            func()
            times.append(time.perf_counter() - start)
        rng = np.random.default_rng(1)
        start = time.perf_counter()
        rng.random((30, 1_000_000))
        one_call.append(time.perf_counter() - start)
    seconds, baseline = statistics.median(ours), statistics.median(draws)
    print(
        f"bench montecarlo_1m: {seconds:.3f} s ({seconds / baseline:.2f}x vs numpy drawing the "
        f"30 x 1,000,000 uniforms at {baseline:.3f} s; {statistics.median(one_call):.3f} s "
        "in one rng.random((30, 1_000_000)) call; target <= 4x)"
    )

    traced, rss = _peak("traced"), _peak("rss")
    peak_mib = traced["traced"] / 2**20
    rss_mib, imports_mib = rss["rss_kib"] / 1024, rss["rss_before_kib"] / 1024
    print(
        f"bench montecarlo_1m_peak_memory: {peak_mib:.0f} MiB traced ({peak_mib / 256:.2f}x vs "
        f"256 MiB); peak RSS of a process doing only this {rss_mib:.0f} MiB, of which "
        f"{imports_mib:.0f} MiB before the run (Python, numpy, scipy)"
    )

    fast = _best_time(lambda: analyze(case), repeat=200)
    slow = _best_time(lambda: python_analyze(case), repeat=50)
    assert math.isclose(python_analyze(case)["npv"], analyze(case).npv, rel_tol=1e-9)
    print(
        f"bench analyze_20y_30_lines: {fast * 1000:.2f} ms ({fast / 0.020:.2f}x vs 20 ms budget; "
        f"{fast / slow:.1f}x vs a naive pure-Python loop at {slow * 1000:.2f} ms)"
    )


if __name__ == "__main__":
    main()
