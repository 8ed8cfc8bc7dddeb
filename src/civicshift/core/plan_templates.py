"""Plan templates for common municipal technology projects (``core/data/plan_templates/``).

Each template is one YAML file with its ``id`` and ``version``, written in the plan file's
vocabulary (docs/plan-file.md, issue 9 item 11): tasks with ``id``, ``name``, ``parent`` (the
phase), ``duration`` (``3d``, ``2w``, ``4h``, or ``{optimistic, likely, pessimistic}``),
``after`` (``[A]`` or ``[{task, type, lag}]``), ``owner`` and ``notes``. Beyond the plan file it
names its key ``milestones``, its ``risks`` (risk-library ids linked to the tasks they would
delay) and its ``intent``: how long the published sources say such a project takes between two
points, e.g. contract signature to go-live, in calendar months, with the source.

:func:`load_templates` reads and checks every file once (ids unique, tasks and phases known,
durations that parse and are not negative, links between work tasks, no cycles, milestones
that exist and take no time, risks in the library); a :class:`TemplateError` names the file,
the task and the field. :func:`apply_template` turns a template into a
:class:`~civicshift.core.schedule.model.Project` from a start date, for the engine to schedule;
:func:`template_risks` gives its risks as register entries.

Durations convert as the plan file does: 1 d = 480 working minutes, 1 w = 5 d, 1 mo = 20 d.
The files are ours, so PyYAML's safe loader is used directly (user files go through
``formats.safety``, a layer above core). Phases are summary tasks; the outline is put in
depth-first order (each phase followed by its tasks) and WBS codes are left empty, as the plan
file reader does, so a template and the same tasks in a plan file give equal ``Task`` objects.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

import yaml

from civicshift.core.risk import Risk
from civicshift.core.risk_library import load_library
from civicshift.core.schedule.model import (
    Calendar,
    Duration,
    Lag,
    Link,
    LinkType,
    Project,
    Task,
    ThreePoint,
)

__all__ = [
    "Intent",
    "PlanTemplate",
    "TemplateError",
    "TemplateRisk",
    "apply_template",
    "load_templates",
    "template_from_data",
    "template_risks",
]

TEMPLATE_DIR = "data/plan_templates"
_UNITS = {"m": 1, "h": 60, "d": 480, "w": 2400, "mo": 9600}
_AMOUNT = re.compile(r"^([-+]?\d+(?:\.\d+)?)(mo|m|h|d|w|%)$")
_TASK_KEYS = {"id", "name", "parent", "duration", "after", "owner", "notes", "milestone"}


class TemplateError(ValueError):
    def __init__(self, file: str, message: str, *, task: str = "", field: str = "") -> None:
        self.file, self.task, self.field = file, task, field
        where = ", ".join(p for p in (file, f"task {task}" if task else "", field) if p)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class TemplateRisk:
    library_id: str
    tasks: tuple[str, ...]


@dataclass(frozen=True)
class Intent:
    """``to``'s finish falls ``months`` (low, high) calendar months after ``origin``'s start
    (``"start"``: the project start)."""

    origin: str
    to: str
    months: tuple[float, float]
    source: str


@dataclass(frozen=True)
class PlanTemplate:
    id: str
    version: str
    title: str
    description: str
    source: str
    tasks: tuple[Task, ...]  # outline order, phases as summary tasks
    links: tuple[Link, ...]
    milestones: tuple[str, ...]
    go_live: str
    risks: tuple[TemplateRisk, ...]
    intents: tuple[Intent, ...]


def _amount(text: object, file: str, task: str, field: str, *, lag: bool = False):
    if isinstance(text, int) and not isinstance(text, bool) and text == 0:
        text = "0d"
    m = _AMOUNT.match(str(text).strip()) if isinstance(text, str | int) else None
    if not m or (m.group(2) == "%" and not lag):
        example = "2d, -1w or 50%" if lag else "3d, 2w, 4h or 0d"
        raise TemplateError(
            file, f"{text!r} is not a duration such as {example}", task=task, field=field
        )
    value, unit = float(m.group(1)), m.group(2)
    if unit == "%":
        return Lag(0, False, value, "%")
    minutes = round(value * _UNITS[unit])
    if lag:
        return Lag(minutes, False, None, unit)
    if minutes < 0:
        raise TemplateError(file, f"the duration {text!r} is negative", task=task, field=field)
    return Duration(minutes, False, unit)


def _duration(raw: object, file: str, tid: str) -> tuple[Duration, ThreePoint | None]:
    if raw is None:
        return Duration(0), None
    if isinstance(raw, dict):
        missing = {"optimistic", "likely", "pessimistic"} - set(raw)
        if missing:
            raise TemplateError(
                file, f"a three-point duration needs {sorted(missing)}", task=tid, field="duration"
            )
        a, m, b = (
            _amount(raw[k], file, tid, f"duration.{k}")
            for k in ("optimistic", "likely", "pessimistic")
        )
        if not a.minutes <= m.minutes <= b.minutes:
            raise TemplateError(
                file, "optimistic ≤ likely ≤ pessimistic is required", task=tid, field="duration"
            )
        return m, ThreePoint(a, m, b, str(raw.get("distribution", "pert")))
    return _amount(raw, file, tid, "duration"), None


def _links(raw: object, file: str, tid: str) -> list[Link]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise TemplateError(
            file, "must be a list of task ids or {task, type, lag}", task=tid, field="after"
        )
    out = []
    for item in raw:
        if isinstance(item, str):
            out.append(Link(item, tid))
            continue
        if not isinstance(item, dict) or "task" not in item:
            raise TemplateError(
                file, f"{item!r} is not a task id or {{task, type, lag}}", task=tid, field="after"
            )
        kind = str(item.get("type", "FS"))
        if kind not in LinkType.__members__:
            raise TemplateError(
                file, f"link type {kind!r} is not FS, SS, FF or SF", task=tid, field="after"
            )
        lag = _amount(item.get("lag", "0d"), file, tid, "after.lag", lag=True)
        out.append(Link(str(item["task"]), tid, LinkType(kind), lag))
    return out


def _cycle(ids: Sequence[str], links: Sequence[Link]) -> list[str]:
    """Tasks left when Kahn's algorithm stops: those on or behind a cycle (empty: none)."""
    indeg = dict.fromkeys(ids, 0)
    out: dict[str, list[str]] = {i: [] for i in ids}
    for lk in links:
        indeg[lk.successor] += 1
        out[lk.predecessor].append(lk.successor)
    queue = deque(i for i in ids if indeg[i] == 0)
    seen = 0
    while queue:
        node = queue.popleft()
        seen += 1
        for nxt in out[node]:
            indeg[nxt] -= 1
            if indeg[nxt] == 0:
                queue.append(nxt)
    return [i for i in ids if indeg[i] > 0] if seen < len(ids) else []


