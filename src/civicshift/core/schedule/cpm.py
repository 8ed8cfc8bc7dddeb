"""The critical path method in working time, as Microsoft Project computes it.

``schedule(project)`` gives every task's early and late dates, its total and free float and
whether it is critical, and the critical path. Underneath, ``passes(network, durations)`` runs
the forward and backward passes over a compiled ``network.Network`` for one set of durations
(shape ``(n,)``) or for ``k`` at once (shape ``(k, n)``: the schedule-risk simulation's
iterations), returning absolute minutes (``calendar.to_minutes``) of the same shape.

Method (``../shared/notes/msproject-scheduling.md``, after MPXJ's ``MicrosoftScheduler`` and
Microsoft's field documentation; each rule is tested against files Project saved):

* Forward pass, one topological level at a time: a link's candidate start is the predecessor's
  finish (FS) or start (SS) plus the lag, or its finish (FF) or start (SF) plus the lag minus
  the successor's duration; a working lag counts on the successor's calendar, an elapsed one
  on the wall clock, a percentage of the predecessor's duration. The candidate is normalised
  to the next working moment, except for a milestone, which may sit at the end of a working
  period (Wednesday 17:00). The early start is the latest candidate; a task with no
  predecessor starts at the project start. Constraints are applied after the links and win
  over them (``honor_constraints``): SNET/FNET push, SNLT/FNLT pull, MSO/MFO pin. Actual
  dates are kept as given. A phase (summary task) runs from its earliest task's start to its
  latest task's finish; a link into a phase applies to every task under it.
* Backward pass: the project finish is the latest early finish; a task with no successor must
  finish by it, and no late finish is later. The candidates mirror the forward ones; late
  constraints (MSO, MFO, SNLT, FNLT) and deadlines pull the late finish. A link *from* a
  phase binds, going backwards, every task under it (FS/FF) or its earliest-starting task
  (SS/SF).
* Float is measured in working minutes on the task's own calendar: start float LS − ES,
  finish float LF − EF, total float the smaller (the finish float once the task has
  started), and may be negative: a constraint the logic cannot meet shows as negative float
  on the chain that drives it, with a warning naming the task. Free float is the smallest gap
  to a successor's linked date less the lag (never negative). A task is critical when its
  total float is at most ``critical_slack_limit_days`` and it is not complete.
* ALAP tasks take their late dates, and a second forward pass moves their successors.

Speed: every step of a level is a handful of numpy operations over that level's tasks and
links (``np.maximum.at`` for the latest candidate), and converting between date-times and
working time is a ``searchsorted`` over the calendar's intervals, so a plan costs a few numpy
calls per level, not per task. A network of n tasks in a single chain has n levels; there the
per-level overhead dominates (about 40 µs a level).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from civicshift.core.schedule.calendar import from_minutes
from civicshift.core.schedule.model import Project, Schedule, TaskSchedule
from civicshift.core.schedule.network import (
    ALAP,
    FF,
    FNET,
    FNLT,
    FS,
    MFO,
    MSO,
    NONE,
    SF,
    SNET,
    SNLT,
    SS,
    Network,
    compile_network,
)

__all__ = ["Passes", "compile_network", "passes", "schedule"]

BIG = np.iinfo(np.int64).max // 4


@dataclass(eq=False)
class Passes:
    """Absolute minutes, shape ``(k, n)`` (or ``(n,)`` when the durations were 1-D)."""

    early_start: np.ndarray
    early_finish: np.ndarray
    late_start: np.ndarray
    late_finish: np.ndarray
    finish: np.ndarray  # the project finish per row
    start: np.ndarray  # what Project shows as Start (late dates for ALAP tasks)
    end: np.ndarray


class _Ops:
    """Conversions on the tasks' calendars, vectorised (grouped by calendar when a plan has
    several)."""

    def __init__(self, net: Network) -> None:
        self.net = net

    def _apply(self, method: str, cal: np.ndarray, values: np.ndarray) -> np.ndarray:
        cals = self.net.calendars
        if self.net.single_calendar:
            return getattr(cals[0], method)(values)
        out = np.empty_like(values)
        cal = np.broadcast_to(cal, values.shape)
        for c in np.unique(cal):
            mask = cal == c
            out[mask] = getattr(cals[int(c)], method)(values[mask])
        return out

    def off(self, cal, minutes):
        return self._apply("to_offset", cal, minutes)

    def start_at(self, cal, offsets):
        return self._apply("from_offset_start", cal, offsets)

    def finish_at(self, cal, offsets):
        return self._apply("from_offset_finish", cal, offsets)

    def finish_of(self, idx, es, dur):
        """Early finish from start: working duration on the task's calendar (an exact fill
        ends at the interval's end), elapsed on the wall clock, a milestone where it starts."""
        net = self.net
        cal = net.cal[idx]
        ef = self.finish_at(cal, self.off(cal, es) + dur)
        ef = np.where(net.elapsed[idx], es + dur, ef)
        return np.where(net.milestone[idx], es, ef)

    def start_of(self, idx, ef, dur):
        net = self.net
        cal = net.cal[idx]
        es = self.start_at(cal, self.off(cal, ef) - dur)
        es = np.where(net.elapsed[idx], ef - dur, es)
        return np.where(net.milestone[idx], ef, es)

    def as_start(self, idx, moments):
        """Normalised as a start on each task's calendar (a milestone stays at a finish)."""
        cal = self.net.cal[idx]
        w = self.off(cal, moments)
        return np.where(self.net.milestone[idx], self.finish_at(cal, w), self.start_at(cal, w))


