"""Draws for the schedule-risk simulation: task durations and risk events, one stream each.

Durations
    A task with a three-point estimate (``Task.estimate``) is drawn from PERT, Beta(α, β) on
    [optimistic, pessimistic] with α = 1 + 4(m − a)/(b − a), β = 1 + 4(b − m)/(b − a) (Malcolm
    et al. 1959; Vose, *Risk Analysis*, 3rd ed., 2008), or from the triangular distribution;
    every draw consumes one uniform u and goes through the business case's inverse CDFs
    (``montecarlo.pert_ppf``, tabulated within 1e-5 of the range, and ``triangular_ppf``, closed
    form), imported, not copied. Tasks are grouped by the shape (m − a)/(b − a): one call of the
    inverse CDF a shape on the unit interval, then scaled, so a plan whose estimates repeat a few
    shapes (whole days do) builds few PERT tables. Draws are rounded to whole minutes, the unit
    of every duration in the plan (``model``), so the engine's passes stay exact in integers.
    Tasks without an estimate, summary and inactive tasks, and finished tasks keep their
    duration. A task in progress keeps the done share of its likely duration and draws the rest:
    d = p·m + (1 − p)·draw for p = percent complete / 100.

Risk events (``ScheduleRisk``)
    Each iteration a risk occurs when its occurrence uniform is below its probability; its
    impact (a three-point range, drawn like a duration) is then added to the duration of every
    task linked to it. Mitigated, the same uniforms are read against the mitigated probability
    and impact (common random numbers: the difference between the runs before and after
    mitigation is the mitigation's, not sampling noise).

Reproducibility
    Every task, and every risk's occurrence and impact, has its own PCG64 stream, seeded by
    ``SeedSequence(seed, spawn_key=(kind, len(id), *id's UTF-8 bytes as 32-bit words))``: keyed
    by the id, not the position, so adding, removing or reordering tasks or risks does not
    change the others' draws. One uniform per iteration in order; a chunk starting at iteration
    k reads the stream advanced by k (``PCG64.advance``), as ``core.montecarlo`` does, so the
    draws do not depend on the chunk size.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from civicshift.core.montecarlo import pert_ppf, triangular_ppf
from civicshift.core.schedule.model import Project, ScheduleError, Task, ThreePoint

__all__ = ["DISTRIBUTIONS", "Draws", "ScheduleRisk", "draw_durations", "drawn_task_ids"]

DISTRIBUTIONS = ("pert", "triangular")

_TASK, _OCCURRENCE, _IMPACT = 0, 1, 2  # stream kinds (the first word of the spawn key)


@dataclass(frozen=True)
class ScheduleRisk:
    """A risk event with a schedule impact on the tasks it is linked to.

    ``probability``: the chance it occurs in a run (0–1). ``impact``: the delay it adds, when it
    occurs, to each linked task's duration (a three-point range, in the tasks' units: working
    minutes for working durations). ``mitigated_*``: the same after mitigation (None: unchanged).
    """

    id: str
    name: str
    probability: float
    impact: ThreePoint
    task_ids: tuple[str, ...]
    mitigated_probability: float | None = None
    mitigated_impact: ThreePoint | None = None


def _stream(seed: int, kind: int, key: str) -> np.random.Generator:
    data = key.encode("utf-8")
    words = np.frombuffer(data + b"\0" * (-len(data) % 4), dtype="<u4").tolist()
    sequence = np.random.SeedSequence(seed, spawn_key=(kind, len(data), *words))
    return np.random.Generator(np.random.PCG64(sequence))


def _minutes(estimate: ThreePoint, where: str, task: Task | None = None) -> tuple[int, int, int]:
    a, m, b = (estimate.optimistic, estimate.likely, estimate.pessimistic)
    task_id, name = (task.id, task.name) if task is not None else (None, None)
    if estimate.distribution not in DISTRIBUTIONS:
        raise ScheduleError(
            f"{where}: distribution must be one of {', '.join(DISTRIBUTIONS)} "
            f"(got {estimate.distribution!r})",
            task_id=task_id,
            task_name=name,
        )
    if len({a.elapsed, m.elapsed, b.elapsed}) != 1:
        raise ScheduleError(
            f"{where}: optimistic, likely and pessimistic must all be working or all elapsed",
            task_id=task_id,
            task_name=name,
        )
    if not 0 <= a.minutes <= m.minutes <= b.minutes:
        raise ScheduleError(
            f"{where}: needs 0 ≤ optimistic ≤ likely ≤ pessimistic "
            f"(got {a.minutes}, {m.minutes}, {b.minutes} minutes)",
            task_id=task_id,
            task_name=name,
        )
    return a.minutes, m.minutes, b.minutes


def _is_fixed(task: Task) -> bool:
    done = task.actual_finish is not None or task.percent_complete >= 100
    return task.estimate is None or task.summary or not task.active or task.manual or done


class _Drawer:
    """One set of three-point variables (tasks' durations or risks' impacts) grouped by shape,
    drawing chunks of iterations from their own streams."""

    def __init__(self, estimates: Sequence[tuple[int, int, int, str]], streams: Sequence):
        self.streams = list(streams)
        self.position = 0
        self.calls = 0
        low = np.array([e[0] for e in estimates], dtype=float)
        likely = np.array([e[1] for e in estimates], dtype=float)
        high = np.array([e[2] for e in estimates], dtype=float)
        self.low, self.span = low, high - low
        self.fixed = np.flatnonzero(self.span == 0)
        groups: dict[tuple[str, float], list[int]] = {}
        for i, (a, m, b, dist) in enumerate(estimates):
            if b > a:
                groups.setdefault((dist, (m - a) / (b - a)), []).append(i)
        self.groups = [(dist, r, np.array(rows)) for (dist, r), rows in groups.items()]
        self.likely = likely

    def uniforms(self, start: int, n: int) -> np.ndarray:
        """(variables, n) uniforms of iterations start … start + n − 1, one stream a row."""
        u = np.empty((len(self.streams), n))
        for row, rng in zip(u, self.streams, strict=True):
            if start != self.position:  # modulo the period: a step back is a long step on
                rng.bit_generator.advance((start - self.position) % 2**128)
            rng.random(out=row)
        self.position = start + n
        return u

    def values(self, u: np.ndarray) -> np.ndarray:
        """The variables' values at uniforms ``u`` (variables, n), in minutes (not rounded)."""
        out = np.empty_like(u)
        out[self.fixed] = self.likely[self.fixed, None]
        # pert_ppf caches the tables of its last 64 shapes: going through the groups forwards
        # and backwards in turn finds the last block's 64 at hand (each group's values do not
        # depend on the order)
        self.calls += 1
        for dist, r, rows in self.groups[:: -1 if self.calls % 2 == 0 else 1]:
            unit = (
                pert_ppf(u[rows], 0.0, r, 1.0)
                if dist == "pert"
                else triangular_ppf(u[rows], 0.0, r, 1.0)
            )
            out[rows] = self.low[rows, None] + self.span[rows, None] * unit
        return out


