"""From pass offsets to a :class:`~civicshift.core.schedule.model.Schedule`: dates, floats,
critical flags, summary roll-up and warnings.

Rules (../shared/notes/msproject-scheduling.md, sections 4–6): an early or late start is read
"as a start" (the next work start), a finish "as a finish" (the previous work finish); a
milestone with predecessors stays at the end of a working period (read as a finish). Start
float = LS − ES, finish float = LF − EF, total = the smaller (finish float only once the task
has an actual start), all in working minutes on the task's own calendar because the offsets
are. Free float = the smallest gap to a successor along the link, minus the lag, on the
predecessor's calendar, never below 0; a task without successors gets its total float. ALAP
tasks take their late dates and zero floats. Critical = total float ≤ CriticalSlackLimit ×
minutes per day and not complete; a summary rolls up min start / max finish over its leaves,
takes its float from those dates on its own calendar, and is critical when a leaf is.
"""

from __future__ import annotations

import numpy as np

from civicshift.core.schedule.model import (
    ConstraintType,
    Project,
    Schedule,
    TaskSchedule,
)
from civicshift.core.schedule.network import NONE, Network

__all__ = ["build_schedule"]

LATE = {
    ConstraintType.SNLT: "Start No Later Than",
    ConstraintType.FNLT: "Finish No Later Than",
    ConstraintType.MSO: "Must Start On",
    ConstraintType.MFO: "Must Finish On",
}


def _abs(net: Network, off: np.ndarray, as_finish: np.ndarray) -> np.ndarray:
    out = np.empty(off.shape, dtype=np.int64)
    for c in np.unique(net.cal):
        m = net.cal == c
        t = net.tables[c]
        out[m] = np.where(as_finish[m], t.finish_at(off[m]), t.start_at(off[m]))
    return out