def _lags(net: Network, seg: np.ndarray, dur: np.ndarray) -> np.ndarray:
    lag = np.broadcast_to(net.lag[seg], dur[..., net.lp[seg]].shape).astype(np.int64)
    pct = net.lag_percent[seg]
    if np.isnan(pct).all():
        return lag
    share = np.round(np.nan_to_num(pct) / 100.0 * dur[..., net.lp[seg]]).astype(np.int64)
    return np.where(np.isnan(pct), lag, share)


def _forward(net: Network, ops: _Ops, dur: np.ndarray, pin: np.ndarray | None):
    k, n = dur.shape
    es = np.full((k, n), NONE, dtype=np.int64)
    ef = np.full((k, n), NONE, dtype=np.int64)
    order = np.argsort(net.level[net.ls], kind="stable")
    link_levels = net.level[net.ls][order]
    bounds = np.searchsorted(link_levels, np.arange(len(net.levels) + 1))
    child_order = np.argsort(net.level[net.parent], kind="stable")
    child_levels = net.level[net.parent][child_order]
    child_bounds = np.searchsorted(child_levels, np.arange(len(net.levels) + 1))
    for lvl, nodes in enumerate(net.levels):
        leaves = nodes[~net.summary[nodes]]
        if leaves.size:
            raw_finish = None
            seg = order[bounds[lvl] : bounds[lvl + 1]]
            cand = np.full((k, n), NONE, dtype=np.int64) if seg.size else None
            if seg.size:
                p, s, t = net.lp[seg], net.ls[seg], net.lt[seg]
                base = np.where((t == FS) | (t == FF), ef[:, p], es[:, p])
                lag = _lags(net, seg, dur)
                cal = net.cal[s]
                w = ops.off(cal, base) + lag
                if net.lag_elapsed[seg].any():
                    wall = base + lag
                    w = np.where(net.lag_elapsed[seg], ops.off(cal, wall), w)
                finish_link = (t == FF) | (t == SF)
                d = dur[:, s]
                working = ~net.elapsed[s]
                # FS/SS: the start; FF/SF: the finish, then back by the duration.
                ws = np.where(finish_link & working, w - d, w)
                c = np.where(net.milestone[s], ops.finish_at(cal, ws), ops.start_at(cal, ws))
                if (finish_link & ~working).any():  # elapsed successor: the wall clock
                    c = np.where(finish_link & ~working, ops.finish_at(cal, w) - d, c)
                c = np.where((t == FF) & (c < net.start), net.start, c)
                np.maximum.at(cand, (slice(None), s), c)
                got = cand[:, leaves]
                # A finish link sets the finish as the moment it names, not normalised:
                # SF from a start at Monday 08:00 finishes at Monday 08:00 (Project stores
                # that, not Friday 17:00, in mpxj_mspdirelations.xml, UID 5).
                if finish_link.any():
                    raw = np.where(t == SF, ops.start_at(cal, w), ops.finish_at(cal, w))
                    raw = np.where(finish_link & working & ~net.milestone[s], raw, NONE)
                    raw_f = np.full((k, n), NONE, dtype=np.int64)
                    np.maximum.at(raw_f, (slice(None), s), raw)
                    raw_finish = raw_f[:, leaves]
            else:
                got = np.full((k, leaves.size), NONE, dtype=np.int64)
            # No predecessor: the project start, as a start (a milestone too: 08:00).
            lcal = net.cal[leaves]
            first = ops.start_at(lcal, ops.off(lcal, np.full(leaves.size, net.start)))
            value = np.where(got == NONE, first, got)
            value = _forward_constraints(net, ops, leaves, value, dur[:, leaves])
            if pin is not None:
                pinned = pin[:, leaves]
                value = np.where(pinned != NONE, pinned, value)
            actual = net.actual_start[leaves]
            value = np.where(actual != NONE, actual, value)
            es[:, leaves] = value
            finish = ops.finish_of(leaves, value, dur[:, leaves])
            if raw_finish is not None:
                lcal = net.cal[leaves]
                same = ops.off(lcal, np.maximum(raw_finish, net.start)) == ops.off(lcal, finish)
                finish = np.where(same & (raw_finish > finish), raw_finish, finish)
            actual_f = net.actual_finish[leaves]
            ef[:, leaves] = np.where(actual_f != NONE, actual_f, finish)
        phases = nodes[net.summary[nodes]]
        if phases.size:
            cseg = child_order[child_bounds[lvl] : child_bounds[lvl + 1]]
            lo = np.full((k, n), BIG, dtype=np.int64)
            hi = np.full((k, n), NONE, dtype=np.int64)
            np.minimum.at(lo, (slice(None), net.parent[cseg]), es[:, net.child[cseg]])
            np.maximum.at(hi, (slice(None), net.parent[cseg]), ef[:, net.child[cseg]])
            es[:, phases] = lo[:, phases]
            ef[:, phases] = hi[:, phases]
    return es, ef


