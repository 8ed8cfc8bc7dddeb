"""Compile a :class:`~civicshift.core.schedule.model.Project` into numpy arrays for the passes.

What :func:`compile_network` does, in Microsoft Project's order
(../shared/notes/msproject-scheduling.md, checklist items 3, 8 and 14):

* keeps the active leaf tasks (inactive tasks and their links are dropped; summary tasks are
  rolled up afterwards by ``cpm``);
* expands links on summary tasks to leaves (MPXJ ``createSummaryTaskRelationship``): FS/FF from
  a summary → every leaf below it; SS/SF from a summary → its first leaf in outline order (Project
  uses the earliest-starting leaf; the first one is the usual case and needs no extra pass); a
  link into a summary → every leaf below it;
* gives every task a calendar table (its own calendar, the project's, or a 24 × 7 one when its
  duration is elapsed) and unrolls the tables (``calendar.WorkingTime``) from an epoch 400 days
  before the earliest date in the plan;
* orders tasks by topological level (Kahn's algorithm, a few numpy calls per level) and sorts links
  by their successor's level (forward pass) and by their predecessor's level (backward pass), so
  that each level is one contiguous slice;
* validates: unknown task or calendar ids, negative durations and cycles raise ScheduleError
  naming the task(s); a cycle is listed in link order.

Constraint dates, deadlines, actual and manual dates become offsets on the task's calendar.
Progressed tasks (ActualStart / ActualFinish): those dates are fixed, MPXJ's simplification.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from civicshift.core.schedule.calendar import HorizonError, WorkingTime
from civicshift.core.schedule.model import (
    Calendar,
    ConstraintType,
    LinkType,
    Project,
    ScheduleError,
    Task,
    WorkingPeriod,
)

__all__ = ["Network", "compile_network", "CONSTRAINT_CODES", "LINK_CODES"]

LINK_CODES = {LinkType.FS: 0, LinkType.SS: 1, LinkType.FF: 2, LinkType.SF: 3}
CONSTRAINT_CODES = {c: i for i, c in enumerate(ConstraintType)}  # ASAP 0 … FNLT 7
NONE = np.iinfo(np.int64).max // 4  # "no date" sentinel, still safe to add durations to
ELAPSED = Calendar("__elapsed__", "Elapsed (24 × 7)", week=((WorkingPeriod(0, 1440),),) * 7)


@dataclass
class Network:
    """The plan as arrays. Public arrays are in ``task_ids`` order (the plan's order of the
    scheduled tasks); ``pos`` maps that order to the internal level order."""

    task_ids: list[str]
    tasks: list[Task]
    calendars: list[Calendar]
    tables: list[WorkingTime]
    epoch: datetime
    horizon_days: int
    cal: np.ndarray  # (n,) calendar index of each task, plan order
    duration: np.ndarray  # (n,) minutes, plan order
    pos: np.ndarray  # plan index -> level-order position
    order: np.ndarray  # level-order position -> plan index
    level: np.ndarray  # (n,) topological level, plan order
    level_ptr: np.ndarray  # task slice of each level in level order
    # links in plan indices (pred, succ, type code, working lag, elapsed lag, percent or nan)
    pred: np.ndarray
    succ: np.ndarray
    ltype: np.ndarray
    lag: np.ndarray
    lag_elapsed: np.ndarray
    lag_pct: np.ndarray
    constraint: np.ndarray  # (n,) CONSTRAINT_CODES
    constraint_minute: np.ndarray  # absolute minute from the epoch, NONE when unset
    deadline_minute: np.ndarray
    fixed_start_minute: np.ndarray  # actual or manual start, NONE when unset
    fixed_finish_minute: np.ndarray
    has_pred: np.ndarray
    start_minute: int
    honor_constraints: bool
    project_calendar: int
    critical_limit: int = 0  # minutes: CriticalSlackLimit × minutes per day
    summaries: list[tuple[int, list[int]]] = field(default_factory=list)  # (task index, leaves)
    all_tasks: list[Task] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.task_ids)

    def minute(self, when: datetime) -> int:
        return int((when - self.epoch) // timedelta(minutes=1))

    def datetime(self, minute: int) -> datetime:
        return self.epoch + timedelta(minutes=int(minute))

    def extend(self) -> None:
        """Unroll every calendar over twice the horizon (offsets keep their values)."""
        self.horizon_days *= 2
        if self.horizon_days > 366 * 400:
            raise ScheduleError("the plan runs beyond four centuries of working time")
        self.tables = [WorkingTime(c, self.epoch, self.horizon_days) for c in self.calendars]

    def offsets(self, minutes: np.ndarray, cal: np.ndarray) -> np.ndarray:
        """Absolute minutes -> working offsets on each element's calendar (NONE stays NONE)."""
        out = np.full(minutes.shape, NONE, dtype=np.int64)
        for c in np.unique(cal):
            sel = (cal == c) & (minutes != NONE)
            out[sel] = self.tables[c].to_offset(minutes[sel])
        return out


