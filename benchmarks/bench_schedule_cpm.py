"""CPM speed with working calendars (issue 9, Speed).

A seeded, realistic network: N tasks of 1 h to 15 working days, two links per task on average
(each to one of the ~N/1000 tasks before it, so the graph has a few thousand topological
levels), 85 % FS, 7 % SS, 5 % FF, 3 % SF, a fifth of them with a lag between −2 d and +5 d, on
the Standard calendar (Mon–Fri 08–12, 13–17) with ten public holidays a year.

- ``schedule_cpm_100k``: topological levels + link sorting + ``cpm.cpm_pass`` (forward and
  backward, offsets on the calendar) for 100,000 tasks / ~200,000 links, against a forward and
  backward pass written on networkx 3.6.1 (``topological_sort`` then a loop over each node's
  in- / out-edges in the same offset space), timed in the same run. Medians of several runs.
  The line also checks that both give the same early finish for every task.
- ``schedule_cpm_1m``: the same for 1,000,000 tasks (networkx measured once, it is slow).
- ``schedule_cpm_chain``: a single chain of 5,000 tasks (5,000 levels, ~150 years), the worst
  case for level vectorisation, against networkx.

Building the ``Project`` dataclasses and ``compile_network``'s Python part (validation, ids,
summary expansion) are setup and printed separately (not in the ratio).
"""

from __future__ import annotations

import statistics
import time
from datetime import date, datetime, timedelta

import networkx as nx
import numpy as np

from civicshift.core.schedule import cpm, network
from civicshift.core.schedule.model import (
    Calendar,
    CalendarException,
    Duration,
    Lag,
    Link,
    LinkType,
    Project,
    Task,
)

TYPES = (LinkType.FS, LinkType.SS, LinkType.FF, LinkType.SF)


def holidays(first: int, last: int) -> tuple[CalendarException, ...]:
    out = []
    for y in range(first, last):
        for m, d in ((1, 1), (1, 19), (2, 16), (5, 25), (7, 3), (9, 7), (10, 12), (11, 11),
                     (11, 26), (12, 25)):  # fmt: skip
            day = date(y, m, d)
            out.append(CalendarException(day, day, (), "holiday"))
    return tuple(out)


def build(n: int, seed: int = 2026, window: int | None = None, chain: bool = False) -> Project:
    rng = np.random.default_rng(seed)
    dur = rng.integers(1, 16, n) * 480
    dur[rng.random(n) < 0.1] = rng.integers(1, 8) * 60
    tasks = tuple(Task(str(i), f"T{i}", Duration(int(dur[i]))) for i in range(n))
    links = []
    w = window or max(2, n // 1000)
    if chain:
        pairs = [(i - 1, i) for i in range(1, n)]
    else:
        m = 2 * n
        succ = rng.integers(1, n, m)
        pred = np.maximum(0, succ - rng.integers(1, w + 1, m))
        pairs = sorted(set(zip(pred.tolist(), succ.tolist(), strict=True)))
    kinds = rng.choice(4, len(pairs), p=[0.85, 0.07, 0.05, 0.03])
    lagged = rng.random(len(pairs)) < 0.2
    lags = rng.integers(-2, 6, len(pairs)) * 480
    for j, (a, b) in enumerate(pairs):
        lag = Lag(int(lags[j])) if lagged[j] and not chain else Lag()
        links.append(Link(str(a), str(b), TYPES[kinds[j]] if not chain else LinkType.FS, lag))
    cal = Calendar("1", "Standard", exceptions=holidays(2026, 2400))
    return Project("bench", datetime(2027, 1, 4, 8), tasks, tuple(links), (cal,))


def ours(net: network.Network) -> cpm.PassResult:
    net._prep = None  # type: ignore[attr-defined]
    net.level, net.order, net.level_ptr = network._level_order(net.n, net.pred, net.succ)
    net.pos[net.order] = np.arange(net.n)
    return cpm.cpm_pass(net)


def with_networkx(net: network.Network) -> np.ndarray:
    """The baseline: the same passes in the same offset space, one node at a time."""
    g = nx.DiGraph()
    g.add_nodes_from(range(net.n))
    lag = net.lag.tolist()
    kinds = net.ltype.tolist()
    for j, (a, b) in enumerate(zip(net.pred.tolist(), net.succ.tolist(), strict=True)):
        g.add_edge(a, b, t=kinds[j], lag=lag[j])
    t0 = time.perf_counter()
    dur = net.duration.tolist()
    start = int(net.tables[0].to_offset(net.start_minute))
    order = list(nx.topological_sort(g))
    es = [start] * net.n
    ef = [0] * net.n
    for v in order:
        best = start
        for u, _, e in g.in_edges(v, data=True):
            k = e["t"]
            x = (ef[u] if k in (0, 2) else es[u]) + e["lag"] - (dur[v] if k >= 2 else 0)
            best = max(best, x)
        es[v] = best
        ef[v] = best + dur[v]
    finish = max(ef)
    lf = [finish] * net.n
    ls = [0] * net.n
    for v in reversed(order):
        best = finish
        for _, w, e in g.out_edges(v, data=True):
            k = e["t"]
            x = (ls[w] if k in (0, 1) else lf[w]) - e["lag"] + (dur[v] if k in (1, 3) else 0)
            best = min(best, x)
        lf[v] = best
        ls[v] = best - dur[v]
    with_networkx.seconds = time.perf_counter() - t0  # type: ignore[attr-defined]
    return np.array(ef)


def measure(name: str, n: int, runs: int, nx_runs: int, **kw) -> None:
    t0 = time.perf_counter()
    project = build(n, **kw)
    net = network.compile_network(project)
    setup = time.perf_counter() - t0
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        res = ours(net)
        times.append(time.perf_counter() - t)
    nx_times = []
    for _ in range(nx_runs):
        ef = with_networkx(net)
        nx_times.append(with_networkx.seconds)  # type: ignore[attr-defined]
    same = bool(np.array_equal(ef, res.ef))
    mine, theirs = statistics.median(times), statistics.median(nx_times)
    levels = len(net.level_ptr) - 1
    print(
        f"bench {name}: {mine:.3f} s ({theirs / mine:.1f}x vs networkx) "
        f"[{n} tasks, {len(net.pred)} links, {levels} levels, networkx {theirs:.2f} s, "
        f"same early finishes: {same}, setup {setup:.1f} s]"
    )
    if not same:
        raise SystemExit(f"{name}: the early finishes differ from networkx's")


def main() -> None:
    measure("schedule_cpm_100k", 100_000, runs=5, nx_runs=3)
    measure("schedule_cpm_1m", 1_000_000, runs=3, nx_runs=1)
    measure("schedule_cpm_chain", 5_000, runs=3, nx_runs=3, chain=True)


if __name__ == "__main__":
    main()
    _ = timedelta
