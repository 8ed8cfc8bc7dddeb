"""``civicshift plan ...``: plan files, without a database.

    civicshift plan cpm FILE [--json]           early/late dates, float and the critical path
    civicshift plan simulate FILE [--iterations N] [--seed S] [--json]
                                                schedule risk: P50/P80/P90, criticality, PERT
    civicshift plan export FILE OUT             OUT.xml (MSPDI), .xlsx, .ics, .yaml or .json

FILE is Microsoft Project XML (MSPDI) or the project's own plan file (YAML or JSON, see
docs/plan-file.md), told apart by content (XML starts with ``<``). For MSPDI input the task ids
are the file's UIDs. Dates are ISO 8601 local date-times. Bad input: exit code 2 and one line
naming the file and the task or element; nothing is written. The scheduling engine
(``civicshift.core.schedule.cpm``) and the simulation (``…simulation``) are imported when used;
an installation without them says so instead of printing made-up figures.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import sys
import tempfile
from datetime import datetime
from gettext import gettext as _
from pathlib import Path
from typing import Any

from civicshift.core.schedule.model import Project, Schedule, ScheduleError
from civicshift.formats.plan.errors import PlanFileError

DEFAULT_ITERATIONS = 10_000
MAX_ITERATIONS = 1_000_000
DEFAULT_SEED = 20_270_104
EXPORT_FORMATS = (".xml", ".xlsx", ".ics", ".yaml", ".yml", ".json")


class CommandError(Exception):
    """One line for the user; the command exits with code 2."""


def _fail(message: str) -> int:
    print(f"civicshift: error: {message}", file=sys.stderr)
    return 2


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def read_plan(path: str) -> Project:
    """The plan in FILE: MSPDI XML when the text starts with ``<``, else a plan file."""
    from civicshift.formats.plan.detect import read_plan as read_any

    return read_any(path, Path(path).name)


def _module(name: str, what: str):
    if importlib.util.find_spec(name) is None:
        raise CommandError(
            _("{what} ({module}) is not available in this installation").format(
                what=what, module=name
            )
        )
    return importlib.import_module(name)


def _engine():
    return _module("civicshift.core.schedule.cpm", _("the scheduling engine"))


def compute(project: Project, file: str) -> Schedule:
    try:
        return _engine().schedule(project)
    except ScheduleError as exc:
        if isinstance(exc, PlanFileError):
            raise
        raise PlanFileError(
            file,
            exc.detail,
            element=exc.element,
            task_id=exc.task_id,
            task_name=exc.task_name,
            task_ids=exc.task_ids,
        ) from None


def cpm_json(project: Project, schedule: Schedule) -> dict[str, Any]:
    """The shape of issue 9 item 11."""
    names = {t.id: t.name for t in project.tasks}
    return {
        "project_start": _iso(schedule.project_start),
        "project_finish": _iso(schedule.project_finish),
        "critical_path": list(schedule.critical_path),
        "tasks": [
            {
                "id": ts.task_id,
                "name": names.get(ts.task_id, ""),
                "early_start": _iso(ts.early_start),
                "early_finish": _iso(ts.early_finish),
                "late_start": _iso(ts.late_start),
                "late_finish": _iso(ts.late_finish),
                "total_float_minutes": ts.total_float_minutes,
                "free_float_minutes": ts.free_float_minutes,
                "critical": ts.critical,
            }
            for ts in schedule.tasks.values()
        ],
    }


def _cpm_table(project: Project, schedule: Schedule) -> str:
    per_day = project.minutes_per_day
    names = {t.id: t.name for t in project.tasks}
    rows = [
        (
            ts.task_id,
            names.get(ts.task_id, "")[:40],
            ts.early_start.strftime("%Y-%m-%d %H:%M"),
            ts.early_finish.strftime("%Y-%m-%d %H:%M"),
            ts.late_start.strftime("%Y-%m-%d %H:%M"),
            ts.late_finish.strftime("%Y-%m-%d %H:%M"),
            f"{ts.total_float_minutes / per_day:g}",
            f"{ts.free_float_minutes / per_day:g}",
            _("yes") if ts.critical else "",
        )
        for ts in schedule.tasks.values()
    ]
    headers = (
        _("Id"),
        _("Name"),
        _("Early start"),
        _("Early finish"),
        _("Late start"),
        _("Late finish"),
        _("Float (d)"),
        _("Free (d)"),
        _("Critical"),
    )
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    lines = [
        f"{project.title}",
        _("Start {start}, finish {finish}").format(
            start=schedule.project_start.strftime("%Y-%m-%d %H:%M"),
            finish=schedule.project_finish.strftime("%Y-%m-%d %H:%M"),
        ),
        _("Critical path: {path}").format(path=" → ".join(schedule.critical_path) or "—"),
        "",
        "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)),
    ]
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines += [f"{_('Warning')}: {w}" for w in schedule.warnings]
    return "\n".join(line.rstrip() for line in lines)


def cmd_cpm(args: argparse.Namespace) -> int:
    project = read_plan(args.file)
    schedule = compute(project, Path(args.file).name)
    if args.json:
        print(json.dumps(cpm_json(project, schedule), ensure_ascii=False, indent=2))
    else:
        print(_cpm_table(project, schedule))
    return 0


def simulate_json(result: Any) -> dict[str, Any]:
    return {
        "p50": _iso(result.p50),
        "p80": _iso(result.p80),
        "p90": _iso(result.p90),
        "criticality": dict(result.criticality),
        "pert": {
            "mean_days": result.pert.mean_days,
            "sd_days": result.pert.sd_days,
            "critical_path": list(result.pert.critical_path),
        },
    }


def cmd_simulate(args: argparse.Namespace) -> int:
    if not 1 <= args.iterations <= MAX_ITERATIONS:
        raise CommandError(
            _("--iterations must be between 1 and {max:,}").format(max=MAX_ITERATIONS)
        )
    if args.seed < 0:
        raise CommandError(_("--seed must be 0 or more"))
    project = read_plan(args.file)
    simulation = _module("civicshift.core.schedule.simulation", _("the schedule-risk simulation"))
    try:
        result = simulation.simulate(project, iterations=args.iterations, seed=args.seed)
    except PlanFileError:
        raise
    except ScheduleError as exc:
        raise PlanFileError(
            Path(args.file).name, exc.detail, element=exc.element, task_id=exc.task_id,
            task_name=exc.task_name,
        ) from None  # fmt: skip
    payload = simulate_json(result)
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    print(project.title)
    print(_("{n:,} iterations, seed {seed}").format(n=result.iterations, seed=result.seed))
    for key in ("p50", "p80", "p90"):
        print(f"  {key.upper()} {getattr(result, key).strftime('%Y-%m-%d %H:%M')}")
    pert = result.pert
    print(
        "  "
        + _("PERT: {mean:.1f} ± {sd:.1f} working days").format(mean=pert.mean_days, sd=pert.sd_days)
    )
    top = sorted(result.criticality.items(), key=lambda kv: -kv[1])[:10]
    names = {t.id: t.name for t in project.tasks}
    print(_("Criticality index (share of iterations on the critical path)"))
    for task_id, share in top:
        print(f"  {task_id}  {names.get(task_id, '')[:40]}  {share:.0%}")
    return 0


def _write_atomically(out: Path, data: bytes) -> None:
    """Write to a temporary file beside ``out``, then rename: a failure leaves nothing."""
    folder = out.parent if str(out.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{out.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _optional_schedule(project: Project, file: str) -> Schedule | None:
    """The computed schedule when the engine is installed (exports then carry dates)."""
    if importlib.util.find_spec("civicshift.core.schedule.cpm") is None:
        return None
    return compute(project, file)


def cmd_export(args: argparse.Namespace) -> int:
    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in EXPORT_FORMATS:
        raise CommandError(
            _("{out}: cannot write {suffix!r} files; use one of {known}").format(
                out=out.name, suffix=suffix or "", known=", ".join(EXPORT_FORMATS)
            )
        )
    if not out.parent.is_dir() and str(out.parent):
        raise CommandError(_("{folder}: no such folder").format(folder=out.parent))
    project = read_plan(args.file)
    file = Path(args.file).name
    if suffix in {".yaml", ".yml"}:
        from civicshift.formats.plan.planfile_write import write_plan_file

        data = write_plan_file(project).encode("utf-8")
    elif suffix == ".json":
        from civicshift.formats.plan.planfile_write import plan_to_data

        data = (json.dumps(plan_to_data(project), ensure_ascii=False, indent=2) + "\n").encode()
    elif suffix == ".xml":
        from civicshift.formats.plan.mspdi_write import write_mspdi

        data = write_mspdi(project, _optional_schedule(project, file))
    elif suffix == ".ics":
        from civicshift.formats.plan.ics import write_ics

        schedule = _optional_schedule(project, file)
        data = write_ics([(project, schedule)], name=project.title).encode("utf-8")
    else:
        import io

        from civicshift.formats.plan.xlsx import write_plan_xlsx

        buffer = io.BytesIO()
        write_plan_xlsx(project, buffer, _optional_schedule(project, file))
        data = buffer.getvalue()
    _write_atomically(out, data)
    print(_("Wrote {out}").format(out=out))
    return 0


def add_plan_parser(sub: Any) -> None:
    plan = sub.add_parser(
        "plan", help=_("plan files: 'plan cpm FILE', 'plan simulate FILE', 'plan export FILE OUT'")
    )
    verbs = plan.add_subparsers(dest="verb", required=True, metavar="{cpm,simulate,export}")
    file_help = _("Microsoft Project XML (MSPDI) or a plan file (.yaml, .json)")
    p = verbs.add_parser("cpm", help=_("early and late dates, float and the critical path"))
    p.add_argument("file", metavar="FILE", help=file_help)
    p.add_argument("--json", action="store_true", help=_("print one JSON object"))
    p.set_defaults(func=cmd_cpm)
    p = verbs.add_parser("simulate", help=_("schedule risk: P50/P80/P90 finish, criticality"))
    p.add_argument("file", metavar="FILE", help=file_help)
    p.add_argument(
        "--iterations", type=int, default=DEFAULT_ITERATIONS, metavar="N",
        help=_("iterations, 1 to {max:,} (default {default:,})").format(
            max=MAX_ITERATIONS, default=DEFAULT_ITERATIONS
        ),
    )  # fmt: skip
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S", help=_("random seed"))
    p.add_argument("--json", action="store_true", help=_("print one JSON object"))
    p.set_defaults(func=cmd_simulate)
    p = verbs.add_parser("export", help=_("write the plan as MSPDI, xlsx, iCalendar or YAML"))
    p.add_argument("file", metavar="FILE", help=file_help)
    p.add_argument("out", metavar="OUT", help=_("OUT.xml, OUT.xlsx, OUT.ics, OUT.yaml or OUT.json"))
    p.set_defaults(func=cmd_export)


def main(argv: list[str] | None = None) -> int:
    """``civicshift plan ...`` with what follows ``plan`` (e.g. ``["cpm", "plan.yaml"]``)."""
    parser = argparse.ArgumentParser(prog="civicshift")
    add_plan_parser(parser.add_subparsers(dest="command", required=True))
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(["plan", *argv])
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        return args.func(args)
    except (PlanFileError, CommandError) as exc:
        return _fail(str(exc))
    except ScheduleError as exc:  # from the engine, not already named with the file
        return _fail(f"{Path(args.file).name}: {exc}")


if __name__ == "__main__":
    sys.exit(main())
