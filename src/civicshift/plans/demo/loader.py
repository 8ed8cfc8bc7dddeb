"""Reading and writing the demo's plans through the plan services, as the initiative's author."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from civicshift.core.plan_templates import load_templates
from civicshift.core.schedule.cpm import schedule
from civicshift.demo.schema_checks import DemoDataError, only, optional, required

from .. import selectors, services
from ..services_import import plan_from_template


@dataclass(frozen=True)
class DemoPlan:
    template: str
    start: datetime
    promised_finish: date | None
    budget: float
    progress: bool


def read_plan_entry(raw: Any, where: str) -> DemoPlan:
    only(raw, {"initiative", "template", "start", "promised_finish", "budget", "progress"}, where)
    template = required(raw, "template", where)
    if template not in load_templates():
        raise DemoDataError(f"{where}: template {template!r} is not among the plan templates")
    start = required(raw, "start", where, (str, datetime))
    try:
        start = start if isinstance(start, datetime) else datetime.fromisoformat(start)
    except ValueError as exc:
        raise DemoDataError(f"{where}.start: not a date and time: {start!r}") from exc
    return DemoPlan(
        template=template,
        start=start,
        promised_finish=optional(raw, "promised_finish", where, date, None),
        budget=float(required(raw, "budget", where, (int, float))),
        progress=bool(optional(raw, "progress", where, bool, False)),
    )


def load_plan(entry: DemoPlan, *, initiative, author):
    plan = plan_from_template(
        actor=author,
        initiative=initiative,
        template_id=entry.template,
        start=entry.start,
        budget=entry.budget,
    )
    if entry.promised_finish:
        plan = services.plan_update(actor=author, plan=plan, promised_finish=entry.promised_finish)
    if entry.progress:
        _progress(plan, author)
    return plan


def _progress(plan, author) -> None:
    """Save the baseline, then mark as done, with its dates, the work planned to finish before
    today (the day the demo is set up)."""
    services.baseline_save(actor=author, plan=plan, name="As approved")
    today = timezone.localtime().replace(tzinfo=None, second=0, microsecond=0)
    result = schedule(selectors.project_of(plan))
    for task in selectors.tasks_of(plan):
        dates = result.tasks.get(task.key)
        if dates is None or task.children.exists():
            continue
        if dates.finish <= today:
            services.task_update(
                actor=author,
                task=task,
                percent_complete=100,
                actual_start=dates.start,
                actual_finish=dates.finish,
            )
        elif dates.start <= today:
            services.task_update(
                actor=author, task=task, percent_complete=50, actual_start=dates.start
            )
    services.plan_update(actor=author, plan=plan, status_date=today)