def _forward_constraints(net, ops, idx, es, dur):
    kind = net.constraint[idx]
    if not (kind > ALAP).any():
        return es
    at = net.constraint_at[idx]
    honor = net.project.honor_constraints
    safe = np.where(at == NONE, net.start, at)
    finish_based = ops.start_of(idx, np.broadcast_to(safe, es.shape), dur)
    # A start-no-earlier-than date on a day off moves to the next working moment (Project
    # stores Monday 08:00 for a Saturday SNET in mpxj_legacy_sample.xml, UIDs 6–8).
    at = np.where(kind == SNET, ops.as_start(idx, safe), at)
    no_preds = ~net.has_preds[idx]
    out = es
    out = np.where((kind == SNET) & no_preds, at, out)
    out = np.where((kind == SNET) & ~no_preds, np.maximum(out, at), out)
    out = np.where((kind == FNET) & no_preds, finish_based, out)
    out = np.where((kind == FNET) & ~no_preds, np.maximum(out, finish_based), out)
    if honor:
        out = np.where(kind == SNLT, np.minimum(out, at), out)
        out = np.where(kind == FNLT, np.minimum(out, finish_based), out)
        out = np.where(kind == MSO, at, out)
        out = np.where(kind == MFO, finish_based, out)
    else:
        out = np.where(kind == MSO, np.maximum(out, at), out)
        out = np.where(kind == MFO, np.maximum(out, finish_based), out)
    return out


def _backward_links(net: Network, es: np.ndarray):
    """Links for the backward pass: a phase's outgoing links bind its tasks (every one for
    FS/FF, the earliest-starting one for SS/SF, by the first row's early starts)."""
    from_phase = net.summary[net.lp]
    if not from_phase.any():
        return net.lp, net.ls, net.lt, net.lag, net.lag_elapsed, net.lag_percent
    keep = np.nonzero(~from_phase)[0]
    parts = [keep]
    preds = [net.lp[keep]]
    for i in np.nonzero(from_phase)[0]:
        leaves = net.leaves_of[int(net.lp[i])]
        if net.lt[i] in (SS, SF):
            leaves = leaves[[int(np.argmin(es[0, leaves]))]]
        parts.append(np.full(leaves.size, i))
        preds.append(leaves)
    src = np.concatenate(parts)
    return (
        np.concatenate(preds),
        net.ls[src],
        net.lt[src],
        net.lag[src],
        net.lag_elapsed[src],
        net.lag_percent[src],
    )


