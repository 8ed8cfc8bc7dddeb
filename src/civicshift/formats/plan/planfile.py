"""The project's own plan file (YAML or JSON) → ``model.Project``; documented in
docs/plan-file.md, its JSON Schema in ``plan-file.schema.json`` beside this module.

Method: ``safety.read_bounded`` then ``safety.load_yaml`` (``SafeYamlLoader``: no aliases,
bounded nesting) or ``safety.load_json`` (a text starting with ``{``); YAML dates become ISO
text; the JSON Schema (draft 2020-12, ``jsonschema``) checks the shape; then the plan's own
rules (ids unique, links and parents naming tasks that exist, calendars that exist and work,
durations that parse) are checked while the ``Project`` is built. Every refusal is one
:class:`PlanFileError` naming the file, the field and the task (id and name).

Outline: a task's ``parent:`` names its phase (a summary task). Tasks are put in outline order
(each phase followed by its tasks, depth first, file order otherwise kept), outline levels
follow from the parents, and a task with children is a summary.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from civicshift.core.schedule import durations
from civicshift.core.schedule.model import (
    STANDARD_WEEK,
    Calendar,
    CalendarException,
    ConstraintType,
    Duration,
    Lag,
    Link,
    LinkType,
    Project,
    Task,
    ThreePoint,
    WorkingPeriod,
    WorkWeek,
)
from civicshift.formats.plan.errors import MAX_PLAN_BYTES, PlanFileError
from civicshift.formats.plan.planfile_schema import plan_file_schema, schema_error
from civicshift.formats.safety import (
    Source,
    UnsafeFileError,
    load_json,
    load_yaml,
    read_bounded,
    source_name,
)

__all__ = ["DAYS", "load_plan_data", "plan_file_schema", "read_plan_file", "plan_from_data"]

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: A date given without a time: Microsoft Project's default start and finish times.
DEFAULT_START = time(8, 0)
DEFAULT_FINISH = time(17, 0)
DEFAULT_CALENDAR_ID = "1"


def _isoformat(value: Any) -> Any:
    """YAML's dates and date-times as ISO text (the schema and JSON see the same thing)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _isoformat(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_isoformat(v) for v in value]
    return value


def load_plan_data(source: Source, name: str | None = None, *, max_bytes: int = MAX_PLAN_BYTES):
    """The plan file's data (dicts and lists), parsed safely; not yet checked."""
    file = source_name(source, name)
    try:
        data = read_bounded(source, max_bytes=max_bytes, name=file)
        if data.lstrip()[:1] == b"{":
            return load_json(data, name=file), file
        return _isoformat(load_yaml(data, name=file)), file
    except UnsafeFileError as exc:
        raise PlanFileError(file, exc.problem) from None


def read_plan_file(
    source: Source, name: str | None = None, *, max_bytes: int = MAX_PLAN_BYTES
) -> Project:
    """The plan in a YAML or JSON plan file (bytes, a path or an open binary file)."""
    data, file = load_plan_data(source, name, max_bytes=max_bytes)
    return plan_from_data(data, file)


# Building the Project ----------------------------------------------------------------------


