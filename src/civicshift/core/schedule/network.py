"""A plan compiled for the passes: numpy arrays of tasks and links, and topological levels.

``compile_network(project)`` checks the plan (every message names the task), drops inactive
tasks, expands links into a phase (summary task) to every task under it, and orders the tasks
in topological **levels**: every task's predecessors (and a phase's tasks) sit in earlier
levels, so a level is computed in one vectorised step. A cycle is reported with the tasks that
form it, in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from civicshift.core.schedule.calendar import WorkingTime, to_minutes
from civicshift.core.schedule.model import ConstraintType, LinkType, Project, ScheduleError

FS, SS, FF, SF = 0, 1, 2, 3
LINK_CODE = {LinkType.FS: FS, LinkType.SS: SS, LinkType.FF: FF, LinkType.SF: SF}
CONSTRAINT_CODE = {c: i for i, c in enumerate(ConstraintType)}
ASAP, ALAP, MSO, MFO, SNET, SNLT, FNET, FNLT = range(8)
NONE = np.iinfo(np.int64).min // 4  # "no date"


@dataclass(eq=False)
class Network:
    project: Project
    ids: list[str]
    names: list[str]
    calendars: list[WorkingTime]
    cal: np.ndarray  # calendar index per task
    duration: np.ndarray  # minutes (working, or wall-clock when elapsed)
    elapsed: np.ndarray
    milestone: np.ndarray
    summary: np.ndarray
    constraint: np.ndarray  # CONSTRAINT_CODE
    constraint_at: np.ndarray  # absolute minutes or NONE
    deadline: np.ndarray
    actual_start: np.ndarray
    actual_finish: np.ndarray
    complete: np.ndarray  # 100 % complete
    # Links for the forward pass (a phase may be a predecessor: its own start / finish).
    lp: np.ndarray
    ls: np.ndarray
    lt: np.ndarray
    lag: np.ndarray
    lag_elapsed: np.ndarray
    lag_percent: np.ndarray  # NaN when the lag is not a percentage
    # Phase membership: (task, phase) pairs for every task directly under a phase.
    child: np.ndarray
    parent: np.ndarray
    leaves_of: dict[int, np.ndarray]
    levels: list[np.ndarray]
    level: np.ndarray
    start: int  # the project start, absolute minutes
    single_calendar: bool
    has_preds: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))

    @property
    def n(self) -> int:
        return len(self.ids)


def _minutes_or_none(moment: datetime | None) -> int:
    return NONE if moment is None else to_minutes(moment)


def _task_label(task) -> str:
    return f"task {task.id} ({task.name!r})" if task.name else f"task {task.id}"


def compile_network(project: Project) -> Network:
    tasks = [t for t in project.tasks if t.active]
    index: dict[str, int] = {}
    for i, t in enumerate(tasks):
        if t.id in index:
            raise ScheduleError("two tasks have this id", task_id=t.id, task_name=t.name)
        index[t.id] = i
    inactive = {t.id for t in project.tasks if not t.active}
    n = len(tasks)
    # Calendars: the project's first, then the task calendars in use.
    known = {c.id: c for c in project.calendars}
    if project.calendar_id not in known:
        raise ScheduleError(
            f"the project calendar {project.calendar_id!r} is not among the calendars",
            element="calendars",
        )
    first_day = (project.start - timedelta(days=400)).date()
    earliest = [
        d
        for t in tasks
        for d in (t.constraint_date, t.actual_start, t.actual_finish, t.deadline)
        if d is not None
    ]
    if earliest:
        first_day = min(first_day, (min(earliest) - timedelta(days=30)).date())
    cal_order = [project.calendar_id]
    for t in tasks:
        if t.calendar_id is not None and t.calendar_id not in cal_order:
            if t.calendar_id not in known:
                raise ScheduleError(
                    f"its calendar {t.calendar_id!r} does not exist",
                    task_id=t.id,
                    task_name=t.name,
                )
            cal_order.append(t.calendar_id)
    calendars = [WorkingTime(known[c], first_day) for c in cal_order]
    cal_index = {c: i for i, c in enumerate(cal_order)}

    cal = np.zeros(n, dtype=np.int64)
    duration = np.zeros(n, dtype=np.int64)
    elapsed = np.zeros(n, dtype=bool)
    milestone = np.zeros(n, dtype=bool)
    summary = np.zeros(n, dtype=bool)
    constraint = np.zeros(n, dtype=np.int64)
    constraint_at = np.full(n, NONE, dtype=np.int64)
    deadline = np.full(n, NONE, dtype=np.int64)
    actual_start = np.full(n, NONE, dtype=np.int64)
    actual_finish = np.full(n, NONE, dtype=np.int64)
    complete = np.zeros(n, dtype=bool)
    parents: list[int] = []
    child, parent = [], []
    for i, t in enumerate(tasks):
        if t.duration.minutes < 0:
            raise ScheduleError("a duration cannot be negative", task_id=t.id, task_name=t.name)
        cal[i] = cal_index[t.calendar_id] if t.calendar_id is not None else 0
        duration[i] = t.duration.minutes
        elapsed[i] = t.duration.elapsed
        milestone[i] = t.is_milestone
        summary[i] = t.summary
        constraint[i] = CONSTRAINT_CODE[t.constraint]
        if t.constraint not in (ConstraintType.ASAP, ConstraintType.ALAP):
            if t.constraint_date is None:
                raise ScheduleError(
                    f"a {t.constraint.value} constraint needs a date",
                    task_id=t.id,
                    task_name=t.name,
                )
            constraint_at[i] = to_minutes(t.constraint_date)
        deadline[i] = _minutes_or_none(t.deadline)
        actual_start[i] = _minutes_or_none(t.actual_start)
        actual_finish[i] = _minutes_or_none(t.actual_finish)
        complete[i] = t.percent_complete >= 100
        level = max(1, t.outline_level)
        del parents[level - 1 :]
        if parents:
            child.append(i)
            parent.append(parents[-1])
        parents.append(i)
    # A task another task sits under is a phase, whatever the file said.
    summary[np.array(parent, dtype=np.int64)] = True
    kids: dict[int, list[int]] = {}
    for c, p in zip(child, parent, strict=True):
        kids.setdefault(p, []).append(c)
    leaves_of: dict[int, np.ndarray] = {}

    def leaves(i: int) -> np.ndarray:
        if i not in leaves_of:
            found = []
            for c in kids.get(i, ()):
                found.extend(leaves(c).tolist() if summary[c] else [c])
            leaves_of[i] = np.array(found, dtype=np.int64)
        return leaves_of[i]

    for i in np.nonzero(summary)[0]:
        leaves(int(i))

    lp, ls, lt, lag, lag_e, lag_pct = [], [], [], [], [], []
    for link in project.links:
        for end in (link.predecessor, link.successor):
            if end not in index and end not in inactive:
                raise ScheduleError(
                    f"a link names task {end!r}, which is not in the plan",
                    task_id=link.successor if end == link.predecessor else link.predecessor,
                )
        if link.predecessor in inactive or link.successor in inactive:
            continue
        p, s = index[link.predecessor], index[link.successor]
        if p == s:
            raise ScheduleError(
                "a task cannot depend on itself (a cycle)",
                task_id=tasks[p].id,
                task_name=tasks[p].name,
                task_ids=(tasks[p].id,),
            )
        targets = leaves_of[s] if summary[s] else [s]
        for target in targets:
            lp.append(p)
            ls.append(int(target))
            lt.append(LINK_CODE[link.type])
            lag.append(link.lag.minutes)
            lag_e.append(link.lag.elapsed)
            lag_pct.append(np.nan if link.lag.percent is None else link.lag.percent)
    arrays = {
        "lp": np.array(lp, dtype=np.int64),
        "ls": np.array(ls, dtype=np.int64),
        "lt": np.array(lt, dtype=np.int64),
        "lag": np.array(lag, dtype=np.int64),
        "lag_elapsed": np.array(lag_e, dtype=bool),
        "lag_percent": np.array(lag_pct, dtype=np.float64),
    }
    child_a = np.array(child, dtype=np.int64)
    parent_a = np.array(parent, dtype=np.int64)
    levels, level = _levels(
        n,
        np.concatenate([arrays["lp"], child_a]),
        np.concatenate([arrays["ls"], parent_a]),
        tasks,
    )
    has_preds = np.zeros(n, dtype=bool)
    has_preds[arrays["ls"]] = True
    return Network(
        project=project,
        ids=[t.id for t in tasks],
        names=[t.name for t in tasks],
        calendars=calendars,
        cal=cal,
        duration=duration,
        elapsed=elapsed,
        milestone=milestone,
        summary=summary,
        constraint=constraint,
        constraint_at=constraint_at,
        deadline=deadline,
        actual_start=actual_start,
        actual_finish=actual_finish,
        complete=complete,
        child=child_a,
        parent=parent_a,
        leaves_of=leaves_of,
        levels=levels,
        level=level,
        start=to_minutes(project.start),
        single_calendar=len(calendars) == 1,
        has_preds=has_preds,
        **arrays,
    )


def _levels(n: int, src: np.ndarray, dst: np.ndarray, tasks) -> tuple[list[np.ndarray], np.ndarray]:
    """Kahn's algorithm a frontier at a time, vectorised: level k holds the tasks whose
    predecessors are all in levels below k."""
    indegree = np.bincount(dst, minlength=n).astype(np.int64)
    order = np.argsort(src, kind="stable")
    out_dst = dst[order]
    out_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=out_ptr[1:])
    level = np.full(n, -1, dtype=np.int64)
    frontier = np.nonzero(indegree == 0)[0]
    levels = []
    done = 0
    while frontier.size:
        level[frontier] = len(levels)
        levels.append(frontier)
        done += frontier.size
        starts = out_ptr[frontier]
        counts = out_ptr[frontier + 1] - starts
        total = int(counts.sum())
        if total == 0:
            break
        shift = np.repeat(starts - np.cumsum(counts) + counts, counts)
        targets = out_dst[shift + np.arange(total)]
        np.subtract.at(indegree, targets, 1)
        frontier = np.unique(targets[indegree[targets] == 0])
    if done < n:
        cycle = _find_cycle(n, src, dst, level)
        names = [tasks[i].id for i in cycle]
        first = tasks[cycle[0]]
        raise ScheduleError(
            "the links form a cycle: " + " → ".join(names + [names[0]]),
            task_id=first.id,
            task_name=first.name,
            task_ids=tuple(names),
        )
    return levels, level


def _find_cycle(n: int, src: np.ndarray, dst: np.ndarray, level: np.ndarray) -> list[int]:
    """One cycle among the tasks Kahn's algorithm could not order, in link order."""
    left = level < 0
    succ: dict[int, list[int]] = {}
    for a, b in zip(src.tolist(), dst.tolist(), strict=True):
        if left[a] and left[b]:
            succ.setdefault(a, []).append(b)
    start = int(np.nonzero(left)[0][0])
    # Every remaining task has a remaining predecessor, so walking backwards never stops;
    # walking forwards from a task on a cycle returns to it. Walk until a task repeats.
    pred: dict[int, int] = {}
    for a, bs in succ.items():
        for b in bs:
            pred.setdefault(b, a)
    seen: dict[int, int] = {}
    node, path = start, []
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = pred[node]
    return list(reversed(path[seen[node] :]))