def _backward(net: Network, ops: _Ops, dur: np.ndarray, es, ef):
    k, n = dur.shape
    leaves_mask = ~net.summary
    finish = np.where(leaves_mask, ef, NONE).max(axis=1)
    ls = np.full((k, n), BIG, dtype=np.int64)
    lf = np.full((k, n), BIG, dtype=np.int64)
    bp, bs, bt, blag, belapsed, bpct = _backward_links(net, es)
    order = np.argsort(net.level[bp], kind="stable")
    link_levels = net.level[bp][order]
    bounds = np.searchsorted(link_levels, np.arange(len(net.levels) + 1))
    for lvl in range(len(net.levels) - 1, -1, -1):
        nodes = net.levels[lvl]
        leaves = nodes[leaves_mask[nodes]]
        if not leaves.size:
            continue
        cand = np.broadcast_to(finish[:, None], (k, n)).copy()
        seg = order[bounds[lvl] : bounds[lvl + 1]]
        if seg.size:
            p, s, t = bp[seg], bs[seg], bt[seg]
            lag = np.broadcast_to(blag[seg], (k, seg.size)).astype(np.int64)
            if not np.isnan(bpct[seg]).all():
                share = np.round(np.nan_to_num(bpct[seg]) / 100.0 * dur[:, p]).astype(np.int64)
                lag = np.where(np.isnan(bpct[seg]), lag, share)
            base = np.where((t == FS) | (t == SS), ls[:, s], lf[:, s])
            scal = net.cal[s]
            w = ops.off(scal, base) - lag
            if belapsed[seg].any():
                w = np.where(belapsed[seg], ops.off(scal, base - lag), w)
            start_link = (t == SS) | (t == SF)
            moment = np.where(start_link, ops.start_at(scal, w), ops.finish_at(scal, w))
            pcal = net.cal[p]
            as_finish = ops.finish_at(pcal, ops.off(pcal, moment))
            c = np.where(start_link, ops.finish_of(p, moment, dur[:, p]), as_finish)
            np.minimum.at(cand, (slice(None), p), c)
        value = np.minimum(cand[:, leaves], finish[:, None])
        value = _backward_constraints(net, ops, leaves, value, dur[:, leaves])
        lf[:, leaves] = value
        ls[:, leaves] = ops.start_of(leaves, value, dur[:, leaves])
    # Phases: rolled up from their tasks, children before parents.
    for nodes in net.levels:
        for ph in nodes[net.summary[nodes]].tolist():
            kids = net.child[net.parent == ph]
            ls[:, ph] = ls[:, kids].min(axis=1)
            lf[:, ph] = lf[:, kids].max(axis=1)
    return ls, lf, finish


def _backward_constraints(net, ops, idx, lf, dur):
    kind = net.constraint[idx]
    at = net.constraint_at[idx]
    dead = net.deadline[idx]
    out = lf
    if (kind > ALAP).any() and net.project.honor_constraints:
        safe = np.where(at == NONE, net.start, at)
        start_based = ops.finish_of(idx, np.broadcast_to(safe, lf.shape), dur)
        out = np.where(kind == MSO, start_based, out)
        out = np.where(kind == MFO, at, out)
        out = np.where(kind == SNLT, np.minimum(out, start_based), out)
        out = np.where(kind == FNLT, np.minimum(out, at), out)
    if (dead != NONE).any():
        out = np.where(dead != NONE, np.minimum(out, dead), out)
    return out


def passes(net: Network, durations: np.ndarray | None = None) -> Passes:
    """Forward and backward passes; ``durations`` in minutes, ``(n,)`` or ``(k, n)``
    (default: the plan's own durations)."""
    dur = net.duration if durations is None else np.asarray(durations, dtype=np.int64)
    flat = dur.ndim == 1
    dur2 = dur[None, :] if flat else dur
    ops = _Ops(net)
    es, ef = _forward(net, ops, dur2, None)
    ls, lf, finish = _backward(net, ops, dur2, es, ef)
    start, end = es, ef
    alap = (net.constraint == ALAP) & ~net.summary
    if alap.any():
        pin = np.full_like(es, NONE)
        pin[:, alap] = ls[:, alap]
        start, end = _forward(net, ops, dur2, pin)
    if flat:
        return Passes(es[0], ef[0], ls[0], lf[0], finish[:1], start[0], end[0])
    return Passes(es, ef, ls, lf, finish, start, end)


