"""Export and import of a whole organization grow linearly and the import is fast (issue #6).

An organization with 1,000, 3,000 and 10,000 initiatives is made in a scratch database, each
initiative with 2.6 rows on average (the initiative, its creation's audit event, and for 30% of
them a status change with its audit event: 26,000 rows for 10,000 initiatives) plus a tag and a
sponsoring department link. It is exported to JSON and imported into a new organization, each
step in a fresh process so its peak memory (``ru_maxrss``) is its own.

Printed per database (SQLite always; PostgreSQL when one answers at ``DATABASE_URL`` or
postgres://postgres@127.0.0.1:5432), per size: export and import seconds and peak MB; then the
growth from 1,000 to 10,000 initiatives per row (1.0x = linear), and the import's speed against
a physical bound measured in the same run: a plain ``bulk_create`` of the same rows (no checks,
no id remapping, no audit). The figure "13 s for 26,000 rows on PostgreSQL" is the import before
this change (measured on the same data with the same script).

Run alone: ``python -m benchmarks.bench_backup [SIZE ...]``.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time

SIZES = (1_000, 3_000, 10_000)
#: The import before issue #6, seconds for 10,000 initiatives (26,000 rows) on PostgreSQL.
OLD_IMPORT_SECONDS_POSTGRES = 13.0
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/cs_bench_backup"


def _peak_mb() -> float:
    """This process's peak resident memory. On Linux VmHWM, its own: ``ru_maxrss`` carries
    the parent's peak over ``exec``."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass  # no /proc (not Linux): fall back to getrusage below
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _setup(database_url: str, data_dir: str) -> None:
    os.environ["CIVICSHIFT_DATA_DIR"] = data_dir
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "civicshift.settings"
    import django

    django.setup()


def _seed(n: int) -> None:
    import datetime as dt
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import transaction

    from civicshift.audit.models import AuditEvent
    from civicshift.initiatives.models import Initiative, StatusChange, Tag
    from civicshift.orgs.models import Department, Membership, Organization

    call_command("migrate", verbosity=0)
    with transaction.atomic():
        org = Organization.objects.create(slug="bench", name="Bench City")
        user = get_user_model().objects.create(username="bench", email="bench@example.org")
        Membership.objects.create(organization=org, user=user, role="admin")
        depts = [
            Department.objects.create(organization=org, name=f"Department {i}") for i in range(8)
        ]
        tags = [Tag.objects.create(organization=org, name=f"tag {i}") for i in range(5)]
        initiatives = Initiative.objects.bulk_create(
            (
                Initiative(
                    organization=org,
                    title=f"Initiative {i}",
                    problem_statement="Paper forms get lost; residents wait six weeks. " * 3,
                    owner=user,
                    cost_low=Decimal("45000.50") + i,
                    cost_high=Decimal("80000.00") + i,
                    target_start=dt.date(2026, 7, 1),
                    target_end=dt.date(2027, 6, 30),
                    status="proposed" if i % 10 < 3 else "idea",
                )
                for i in range(n)
            ),
            batch_size=1000,
        )
        through = Initiative.tags.through
        through.objects.bulk_create(
            (through(initiative_id=r.pk, tag_id=tags[i % 5].pk) for i, r in enumerate(initiatives)),
            batch_size=1000,
        )
        sponsors = Initiative.sponsor_departments.through
        sponsors.objects.bulk_create(
            (
                sponsors(initiative_id=r.pk, department_id=depts[i % 8].pk)
                for i, r in enumerate(initiatives)
            ),
            batch_size=1000,
        )
        moved = [r for i, r in enumerate(initiatives) if i % 10 < 3]
        StatusChange.objects.bulk_create(
            (
                StatusChange(
                    organization=org,
                    initiative=r,
                    from_status="idea",
                    to_status="proposed",
                    reason="Business case drafted.",
                    changed_by=user,
                )
                for r in moved
            ),
            batch_size=1000,
        )
        ct = ContentType.objects.get_for_model(Initiative)
        events = [
            AuditEvent(
                organization=org,
                actor=user,
                actor_label=user.email,
                action="create",
                content_type=ct,
                object_pk=str(r.pk),
                object_repr=r.title,
                changes={"title": [None, r.title], "cost_low": [None, str(r.cost_low)]},
            )
            for r in initiatives
        ] + [
            AuditEvent(
                organization=org,
                actor=user,
                actor_label=user.email,
                action="status",
                content_type=ct,
                object_pk=str(r.pk),
                object_repr=r.title,
                changes={"status": ["idea", "proposed"]},
                reason="Business case drafted.",
            )
            for r in moved
        ]
        AuditEvent.objects.bulk_create(events, batch_size=1000)


def _export(path: str) -> dict:
    from civicshift.backup.services import write_export_json
    from civicshift.orgs.models import Organization

    org = Organization.objects.get(slug="bench")
    start = time.perf_counter()
    data = write_export_json(org, path)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows": sum(len(t) for t in data["tables"].values())}