def _leaves_and_summaries(tasks: list[Task]) -> tuple[list[bool], dict[int, list[int]]]:
    """Which tasks are summaries, and every summary's leaf descendants (outline order)."""
    n = len(tasks)
    summary = [
        t.summary or (i + 1 < n and tasks[i + 1].outline_level > t.outline_level)
        for i, t in enumerate(tasks)
    ]
    leaves: dict[int, list[int]] = {}
    stack: list[int] = []
    for i, t in enumerate(tasks):
        while stack and tasks[stack[-1]].outline_level >= t.outline_level:
            stack.pop()
        if summary[i]:
            leaves[i] = []
        else:
            for s in stack:
                leaves[s].append(i)
        if summary[i]:
            stack.append(i)
    return summary, leaves


def _levels(n: int, pred: np.ndarray, succ: np.ndarray) -> np.ndarray:
    """Topological level of each task (longest chain of links before it); -1 on a cycle."""
    return _level_order(n, pred, succ)[0]


def _level_order(
    n: int, pred: np.ndarray, succ: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Topological ``level`` of each task (-1 on a cycle), the tasks in level ``order`` and
    ``level_ptr`` (level L is ``order[level_ptr[L]:level_ptr[L + 1]]``).

    Kahn's algorithm one frontier (level) at a time, about nine numpy calls per level: the
    out-links sit in an (n, w) table padded with a dummy task n, w a small multiple of the mean
    out-degree; a task with more out-links than w keeps the rest in CSR ranges, read only on the
    levels that hold such a task (its row's last cell is a marker task n + 1 whose count then
    drops). A task reached by several links of the frontier is kept once
    by writing each candidate's rank into a scratch array and keeping the copies whose rank
    survived (cheaper than ``np.unique`` on these small arrays). Tasks inside a level are in the
    order Kahn reaches them."""
    m = len(pred)
    indeg = np.bincount(succ, minlength=n + 2)
    indeg[n] = n * 32 + m + 1  # the padding task is never ready
    indeg[n + 1] = n + 1  # nor the marker that counts the heavy tasks met
    outdeg = np.bincount(pred, minlength=n)
    by_pred = np.arange(m) if not m or (pred[1:] >= pred[:-1]).all() else np.argsort(pred)
    succ_sorted = succ[by_pred].astype(np.int64)
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(outdeg, out=ptr[1:])
    width = min(int(outdeg.max()) if n and m else 0, max(4, -(-4 * m // max(n, 1))), 32)
    width = max(width, 1)
    heavy = outdeg > width
    # a heavy task's row holds width - 1 links and the marker n + 1, the rest are CSR ranges
    room = np.where(heavy, width - 1, width)
    table = np.full((n, width), n, dtype=np.int64)  # int64: int32 indices index 4x slower
    rows = pred[by_pred]
    col = np.arange(m) - ptr[rows]
    fits = col < room[rows]
    table[rows[fits], col[fits]] = succ_sorted[fits]
    table[heavy, width - 1] = n + 1
    ov_lo = ptr[:-1] + room
    ov_cnt = outdeg - room
    scratch = np.zeros(n + 2, dtype=np.int64)
    marker = int(indeg[n + 1])
    rank = np.arange(max(n, m) + 1)
    subtract_at = np.subtract.at
    take = table.take  # 3x quicker than table[frontier] on a few rows
    frontier = np.flatnonzero(indeg[:n] == 0)
    parts = []
    while frontier.size:
        parts.append(frontier)
        nxt = take(frontier, axis=0).ravel()  # padding n included: its count never reaches 0
        subtract_at(indeg, nxt, 1)
        if indeg[n + 1] != marker:  # a heavy task is in the frontier
            marker = int(indeg[n + 1])
            h = frontier[heavy[frontier]]
            cnt = ov_cnt[h]
            first = np.cumsum(cnt) - cnt
            more = succ_sorted[np.repeat(ov_lo[h] - first, cnt) + rank[: int(cnt.sum())]]
            subtract_at(indeg, more, 1)
            nxt = np.concatenate([nxt, more])
        ready = nxt[indeg[nxt] == 0]
        k = rank[: ready.size]
        scratch[ready] = k
        frontier = ready[scratch[ready] == k]
    sizes = np.array([f.size for f in parts], dtype=np.int64)
    level_ptr = np.zeros(len(parts) + 1, dtype=np.int64)
    np.cumsum(sizes, out=level_ptr[1:])
    placed = np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)
    level = np.full(n, -1, dtype=np.int64)
    level[placed] = np.repeat(np.arange(len(parts)), sizes)
    return level, placed, level_ptr


def _cycle(level: np.ndarray, pred: np.ndarray, succ: np.ndarray) -> list[int]:
    """One cycle among the tasks Kahn's algorithm could not place, in link order."""
    left = level < 0
    inside = left[pred] & left[succ]
    back = dict(zip(succ[inside].tolist(), pred[inside].tolist(), strict=True))
    node = int(np.flatnonzero(left)[0])
    seen: dict[int, int] = {}
    path: list[int] = []
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = back[node]
    cycle = path[seen[node] :]
    return cycle[::-1]


def compile_network(project: Project) -> Network:
    """The project's arrays (see the module docstring); raises ScheduleError on bad input."""
    all_tasks = list(project.tasks)
    index: dict[str, int] = {}
    for i, t in enumerate(all_tasks):
        if t.id in index:
            raise ScheduleError("two tasks have this id", task_id=t.id, task_name=t.name)
        index[t.id] = i
    cal_index = {c.id: k for k, c in enumerate(project.calendars)}
    if project.calendar_id not in cal_index:
        raise ScheduleError(
            f"the project calendar {project.calendar_id!r} does not exist", element="calendars"
        )
    summary, leaves = _leaves_and_summaries(all_tasks)
    kept = [i for i, t in enumerate(all_tasks) if t.active and not summary[i]]
    plan = {i: k for k, i in enumerate(kept)}
    tasks = [all_tasks[i] for i in kept]
    calendars = list(project.calendars) + [ELAPSED]
    elapsed_cal = len(calendars) - 1
    cal = np.empty(len(tasks), dtype=np.int64)
    dur = np.empty(len(tasks), dtype=np.int64)
    for k, t in enumerate(tasks):
        if t.duration.minutes < 0:
            raise ScheduleError("the duration is negative", task_id=t.id, task_name=t.name)
        if t.calendar_id is not None and t.calendar_id not in cal_index:
            raise ScheduleError(
                f"the task's calendar {t.calendar_id!r} does not exist",
                task_id=t.id,
                task_name=t.name,
            )
        dur[k] = t.duration.minutes
        if t.duration.elapsed:
            cal[k] = elapsed_cal
        else:
            cal[k] = cal_index[project.calendar_id if t.calendar_id is None else t.calendar_id]

    # links, expanded to leaves
    rows: list[tuple[int, int, int, int, int, float]] = []
    for link in project.links:
        for end in (link.predecessor, link.successor):
            if end not in index:
                other = link.successor if end == link.predecessor else link.predecessor
                t = all_tasks[index[other]] if other in index else None
                raise ScheduleError(
                    f"a link refers to task {end!r}, which does not exist",
                    task_id=other,
                    task_name=t.name if t else None,
                )
        p, s = index[link.predecessor], index[link.successor]
        code = LINK_CODES[LinkType(link.type)]
        ps = (leaves[p] if code in (0, 2) else leaves[p][:1]) if summary[p] else [p]
        ss = leaves[s] if summary[s] else [s]
        lag = link.lag
        pct = np.nan if lag.percent is None else float(lag.percent)
        # a percentage lag (e% too) is working time on the successor's calendar
        work, wall = (0, lag.minutes) if lag.elapsed else (lag.minutes, 0)
        if lag.percent is not None:
            work = wall = 0
        for a in ps:
            for b in ss:
                if a in plan and b in plan:
                    rows.append((plan[a], plan[b], code, work, wall, pct))
    arr = np.array(rows, dtype=np.float64).reshape(-1, 6)
    pred = arr[:, 0].astype(np.int64)
    succ = arr[:, 1].astype(np.int64)
    n = len(tasks)
    level, order, level_ptr = _level_order(n, pred, succ)
    if (level < 0).any():
        cyc = _cycle(level, pred, succ)
        ids = tuple(tasks[k].id for k in cyc)
        names = " → ".join(f"{tasks[k].id} ({tasks[k].name})" for k in cyc + cyc[:1])
        first = tasks[cyc[0]]
        raise ScheduleError(
            f"these tasks form a cycle of links: {names}",
            task_id=first.id,
            task_name=first.name,
            task_ids=ids,
        )
    pos = np.empty(n, dtype=np.int64)
    pos[order] = np.arange(n)

    def minutes(values: list[datetime | None]) -> np.ndarray:
        return np.array(
            [NONE if v is None else (v - epoch) // timedelta(minutes=1) for v in values],
            dtype=np.int64,
        )

    dates = [project.start] + [
        d
        for t in tasks
        for d in (t.constraint_date, t.deadline, t.actual_start, t.manual_start)
        if d is not None
    ]
    epoch = datetime.combine(min(dates).date(), datetime.min.time()) - timedelta(days=400)
    fixed_start = [t.actual_start or (t.manual_start if t.manual else None) for t in tasks]
    fixed_finish = [t.actual_finish or (t.manual_finish if t.manual else None) for t in tasks]
    net = Network(
        task_ids=[t.id for t in tasks],
        tasks=tasks,
        calendars=calendars,
        tables=[],
        epoch=epoch,
        horizon_days=max(2048, (max(dates) - epoch).days * 2),
        cal=cal,
        duration=dur,
        pos=pos,
        order=order,
        level=level,
        level_ptr=level_ptr,
        pred=pred,
        succ=succ,
        ltype=arr[:, 2].astype(np.int64),
        lag=arr[:, 3].astype(np.int64),
        lag_elapsed=arr[:, 4].astype(np.int64),
        lag_pct=arr[:, 5],
        constraint=np.array([CONSTRAINT_CODES[ConstraintType(t.constraint)] for t in tasks]),
        constraint_minute=minutes([t.constraint_date for t in tasks]),
        deadline_minute=minutes([t.deadline for t in tasks]),
        fixed_start_minute=minutes(fixed_start),
        fixed_finish_minute=minutes(fixed_finish),
        has_pred=np.bincount(succ, minlength=n) > 0,
        start_minute=int((project.start - epoch) // timedelta(minutes=1)),
        honor_constraints=project.honor_constraints,
        project_calendar=cal_index[project.calendar_id],
        critical_limit=project.critical_slack_limit_days * project.minutes_per_day,
        all_tasks=all_tasks,
    )
    net.horizon_days //= 2
    net.extend()
    net.summaries = [(i, [plan[x] for x in leaves[i] if x in plan]) for i in leaves]
    while True:
        try:
            net.offsets(net.constraint_minute, cal)
            break
        except HorizonError:
            net.extend()
    return net