def _need(raw: dict, key: str, file: str) -> Any:
    if key not in raw or raw[key] in (None, ""):
        raise TemplateError(file, "is missing", field=key)
    return raw[key]


def template_from_data(raw: object, file: str) -> PlanTemplate:
    """Check one template's data and build it (the first problem raises TemplateError)."""
    if not isinstance(raw, dict):
        raise TemplateError(file, "a template is a mapping with id, version, title and tasks")
    rows = _need(raw, "tasks", file)
    if not isinstance(rows, list):
        raise TemplateError(file, "must be a list", field="tasks")
    by_id: dict[str, dict] = {}
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or not isinstance(row.get("id"), str):
            raise TemplateError(file, f"task #{n} has no id", field="tasks")
        tid = row["id"]
        if tid in by_id:
            raise TemplateError(file, "this id is used twice", task=tid, field="id")
        extra = set(row) - _TASK_KEYS
        if extra:
            raise TemplateError(file, f"unknown field {sorted(extra)[0]!r}", task=tid)
        if not isinstance(row.get("name"), str) or not row["name"].strip():
            raise TemplateError(file, "is missing", task=tid, field="name")
        by_id[tid] = row
    children: dict[str | None, list[str]] = {}
    for tid, row in by_id.items():
        parent = row.get("parent")
        if parent is not None and parent not in by_id:
            raise TemplateError(file, f"no phase {parent!r}", task=tid, field="parent")
        children.setdefault(parent, []).append(tid)
    order: list[tuple[str, int, str]] = []  # (id, level, wbs)

    def walk(parent: str | None, level: int, prefix: str, path: tuple[str, ...]) -> None:
        for k, tid in enumerate(children.get(parent, []), start=1):
            if tid in path:
                raise TemplateError(file, "phases contain each other", task=tid, field="parent")
            wbs = f"{prefix}{k}"
            order.append((tid, level, wbs))
            walk(tid, level + 1, wbs + ".", (*path, tid))

    walk(None, 1, "", ())
    if len(order) != len(by_id):
        stuck = sorted(set(by_id) - {o[0] for o in order})
        raise TemplateError(file, "phases contain each other", task=stuck[0], field="parent")
    tasks: list[Task] = []
    links: list[Link] = []
    for tid, level, _wbs in order:
        row = by_id[tid]
        summary = tid in children
        if summary and (row.get("duration") is not None or row.get("after")):
            raise TemplateError(
                file,
                "a phase takes its dates from its tasks; give the duration and links to the tasks",
                task=tid,
            )
        duration, estimate = _duration(row.get("duration"), file, tid)
        if not summary and row.get("duration") is None:
            raise TemplateError(file, "is missing", task=tid, field="duration")
        for lk in _links(row.get("after"), file, tid):
            if lk.predecessor not in by_id:
                raise TemplateError(file, f"no task {lk.predecessor!r}", task=tid, field="after")
            if lk.predecessor in children:
                raise TemplateError(
                    file, f"{lk.predecessor!r} is a phase; link its tasks", task=tid, field="after"
                )
            links.append(lk)
        tasks.append(
            Task(
                id=tid,
                name=row["name"].strip(),
                duration=duration,
                outline_level=level,
                summary=summary,
                estimate=estimate,
                owner=str(row.get("owner", "")),
                milestone=row.get("milestone"),
                notes=str(row.get("notes", "")),
            )
        )
    cyc = _cycle([t.id for t in tasks], links)
    if cyc:
        raise TemplateError(
            file, f"the links form a cycle through {', '.join(cyc)}", task=cyc[0], field="after"
        )
    work = {t.id: t for t in tasks if not t.summary}
    milestones = tuple(_need(raw, "milestones", file))
    for m in milestones:
        if m not in work or work[m].duration.minutes != 0:
            raise TemplateError(file, f"{m!r} is not a task of zero duration", field="milestones")
    go_live = _need(raw, "go_live", file)
    if go_live not in milestones:
        raise TemplateError(file, f"{go_live!r} is not one of the milestones", field="go_live")
    library = load_library()
    risks = []
    for n, item in enumerate(raw.get("risks") or [], start=1):
        rid = item.get("risk") if isinstance(item, dict) else None
        try:
            library.get(str(rid))
        except KeyError:
            raise TemplateError(
                file, f"{rid!r} is not in the risk library", field=f"risks[{n}]"
            ) from None
        ts = tuple(item.get("tasks") or ())
        for t in ts:
            if t not in work:
                raise TemplateError(file, f"no task {t!r}", field=f"risks[{n}].tasks")
        risks.append(TemplateRisk(rid, ts))
    intents = []
    for n, item in enumerate(_need(raw, "intent", file), start=1):
        where = f"intent[{n}]"
        if not isinstance(item, dict):
            raise TemplateError(file, "is {from, to, months, source}", field=where)
        origin, to, months = item.get("from"), item.get("to"), item.get("months")
        if origin != "start" and origin not in work:
            raise TemplateError(file, f"no task {origin!r}", field=f"{where}.from")
        if to not in work:
            raise TemplateError(file, f"no task {to!r}", field=f"{where}.to")
        if not (isinstance(months, list) and len(months) == 2 and 0 < months[0] <= months[1]):
            raise TemplateError(file, "is [low, high] months", field=f"{where}.months")
        if not item.get("source"):
            raise TemplateError(file, "is missing", field=f"{where}.source")
        intents.append(Intent(origin, to, (float(months[0]), float(months[1])), item["source"]))
    return PlanTemplate(
        id=str(_need(raw, "id", file)),
        version=str(_need(raw, "version", file)),
        title=str(_need(raw, "title", file)),
        description=str(raw.get("description", "")),
        source=str(raw.get("source", "")),
        tasks=tuple(tasks),
        links=tuple(links),
        milestones=milestones,
        go_live=go_live,
        risks=tuple(risks),
        intents=tuple(intents),
    )


