"""A plan's milestones as an iCalendar feed (RFC 5545), written by hand.

* One ``VEVENT`` per milestone (``Task.is_milestone``, active tasks only) that has a date: its
  computed finish when a ``Schedule`` is given, otherwise its constraint date, deadline or
  baseline finish; milestones without any date are left out rather than guessed.
* Times are floating local date-times (RFC 5545 3.3.5, form #1), as the plan keeps them: a
  plan is drawn in the town's wall-clock time.
* ``UID`` (3.8.4.7) is stable across exports: the task id and a digest of the plan's title, so a
  calendar program updates an event instead of adding a copy. ``DTSTAMP`` (3.8.7.2) is the
  time the feed was written, in UTC (callers may pass it, e.g. for reproducible files).
* TEXT values escape backslash, semicolon, comma and newline (3.3.11); content lines are folded
  at 75 octets with CRLF and one space, never inside a UTF-8 sequence (3.1); every line ends
  with CRLF.
* Several plans make one feed (an organization's milestones): ``write_ics`` takes a list.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime

from civicshift.core.schedule.model import Project, Schedule, Task
from civicshift.formats.ics import escape_text, fold_line

__all__ = ["escape_text", "fold_line", "milestone_date", "write_ics"]

PRODID = "-//CivicShift//Plan milestones//EN"


def _stamp(value: datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime("%Y%m%dT%H%M%SZ")


def _local(value: datetime) -> str:
    return value.strftime("%Y%m%dT%H%M%S")


def milestone_date(task: Task, schedule: Schedule | None) -> datetime | None:
    if schedule is not None and task.id in schedule.tasks:
        return schedule.tasks[task.id].finish
    return task.constraint_date or task.deadline or task.baseline_finish


def _uid(project: Project, task: Task) -> str:
    digest = hashlib.sha256(project.title.encode("utf-8")).hexdigest()[:16]
    return f"{task.id}-{digest}@civicshift"


def write_ics(
    plans: Iterable[tuple[Project, Schedule | None]],
    *,
    name: str | None = None,
    stamp: datetime | None = None,
) -> str:
    """The milestones of ``plans`` as one iCalendar text (CRLF line ends)."""
    stamp_text = _stamp(stamp or datetime.now(UTC))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for project, schedule in plans:
        for task in project.tasks:
            if not task.is_milestone or not task.active or task.summary:
                continue
            when = milestone_date(task, schedule)
            if when is None:
                continue
            description = f"Milestone of {project.title}"
            if task.owner:
                description += f"\nOwner: {task.owner}"
            lines += [
                "BEGIN:VEVENT",
                f"UID:{_uid(project, task)}",
                f"DTSTAMP:{stamp_text}",
                f"DTSTART:{_local(when)}",
                f"SUMMARY:{escape_text(task.name)}",
                f"DESCRIPTION:{escape_text(description)}",
                f"CATEGORIES:{escape_text(project.title)}",
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)
