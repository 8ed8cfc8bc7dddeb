"""Schedule risk: Monte Carlo over the plan's network, with classical PERT alongside (issue 9,
item 6).

Method
    Each iteration draws every uncertain task's duration and every risk event
    (``sampling``: PERT or triangular from one seeded stream a task, risks with their own
    streams), then the engine's forward and backward passes (``cpm``) give the project's finish
    and each task's total float. Iterations run in chunks through the engine's batched pass
    (durations of shape (k, n_tasks): one pass computes k iterations at once), so the work is
    numpy over the chunk, never Python per iteration.

Results
    * P50, P80 and P90 are order statistics of the simulated finishes: the earliest simulated
      finish by which at least 50 %, 80 %, 90 % of the iterations have finished (numpy's
      ``inverted_cdf``, no interpolation, so each is a finish some iteration had), converted
      from working minutes to a date-time "as a finish" (the end of a working period, not the
      start of the next one).
    * A task's criticality index is the share of iterations in which its total float is at
      most the plan's critical slack limit (``critical_slack_limit_days`` × ``minutes_per_day``,
      as Microsoft Project's Critical flag): a task always on the longest path has 1.0, a
      branch whose float always exceeds the spread of the others 0.0 (the index of
      Primavera Risk Analysis and @RISK for Project).
    * The sorted finishes give the S-curve (``s_curve``: date-time → cumulative probability).
    * The deterministic finish (every task at its planned duration, no risk) and classical PERT
      (``pert``) are given alongside: the simulated mean is later than both wherever uncertain
      paths merge (merge bias: the expected maximum of several durations exceeds the largest
      expected one; MacCrimmon & Ryavec, Operations Research 12(1), 1964).

Reproducibility
    As the business case's simulation: the same plan, risks, seed and version give the same
    figures whatever the chunk size (``sampling``'s docstring says how).
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterable
from datetime import datetime

import numpy as np

from civicshift.core.schedule.model import Project, ScheduleError, SimulationResult
from civicshift.core.schedule.pert import pert
from civicshift.core.schedule.sampling import Draws, ScheduleRisk

__all__ = ["MAX_ITERATIONS", "ScheduleRisk", "s_curve", "simulate", "mitigation_effect"]

MAX_ITERATIONS = 1_000_000
DRAW_CELLS = 1 << 23  # durations drawn at once (tasks × iterations): 64 MiB of int64
PASS_CELLS = 1 << 20  # tasks × iterations in one batched pass of the engine
PERCENTILES = (50, 80, 90)


# --- the engine -----------------------------------------------------------------------------


class _Dates:
    """One batched pass's results: ``finish`` (k,) the project's finish and ``early_start``,
    ``early_finish``, ``total_float`` (k, n_tasks), working minutes from the project's start."""

    def __init__(self, finish, early_start, early_finish, total_float) -> None:
        self.finish = finish
        self.early_start = early_start
        self.early_finish = early_finish
        self.total_float = total_float


class _Network:
    """The plan compiled once for the engine's batched passes (``cpm``), and its calendar.

    The one place that speaks to the engine (h/engine: ``cpm.compile_network`` and the pass
    over durations of shape (k, n_tasks) returning working-minute offsets; ``calendar``'s
    ``WorkingTime`` turning an offset back into a date-time as a finish)."""

    def __init__(self, project: Project) -> None:
        from civicshift.core.schedule import cpm

        self.project = project
        self.limit = project.critical_slack_limit_days * project.minutes_per_day
        self._cpm = cpm
        self.network = cpm.compile_network(project)
        index = {task.id: i for i, task in enumerate(project.tasks)}
        # the engine schedules the active leaf tasks (its task_ids); the others never are
        # critical here (summaries are rolled up by the engine's Schedule, not by the pass)
        self.columns = np.array([index[t] for t in self.network.task_ids], dtype=np.intp)

    def run(self, durations: np.ndarray) -> _Dates:
        """The engine's batched pass on ``durations`` (k, n_tasks), whole minutes, plan order."""
        k, n = durations.shape
        result = self._cpm.cpm_pass(self.network, np.ascontiguousarray(durations[:, self.columns]))
        es = np.zeros((k, n), dtype=np.int64)
        ef = np.zeros((k, n), dtype=np.int64)
        total_float = np.full((k, n), np.iinfo(np.int64).max, dtype=np.int64)
        es[:, self.columns] = result.es
        ef[:, self.columns] = result.ef
        total_float[:, self.columns] = np.minimum(result.ls - result.es, result.lf - result.ef)
        finish = np.asarray(result.finish_offset, dtype=np.int64).reshape(k) - result.start_offset
        return _Dates(finish, es, ef, total_float)

    def finish_datetime(self, offset: int) -> datetime:
        """``offset`` working minutes after the project's start, read as a finish."""
        from civicshift.core.schedule.calendar import HorizonError

        net = self.network
        while True:
            table = net.tables[net.project_calendar]
            try:
                start = int(table.to_offset(net.start_minute))
                return net.datetime(int(table.finish_at(start + int(offset))))
            except HorizonError:
                net.extend()

    def trace_path(self, dates: _Dates, variance: np.ndarray) -> list[int]:
        """The critical path of the first run in ``dates`` (task positions, in order), traced
        back from the last finish through driving links between critical tasks; where paths
        tie, the one with the largest total ``variance``."""
        return critical_chain(self.project, dates, variance, self.limit)


