"""The ``civicshift`` command line.

Every command honours ``DATABASE_URL`` (``sqlite:///path`` or ``postgres://...``); without it the
SQLite database in the local data folder (``CIVICSHIFT_DATA_DIR``, default ``./data``) is used.

    civicshift demo [--host H] [--port P]       set up and serve the demo municipality
    civicshift serve [--host H] [--port P]      serve with gunicorn (production)
    civicshift worker [--batch] [--max-tasks N] run background work (simulations, documents…)
    civicshift createorg SLUG --name NAME [--kind KIND] [--population N] [--state S]
                         [--admin EMAIL]
    civicshift export ORG_SLUG FILE             .json or .xlsx, by the file's extension
    civicshift import FILE --into NEW_SLUG [--name NAME]   into a new, empty organization
    civicshift case analyze FILE [--iterations N] [--seed S] [--json]
                                                a business case file (YAML, JSON or xlsx)
    civicshift case workbook FILE OUT.xlsx      its live-formula Excel model
    civicshift case template OUT.xlsx           the offline template to fill in
    civicshift inventory import ORG_SLUG FILE [--mapping MAPPING.json] [--dry-run] [--json]
                                                your systems spreadsheet (xlsx or csv)
    civicshift inventory export ORG_SLUG FILE   the inventory as .xlsx or .csv
    civicshift inventory eol-refresh FILE_OR_URL
                                                a newer copy of endoflife.date's support dates
    civicshift plan cpm FILE [--json]           a plan's dates, float and critical path
                                                (MSPDI XML or a plan file, YAML or JSON)
    civicshift plan simulate FILE [--iterations N] [--seed S] [--json]
                                                schedule risk: P50/P80/P90 and criticality
    civicshift plan export FILE OUT             as .xml (MSPDI), .xlsx, .ics, .yaml or .json
    civicshift decide ahp FILE [--json]         AHP weights and consistency ratio from pairwise
                                                judgments (YAML or JSON)
    civicshift manage ...                       any Django management command
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicshift.settings")
    import django

    django.setup()


def _fail(message: str) -> int:
    print(f"civicshift: error: {message}", file=sys.stderr)
    return 2


def _demo_environment(host: str) -> None:
    """The demo runs with DEBUG off, so visitors see the project's own 403/404/500 pages and a
    refused request logs one line, not a traceback (whitenoise still serves the static files
    outside production, see settings). The address it serves on is an allowed host."""
    os.environ.setdefault("CIVICSHIFT_DEBUG", "0")
    if "ALLOWED_HOSTS" not in os.environ:
        local = ["127.0.0.1", "localhost", "[::1]"]
        # On every interface (0.0.0.0, ::) the demo answers whatever name reaches it.
        wildcard = host in {"0.0.0.0", "::"}  # noqa: S104 - the operator asked for it
        os.environ["ALLOWED_HOSTS"] = "*" if wildcard else ",".join(sorted({*local, host}))


def cmd_demo(args: argparse.Namespace) -> int:
    _demo_environment(args.host)
    _setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    print("Database ready.")
    call_command("load_demo", host=args.host, port=args.port)
    if args.no_serve:
        return 0
    # One worker beside the server runs the background work (simulations, documents); it
    # stops with the server.
    worker = subprocess.Popen([sys.executable, "-m", "civicshift", "worker"])  # noqa: S603
    # SIGTERM (a service manager, kill) stops the server as Ctrl+C does, so the worker stops too.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    print("Started a background worker.")
    print(f"Serving on http://{args.host}:{args.port}/ — press Ctrl+C to stop.", flush=True)
    try:
        call_command("runserver", f"{args.host}:{args.port}", use_reloader=False)
    finally:
        stop_process(worker)
    return 0


def stop_process(process: subprocess.Popen, timeout: float = 10) -> None:
    """Ask a child process to stop (SIGTERM: a worker finishes its task), then make it."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def cmd_worker(args: argparse.Namespace) -> int:
    _setup_django()
    import logging

    from civicshift.jobs.worker import run_worker

    logging.getLogger("civicshift.jobs").setLevel(logging.INFO)
    if args.nice:
        os.nice(args.nice)  # background work yields the processor to the pages
    run_worker(
        batch=args.batch,
        max_tasks=args.max_tasks,
        interval=args.interval,
        worker_id=args.worker_id,
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicshift.settings")
    gunicorn = [
        sys.executable,
        "-m",
        "gunicorn",
        "civicshift.wsgi:application",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(args.workers),
        "--access-logfile",
        "-",
        # Gunicorn's control socket defaults to one path in the home folder, shared by every
        # gunicorn of that user: a second installation or a test server would take it over.
        "--no-control-socket",
    ]
    os.execv(sys.executable, gunicorn)  # noqa: S606 - replaces this process with gunicorn
    return 0  # pragma: no cover


def cmd_createorg(args: argparse.Namespace) -> int:
    _setup_django()
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    from civicshift.orgs.services import organization_create

    admin = None
    if args.admin:
        admin = get_user_model().objects.filter(email__iexact=args.admin).first()
        if admin is None:
            return _fail(
                f"no account with the e-mail {args.admin}; create it first with "
                "'civicshift manage createsuperuser' (or invite the person from the web page)."
            )
    fields = {"slug": args.slug, "name": args.name, "kind": args.kind}
    if args.population is not None:
        fields["population"] = args.population
    if args.state:
        fields["state_region"] = args.state
    try:
        org = organization_create(actor=None, first_admin=admin, **fields)
    except ValidationError as exc:
        details = "; ".join(
            f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()
        )
        return _fail(details)
    print(f"Created organization {org.name} (/o/{org.slug}/).")
    if admin is not None:
        print(f"{admin.email} is its administrator and can now invite the members.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.management import CommandError, call_command

    try:
        call_command("export_org", args.org_slug, args.file)
    except CommandError as exc:
        return _fail(str(exc))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.management import CommandError, call_command

    try:
        options = {"into": args.into}
        if args.name:
            options["name"] = args.name
        if args.confirm_existing:
            options["confirm_existing"] = args.confirm_existing
        if args.leave_out_existing:
            options["leave_out_existing"] = True
        call_command("import_org", args.file, **options)
    except CommandError as exc:
        return _fail(str(exc))
    return 0


def cmd_manage(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicshift.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["civicshift manage", *argv])
    return 0


#: ``civicshift inventory <verb>`` runs the inventory app's management command of that verb.
INVENTORY_COMMANDS = {
    "import": "inventory_import",
    "export": "inventory_export",
    "eol-refresh": "inventory_eol_refresh",
}


#: ``civicshift funding <verb>`` runs the funding app's management command of that verb.
FUNDING_COMMANDS = {
    "import": "funding_import",
    "load-catalog": "funding_load_catalog",
    "match": "funding_match",
    "flag": "funding_flag",
    "financing": "funding_financing",
    "digest": "funding_digest",
}


def cmd_funding(argv: list[str]) -> int:
    if not argv or argv[0] not in FUNDING_COMMANDS:
        verbs = ", ".join(FUNDING_COMMANDS)
        return _fail(f"civicshift funding: say what to do: {verbs} (e.g. 'funding import -h')")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicshift.settings")
    from django.core.management import execute_from_command_line

    prog = f"civicshift funding {argv[0]}"
    execute_from_command_line([prog, FUNDING_COMMANDS[argv[0]], *argv[1:]])
    return 0


SURVEY_COMMANDS = {"results": "survey_results"}


def cmd_survey(argv: list[str]) -> int:
    if not argv or argv[0] not in SURVEY_COMMANDS:
        verbs = ", ".join(SURVEY_COMMANDS)
        return _fail(f"civicshift survey: say what to do: {verbs} (e.g. 'survey results -h')")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicshift.settings")
    from django.core.management import execute_from_command_line

    prog = f"civicshift survey {argv[0]}"
    execute_from_command_line([prog, SURVEY_COMMANDS[argv[0]], *argv[1:]])
    return 0


def cmd_inventory(argv: list[str]) -> int:
    if not argv or argv[0] not in INVENTORY_COMMANDS:
        verbs = ", ".join(INVENTORY_COMMANDS)
        return _fail(f"civicshift inventory: say what to do: {verbs} (e.g. 'inventory import -h')")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicshift.settings")
    from django.core.management import execute_from_command_line

    prog = f"civicshift inventory {argv[0]}"
    execute_from_command_line([prog, INVENTORY_COMMANDS[argv[0]], *argv[1:]])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="civicshift",
        description="CivicShift: plan, justify, fund and deliver municipal technology.",
        epilog="The database is DATABASE_URL if set, else SQLite in ./data (CIVICSHIFT_DATA_DIR).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("demo", help="set up the demo municipality and serve it")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--no-serve", action="store_true", help="load the demo, do not serve")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("serve", help="serve with gunicorn (run 'manage migrate' first)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")))
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "worker",
        help="run background work (simulations, documents, exports); run as many as you like",
        description=(
            "Run tasks from the queue in the database until stopped (Ctrl+C or SIGTERM finish "
            "the current task first). Any number of workers, on any machines sharing the "
            "PostgreSQL database, each take different tasks."
        ),
    )
    p.add_argument("--batch", action="store_true", help="run what is waiting, then exit")
    p.add_argument("--max-tasks", type=int, default=None, help="exit after this many tasks")
    p.add_argument(
        "--interval", type=float, default=1.0, help="seconds between looks at an empty queue"
    )
    p.add_argument("--worker-id", default="", help="a name unique among the workers")
    p.add_argument(
        "--nice",
        type=int,
        default=10,
        help="lower the worker's processor priority by this much, so pages stay quick on a "
        "machine that also serves them (default 10; 0 keeps it)",
    )
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("createorg", help="create an organization (municipality)")
    p.add_argument("slug", metavar="SLUG", help="short name used in addresses, e.g. maple-falls")
    p.add_argument("--name", required=True, help="full name, e.g. 'City of Maple Falls'")
    p.add_argument(
        "--kind",
        default="city",
        choices=[
            "city",
            "town",
            "village",
            "county",
            "township",
            "special_district",
            "tribal",
            "regional",
        ],
    )
    p.add_argument("--population", type=int)
    p.add_argument("--state", help="state or region")
    p.add_argument(
        "--admin",
        metavar="EMAIL",
        help="an existing account to make the organization's first administrator",
    )
    p.set_defaults(func=cmd_createorg)

    p = sub.add_parser("export", help="export an organization's data (.json or .xlsx)")
    p.add_argument("org_slug", metavar="ORG_SLUG")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", help="import a JSON export into a new, empty organization")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--into", required=True, metavar="NEW_SLUG")
    p.add_argument("--name", help="a new name for the imported organization")
    p.add_argument(
        "--confirm-existing",
        metavar="EMAIL,...",
        help="accounts already on this server that may get the role the file gives them",
    )
    p.add_argument(
        "--leave-out-existing",
        action="store_true",
        help="import without the roles of existing accounts not confirmed",
    )
    p.set_defaults(func=cmd_import)

    sub.add_parser(
        "manage", help="run a Django management command (e.g. 'manage migrate')", add_help=False
    )
    # Listed here for --help; run by civicshift.cli_case (no Django), imported only when used,
    # since its numpy/scipy imports would slow every other command's start.
    sub.add_parser(
        "case",
        help="business cases: 'case analyze FILE', 'case workbook FILE OUT.xlsx', "
        "'case template OUT.xlsx'",
        add_help=False,
    )
    # Run by civicshift.cli_plan (no Django), imported only when used, like ``case``.
    sub.add_parser(
        "plan",
        help="plan files: 'plan cpm FILE', 'plan simulate FILE', 'plan export FILE OUT'",
        add_help=False,
    )
    # Run by civicshift.cli_decide (no Django), imported only when used, like ``case``.
    sub.add_parser("decide", help="decision analysis: 'decide ahp FILE [--json]'", add_help=False)
    sub.add_parser(
        "inventory",
        help="systems inventory: 'inventory import ORG_SLUG FILE', "
        "'inventory export ORG_SLUG FILE', 'inventory eol-refresh FILE_OR_URL'",
        add_help=False,
    )
    sub.add_parser(
        "funding",
        help="funding programs: 'funding import FILE [--org ORG_SLUG]', 'funding load-catalog', "
        "'funding match ORG_SLUG INITIATIVE_ID', 'funding flag KEY --status lapsed --note WHY', "
        "'funding financing loan|lease|bond --amount A --rate PCT --years N'",
        add_help=False,
    )
    sub.add_parser(
        "survey",
        help="readiness surveys: 'survey results ORG_SLUG SURVEY_ID [--json]'",
        add_help=False,
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "manage":
        return cmd_manage(argv[1:])
    if argv and argv[0] == "inventory":
        return cmd_inventory(argv[1:])
    if argv and argv[0] == "funding":
        return cmd_funding(argv[1:])
    if argv and argv[0] == "survey":
        return cmd_survey(argv[1:])
    if argv and argv[0] == "case":
        from civicshift.cli_case import main as case_main

        return case_main(argv[1:])
    if argv and argv[0] == "plan":
        from civicshift.cli_plan import main as plan_main

        return plan_main(argv[1:])
    if argv and argv[0] == "decide":
        from civicshift.cli_decide import main as decide_main

        return decide_main(argv[1:])
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