def build_schedule(project: Project, net: Network, r) -> Schedule:  # r: cpm.PassResult
    n = net.n
    tasks = net.tasks
    milestone = np.array([t.is_milestone for t in tasks], dtype=bool)
    ms_end = milestone & net.has_pred
    # A finish driven by an SF link with no positive lag keeps the predecessor's start form
    # (Project stores EarlyFinish 08:00 there: mpxj_mspdirelations.xml UID 5, legacy UID 21).
    fin = np.ones(n, dtype=bool)
    sf = (net.ltype == 3) & (net.lag <= 0) & (net.cal[net.pred] == net.cal[net.succ])
    sf &= net.lag_elapsed == 0
    if sf.any():
        ps, ss = net.pred[sf], net.succ[sf]
        driven = r.es[ps] + net.lag[sf] - net.duration[ss] == r.es[ss]
        fin[ss[driven]] = False
    es_m = _abs(net, r.es, ms_end)
    ef_m = _abs(net, r.ef, fin & ~(milestone & ~net.has_pred))
    lf_fin = np.ones(n, dtype=bool)
    ls_m = _abs(net, r.ls, ms_end)
    lf_m = _abs(net, r.lf, lf_fin & ~(milestone & ~net.has_pred))
    zero = net.duration == 0
    ef_m = np.where(zero & ~milestone, es_m, ef_m)
    lf_m = np.where(zero & ~milestone, ls_m, lf_m)

    alap = np.array([t.constraint == ConstraintType.ALAP for t in tasks], dtype=bool)
    started = net.fixed_start_minute != NONE
    sfl = r.ls - r.es
    ffl = r.lf - r.ef
    total = np.where(started, ffl, np.minimum(sfl, ffl))
    sfl = np.where(alap, 0, sfl)
    ffl = np.where(alap, 0, ffl)
    total = np.where(alap, 0, total)
    sv = np.where(alap, r.ls, r.es)
    fv = np.where(alap, r.lf, r.ef)

    # free float, per link, on the predecessor's calendar
    p, s, t = net.pred, net.succ, net.ltype
    pct = np.nan_to_num(net.lag_pct)
    lag = net.lag + np.rint(pct * net.duration[p] / 100).astype(np.int64)
    succ_start_side = (t == 0) | (t == 1)
    pred_start_side = (t == 1) | (t == 3)
    target = np.where(succ_start_side, sv[s], fv[s])
    source = np.where(pred_start_side, sv[p], fv[p])
    slow = np.flatnonzero((net.cal[p] != net.cal[s]) | (net.lag_elapsed != 0))
    for i in slow.tolist():
        ts, tp = net.tables[net.cal[s[i]]], net.tables[net.cal[p[i]]]
        at = ts.start_at(target[i]) if succ_start_side[i] else ts.finish_at(target[i])
        target[i] = tp.to_offset(at - net.lag_elapsed[i])
    gap = target - source - lag
    free = np.full(n, NONE, dtype=np.int64)
    if len(p):
        np.minimum.at(free, p, gap)
    free = np.where(free == NONE, total, np.maximum(free, 0))
    done = np.array([t.percent_complete >= 100 or t.actual_finish is not None for t in tasks])
    free = np.where(done | alap, 0, free)

    limit = project.critical_slack_limit_days * project.minutes_per_day
    critical = (total <= limit) & ~done

    start_m = np.where(alap, ls_m, es_m)
    finish_m = np.where(alap, lf_m, ef_m)
    for i, task in enumerate(tasks):
        if task.actual_start is not None:
            start_m[i] = net.minute(task.actual_start)
        if task.actual_finish is not None:
            finish_m[i] = net.minute(task.actual_finish)

    dt = net.datetime
    leaf_rows: dict[str, TaskSchedule] = {}
    for i, task in enumerate(tasks):
        leaf_rows[task.id] = TaskSchedule(
            task_id=task.id,
            early_start=dt(es_m[i]),
            early_finish=dt(ef_m[i]),
            late_start=dt(ls_m[i]),
            late_finish=dt(lf_m[i]),
            start=dt(start_m[i]),
            finish=dt(finish_m[i]),
            total_float_minutes=int(total[i]),
            free_float_minutes=int(free[i]),
            start_float_minutes=int(sfl[i]),
            finish_float_minutes=int(ffl[i]),
            critical=bool(critical[i]),
        )

    summary_rows: dict[str, TaskSchedule] = {}
    for si, leaves in net.summaries:
        if not leaves:
            continue
        st = net.all_tasks[si]
        cal = net.tables[net.calendars.index(project.calendar(st.calendar_id))]
        lv = np.array(leaves)
        es_ = int(np.where(alap[lv], ls_m[lv], es_m[lv]).min())
        ef_ = int(np.where(alap[lv], lf_m[lv], ef_m[lv]).max())
        ls_, lf_ = int(ls_m[lv].min()), int(lf_m[lv].max())
        so, fo = (
            int(cal.to_offset(ls_) - cal.to_offset(es_)),
            int(cal.to_offset(lf_) - cal.to_offset(ef_)),
        )
        summary_rows[st.id] = TaskSchedule(
            task_id=st.id,
            early_start=dt(es_),
            early_finish=dt(ef_),
            late_start=dt(ls_),
            late_finish=dt(lf_),
            start=dt(int(start_m[lv].min())),
            finish=dt(int(finish_m[lv].max())),
            total_float_minutes=min(so, fo),
            free_float_minutes=max(0, min(so, fo)),
            start_float_minutes=so,
            finish_float_minutes=fo,
            critical=bool(critical[lv].any()),
        )

    rows = {**leaf_rows, **summary_rows}
    ordered = {t.id: rows[t.id] for t in project.tasks if t.id in rows}
    crit = [i for i in range(n) if critical[i]]
    crit.sort(key=lambda i: (es_m[i], i))

    # a constrained task whose own float or a predecessor's is negative cannot meet its date
    worst = total.copy()
    if len(p):
        np.minimum.at(worst, s, total[p])
    warnings = []
    for i, task in enumerate(tasks):
        if worst[i] >= 0:
            continue
        what = LATE.get(ConstraintType(task.constraint))
        if what is None and task.deadline is not None:
            what = "deadline"
        if what is not None:
            when = task.deadline if what == "deadline" else task.constraint_date
            label = what if what == "deadline" else f"{what} date"
            warnings.append(
                f"task {task.id} ({task.name}) cannot meet its {label} "
                f"{when.isoformat(timespec='minutes') if when else ''}: "
                f"{-int(worst[i])} working minutes of negative float"
            )
    return Schedule(
        project_start=project.start,
        project_finish=dt(int(r.finish_minute)) if n else project.start,
        tasks=ordered,
        critical_path=tuple(tasks[i].id for i in crit),
        warnings=tuple(warnings),
    )