def _drives(link, es: np.ndarray, ef: np.ndarray, p: int, s: int, base: np.ndarray) -> bool:
    """Whether ``link`` (predecessor p → successor s) sets s's early date in run 0."""
    lag = link.lag
    if lag.elapsed:  # wall-clock lags do not add in working minutes: trust the float
        return True
    minutes = round(lag.percent / 100 * base[p]) if lag.percent is not None else lag.minutes
    kind = link.type.value
    before = es[p] if kind in ("SS", "SF") else ef[p]
    after = es[s] if kind in ("FS", "SS") else ef[s]
    return after == before + minutes


def critical_chain(
    project: Project, dates: _Dates, variance: np.ndarray, limit: int = 0
) -> list[int]:
    """See ``_Network.trace_path``."""
    es, ef = dates.early_start[0], dates.early_finish[0]
    critical = dates.total_float[0] <= limit
    for i, task in enumerate(project.tasks):
        if task.summary or not task.active:
            critical[i] = False
    index = {task.id: i for i, task in enumerate(project.tasks)}
    base = np.array([t.duration.minutes for t in project.tasks])
    driving: dict[int, list[int]] = {}
    successors: dict[int, list[int]] = {}
    for link in project.links:
        p, s = index.get(link.predecessor), index.get(link.successor)
        if p is None or s is None or not (critical[p] and critical[s]):
            continue
        if _drives(link, es, ef, p, s, base):
            driving.setdefault(s, []).append(p)
            successors.setdefault(p, []).append(s)
    # the largest variance of a driving chain ending at each critical task, in topological
    # order of the driving links (Kahn's algorithm: the engine has refused cycles)
    nodes = np.flatnonzero(critical).tolist()
    waiting = {i: len(driving.get(i, ())) for i in nodes}
    ready = [i for i in nodes if waiting[i] == 0]
    best = {i: float(variance[i]) for i in nodes}
    back: dict[int, int | None] = dict.fromkeys(nodes)
    while ready:
        i = ready.pop()
        for s in successors.get(i, ()):
            if best[i] + variance[s] > best[s] or back[s] is None:
                best[s], back[s] = best[i] + float(variance[s]), i
            waiting[s] -= 1
            if waiting[s] == 0:
                ready.append(s)
    if not nodes:
        return []
    last = max(ef[nodes])
    # the wider chain; on a tie, the chain's end (a milestone finishing with its predecessor)
    end = max(
        (i for i in nodes if ef[i] == last),
        key=lambda i: (best[i], i not in successors, -i),
    )
    path = [end]
    while back[path[-1]] is not None:
        path.append(back[path[-1]])
    return path[::-1]


# --- the simulation -------------------------------------------------------------------------


def _whole(value: object, field: str, low: int, high: int | None = None) -> int:
    ok = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if not ok or value < low or (high is not None and value > high):
        limit = f"between {low:,} and {high:,}" if high is not None else f"at least {low}"
        raise ScheduleError(f"{field} must be a whole number {limit} (got {value!r})")
    return int(value)


