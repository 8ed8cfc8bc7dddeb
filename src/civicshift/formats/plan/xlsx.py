"""A plan as an Excel workbook: a Tasks sheet and a Links sheet, through
``formats.xlsx_tables.write_tables`` (valid sheet titles, native cells, text that starts with
``=`` kept as text).

Tasks: WBS (the task's own code, else its outline number), id, outline level, name, duration
as typed (``3d``) and in working days, start, finish, total and free float in working days,
critical, predecessors written as Microsoft Project shows them (``A``, ``B SS+2d``,
``C FF-1d``), owner, percent complete. Dates and floats come from a ``Schedule`` when one is
given (the engine's), otherwise those columns stay empty: the file never shows dates nobody
computed.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from civicshift.core.schedule.model import Link, LinkType, Project, Schedule
from civicshift.formats.plan.mspdi_write import outline_numbers
from civicshift.formats.plan.units import format_duration_text, format_lag_text
from civicshift.formats.xlsx_tables import SheetTable, write_tables

__all__ = ["TASK_HEADERS", "LINK_HEADERS", "link_text", "write_plan_xlsx"]

TASK_HEADERS = (
    "WBS",
    "Id",
    "Level",
    "Name",
    "Duration",
    "Duration (working days)",
    "Start",
    "Finish",
    "Total float (working days)",
    "Free float (working days)",
    "Critical",
    "Predecessors",
    "Owner",
    "% complete",
)
LINK_HEADERS = (
    "Predecessor",
    "Successor",
    "Type",
    "Lag",
    "Lag (minutes)",
    "Lag (% of predecessor)",
)


def _units(project: Project) -> dict[str, int]:
    return {
        "minutes_per_day": project.minutes_per_day,
        "minutes_per_week": project.minutes_per_week,
        "days_per_month": project.days_per_month,
    }


def link_text(link: Link, project: Project) -> str:
    """``A`` for a plain finish-to-start link, else ``A SS+2d`` as Microsoft Project shows it."""
    lag = link.lag
    has_lag = lag.minutes != 0 or (lag.percent is not None and lag.percent != 0)
    if link.type is LinkType.FS and not has_lag:
        return link.predecessor
    text = f"{link.predecessor} {link.type.value}"
    if has_lag:
        shown = format_lag_text(lag, **_units(project))
        text += shown if shown.startswith("-") else f"+{shown}"
    return text


def plan_tables(project: Project, schedule: Schedule | None = None) -> list[SheetTable]:
    units = _units(project)
    per_day = project.minutes_per_day
    before: dict[str, list[str]] = {}
    for link in project.links:
        before.setdefault(link.successor, []).append(link_text(link, project))
    outline = outline_numbers(project.tasks)
    rows = []
    for number, task in zip(outline, project.tasks, strict=True):
        computed = schedule.tasks.get(task.id) if schedule is not None else None
        rows.append(
            (
                task.wbs or number,
                task.id,
                task.outline_level,
                task.name,
                format_duration_text(task.duration, **units),
                round(task.duration.minutes / per_day, 4),
                computed.start if computed else None,
                computed.finish if computed else None,
                round(computed.total_float_minutes / per_day, 4) if computed else None,
                round(computed.free_float_minutes / per_day, 4) if computed else None,
                ("yes" if computed.critical else "no") if computed else None,
                ", ".join(before.get(task.id, [])),
                task.owner,
                task.percent_complete,
            )
        )
    links = [
        (
            link.predecessor,
            link.successor,
            link.type.value,
            format_lag_text(link.lag, **units),
            None if link.lag.percent is not None else link.lag.minutes,
            link.lag.percent,
        )
        for link in project.links
    ]
    return [SheetTable("Tasks", TASK_HEADERS, rows), SheetTable("Links", LINK_HEADERS, links)]


def write_plan_xlsx(
    project: Project, target: str | Path | IO[bytes], schedule: Schedule | None = None
) -> None:
    """Write the plan (and its computed dates, when ``schedule`` is given) to ``target``."""
    write_tables(plan_tables(project, schedule), target)
