"""What the plan page shows: each task's computed dates beside what was typed, and the geometry
of its Gantt bar (positions in percent of the plan's span, drawn as SVG attributes: the page's
Content-Security-Policy allows no inline styles)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from civicshift.core.schedule import durations
from civicshift.core.schedule.calendar import working_minutes_between
from civicshift.core.schedule.cpm import schedule
from civicshift.core.schedule.model import Schedule, ScheduleError, TaskSchedule

from . import selectors
from .forms import units_of
from .models import Plan, PlanTask

#: The chart's left part holds the task names; the bars share the rest (percent of the width).
LABEL_WIDTH = 34.0


ROW_HEIGHT = 24

#: Rows of the chart and the table per page. A plan from a template has 40 to 80 tasks (one
#: page); an imported Microsoft Project file can have thousands, and the page's cost is its
#: rows (each with two in-place forms): 1,000 rows took seconds to render (decisions.md).
PAGE_ROWS = 100


@dataclass
class Row:
    task: PlanTask
    depth: int
    summary: bool
    milestone: bool
    dates: TaskSchedule | None
    duration_text: str
    predecessors: str
    total_float_days: float | None
    y: int = 0
    bar_x: float = 0.0
    bar_width: float = 0.0
    baseline_x: float | None = None
    baseline_width: float | None = None
    variance: str = ""


@dataclass
class PlanView:
    label_width = LABEL_WIDTH

    plan: Plan
    rows: list[Row]
    schedule: Schedule | None
    error: str
    span_start: datetime | None
    span_finish: datetime | None
    ticks: list[tuple[float, str]]
    today_x: float | None
    promised_x: float | None
    critical_count: int
    height: int = 0
    page: Page | None = None
    total_rows: int = 0
    p50_x: float | None = None
    p80_x: float | None = None
    p50: datetime | None = None
    p80: datetime | None = None


def _pct(moment: datetime, start: datetime, span: float) -> float:
    """Where ``moment`` falls on the chart, in percent of its width."""
    share = max(0.0, min(1.0, (moment - start).total_seconds() / span))
    return round(LABEL_WIDTH + (100 - LABEL_WIDTH) * share, 3)


def _duration_text(task, dates, phase: bool, calendar, units) -> str:
    """A task's duration as typed; a phase's, the working time from its start to its finish."""
    if phase and dates is not None and calendar is not None:
        minutes = working_minutes_between(calendar, dates.start, dates.finish)
        return durations.format(durations.Duration(minutes, unit="d"), units)
    return durations.format(
        durations.Duration(task.duration_minutes, unit=task.duration_unit), units
    )


def _variance(days: int) -> str:
    if days == 0:
        return _("on the baseline date")
    if days > 0:
        return ngettext("%(n)d day later", "%(n)d days later", days) % {"n": days}
    return ngettext("%(n)d day earlier", "%(n)d days earlier", -days) % {"n": -days}


def page_of_task(plan: Plan, task: PlanTask) -> int:
    """The page of the plan's table (and chart) that shows ``task``, counting from 1."""
    keys = list(selectors.tasks_of(plan).values_list("pk", flat=True))
    return keys.index(task.pk) // PAGE_ROWS + 1 if task.pk in keys else 1


