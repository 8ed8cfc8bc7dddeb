"""Schedule Monte Carlo speed (issue 9, Speed: 10,000 iterations on a 1,000-task plan in < 5 s).

A generated plan (seeded): 1,000 tasks in 40 phases, each task linked to one to three earlier
tasks of its own or the previous phase (about 2,000 links: mostly finish-to-start, some
start-to-start and finish-to-finish with lags), likely durations of 1 to 20 whole working days
with optimistic and pessimistic ones around them (80 % PERT, 20 % triangular), 10 % of the tasks
with no estimate, and five risks on a few tasks each.

- ``schedule_simulation_1k``: ``simulate(plan, iterations=10_000, seed=1)``, median of five
  runs, against the time numpy takes just to draw the 1,000 × 10,000 uniforms the durations
  consume (one stream a task, ``Generator.random``), and beside the engine's deterministic pass
  timed once per iteration's worth (one pass × 10,000, extrapolated from 20 single passes).
"""

from __future__ import annotations

import statistics
import time
from datetime import datetime

import numpy as np

from civicshift.core.schedule.model import (
    Duration,
    Lag,
    Link,
    LinkType,
    Project,
    Task,
    ThreePoint,
)
from civicshift.core.schedule.sampling import ScheduleRisk
from civicshift.core.schedule.simulation import _Network, simulate

TASKS = 1_000
PHASES = 40
ITERATIONS = 10_000
DAY = 480


def build_plan(seed: int = 2027) -> tuple[Project, tuple[ScheduleRisk, ...]]:
    rng = np.random.default_rng(seed)
    per_phase = TASKS // PHASES
    tasks, links = [], []
    for i in range(TASKS):
        likely = int(rng.integers(1, 21))
        low = likely - int(rng.integers(0, likely // 2 + 1))
        high = likely + int(rng.integers(0, likely + 1))
        dist = "pert" if rng.random() < 0.8 else "triangular"
        estimate = None
        if rng.random() < 0.9:
            estimate = ThreePoint(
                Duration(low * DAY), Duration(likely * DAY), Duration(high * DAY), dist
            )
        tasks.append(Task(f"T{i + 1}", f"Task {i + 1}", Duration(likely * DAY), estimate=estimate))
        phase = i // per_phase
        if i == 0:
            continue
        first = max(0, (phase - 1) * per_phase)
        for j in sorted(set(rng.integers(first, i, int(rng.integers(1, 4))).tolist())):
            kind = rng.random()
            if kind < 0.8:
                links.append(Link(f"T{j + 1}", f"T{i + 1}"))
            elif kind < 0.9:
                links.append(Link(f"T{j + 1}", f"T{i + 1}", LinkType.SS, Lag(2 * DAY)))
            else:
                links.append(Link(f"T{j + 1}", f"T{i + 1}", LinkType.FF, Lag(DAY)))
    risks = tuple(
        ScheduleRisk(
            f"R{k}",
            f"Risk {k}",
            0.1 + 0.1 * k,
            ThreePoint(Duration(2 * DAY), Duration(5 * DAY), Duration(15 * DAY)),
            tuple(f"T{int(t) + 1}" for t in rng.integers(0, TASKS, 3)),
            mitigated_probability=0.05,
        )
        for k in range(5)
    )
    project = Project("Benchmark: 1,000 tasks", datetime(2027, 1, 4, 8), tuple(tasks), tuple(links))
    return project, risks


def uniform_draws(tasks: int = TASKS, iterations: int = ITERATIONS, seed: int = 1) -> None:
    """What the durations consume, and nothing else: one stream a task, drawn into one buffer."""
    buffer = np.empty(iterations)
    for rng in np.random.default_rng(seed).spawn(tasks):
        rng.random(out=buffer)


def main() -> None:
    project, risks = build_plan()
    simulate(project, iterations=500, seed=1, risks=risks)  # warm up (imports, PERT tables)

    ours, draws = [], []
    for _ in range(5):
        start = time.perf_counter()
        uniform_draws()
        draws.append(time.perf_counter() - start)
        start = time.perf_counter()
        simulate(project, iterations=ITERATIONS, seed=1, risks=risks)
        ours.append(time.perf_counter() - start)
    seconds, baseline = statistics.median(ours), statistics.median(draws)

    network = _Network(project)
    planned = np.array([t.duration.minutes for t in project.tasks])[None, :]
    singles = []
    for _ in range(20):
        start = time.perf_counter()
        network.run(planned)
        singles.append(time.perf_counter() - start)
    one_pass = statistics.median(singles)
    print(
        f"bench schedule_simulation_1k: {seconds:.3f} s ({seconds / baseline:.1f}x vs numpy "
        f"drawing the {TASKS:,} x {ITERATIONS:,} uniforms at {baseline:.3f} s; "
        f"{seconds / (one_pass * ITERATIONS):.3f}x vs the engine's single deterministic pass "
        f"x {ITERATIONS:,} = {one_pass * ITERATIONS:.1f} s; {len(project.links):,} links, "
        f"{len(risks)} risks; target < 5 s)"
    )


if __name__ == "__main__":
    main()
