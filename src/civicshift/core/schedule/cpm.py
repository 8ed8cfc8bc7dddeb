"""The critical path method with working calendars, as Microsoft Project computes it.

Method: forward and backward passes over the four link types (FS, SS, FF, SF) with lags, the
eight constraints and deadlines, then start, finish, total and free float and the critical flag,
following ../shared/notes/msproject-scheduling.md (its checklist; rules from MPXJ's
``MicrosoftScheduler`` and ``MicrosoftSlackCalculator`` and Microsoft's field help), and the
textbook CPM (Kelley & Walker 1959; Hillier & Lieberman, *Introduction to Operations Research*,
section 22.3 / 10.3 by edition).

Array API (used by :func:`schedule` and by the schedule-risk simulation)
    ``net = compile_network(project)`` (``civicshift.core.schedule.network``) gives numpy arrays
    in ``net.task_ids`` order: ``net.duration`` (minutes), ``net.cal`` (index into
    ``net.tables``, one :class:`~civicshift.core.schedule.calendar.WorkingTime` per calendar),
    links ``net.pred``/``net.succ``/``net.ltype`` (0 FS, 1 SS, 2 FF, 3 SF)/``net.lag`` (working
    minutes)/``net.lag_elapsed`` (wall-clock minutes)/``net.lag_pct`` (percent of the
    predecessor's duration, nan when unset), constraints, and the topological levels.

    ``r = cpm_pass(net, durations)`` where ``durations`` is None (the plan's), shape
    ``(n_tasks,)`` or ``(k, n_tasks)`` (k simulated iterations at once) of integer minutes in
    ``net.task_ids`` order. It returns a :class:`PassResult` whose ``es, ef, ls, lf`` have the
    same shape as ``durations``: **working-minute offsets on each task's own calendar** (working
    minutes since ``net.epoch``; ``net.tables[net.cal[i]].start_at(es)`` gives the absolute
    minute, ``net.datetime(minute)`` the date-time). ``r.finish_minute`` is the project finish
    per row (absolute minutes from ``net.epoch``), ``r.finish_offset`` the same as a working
    offset on the project calendar (so ``r.finish_offset - r.start_offset`` is the duration in
    working minutes). Total float of task i = ``min(ls - es, lf - ef)``; critical when it is
    ≤ ``r.critical_limit``. Keep ``k × n_links`` under ~10⁸ per call (memory).

Vectorisation: tasks are renumbered by topological level, and links sorted by the successor's
(forward) or predecessor's (backward) level, so each level is one contiguous slice: one gather,
one add, one ``np.maximum.reduceat`` and one bound per level. Only ES and LF are stored during
the loops (EF = ES + De and LS = LF - De: a link reading a finish carries the duration in its
constant), and the backward pass has one pseudo-link per task holding its own late-finish bound,
so every task has a run to reduce. Links between two calendars, or with an elapsed lag, go
through the calendar tables (``searchsorted``) in groups. The cost is about a dozen numpy calls
per level (with Kahn's levels), so for a deep, narrow graph (fewer than 8 tasks per level, a
single pass, one calendar, no elapsed lag) the passes run as a plain Python loop over tasks in
level order instead, with the same arithmetic (measured in benchmarks/bench_schedule_cpm.py).

Simplifications, said once: ActualStart / ActualFinish are fixed dates (MPXJ's simplification);
manual tasks keep their stored start and finish; ALAP tasks take their late dates and zero float
without a second forward pass; SS/SF links from a summary use its first leaf; summary tasks'
constraints are ignored; resources are not read (no levelling).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from civicshift.core.schedule.calendar import HorizonError
from civicshift.core.schedule.model import Project, Schedule
from civicshift.core.schedule.network import NONE, Network, compile_network
from civicshift.core.schedule.rollup import build_schedule

__all__ = ["PassResult", "compile_network", "cpm_pass", "schedule"]

ASAP, ALAP, MSO, MFO, SNET, SNLT, FNET, FNLT = range(8)
FS, SS, FF, SF = range(4)


@dataclass
class PassResult:
    es: np.ndarray
    ef: np.ndarray
    ls: np.ndarray
    lf: np.ndarray
    finish_minute: np.ndarray  # (k,) or scalar array: absolute minutes from net.epoch
    finish_offset: np.ndarray  # the same on the project calendar, as a working offset
    start_offset: int  # the project start on the project calendar
    critical_limit: int  # minutes: total float ≤ this is critical


@dataclass
class _Prep:
    """The links sorted for the two passes (positions are in level order)."""

    f_key: np.ndarray  # forward, by successor: predecessor's ES (p) or EF (p + n) slot
    f_pred: np.ndarray
    f_succ: np.ndarray
    f_ptr: np.ndarray  # level L's in-links: f_ptr[L]:f_ptr[L + 1]
    f_seg: np.ndarray  # (n,) each task's first in-link, relative to its level's link slice
    f_slow: list  # per level, the links that need the calendar tables (see _slow_groups)
    f_link: np.ndarray  # original link index of each sorted forward link
    f_usef: np.ndarray  # whether each sorted forward link reads the predecessor's finish
    b_key: np.ndarray  # backward, by predecessor: successor's LS (s) or LF (s + n) slot
    b_pred: np.ndarray
    b_succ: np.ndarray
    b_link: np.ndarray
    # the backward links plus one pseudo-link per task (its own late-finish bound), so that
    # every task has a run in its level's slice: x_at[j] is where sorted backward link j goes,
    # x_self[q] where task q's pseudo-link goes, in the extended order
    x_at: np.ndarray
    x_self: np.ndarray
    x_succ: np.ndarray  # successor of each extended link (n for a pseudo-link)
    x_ptr: np.ndarray
    x_seg: np.ndarray  # (n,) each task's run start, relative to its level's extended slice
    x_slow: list
    x_slow_link: np.ndarray  # extended index -> sorted backward link index (-1 for pseudo)
    any_slow: bool
    cal: np.ndarray  # level order
    cal_groups: list[tuple[int, np.ndarray | slice]]  # each calendar's tasks (level order)
    has_pct: bool  # some lag is a percentage of the predecessor's duration
    f_sub: np.ndarray  # the sorted forward link is FF or SF (its successor's finish is bound)
    b_add: np.ndarray  # the sorted backward link is SS or SF (it binds the predecessor's start)
    b_not_lf: np.ndarray  # the sorted backward link reads its successor's late start


def _groups(local_slow, pcal, scal, flag):
    out = []
    if not local_slow.size:
        return out
    keys = np.stack([pcal[local_slow], scal[local_slow], flag[local_slow].astype(np.int64)], 1)
    for row in np.unique(keys, axis=0):
        sel = local_slow[(keys == row).all(axis=1)]
        out.append((sel, int(row[0]), int(row[1]), bool(row[2])))
    return out


def _slow_groups(slow, ptr, pcal, scal, flag):
    """Per level, the links that need the calendar tables, grouped by calendars and side."""
    where = np.flatnonzero(slow)
    if not where.size:
        return [()] * (len(ptr) - 1)
    out: list = [()] * (len(ptr) - 1)
    levels = np.searchsorted(ptr, where, side="right") - 1
    for L in np.unique(levels).tolist():
        a, b = ptr[L], ptr[L + 1]
        out[L] = _groups(np.flatnonzero(slow[a:b]), pcal[a:b], scal[a:b], flag[a:b])
    return out


def _deep_forward(prep: _Prep, lo, hi, de, fc) -> np.ndarray:
    """The forward pass one task at a time in level order (plain Python on lists): for deep,
    narrow graphs, where a numpy call per level costs more than the work in it."""
    n = len(lo)
    ptr = np.searchsorted(prep.f_succ, np.arange(n + 1)).tolist()
    key, c = prep.f_key.tolist(), fc.tolist()
    lo, hi, de = lo.tolist(), hi.tolist(), de.tolist()
    esef = [0] * (2 * n)
    for q in range(n):
        e = lo[q]
        for j in range(ptr[q], ptr[q + 1]):
            v = esef[key[j]] + c[j]
            if v > e:
                e = v
        if e > hi[q]:
            e = hi[q]
        esef[q] = e
        esef[n + q] = e + de[q]
    return np.array(esef, dtype=np.int64)


def _deep_backward(prep: _Prep, hib, lob, de, bc) -> np.ndarray:
    """The backward pass one task at a time in reverse level order (see _deep_forward)."""
    n = len(hib)
    ptr = np.searchsorted(prep.b_pred, np.arange(n + 1)).tolist()
    key, c = prep.b_key.tolist(), bc.tolist()
    hib, lob, de = hib.tolist(), lob.tolist(), de.tolist()
    lsf = [0] * (2 * n)
    for q in range(n - 1, -1, -1):
        f = hib[q]
        for j in range(ptr[q], ptr[q + 1]):
            v = lsf[key[j]] + c[j]
            if v < f:
                f = v
        if f < lob[q]:
            f = lob[q]
        lsf[q] = f - de[q]
        lsf[n + q] = f
    return np.array(lsf, dtype=np.int64)


def _level_any(mask: np.ndarray, lp: list[int]) -> list[bool]:
    """Per level, whether any of its tasks has ``mask`` set."""
    if not mask.size:
        return []
    return (np.add.reduceat(mask.astype(np.int64), lp[:-1]) > 0).tolist()


def _argsort(x: np.ndarray) -> np.ndarray:
    """An order that sorts ``x``, not necessarily stable (the identity when it is sorted)."""
    if not x.size or bool((x[1:] >= x[:-1]).all()):
        return np.arange(x.size)
    return np.argsort(x)


def _by_position(ends: np.ndarray, order: np.ndarray, n: int):
    """The links sorted by the level-order position of ``ends`` (their predecessors
    or successors), without sorting positions: sort by plan index (often already sorted, which
    the check is quick on), then lay each task's run out in level order. Also each position's
    link count and its first link. The order of a task's own links is immaterial (a max or
    min over them)."""
    m = len(ends)
    by_plan = _argsort(ends)
    cnt = np.bincount(ends, minlength=n)
    start = np.cumsum(cnt) - cnt
    c = cnt[order]
    first = np.cumsum(c) - c
    return by_plan[np.repeat(start[order] - first, c) + np.arange(m)], c, first


def _prepare(net: Network) -> _Prep:
    cached = getattr(net, "_prep", None)
    if cached is not None:
        return cached
    n, m = net.n, len(net.pred)
    lp = net.level_ptr
    pos = net.pos
    cal = net.cal[net.order]
    levq = np.repeat(np.arange(len(lp) - 1), np.diff(lp))  # level of each position
    one_cal = not cal.size or cal.min() == cal.max()
    if one_cal and not net.lag_elapsed.any():
        slow = np.zeros(m, dtype=bool)
    else:
        slow = (net.cal[net.pred] != net.cal[net.succ]) | (net.lag_elapsed != 0)
    any_slow = bool(slow.any())
    tasks = np.arange(n)

    f, indeg, f_first = _by_position(net.succ, net.order, n)
    fs, fp, ft = np.repeat(tasks, indeg), pos[net.pred[f]], net.ltype[f]
    use_finish = (ft == FS) | (ft == FF)
    f_key = fp + n * use_finish
    f_ptr = np.r_[0, np.cumsum(indeg)][lp] if n else np.zeros(1, dtype=np.int64)
    f_seg = f_first - f_ptr[levq]
    f_slow: list = [()] * (len(lp) - 1)
    if any_slow:
        f_slow = _slow_groups(slow[f], f_ptr, cal[fp], cal[fs], use_finish)

    g, outdeg, b_first = _by_position(net.pred, net.order, n)
    bs, bp, bt = pos[net.succ[g]], np.repeat(tasks, outdeg), net.ltype[g]
    use_lf = (bt == FF) | (bt == SF)
    b_key = bs + n * use_lf
    as_finish = (bt == FS) | (bt == FF)  # the candidate is the predecessor's finish
    b_ptr = np.r_[0, np.cumsum(outdeg)][lp] if n else np.zeros(1, dtype=np.int64)

    # extended backward links: task q's pseudo-link opens q's run
    x_self = b_first + np.arange(n)
    x_at = np.arange(m) + bp + 1
    x_succ = np.full(m + n, n, dtype=np.int64)
    x_succ[x_at] = bs
    x_ptr = b_ptr + lp
    x_seg = x_self - x_ptr[levq]
    x_slow_link = np.full(m + n if any_slow else 0, -1, dtype=np.int64)
    x_slow: list = [()] * (len(lp) - 1)
    if any_slow:
        x_slow_link[x_at] = np.arange(m)
        x_pred = np.empty(m + n, dtype=np.int64)
        x_pred[x_at] = bp
        x_pred[x_self] = np.arange(n)
        x_mask = np.zeros(m + n, dtype=bool)
        x_mask[x_at] = slow[g]
        x_asf = np.zeros(m + n, dtype=bool)
        x_asf[x_at] = as_finish
        x_scal = cal[np.minimum(x_succ, n - 1)]
        x_slow = _slow_groups(x_mask, x_ptr, cal[x_pred], x_scal, x_asf)
    prep = _Prep(f_key, fp, fs, f_ptr, f_seg, f_slow, f, use_finish, b_key, bp, bs, g, x_at,
                 x_self, x_succ, x_ptr, x_seg, x_slow, x_slow_link, any_slow, cal,
                 _cal_groups(cal), bool((~np.isnan(net.lag_pct)).any()),
                 (ft == FF) | (ft == SF), (bt == SS) | (bt == SF), ~use_lf)  # fmt: skip
    net._prep = prep  # type: ignore[attr-defined]
    return prep


def _cal_groups(cal: np.ndarray) -> list[tuple[int, np.ndarray | slice]]:
    """Each calendar in use and its tasks: a mask, or every task when there is one calendar."""
    if cal.size and cal.min() == cal.max():
        return [(int(cal[0]), slice(None))]
    used = np.unique(cal).tolist()
    return [(c, cal == c) for c in used]


def _on_cals(net: Network, minutes: np.ndarray, groups) -> np.ndarray:
    """Absolute minutes (n,) -> offsets on each task's calendar; NONE stays NONE."""
    out = np.full(minutes.shape, NONE, dtype=np.int64)
    for c, m in groups:
        v = minutes[m]
        ok = v != NONE
        if ok.all():
            out[m] = net.tables[c].to_offset(v)
        elif ok.any():
            w = out[m]
            w[ok] = net.tables[c].to_offset(v[ok])
            out[m] = w
    return out