def plan_view(
    plan: Plan,
    *,
    today: datetime | None = None,
    baseline=None,
    simulated: dict | None = None,
    page=None,
) -> PlanView:
    """The plan's schedule (always of every task) and the rows of one page of ``PAGE_ROWS``
    (``page`` as in the URL: a wrong or missing number gives the nearest page, as Django's
    ``Paginator.get_page`` does)."""
    tasks = list(selectors.tasks_of(plan).select_related("calendar"))
    links = list(selectors.links_of(plan))
    units = units_of(plan)
    error, result = "", None
    project = None
    try:
        project = selectors.project_of(plan, tasks=tasks, links=links)
        result = schedule(project)
    except ScheduleError as exc:
        error = str(exc)
    parents = {t.parent_id for t in tasks if t.parent_id}
    depth: dict[int, int] = {}
    for t in tasks:
        depth[t.pk] = depth.get(t.parent_id, -1) + 1 if t.parent_id else 0
    total_rows = len(tasks)
    shown = Paginator(tasks, PAGE_ROWS).get_page(page)
    on_page = {t.pk for t in shown.object_list}
    keys = {t.pk: t.key for t in tasks}
    preds: dict[int, list[str]] = {}
    for link in links:
        if link.successor_id not in on_page:
            continue
        text = keys[link.predecessor_id] + ("" if link.type == "FS" else link.type)
        if link.lag_percent is not None:
            text += f"{link.lag_percent:+g}%"
        elif link.lag_minutes:
            lag = durations.format(durations.Duration(link.lag_minutes, unit=link.lag_unit), units)
            text += lag if lag.startswith("-") else f"+{lag}"
        preds.setdefault(link.successor_id, []).append(text)
    rows = []
    project_calendar = project.calendar() if project else None
    for index, t in enumerate(shown.object_list):  # only the page's rows are built
        dates = result.tasks.get(t.key) if result else None
        rows.append(
            Row(
                task=t,
                depth=depth[t.pk],
                summary=t.pk in parents,
                milestone=t.pk not in parents
                and ((t.duration_minutes == 0) if t.milestone is None else t.milestone),
                dates=dates,
                duration_text=_duration_text(t, dates, t.pk in parents, project_calendar, units),
                predecessors=", ".join(preds.get(t.pk, [])),
                y=28 + ROW_HEIGHT * index,
                total_float_days=(
                    None if dates is None else dates.total_float_minutes / plan.minutes_per_day
                ),
            )
        )
    span_start = span_finish = None
    span = 60.0
    p50 = p80 = None
    ticks: list[tuple[float, str]] = []
    today_x = promised_x = None
    if result and rows:
        span_start = min(result.project_start, plan.start)
        span_finish = max(result.project_finish, span_start)
        if plan.promised_finish:
            span_finish = max(
                span_finish, datetime.combine(plan.promised_finish, datetime.max.time())
            )
        if baseline is not None and baseline.project_finish:
            span_finish = max(span_finish, baseline.project_finish)
        p50 = p80 = None
        if simulated:
            p50 = datetime.fromisoformat(simulated["before"]["p50"])
            p80 = datetime.fromisoformat(simulated["before"]["p80"])
            span_finish = max(span_finish, p80)
        span = max((span_finish - span_start).total_seconds(), 60.0)
        for row in rows:
            if row.dates is None:
                continue
            row.bar_x = _pct(row.dates.start, span_start, span)
            row.bar_width = max(_pct(row.dates.finish, span_start, span) - row.bar_x, 0.25)
            saved = (baseline.tasks if baseline else {}).get(row.task.key)
            if saved:
                b_start = datetime.fromisoformat(saved["start"])
                b_finish = datetime.fromisoformat(saved["finish"])
                row.baseline_x = _pct(b_start, span_start, span)
                row.baseline_width = max(_pct(b_finish, span_start, span) - row.baseline_x, 0.25)
                row.variance = _variance((row.dates.finish.date() - b_finish.date()).days)
        months = []
        cursor = span_start.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        while cursor <= span_finish and len(months) < 60:
            months.append(cursor)
            cursor = cursor.replace(
                year=cursor.year + (cursor.month == 12), month=cursor.month % 12 + 1
            )
        step = max(1, -(-len(months) // 6))  # about six labels, whatever the span
        ticks = [
            (_pct(m, span_start, span), m.strftime("%b %Y"))
            for m in months[::step]
            if m >= span_start
        ]
        if today and span_start <= today <= span_finish:
            today_x = _pct(today, span_start, span)
        if plan.promised_finish:
            promised_x = _pct(
                datetime.combine(plan.promised_finish, datetime.max.time()), span_start, span
            )
    p50_x = p80_x = None
    if result and rows and simulated:
        p50_x, p80_x = _pct(p50, span_start, span), _pct(p80, span_start, span)
    else:
        p50 = p80 = None
    return PlanView(
        p50_x=p50_x,
        p80_x=p80_x,
        p50=p50,
        p80=p80,
        plan=plan,
        rows=rows,
        schedule=result,
        error=error,
        span_start=span_start,
        span_finish=span_finish,
        ticks=ticks,
        today_x=today_x,
        promised_x=promised_x,
        critical_count=len(result.critical_path) if result else 0,
        height=ROW_HEIGHT * len(rows) + 28,
        page=shown,
        total_rows=total_rows,
    )