def _import(path: str, n: int) -> dict:
    from django.db import transaction

    from civicshift.backup import services

    start = time.perf_counter()
    if hasattr(services, "import_organization_path"):
        summary = services.import_organization_path(
            path, into_slug=f"restored-{n}", confirm_existing=["bench@example.org"]
        )
    else:  # the import before issue #6
        summary = services.import_organization(
            services.read_export_file(path), into_slug=f"restored-{n}"
        )
    seconds = time.perf_counter() - start
    peak = _peak_mb()
    # The physical bound: the same rows written with a plain bulk_create, then rolled back.
    from civicshift.backup.schema import table_plans
    from civicshift.orgs.models import Organization

    bound_org = Organization.objects.create(slug=f"bound-{n}", name="Bound")
    copies = []
    for plan in table_plans():
        rows = list(plan.model._base_manager.filter(organization=summary.organization))
        for row in rows:
            row.pk = None
            row.organization = bound_org
        copies.append((plan.model, rows))
    start = time.perf_counter()
    with transaction.atomic():
        for model, rows in copies:
            model._base_manager.bulk_create(rows, batch_size=1000)
        transaction.set_rollback(True)
    bound = time.perf_counter() - start
    return {"seconds": seconds, "rows": summary.total_rows, "peak_mb": peak, "bound": bound}


def _worker(step: str, database_url: str, data_dir: str, n: int, path: str) -> None:
    _setup(database_url, data_dir)
    if step == "seed":
        _seed(n)
        result = {}
    elif step == "export":
        result = _export(path)
        result["peak_mb"] = _peak_mb()
    else:
        result = _import(path, n)
    print("RESULT " + json.dumps(result))


def _run(step: str, database_url: str, data_dir: str, n: int, path: str) -> dict:
    done = subprocess.run(  # noqa: S603 - this module, with arguments it made
        [sys.executable, "-m", "benchmarks.bench_backup", "--worker", step, database_url, data_dir]
        + [str(n), path],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"{step} {n} failed:\n{done.stderr[-3000:]}")
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    return json.loads(line[len("RESULT ") :])


def _fresh_postgres(url: str) -> bool:
    """Drop and create the database named in ``url``; False if no server answers."""
    try:
        import psycopg
    except ImportError:
        return False
    base, _slash, name = url.rpartition("/")
    try:
        with psycopg.connect(base + "/postgres", autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error:
        return False
    return True


def _databases(tmp: str) -> list[tuple[str, str]]:
    """SQLite and PostgreSQL; ``BENCH_BACKUP_DATABASES=postgresql`` (or sqlite) picks one."""
    url = os.environ.get("DATABASE_URL", "")
    url = url if url.startswith("postgres") else DEFAULT_POSTGRES
    found = [("sqlite", f"sqlite:///{tmp}/bench.sqlite3"), ("postgresql", url)]
    wanted = os.environ.get("BENCH_BACKUP_DATABASES", "sqlite,postgresql").split(",")
    return [(vendor, address) for vendor, address in found if vendor in wanted]


def run(sizes=SIZES) -> dict:
    results: dict = {}
    for vendor, url_template in _databases("{tmp}"):
        for n in sizes:
            with tempfile.TemporaryDirectory() as tmp:
                url = url_template.replace("{tmp}", tmp)
                if vendor == "postgresql":
                    url = f"{url}_{n}"
                    if not _fresh_postgres(url):
                        print(f"bench backup: no PostgreSQL at {url.rpartition('@')[2]}; skipped")
                        break
                path = os.path.join(tmp, "export.json")
                _run("seed", url, tmp, n, path)
                export = _run("export", url, tmp, n, path)
                imported = _run("import", url, tmp, n, path)
                results[(vendor, n)] = (export, imported)
                print(
                    f"bench backup {vendor} export {n} initiatives: {export['seconds']:.2f} s, "
                    f"peak {export['peak_mb']:.0f} MB ({export['rows']} rows)"
                )
                print(
                    f"bench backup {vendor} import {n} initiatives: {imported['seconds']:.2f} s, "
                    f"peak {imported['peak_mb']:.0f} MB "
                    f"({imported['rows'] / imported['seconds']:.0f} rows/s; "
                    f"{imported['seconds'] / imported['bound']:.1f}x vs plain bulk_create "
                    f"{imported['bound']:.2f} s)"
                )
                if vendor == "postgresql":
                    _fresh_postgres(url)  # leave an empty database behind
        small, large = min(sizes), max(sizes)
        if (vendor, small) in results and (vendor, large) in results and small != large:
            (e1, i1), (e2, i2) = results[(vendor, small)], results[(vendor, large)]
            for step, a, b in (("export", e1, e2), ("import", i1, i2)):
                per_row = (b["seconds"] / b["rows"]) / (a["seconds"] / a["rows"])
                print(
                    f"bench backup {vendor} {step} time per row, {large} vs {small} "
                    f"initiatives: {per_row:.2f}x (1.0x = linear)"
                )
        if vendor == "postgresql" and (vendor, 10_000) in results:
            seconds = results[(vendor, 10_000)][1]["seconds"]
            print(
                f"bench backup import 26,000 rows on postgresql: {seconds:.2f} s "
                f"({OLD_IMPORT_SECONDS_POSTGRES / seconds:.1f}x vs "
                f"{OLD_IMPORT_SECONDS_POSTGRES:.0f} s reported before this change; on a shared "
                f"machine compare the ratio to plain bulk_create above)"
            )
    return results


def main() -> None:
    run()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        _worker(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6])
    else:
        run(tuple(int(a) for a in sys.argv[1:]) or SIZES)