def cpm_pass(net: Network, durations: np.ndarray | None = None) -> PassResult:
    """Forward and backward passes; see the module docstring for shapes and units."""
    while True:
        try:
            return _pass(net, durations)
        except HorizonError:
            net.extend()


def _pass(net: Network, durations: np.ndarray | None) -> PassResult:
    prep = _prepare(net)
    n = net.n
    d = net.duration if durations is None else np.asarray(durations, dtype=np.int64)
    D = d[..., net.order]  # 1-D stays 1-D: cheaper indexing in the level loops
    shape = D.shape
    rows = shape[:-1]
    tables = net.tables
    big = NONE

    # bounds, level order
    code = net.constraint[net.order]
    groups = prep.cal_groups
    c = _on_cals(net, net.constraint_minute[net.order], groups)
    dl = _on_cals(net, net.deadline_minute[net.order], groups)
    fsm = _on_cals(net, net.fixed_start_minute[net.order], groups)
    ffm = _on_cals(net, net.fixed_finish_minute[net.order], groups)
    start_off = np.empty(n, dtype=np.int64)
    for ci, m in groups:
        start_off[m] = tables[ci].to_offset(net.start_minute)
    has_pred = net.has_pred[net.order]
    lo = np.broadcast_to(start_off, shape).copy()
    hi = np.full(shape, big, dtype=np.int64)
    first = ~has_pred & ((code == SNET) | (code == FNET))
    lo[..., first] = -big
    honor = net.honor_constraints
    for cc, val in ((SNET, c), (FNET, c - D), (MSO, c), (MFO, c - D)):
        m = code == cc
        if m.any():
            v = np.broadcast_to(val, shape)[..., m]
            lo[..., m] = np.maximum(lo[..., m], v)
            if honor and cc in (MSO, MFO):
                hi[..., m] = v
                lo[..., m] = v
    if honor:
        for cc, val in ((SNLT, c), (FNLT, c - D)):
            m = code == cc
            if m.any():
                hi[..., m] = np.broadcast_to(val, shape)[..., m]
    fixed = fsm != big
    lo[..., fixed] = fsm[fixed]
    hi[..., fixed] = fsm[fixed]
    both = fixed & (ffm != big)
    De = D.copy()
    De[..., both] = (ffm - fsm)[both]

    # link constants
    if prep.has_pct:
        pct = np.nan_to_num(net.lag_pct)
        lag_w = net.lag + np.rint(pct * d[..., net.pred] / 100).astype(np.int64)
    else:
        lag_w = np.broadcast_to(net.lag, (*rows, len(net.lag)))
    fl = prep.f_link
    fc = lag_w[..., fl] - D[..., prep.f_succ] * prep.f_sub
    f_el = net.lag_elapsed[fl]

    # the level loops run task-axis first ((n,) or (n, k)): plain indexing is the cheapest
    def tf(x: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(x.T)

    col = (-1,) + (1,) * len(rows)
    lp = net.level_ptr.tolist()
    loT, hiT, DeT, fcT = tf(lo), tf(hi), tf(De), tf(fc)
    f_elT = f_el.reshape(col)
    hi_any = _level_any((hi != big).reshape(-1, n).any(axis=0), lp)
    deep = D.ndim == 1 and n > 0 and not prep.any_slow
    deep = deep and n < 8 * (len(lp) - 1)  # levels of fewer than 8 tasks on average
    if deep:
        esef = _deep_forward(prep, loT, hiT, DeT, fcT)
        ES, EF = esef[:n].T, esef[n:].T
    else:
        # only the early starts are stored (EF = ES + De): a link reading its predecessor's
        # finish carries the predecessor's duration in its constant
        esT = np.empty((n, *rows), dtype=np.int64)
        f_ptr, f_seg, f_slow = prep.f_ptr.tolist(), prep.f_seg, prep.f_slow
        fp = prep.f_pred
        fcs = fcT + DeT[fp] * prep.f_usef.reshape(col)
        maximum, minimum, reduceat = np.maximum, np.minimum, np.maximum.reduceat
        if n:
            minimum(loT[: lp[1]], hiT[: lp[1]], out=esT[: lp[1]])
        for L in range(1, len(lp) - 1):
            a, b = lp[L], lp[L + 1]
            x, y = f_ptr[L], f_ptr[L + 1]
            key = fp[x:y]
            cand = esT[key] + fcs[x:y]
            for idx, pc, sc, use_f in f_slow[L]:
                q = key[idx]
                v = esT[q] + DeT[q] if use_f else esT[q]
                at = tables[pc].finish_at(v) if use_f else tables[pc].start_at(v)
                cand[idx] = tables[sc].to_offset(at + f_elT[x:y][idx]) + fcT[x:y][idx]
            es = esT[a:b]
            maximum(reduceat(cand, f_seg[a:b], 0), loT[a:b], out=es)  # out= slows reduceat
            if hi_any[L]:
                minimum(es, hiT[a:b], out=es)
        ES, EF = esT.T, (esT + DeT).T

    # project finish and each task's cap
    finish = np.full(rows, -big, dtype=np.int64)
    for ci, m in groups:
        finish = np.maximum(finish, tables[ci].finish_at(EF[..., m].max(axis=-1)))
    cap = np.empty(shape, dtype=np.int64)
    for ci, m in groups:
        cap[..., m] = tables[ci].to_offset(finish)[..., None]

    hib = cap.copy()
    lob = np.full(shape, -big, dtype=np.int64)
    for cc, val in ((SNLT, c + D), (FNLT, c), (MSO, c + D), (MFO, c)):
        m = code == cc
        if m.any():
            v = np.broadcast_to(val, shape)[..., m]
            if honor and cc in (MSO, MFO):
                hib[..., m] = v
                lob[..., m] = v
            else:
                hib[..., m] = np.minimum(hib[..., m], v)
    m = dl != big
    hib[..., m] = np.minimum(hib[..., m], dl[m])
    lob[..., both] = ffm[both]
    hib[..., both] = ffm[both]

    bl = prep.b_link
    post = D[..., prep.b_pred] * prep.b_add
    pre = -lag_w[..., bl]
    bc = pre + post
    b_el = net.lag_elapsed[bl]
    hibT, lobT, bcT, preT, postT = tf(hib), tf(lob), tf(bc), tf(pre), tf(post)
    b_elT = b_el.reshape(col)
    lo_any = _level_any((lob != -big).reshape(-1, n).any(axis=0), lp)
    if deep:
        lsf = _deep_backward(prep, hibT, lobT, DeT, bcT)
        LS, LF = lsf[:n].T, lsf[n:].T
    else:
        # only the late finishes are stored (LS = LF - De), in a table with a zero row n that
        # the pseudo-links read: their constant is the task's own bound
        lfT = np.zeros((n + 1, *rows), dtype=np.int64)
        mx = len(prep.x_succ)
        xs = prep.x_succ
        xc = np.empty((mx, *rows), dtype=np.int64)
        dsucc = DeT[prep.b_succ] * prep.b_not_lf.reshape(col)
        xc[prep.x_at] = bcT - dsucc
        xc[prep.x_self] = hibT
        x_ptr, x_seg, x_slow = prep.x_ptr.tolist(), prep.x_seg, prep.x_slow
        x_link = prep.x_slow_link
        maximum, minreduceat = np.maximum, np.minimum.reduceat
        for L in range(len(lp) - 2, -1, -1):
            a, b = lp[L], lp[L + 1]
            x, y = x_ptr[L], x_ptr[L + 1]
            key = xs[x:y]
            cand = lfT[key] + xc[x:y]
            for idx, pc, sc, as_f in x_slow[L]:
                j = x_link[x:y][idx]  # sorted backward link
                v = lfT[key[idx]] - dsucc[j] + preT[j]
                at = tables[sc].finish_at(v) if as_f else tables[sc].start_at(v)
                cand[idx] = tables[pc].to_offset(at - b_elT[j]) + postT[j]
            if lo_any[L]:
                maximum(minreduceat(cand, x_seg[a:b], 0), lobT[a:b], out=lfT[a:b])
            else:
                lfT[a:b] = minreduceat(cand, x_seg[a:b], 0)
        LS, LF = (lfT[:n] - DeT).T, lfT[:n].T

    pc_table = tables[net.project_calendar]
    res = [arr[..., net.pos] for arr in (ES, EF, LS, LF)]
    return PassResult(
        *res,
        finish_minute=finish,
        finish_offset=pc_table.to_offset(finish),
        start_offset=int(pc_table.to_offset(net.start_minute)),
        critical_limit=net.critical_limit,
    )


def schedule(project: Project) -> Schedule:
    """Schedule the plan: dates, floats, critical flags and path (see the module docstring)."""
    if not any(t.active for t in project.tasks):  # nothing to schedule: it starts and ends
        return Schedule(project.start, project.start, {}, ())
    net = compile_network(project)
    r = cpm_pass(net)
    return build_schedule(project, net, r)
