"""Read Microsoft Project XML (MSPDI) into a ``model.Project``, and what Project stored.

Method: the file goes through ``safety.read_bounded`` (size) and ``xmlsafe.parse_xml``
(defusedxml, no DTD, bounded depth); then the ``Project`` settings, ``Calendars``
(``mspdi_calendars``) and ``Tasks`` are read element by element, each value checked, and any
problem raises :class:`PlanFileError` naming the element (``Tasks/Task[4]``) and the task (UID
and name). Nothing is returned until the whole file has been read.

Field meanings: Microsoft's MSPDI schema mspdi_pj12.xsd ("XML Schema for the Tasks element",
"…Project element", MicrosoftDocs/office-developer-msproject-xml-docs) and
``../shared/notes/msproject-scheduling.md`` sections 1, 2, 7 and 8:

* ``Duration`` is an xsd:duration of working time (wall-clock for elapsed formats); it becomes
  whole minutes. ``DurationFormat`` gives the unit shown and whether it is elapsed.
* ``PredecessorLink``: ``Type`` 0 FF, 1 FS, 2 SF, 3 SS; ``LinkLag`` in tenths of a minute, or,
  with ``LagFormat`` 19/20 (% and e%, and +32), the raw percentage of the predecessor's duration.
* The project summary task (UID 0) and null tasks (``IsNull`` 1) are skipped; so are their
  links (a link *to* a skipped task is an error).
* ``ScheduleFromStart`` 0 (scheduled back from the finish date) is refused: the engine schedules
  forward only.
* Currency amounts (``Cost``, ``ActualCost``) are stored in hundredths of the currency unit
  (MPXJ's ``DatatypeConverter.parseCurrency`` divides by 100).
* Task ``Contact`` is read as the task's owner; the first ``Baseline`` (``Number`` 0) gives the
  baseline start, finish, duration and cost.

What Project itself computed (``Start``, ``Finish``, ``EarlyStart`` … ``TotalSlack``,
``FreeSlack``, ``Critical``) is not part of the plan; ``read_mspdi_stored`` returns it per task
UID (the same tasks ``read_mspdi`` returns) as :class:`StoredDates`, slacks in tenths of a minute
as stored, for comparing an engine's results with Microsoft Project's; ``resource_driven`` marks
the tasks whose dates Project derived from resource work (those cannot be reproduced from the
plan alone).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from xml.etree.ElementTree import Element

from civicshift.core.schedule.model import (
    Calendar,
    ConstraintType,
    Lag,
    Link,
    Project,
    Task,
)
from civicshift.formats.plan.errors import MAX_PLAN_BYTES, PlanFileError
from civicshift.formats.plan.mspdi_calendars import (
    has_working_time,
    read_raw_calendar,
    resolve_calendars,
)
from civicshift.formats.plan.mspdi_common import (
    CONSTRAINTS,
    FORMAT_UNITS,
    LINK_TYPES,
    NAMESPACE,
    parse_duration,
)
from civicshift.formats.plan.mspdi_fields import FieldReader
from civicshift.formats.plan.mspdi_fields import child_text as _text
from civicshift.formats.plan.xmlsafe import parse_xml
from civicshift.formats.safety import Source, UnsafeFileError, read_bounded, source_name

__all__ = ["StoredDates", "read_mspdi", "read_mspdi_stored", "read_mspdi_with_stored"]


@dataclass(frozen=True)
class StoredDates:
    """What Microsoft Project computed and saved for one task (None where absent)."""

    start: datetime | None
    finish: datetime | None
    early_start: datetime | None
    early_finish: datetime | None
    late_start: datetime | None
    late_finish: datetime | None
    total_slack_tenths: int | None  # tenths of a minute, as stored (4800 = 1 day of 480 min)
    free_slack_tenths: int | None
    critical: bool | None
    #: The task has an assignment of work to a real resource (``Assignments/Assignment`` with
    #: ``ResourceUID`` > 0 and ``Work`` > 0): Project derived its dates from the resource's work
    #: and calendar, which this reader does not read (notes section 8).
    resource_driven: bool = False

    @property
    def total_slack_minutes(self) -> float | None:
        return None if self.total_slack_tenths is None else self.total_slack_tenths / 10

    @property
    def free_slack_minutes(self) -> float | None:
        return None if self.free_slack_tenths is None else self.free_slack_tenths / 10


class _Reader(FieldReader):
    # The file ----------------------------------------------------------------------------

    def project(self, root: Element) -> tuple[Project, dict[str, StoredDates]]:
        where = "Project"
        if self.int(root, "ScheduleFromStart", 1, where=where) == 0:
            raise self.error(
                "the plan is scheduled from its finish date (ScheduleFromStart 0), which is "
                "not supported; in Microsoft Project set Project Information → Schedule from: "
                "Project Start Date, save, and import again",
                element="Project/ScheduleFromStart",
            )
        start = self.datetime(root, "StartDate", where="Project/StartDate")
        if start is None:
            raise self.error("the project has no StartDate", element="Project/StartDate")
        minutes_per_day = self.int(root, "MinutesPerDay", 480, where="Project/MinutesPerDay")
        minutes_per_week = self.int(root, "MinutesPerWeek", 2400, where="Project/MinutesPerWeek")
        days_per_month = self.int(root, "DaysPerMonth", 20, where="Project/DaysPerMonth")
        for tag, value in (
            ("MinutesPerDay", minutes_per_day),
            ("MinutesPerWeek", minutes_per_week),
            ("DaysPerMonth", days_per_month),
        ):
            if value <= 0:
                raise self.error(f"{tag} must be more than 0", element=f"Project/{tag}")
        calendars = self.calendars(root)
        calendar_id = _text(root, "CalendarUID") or calendars[0].id
        ids = {cal.id for cal in calendars}
        if calendar_id not in ids:
            raise self.error(
                f"the project calendar (CalendarUID {calendar_id}) is not in Calendars",
                element="Project/CalendarUID",
            )
        tasks, stored, elements = self.tasks(root, ids)
        for uid in self.resource_driven(root):
            if uid in stored:
                stored[uid] = replace(stored[uid], resource_driven=True)
        links = self.links(tasks, elements)
        used = {calendar_id, *(t.calendar_id for t in tasks if t.calendar_id)}
        for cal in calendars:
            if cal.id in used and not has_working_time(cal):
                raise self.error(
                    "the calendar has no working time at all, so nothing can be scheduled on it",
                    element=f"Calendar {cal.name!r} (UID {cal.id})",
                )
        title = _text(root, "Title") or _text(root, "Name") or self.file
        project = Project(
            title=title,
            start=start,
            tasks=tuple(tasks),
            links=tuple(links),
            calendars=calendars,
            calendar_id=calendar_id,
            minutes_per_day=minutes_per_day,
            minutes_per_week=minutes_per_week,
            days_per_month=days_per_month,
            critical_slack_limit_days=self.int(
                root, "CriticalSlackLimit", 0, where="Project/CriticalSlackLimit"
            ),
            honor_constraints=self.bool(
                root, "HonorConstraints", True, where="Project/HonorConstraints"
            ),
            multiple_critical_paths=self.bool(
                root, "MultipleCriticalPaths", False, where="Project/MultipleCriticalPaths"
            ),
            status_date=self.datetime(root, "StatusDate", where="Project/StatusDate"),
            currency=_text(root, "CurrencyCode") or "USD",
        )
        return project, stored

    def resource_driven(self, root: Element) -> set[str]:
        uids = set()
        for n, el in enumerate(root.iterfind("Assignments/Assignment"), start=1):
            where = f"Assignments/Assignment[{n}]"
            resource = self.int(el, "ResourceUID", -1, where=where)
            work = parse_duration(_text(el, "Work") or "PT0S") or 0
            task = _text(el, "TaskUID")
            if resource > 0 and work > 0 and task is not None:
                uids.add(task)
        return uids

    def calendars(self, root: Element) -> tuple[Calendar, ...]:
        elements = root.findall("Calendars/Calendar")
        if not elements:
            return (Calendar("1", "Standard"),)
        raws = [read_raw_calendar(el, n, file=self.file) for n, el in enumerate(elements, 1)]
        return resolve_calendars(raws, file=self.file)

    def tasks(self, root: Element, calendar_ids: set[str]):
        tasks: list[Task] = []
        stored: dict[str, StoredDates] = {}
        elements: dict[str, tuple[Element, str]] = {}
        seen: set[str] = set()
        for n, el in enumerate(root.iterfind("Tasks/Task"), start=1):
            where = f"Tasks/Task[{n}]"
            uid_text = _text(el, "UID")
            if uid_text is None or not uid_text.lstrip("-").isdigit():
                raise self.error("the task has no whole-number UID", element=where, task=el)
            uid = str(int(uid_text))
            if uid in seen:
                raise self.error(f"two tasks have UID {uid}", element=where, task=el)
            seen.add(uid)
            if uid == "0" or self.bool(el, "IsNull", False, where=where, task=el):
                continue
            tasks.append(self.task(el, uid, where, calendar_ids))
            stored[uid] = self.stored(el, where)
            elements[uid] = (el, where)
        return tasks, stored, elements

    def task(self, el: Element, uid: str, where: str, calendar_ids: set[str]) -> Task:
        def at(tag: str) -> str:
            return f"{where}/{tag}"

        duration = self.duration(el, "Duration", "DurationFormat", where=at("Duration"), task=el)
        code = self.int(el, "ConstraintType", 0, where=at("ConstraintType"), task=el)
        if code not in CONSTRAINTS:
            raise self.error(
                f"ConstraintType {code} is not one of 0–7 (ASAP, ALAP, MSO, MFO, SNET, SNLT, "
                "FNET, FNLT)",
                element=at("ConstraintType"),
                task=el,
            )
        constraint = CONSTRAINTS[code]
        constraint_date = self.datetime(el, "ConstraintDate", where=at("ConstraintDate"), task=el)
        if constraint in {ConstraintType.ASAP, ConstraintType.ALAP}:
            constraint_date = None  # Project may keep a stale date; it has no effect
        elif constraint_date is None:
            raise self.error(
                f"the {constraint.value} constraint has no ConstraintDate",
                element=at("ConstraintDate"),
                task=el,
            )
        calendar = _text(el, "CalendarUID")
        calendar_id = None if calendar is None or calendar.startswith("-") else calendar
        if calendar_id is not None and calendar_id not in calendar_ids:
            raise self.error(
                f"CalendarUID {calendar_id} is not a calendar in the file",
                element=at("CalendarUID"),
                task=el,
            )
        percent = self.number(el, "PercentComplete", 0.0, where=at("PercentComplete"), task=el)
        if not 0 <= percent <= 100:
            raise self.error(
                f"PercentComplete {percent:g} is not between 0 and 100",
                element=at("PercentComplete"),
                task=el,
            )
        milestone = self.bool(
            el, "Milestone", duration.minutes == 0, where=at("Milestone"), task=el
        )
        manual = self.bool(el, "Manual", False, where=at("Manual"), task=el)
        manual_start = manual_finish = None
        if manual:
            manual_start = self.datetime(el, "ManualStart", where=at("ManualStart"), task=el)
            manual_finish = self.datetime(el, "ManualFinish", where=at("ManualFinish"), task=el)
            manual_start = manual_start or self.datetime(el, "Start", where=at("Start"), task=el)
            manual_finish = manual_finish or self.datetime(
                el, "Finish", where=at("Finish"), task=el
            )
        baseline = None
        for candidate in el.iterfind("Baseline"):
            if self.int(candidate, "Number", 0, where=at("Baseline"), task=el) == 0:
                baseline = candidate
                break
        baseline_duration = None
        if baseline is not None and _text(baseline, "Duration"):
            baseline_duration = self.duration(
                baseline, "Duration", "DurationFormat", where=at("Baseline/Duration"), task=el
            )
        actual_cost_text = _text(el, "ActualCost")
        return Task(
            id=uid,
            name=_text(el, "Name") or "",
            duration=duration,
            outline_level=max(
                1, self.int(el, "OutlineLevel", 1, where=at("OutlineLevel"), task=el)
            ),
            wbs=_text(el, "WBS") or "",
            summary=self.bool(el, "Summary", False, where=at("Summary"), task=el),
            milestone=None if milestone == (duration.minutes == 0) else milestone,
            constraint=constraint,
            constraint_date=constraint_date,
            deadline=self.datetime(el, "Deadline", where=at("Deadline"), task=el),
            calendar_id=calendar_id,
            percent_complete=percent,
            actual_start=self.datetime(el, "ActualStart", where=at("ActualStart"), task=el),
            actual_finish=self.datetime(el, "ActualFinish", where=at("ActualFinish"), task=el),
            owner=_text(el, "Contact") or "",
            cost=self.number(el, "Cost", 0.0, where=at("Cost"), task=el) / 100,
            actual_cost=(
                self.number(el, "ActualCost", 0.0, where=at("ActualCost"), task=el) / 100
                if actual_cost_text
                else None
            ),
            baseline_start=(
                self.datetime(baseline, "Start", where=at("Baseline/Start"), task=el)
                if baseline is not None
                else None
            ),
            baseline_finish=(
                self.datetime(baseline, "Finish", where=at("Baseline/Finish"), task=el)
                if baseline is not None
                else None
            ),
            baseline_duration=baseline_duration,
            active=self.bool(el, "Active", True, where=at("Active"), task=el),
            manual=manual,
            manual_start=manual_start,
            manual_finish=manual_finish,
            notes=_text(el, "Notes") or "",
        )

    def stored(self, el: Element, where: str) -> StoredDates:
        def when(tag: str) -> datetime | None:
            return self.datetime(el, tag, where=f"{where}/{tag}", task=el)

        critical = _text(el, "Critical")
        return StoredDates(
            start=when("Start"),
            finish=when("Finish"),
            early_start=when("EarlyStart"),
            early_finish=when("EarlyFinish"),
            late_start=when("LateStart"),
            late_finish=when("LateFinish"),
            total_slack_tenths=self.int(
                el, "TotalSlack", None, where=f"{where}/TotalSlack", task=el
            ),
            free_slack_tenths=self.int(el, "FreeSlack", None, where=f"{where}/FreeSlack", task=el),
            critical=None if critical is None else critical in {"1", "true"},
        )

    def links(self, tasks: list[Task], elements: dict[str, tuple[Element, str]]) -> list[Link]:
        links: list[Link] = []
        for task in tasks:
            el, where = elements[task.id]
            for n, link in enumerate(el.iterfind("PredecessorLink"), start=1):
                here = f"{where}/PredecessorLink[{n}]"
                pred = self.int(link, "PredecessorUID", None, where=here, task=el)
                if pred is None:
                    raise self.error("the link has no PredecessorUID", element=here, task=el)
                if self.bool(link, "CrossProject", False, where=here, task=el):
                    raise self.error(
                        "the link comes from a task in another project (CrossProject), which "
                        "cannot be scheduled from this file alone",
                        element=here,
                        task=el,
                    )
                pred_id = str(pred)
                if pred_id not in elements:
                    raise self.error(
                        f"PredecessorUID {pred_id} is not a task in the file",
                        element=here,
                        task=el,
                    )
                if pred_id == task.id:
                    raise self.error("the task is linked to itself", element=here, task=el)
                code = self.int(link, "Type", 1, where=f"{here}/Type", task=el)
                if code not in LINK_TYPES:
                    raise self.error(
                        f"link Type {code} is not 0 (FF), 1 (FS), 2 (SF) or 3 (SS)",
                        element=f"{here}/Type",
                        task=el,
                    )
                links.append(Link(pred_id, task.id, LINK_TYPES[code], self.lag(link, here, el)))
        return links

    def lag(self, link: Element, where: str, task: Element) -> Lag:
        raw = self.int(link, "LinkLag", 0, where=f"{where}/LinkLag", task=task)
        code = self.int(link, "LagFormat", 7, where=f"{where}/LagFormat", task=task)
        if code not in FORMAT_UNITS:
            raise self.error(
                f"LagFormat {code} is not a duration format of the MSPDI schema",
                element=f"{where}/LagFormat",
                task=task,
            )
        unit, elapsed = FORMAT_UNITS[code]
        if unit.endswith("%"):
            return Lag(0, elapsed, float(raw), unit)
        return Lag(round(raw / 10), elapsed, None, unit)


def _parse(source: Source, name: str | None, max_bytes: int) -> tuple[Element, str]:
    file = source_name(source, name)
    try:
        data = read_bounded(source, max_bytes=max_bytes, name=file)
    except UnsafeFileError as exc:
        raise PlanFileError(file, exc.problem) from None
    root, namespace = parse_xml(data, name=file)
    if root.tag != "Project" or namespace not in {"", NAMESPACE}:
        raise PlanFileError(
            file,
            f"not a Microsoft Project XML file: the root element is <{root.tag}>, "
            f'not <Project xmlns="{NAMESPACE}">',
        )
    return root, file


def read_mspdi_with_stored(
    source: Source, name: str | None = None, *, max_bytes: int = MAX_PLAN_BYTES
) -> tuple[Project, dict[str, StoredDates]]:
    """The plan in an MSPDI file, and what Microsoft Project stored for each of its tasks."""
    root, file = _parse(source, name, max_bytes)
    return _Reader(file).project(root)


def read_mspdi(
    source: Source, name: str | None = None, *, max_bytes: int = MAX_PLAN_BYTES
) -> Project:
    """The plan in an MSPDI file (bytes, a path or an open binary file); task ids are UIDs."""
    return read_mspdi_with_stored(source, name, max_bytes=max_bytes)[0]


def read_mspdi_stored(
    source: Source, name: str | None = None, *, max_bytes: int = MAX_PLAN_BYTES
) -> dict[str, StoredDates]:
    """Microsoft Project's own dates, slack and critical flag per task UID (str)."""
    return read_mspdi_with_stored(source, name, max_bytes=max_bytes)[1]