def _floats(net: Network, ops: _Ops, r: Passes):
    cal = net.cal
    start_float = ops.off(cal, r.late_start) - ops.off(cal, r.early_start)
    finish_float = ops.off(cal, r.late_finish) - ops.off(cal, r.early_finish)
    total = np.minimum(start_float, finish_float)
    started = net.actual_start != NONE
    total = np.where(started, finish_float, total)
    alap = net.constraint == ALAP
    total = np.where(alap & ~net.summary, 0, total)
    free = total.copy()
    if net.lp.size:
        bp, bs, bt, blag, _e, bpct = _backward_links(net, r.early_start[None, :])
        pcal = cal[bp]
        es_s = r.start[bs]
        ef_s = r.end[bs]
        es_p = r.start[bp]
        ef_p = r.end[bp]
        lag = blag.astype(np.int64)
        if not np.isnan(bpct).all():
            share = np.round(np.nan_to_num(bpct) / 100.0 * net.duration[bp]).astype(np.int64)
            lag = np.where(np.isnan(bpct), lag, share)
        a = np.where((bt == FS) | (bt == FF), ef_p, es_p)
        b = np.where((bt == FS) | (bt == SS), es_s, ef_s)
        gap = ops.off(pcal, b) - ops.off(pcal, a) - lag
        live = ~net.complete[bs]
        smallest = np.full(net.n, BIG, dtype=np.int64)
        np.minimum.at(smallest, bp[live], gap[live])
        free = np.where(smallest < BIG, np.minimum(np.maximum(smallest, 0), total), total)
    free = np.where(net.complete, 0, np.maximum(free, 0))
    free = np.where(alap & ~net.summary, 0, free)
    return start_float, finish_float, total, free


def _conflicts(net: Network, total: np.ndarray, minutes_per_day: int) -> list[str]:
    """A warning for each date the logic cannot meet: a task with a constraint or a deadline
    whose own float, or whose predecessors' float, is negative (with constraints honoured the
    task keeps its date and the chain that drives it goes negative)."""
    out = []
    for i in np.nonzero(~net.summary & ((net.constraint > ALAP) | (net.deadline != NONE)))[0]:
        worst = min(int(total[i]), int(total[net.lp[net.ls == i]].min(initial=0)))
        if worst >= 0:
            continue
        name = f" ({net.names[i]})" if net.names[i] else ""
        what = "date constraint" if net.constraint[i] > ALAP else "deadline"
        out.append(
            f"task {net.ids[i]}{name} cannot meet its {what}: {-worst / minutes_per_day:g} "
            "working days of negative float"
        )
    return out


def schedule(project: Project) -> Schedule:
    """Every task's dates and float, and the critical path (see the module docstring)."""
    net = compile_network(project)
    if net.n == 0:
        return Schedule(project.start, project.start, {}, ())
    r = passes(net)
    ops = _Ops(net)
    start_float, finish_float, total, free = _floats(net, ops, r)
    limit = project.critical_slack_limit_days * project.minutes_per_day
    critical = (total <= limit) & ~net.complete
    leaves = ~net.summary
    for ph, kids in net.leaves_of.items():
        critical[ph] = bool(critical[kids].any()) if kids.size else False
    tasks = {}
    for i, task_id in enumerate(net.ids):
        tasks[task_id] = TaskSchedule(
            task_id=task_id,
            early_start=from_minutes(r.early_start[i]),
            early_finish=from_minutes(r.early_finish[i]),
            late_start=from_minutes(r.late_start[i]),
            late_finish=from_minutes(r.late_finish[i]),
            start=from_minutes(r.start[i]),
            finish=from_minutes(r.end[i]),
            total_float_minutes=int(total[i]),
            free_float_minutes=int(free[i]),
            start_float_minutes=int(start_float[i]),
            finish_float_minutes=int(finish_float[i]),
            critical=bool(critical[i]),
        )
    warnings = _conflicts(net, total, project.minutes_per_day)
    path_idx = np.nonzero(critical & leaves)[0]
    path_idx = path_idx[np.argsort(r.early_start[path_idx], kind="stable")]
    finish = from_minutes(int(r.finish[0]))
    return Schedule(
        project_start=(
            from_minutes(int(r.early_start[leaves].min())) if leaves.any() else project.start
        ),
        project_finish=finish,
        tasks=tasks,
        critical_path=tuple(net.ids[i] for i in path_idx),
        warnings=tuple(warnings),
    )