def _order_statistics(finishes: np.ndarray, percents) -> list[int]:
    """The inverted-CDF percentiles of sorted ``finishes``: the smallest x with at least p % of
    the values ≤ x (``np.percentile(..., method="inverted_cdf")``)."""
    n = len(finishes)
    ranks = [max(0, -(-p * n // 100) - 1) for p in percents]  # ceil(p·n/100) − 1
    return [int(finishes[r]) for r in ranks]


def simulate(
    project: Project,
    *,
    iterations: int,
    seed: int,
    risks: Iterable[ScheduleRisk] = (),
    mitigated: bool = False,
    progress: Callable[[int, int], None] | None = None,
    chunk: int | None = None,
) -> SimulationResult:
    """Monte Carlo of the plan's finish: ``iterations`` runs (1 to 1,000,000) with ``seed``.

    ``risks`` are drawn in every run, after their mitigation when ``mitigated``. ``chunk`` (runs
    a batched pass; default: about a million task-runs) bounds the memory and does not change
    the figures. ``progress(done, iterations)``, if given, is called after each chunk (a
    background job reports it, and may stop the run by raising)."""
    iterations = _whole(iterations, "iterations", 1, MAX_ITERATIONS)
    seed = _whole(seed, "seed", 0)
    risks = tuple(risks)
    network = _Network(project)
    draws = Draws(project, seed, risks, mitigated=mitigated)
    n_tasks = len(project.tasks)
    step = _whole(chunk, "chunk", 1) if chunk is not None else max(1, PASS_CELLS // max(n_tasks, 1))
    block = max(step, DRAW_CELLS // max(n_tasks, 1) // step * step)
    finishes = np.empty(iterations, dtype=np.int64)
    critical = np.zeros(n_tasks, dtype=np.int64)
    for first in range(0, iterations, block):
        durations = draws.chunk(first, min(block, iterations - first)).T  # (runs, tasks)
        for start in range(0, len(durations), step):
            part = np.ascontiguousarray(durations[start : start + step])
            dates = network.run(part)
            finishes[first + start : first + start + len(part)] = dates.finish
            critical += np.count_nonzero(dates.total_float <= network.limit, axis=0)
            if progress is not None:
                progress(first + start + len(part), iterations)
    finishes.sort()
    p50, p80, p90 = (network.finish_datetime(x) for x in _order_statistics(finishes, PERCENTILES))
    base = network.run(np.array([t.duration.minutes for t in project.tasks])[None, :])
    return SimulationResult(
        iterations=iterations,
        seed=seed,
        p50=p50,
        p80=p80,
        p90=p90,
        criticality={
            task.id: float(c) / iterations for task, c in zip(project.tasks, critical, strict=True)
        },
        pert=pert(project),
        finish_minutes=tuple(finishes.tolist()),
        deterministic_finish=network.finish_datetime(int(base.finish[0])),
    )


def mitigation_effect(
    project: Project,
    *,
    iterations: int,
    seed: int,
    risks: Iterable[ScheduleRisk],
    progress: Callable[[int, int], None] | None = None,
) -> tuple[SimulationResult, SimulationResult]:
    """The simulation before and after the risks' mitigation, with the same seed (so the same
    uniforms: the difference is the mitigation's). ``progress`` counts both runs."""
    risks = tuple(risks)
    total = 2 * iterations

    def report(offset: int) -> Callable[[int, int], None] | None:
        return None if progress is None else (lambda done, _n: progress(offset + done, total))

    before = simulate(project, iterations=iterations, seed=seed, risks=risks, progress=report(0))
    after = simulate(
        project,
        iterations=iterations,
        seed=seed,
        risks=risks,
        mitigated=True,
        progress=report(iterations),
    )
    return before, after


def s_curve(
    project: Project, result: SimulationResult, points: int = 101
) -> list[tuple[datetime, float]]:
    """The S-curve of the simulated finish: (date-time, share of iterations finished by then),
    at most ``points`` points (the finishes at evenly spaced ranks, the last always included),
    in increasing order; the share at a finish counts every iteration finished by it."""
    finishes = np.asarray(result.finish_minutes, dtype=np.int64)
    if not len(finishes):
        raise ValueError("the result holds no simulated finishes")
    if points < 2:
        raise ValueError(f"an S-curve needs at least 2 points (got {points})")
    network = _Network(project)
    picks = np.unique(np.rint(np.linspace(0, len(finishes) - 1, points)).astype(np.int64))
    values = np.unique(finishes[picks])
    shares = np.searchsorted(finishes, values, side="right") / len(finishes)
    return [
        (network.finish_datetime(int(v)), float(s)) for v, s in zip(values, shares, strict=True)
    ]