class Draws:
    """The simulation's random inputs for a plan: durations of shape (n_tasks, n) in whole
    minutes for any chunk of iterations, risks applied (before or after mitigation)."""

    def __init__(
        self,
        project: Project,
        seed: int,
        risks: Iterable[ScheduleRisk] = (),
        *,
        mitigated: bool = False,
    ) -> None:
        tasks = project.tasks
        self.base = np.array([t.duration.minutes for t in tasks], dtype=np.int64)
        drawn, estimates, done = [], [], []
        for i, task in enumerate(tasks):
            if _is_fixed(task):
                continue
            a, m, b = _minutes(task.estimate, "three-point duration", task)
            if task.estimate.likely.elapsed != task.duration.elapsed:
                raise ScheduleError(
                    "the three-point duration and the duration must both be working or both "
                    "elapsed",
                    task_id=task.id,
                    task_name=task.name,
                )
            drawn.append(i)
            estimates.append((a, m, b, task.estimate.distribution))
            done.append(min(max(task.percent_complete, 0.0), 100.0) / 100)
        self.drawn = np.array(drawn, dtype=np.intp)
        self.done = np.array(done)[:, None]
        self.done_minutes = np.array([e[1] for e in estimates], dtype=float)[:, None] * self.done
        self.durations = _Drawer(estimates, [_stream(seed, _TASK, tasks[i].id) for i in drawn])
        self._risks(project, seed, tuple(risks), mitigated)

    def _risks(
        self, project: Project, seed: int, risks: tuple[ScheduleRisk, ...], mitigated: bool
    ) -> None:
        index = {task.id: i for i, task in enumerate(project.tasks)}
        seen: set[str] = set()
        probabilities, impacts, links = [], [], []
        for risk in risks:
            where = f"risk {risk.id!r} ({risk.name})"
            if risk.id in seen:
                raise ScheduleError(f"{where}: two risks have this id", element="risks")
            seen.add(risk.id)
            probability = risk.probability
            impact = risk.impact
            if mitigated and risk.mitigated_probability is not None:
                probability = risk.mitigated_probability
            if mitigated and risk.mitigated_impact is not None:
                impact = risk.mitigated_impact
            if not 0 <= probability <= 1:
                raise ScheduleError(
                    f"{where}: the probability must be between 0 and 1 (got {probability!r})",
                    element="risks",
                )
            a, m, b = _minutes(impact, f"{where}, impact")
            rows = []
            for task_id in risk.task_ids:
                if task_id not in index:
                    raise ScheduleError(
                        f"{where} is linked to task {task_id!r}, which the plan does not have",
                        element="risks",
                    )
                task = project.tasks[index[task_id]]
                if task.summary:
                    raise ScheduleError(
                        f"{where} is linked to a summary task: link it to the tasks it delays",
                        task_id=task.id,
                        task_name=task.name,
                    )
                if impact.likely.elapsed != task.duration.elapsed:
                    raise ScheduleError(
                        f"{where}: its impact and the task's duration must both be working or "
                        "both elapsed",
                        task_id=task.id,
                        task_name=task.name,
                    )
                rows.append(index[task_id])
            probabilities.append(probability)
            impacts.append((a, m, b, impact.distribution))
            links.append(np.array(sorted(set(rows)), dtype=np.intp))
        self.probabilities = np.array(probabilities, dtype=float)[:, None]
        self.links = links
        self.occurrence = _Drawer(
            [(0, 0, 1, "triangular")] * len(risks),
            [_stream(seed, _OCCURRENCE, r.id) for r in risks],
        )
        self.impacts = _Drawer(impacts, [_stream(seed, _IMPACT, r.id) for r in risks])

    def raw(self, start: int, n: int) -> np.ndarray:
        """The drawn tasks' durations (drawn tasks, n) for iterations start … start + n − 1,
        in minutes, before rounding and without risks."""
        values = self.durations.values(self.durations.uniforms(start, n))
        return self.done_minutes + (1 - self.done) * values

    def chunk(self, start: int, n: int) -> np.ndarray:
        """Every task's duration (n_tasks, n), whole minutes, risks applied."""
        out = np.empty((len(self.base), n), dtype=np.int64)
        out[:] = self.base[:, None]
        if len(self.drawn):
            out[self.drawn] = np.rint(self.raw(start, n))
        if self.links:
            occurred = self.occurrence.uniforms(start, n) < self.probabilities
            delay = np.rint(self.impacts.values(self.impacts.uniforms(start, n)))
            delay *= occurred
            for rows, row_delay in zip(self.links, delay.astype(np.int64), strict=True):
                out[rows] += row_delay
        return out


def drawn_task_ids(project: Project) -> tuple[str, ...]:
    """The tasks whose durations the simulation draws (the others keep their duration)."""
    return tuple(t.id for t in project.tasks if not _is_fixed(t))


def draw_durations(
    project: Project,
    iterations: int,
    seed: int,
    *,
    start: int = 0,
    risks: Iterable[ScheduleRisk] = (),
    mitigated: bool = False,
) -> np.ndarray:
    """Every task's simulated duration in whole minutes for iterations start … start +
    iterations − 1: an array of shape (iterations, n_tasks), in the plan's task order."""
    draws = Draws(project, seed, risks, mitigated=mitigated)
    return draws.chunk(start, iterations).T