@cache
def load_templates() -> dict[str, PlanTemplate]:
    """Every shipped template by id, in file-name order (read and checked once)."""
    folder = resources.files("civicshift.core").joinpath(TEMPLATE_DIR)
    found: dict[str, PlanTemplate] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        file = f"plan_templates/{entry.name}"
        try:
            raw = yaml.safe_load(entry.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise TemplateError(file, f"not valid YAML: {exc}") from None
        template = template_from_data(raw, file)
        if template.id != entry.name.removesuffix(".yaml"):
            raise TemplateError(
                file, f"the id {template.id!r} differs from the file name", field="id"
            )
        found[template.id] = template
    return found


def apply_template(
    template: PlanTemplate, *, start: datetime, title: str, calendar: Calendar | None = None
) -> Project:
    """A plan from ``template`` starting at ``start`` (ASAP tasks, the engine dates them)."""
    cal = calendar or Calendar("1", "Standard")
    return Project(
        title=title,
        start=start,
        tasks=template.tasks,
        links=template.links,
        calendars=(cal,),
        calendar_id=cal.id,
    )


def template_risks(template: PlanTemplate, *, budget: float | None = None) -> tuple[Risk, ...]:
    """The template's risks as register entries ``R1``, ``R2``… (costs as shares of
    ``budget`` when given), linked to the tasks they would delay."""
    library = load_library()
    return tuple(
        replace(library.get(r.library_id).to_risk(f"R{n}", budget=budget, tasks=r.tasks))
        for n, r in enumerate(template.risks, start=1)
    )