class _Builder:
    def __init__(self, data: dict, file: str) -> None:
        self.data = data
        self.file = file
        settings = data.get("settings", {})
        self.units = {
            "minutes_per_day": settings.get("minutes_per_day", 480),
            "minutes_per_week": settings.get("minutes_per_week", 2400),
            "days_per_month": settings.get("days_per_month", 20),
        }
        self.duration_units = durations.Units(**self.units)

    def error(self, detail: str, field: str | None = None, task: dict | None = None):
        return PlanFileError(
            self.file,
            detail,
            element=f"field {field!r}" if field else None,
            task_id=None if task is None else str(task["id"]),
            task_name=None if task is None else task.get("name") or None,
        )

    def when(self, text: str | None, *, finish: bool, field: str, task: dict | None = None):
        if text is None:
            return None
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            raise self.error(f"{text!r} is not a real date", field, task) from None
        if len(text) == 10:  # a date alone
            value = datetime.combine(value.date(), DEFAULT_FINISH if finish else DEFAULT_START)
        return value

    def day(self, text: str, field: str) -> date:
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            raise self.error(f"{text!r} is not a real date", field) from None

    def duration(self, text: str, field: str, task: dict) -> Duration:
        try:  # the schema's pattern has already passed
            return durations.read_duration(text, self.duration_units, grammar=durations.PLAN_FILE)
        except durations.DurationSyntaxError as exc:
            raise self.error(f"{text!r} is not a duration ({exc})", field, task) from None

    # Calendars -----------------------------------------------------------------------------

    def hours(self, items: list[str], field: str) -> tuple[WorkingPeriod, ...]:
        periods = []
        for text in items:
            start_text, end_text = text.split("-")
            minutes = []
            for part in (start_text, end_text):
                hh, mm = (int(x) for x in part.split(":"))
                if hh > 24 or mm > 59 or (hh == 24 and mm):
                    raise self.error(f"{text!r} is not a time of day", field)
                minutes.append(hh * 60 + mm)
            if not minutes[0] < minutes[1]:
                raise self.error(f"the working period {text!r} ends before it starts", field)
            periods.append(WorkingPeriod(*minutes))
        periods.sort(key=lambda p: p.start)
        for before, after in zip(periods, periods[1:], strict=False):
            if after.start < before.end:
                raise self.error("two working periods overlap", field)
        return tuple(periods)

    def week(self, raw: dict, base: tuple, field: str) -> tuple:
        return tuple(
            self.hours(raw[d], f"{field}.{d}") if d in raw else base[i] for i, d in enumerate(DAYS)
        )

    def ranges(self, items: list, field: str, *, holidays: bool) -> list[CalendarException]:
        result = []
        for n, item in enumerate(items):
            here = f"{field}[{n}]"
            if isinstance(item, str):
                item = {"from": item}
            start = self.day(item["from"], here)
            finish = self.day(item.get("to", item["from"]), here)
            if finish < start:
                raise self.error("'to' is before 'from'", here)
            periods = () if holidays else self.hours(item.get("hours", []), f"{here}.hours")
            result.append(CalendarException(start, finish, periods, item.get("name", "")))
        return result

    def calendars(self) -> tuple[tuple[Calendar, ...], str]:
        raws = []
        main = dict(self.data.get("calendar", {}))
        main.setdefault("id", DEFAULT_CALENDAR_ID)
        main.setdefault("name", "Standard")
        raws.append(("calendar", main))
        for n, raw in enumerate(self.data.get("calendars", [])):
            if "id" not in raw:
                raise self.error("'id' is missing", f"calendars[{n}]")
            raws.append((f"calendars[{n}]", raw))
        by_id: dict[str, tuple[str, dict]] = {}
        for field, raw in raws:
            cid = str(raw["id"])
            if cid in by_id:
                raise self.error(f"two calendars have the id {cid!r}", field)
            by_id[cid] = (field, raw)
        resolved: dict[str, Calendar] = {}

        def resolve(cid: str, chain: tuple[str, ...]) -> Calendar:
            if cid in resolved:
                return resolved[cid]
            field, raw = by_id[cid]
            if cid in chain:
                raise self.error("calendars are based on each other in a loop", field)
            base = None
            if "based_on" in raw:
                base_id = str(raw["based_on"])
                if base_id not in by_id:
                    raise self.error(f"no calendar has the id {base_id!r}", f"{field}.based_on")
                base = resolve(base_id, (*chain, cid))
            week = self.week(raw.get("week", {}), base.week if base else STANDARD_WEEK, field)
            exceptions = [
                *self.ranges(raw.get("holidays", []), f"{field}.holidays", holidays=True),
                *self.ranges(raw.get("exceptions", []), f"{field}.exceptions", holidays=False),
            ]
            work_weeks = []
            for n, ww in enumerate(raw.get("work_weeks", [])):
                here = f"{field}.work_weeks[{n}]"
                start, finish = self.day(ww["from"], here), self.day(ww["to"], here)
                if finish < start:
                    raise self.error("'to' is before 'from'", here)
                days = tuple(
                    self.hours(ww["week"][d], f"{here}.week.{d}") if d in ww["week"] else None
                    for d in DAYS
                )
                work_weeks.append(WorkWeek(start, finish, days, ww.get("name", "")))
            calendar = Calendar(
                id=cid,
                name=str(raw.get("name", cid)),
                week=week,
                exceptions=(*exceptions, *(base.exceptions if base else ())),
                work_weeks=(*work_weeks, *(base.work_weeks if base else ())),
                base_id=base.id if base else None,
            )
            if not any(calendar.week) and not any(
                any(d for d in ww.week if d) for ww in calendar.work_weeks
            ):
                raise self.error(
                    "the calendar has no working time at all, so nothing can be scheduled on it",
                    field,
                )
            resolved[cid] = calendar
            return calendar

        calendars = tuple(resolve(cid, ()) for cid in by_id)
        return calendars, str(main["id"])

    # Tasks ---------------------------------------------------------------------------------

    def outline(self, raws: list[dict]) -> list[tuple[dict, int, bool]]:
        """Tasks in outline order with their level and whether they are a phase."""
        by_id = {str(t["id"]): t for t in raws}
        children: dict[str | None, list[dict]] = {}
        for raw in raws:
            parent = None if raw.get("parent") is None else str(raw["parent"])
            if parent is not None and parent not in by_id:
                raise self.error(f"no task has the id {parent!r}", "parent", raw)
            if parent == str(raw["id"]):
                raise self.error("a task cannot be its own parent", "parent", raw)
            children.setdefault(parent, []).append(raw)
        ordered: list[tuple[dict, int, bool]] = []
        seen: set[str] = set()

        def visit(raw: dict, level: int) -> None:
            seen.add(str(raw["id"]))
            kids = children.get(str(raw["id"]), [])
            ordered.append((raw, level, bool(kids)))
            for kid in kids:
                visit(kid, level + 1)

        for raw in children.get(None, []):
            visit(raw, 1)
        for raw in raws:
            if str(raw["id"]) not in seen:
                raise self.error("the task's parents form a loop", "parent", raw)
        return ordered

    def task(self, raw: dict, level: int, summary: bool, calendar_ids: set[str]) -> Task:
        estimate = None
        spec = raw.get("duration", "0d")
        if isinstance(spec, dict):
            points = [
                self.duration(spec[k], f"duration.{k}", raw)
                for k in ("optimistic", "likely", "pessimistic")
            ]
            if not points[0].minutes <= points[1].minutes <= points[2].minutes:
                raise self.error(
                    "a three-point estimate needs optimistic ≤ likely ≤ pessimistic",
                    "duration",
                    raw,
                )
            estimate = ThreePoint(*points, distribution=spec.get("distribution", "pert"))
            duration = points[1]
        else:
            duration = self.duration(spec, "duration", raw)
        constraint = ConstraintType.ASAP
        constraint_date = None
        if "constraint" in raw:
            constraint = ConstraintType(raw["constraint"]["type"])
            finish = constraint in {ConstraintType.MFO, ConstraintType.FNET, ConstraintType.FNLT}
            constraint_date = self.when(
                raw["constraint"].get("date"), finish=finish, field="constraint.date", task=raw
            )
            if constraint not in {ConstraintType.ASAP, ConstraintType.ALAP}:
                if constraint_date is None:
                    raise self.error(
                        f"a {constraint.value} constraint needs a date", "constraint.date", raw
                    )
            else:
                constraint_date = None
        calendar_id = None if raw.get("calendar") is None else str(raw["calendar"])
        if calendar_id is not None and calendar_id not in calendar_ids:
            raise self.error(f"no calendar has the id {calendar_id!r}", "calendar", raw)
        baseline = raw.get("baseline", {})
        manual = raw.get("manual", False)
        manual_dates = manual if isinstance(manual, dict) else {}
        return Task(
            id=str(raw["id"]),
            name=raw["name"],
            duration=duration,
            outline_level=level,
            wbs=raw.get("wbs", ""),
            summary=summary,
            # Said the same way as the MSPDI reader: None where the flag only repeats the
            # rule (a milestone exactly when the duration is zero).
            milestone=(
                None if raw.get("milestone") in {None, duration.minutes == 0} else raw["milestone"]
            ),
            constraint=constraint,
            constraint_date=constraint_date,
            deadline=self.when(raw.get("deadline"), finish=True, field="deadline", task=raw),
            calendar_id=calendar_id,
            percent_complete=float(raw.get("percent_complete", 0)),
            actual_start=self.when(
                raw.get("actual_start"), finish=False, field="actual_start", task=raw
            ),
            actual_finish=self.when(
                raw.get("actual_finish"), finish=True, field="actual_finish", task=raw
            ),
            estimate=estimate,
            owner=raw.get("owner", ""),
            cost=float(raw.get("cost", 0)),
            actual_cost=None if raw.get("actual_cost") is None else float(raw["actual_cost"]),
            baseline_start=self.when(
                baseline.get("start"), finish=False, field="baseline.start", task=raw
            ),
            baseline_finish=self.when(
                baseline.get("finish"), finish=True, field="baseline.finish", task=raw
            ),
            baseline_duration=(
                self.duration(baseline["duration"], "baseline.duration", raw)
                if "duration" in baseline
                else None
            ),
            active=raw.get("active", True),
            manual=bool(manual),
            manual_start=self.when(
                manual_dates.get("start"), finish=False, field="manual.start", task=raw
            ),
            manual_finish=self.when(
                manual_dates.get("finish"), finish=True, field="manual.finish", task=raw
            ),
            notes=raw.get("notes", ""),
        )

    def links(self, raws: list[dict], ids: set[str]) -> list[Link]:
        links: list[Link] = []
        pairs: set[tuple[str, str]] = set()
        for raw in raws:
            succ = str(raw["id"])
            for n, item in enumerate(raw.get("after", [])):
                field = f"after[{n}]"
                spec = item if isinstance(item, dict) else {"task": item}
                pred = str(spec["task"])
                if pred not in ids:
                    raise self.error(f"no task has the id {pred!r}", field, raw)
                if pred == succ:
                    raise self.error("a task cannot come after itself", field, raw)
                if (pred, succ) in pairs:
                    raise self.error(f"task {pred!r} is listed twice", field, raw)
                pairs.add((pred, succ))
                lag = Lag()
                if "lag" in spec:
                    try:
                        lag = durations.read_lag(
                            spec["lag"], self.duration_units, grammar=durations.PLAN_FILE
                        )
                    except durations.DurationSyntaxError as exc:
                        raise self.error(
                            f"{spec['lag']!r} is not a lag ({exc})", f"{field}.lag", raw
                        ) from None
                links.append(Link(pred, succ, LinkType(spec.get("type", "FS")), lag))
        return links

    def project(self) -> Project:
        data = self.data
        calendars, calendar_id = self.calendars()
        raws = data["tasks"]
        ids: set[str] = set()
        for raw in raws:
            tid = str(raw["id"])
            if tid in ids:
                raise self.error(f"two tasks have the id {tid!r}", "id", raw)
            ids.add(tid)
        calendar_ids = {c.id for c in calendars}
        tasks = [
            self.task(raw, level, summary, calendar_ids)
            for raw, level, summary in self.outline(raws)
        ]
        settings = data.get("settings", {})
        return Project(
            title=data["title"],
            start=self.when(data["start"], finish=False, field="start"),
            tasks=tuple(tasks),
            links=tuple(self.links(raws, ids)),
            calendars=calendars,
            calendar_id=calendar_id,
            critical_slack_limit_days=settings.get("critical_slack_days", 0),
            honor_constraints=settings.get("honor_constraints", True),
            multiple_critical_paths=settings.get("multiple_critical_paths", False),
            status_date=self.when(data.get("status_date"), finish=True, field="status_date"),
            finish=self.when(data.get("finish"), finish=True, field="finish"),
            currency=data.get("currency", "USD"),
            **self.units,
        )


def plan_from_data(data: Any, file: str) -> Project:
    """Check plan-file data (as loaded from YAML or JSON) and build the ``Project``."""
    problem = schema_error(data, file)
    if problem is not None:
        raise problem
    return _Builder(data, file).project()
