"""Importing a 10,000-row inventory workbook (issue 8, Speed).

The workbook is built here (``formats.inventory.tests.fixtures.inventory_workbook``): 10,000
systems in 20 columns of every kind (ids, names, choices by label and synonym, "Finance; Public
Works" departments, "$12,000" amounts, date cells and "m/d/Y" text dates, a formula column with
its cached results), text in the shared-strings table as Excel writes it.

- ``inventory_preview_10k``: what the preview costs: ``reader.read_table`` (the streaming reader:
  ``safety.open_workbook`` read-only, ``iter_rows(values_only=True)``, plus the XML scan for
  hostile nesting and uncalculated formulas) and ``reader.parse_rows`` on every row, median of
  3 runs; the ratio is against a naive ``openpyxl.load_workbook(...)`` (full load, not
  read-only) followed by the same row collection and parsing, timed in the same run.
- ``inventory_preview_10k_memory``: the peak of Python allocations (``tracemalloc``) of the same
  two, measured in separate runs (tracemalloc slows what it watches). The streaming reader keeps
  the rows' values (what the preview shows); the naive load keeps every cell object besides.
- ``inventory_import_10k``: preview and the import of the 10,000 rows into a scratch SQLite
  database through ``importing.import_rows`` (the services: one transaction, bulk inserts, an
  audit record per system, departments created), in a fresh process with ``DEBUG`` off as in
  production (with it on, Django keeps the text of every statement); median of 3 processes.
  The issue's target is under 10 s for both.
- ``inventory_reimport_10k``: in the same processes, preview and re-import of the same
  systems with a changed "Notes" column, so every row updates its system (a version claim,
  a bulk update and an audit record each).

Run alone: ``python -m benchmarks.bench_inventory_import [ROWS]``.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROWS = 10_000
TARGET_SECONDS = 10.0


def _streaming(data: bytes):
    from civicshift.formats.inventory import reader

    table = reader.read_table(data, name="inventory.xlsx")
    return reader.parse_rows(table)


def _naive(data: bytes):
    import openpyxl

    from civicshift.formats.inventory import reader

    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    sheet = book.worksheets[0]
    table = reader._collect(
        "inventory.xlsx",
        "xlsx",
        sheet.iter_rows(values_only=True),
        reader.MAX_COLUMNS,
        reader.MAX_ROWS,
        [],
    )
    return reader.parse_rows(table)


def _median(func, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _peak_mb(func) -> float:
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def _import_worker(path: str, again: str, data_dir: str) -> None:
    os.environ["CIVICSHIFT_DATA_DIR"] = data_dir
    os.environ["DATABASE_URL"] = f"sqlite:///{data_dir}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "civicshift.settings"
    os.environ["CIVICSHIFT_DEBUG"] = "0"
    import django

    django.setup()
    from django.core.management import call_command

    from civicshift.formats.inventory import reader
    from civicshift.inventory.importing import import_rows
    from civicshift.orgs.models import Organization

    call_command("migrate", verbosity=0)
    org = Organization.objects.create(slug="bench", name="Bench Town")
    figures = {}
    for key, source in (("import", path), ("reimport", again)):
        data = Path(source).read_bytes()
        start = time.perf_counter()
        table = reader.read_table(data, name="inventory.xlsx")
        parsed = reader.parse_rows(table)
        preview = time.perf_counter() - start
        result = import_rows(actor=None, organization=org, parsed=parsed, headers=table.headers)
        figures[key] = {
            "preview": preview,
            "total": time.perf_counter() - start,
            "imported": result.rows_imported,
            "updated": result.rows_updated,
            "rejected": result.rows_rejected,
        }
    print("RESULT " + json.dumps(figures))


def _import_runs(path: Path, again: Path, tmp: str, runs: int = 3) -> list[dict]:
    results = []
    for n in range(runs):
        data_dir = Path(tmp) / f"run{n}"
        data_dir.mkdir()
        done = subprocess.run(  # noqa: S603 - this module, with arguments it made
            [
                sys.executable,
                "-m",
                "benchmarks.bench_inventory_import",
                "--worker",
                str(path),
                str(again),
                str(data_dir),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"inventory import failed:\n{done.stderr[-3000:]}")
        line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
        results.append(json.loads(line[len("RESULT ") :]))
    return results


def main(rows: int = ROWS) -> None:
    from civicshift.formats.inventory.tests.fixtures import inventory_workbook

    with tempfile.TemporaryDirectory() as tmp:
        path = inventory_workbook(Path(tmp) / "inventory.xlsx", rows, formulas=True)
        data = path.read_bytes()
        parsed = _streaming(data)
        assert len(parsed.valid) == rows, parsed.problems[:3]
        assert [r.values for r in _naive(data).rows[:50]] == [r.values for r in parsed.rows[:50]]
        ours = _median(lambda: _streaming(data))
        theirs = _median(lambda: _naive(data))
        print(
            f"bench inventory_preview_{rows // 1000}k: {ours:.2f} s "
            f"({theirs / ours:.1f}x vs naive openpyxl full load at {theirs:.2f} s; "
            f"{len(data) / 2**20:.1f} MB workbook, {rows:,} rows x 20 columns)"
        )
        our_peak = _peak_mb(lambda: _streaming(data))
        their_peak = _peak_mb(lambda: _naive(data))
        print(
            f"bench inventory_preview_{rows // 1000}k_memory: {our_peak:.0f} MB "
            f"({their_peak / our_peak:.1f}x less than naive openpyxl full load at "
            f"{their_peak:.0f} MB; tracemalloc peak)"
        )
        again = inventory_workbook(
            Path(tmp) / "again.xlsx", rows, formulas=True, notes="Checked again by the benchmark"
        )
        runs = _import_runs(path, again, tmp)
        for key, label, count in (
            ("import", "import", "imported"),
            ("reimport", "re-import", "updated"),
        ):
            assert all(run[key][count] == rows for run in runs), runs
            total = statistics.median(run[key]["total"] for run in runs)
            preview = statistics.median(run[key]["preview"] for run in runs)
            print(
                f"bench inventory_{key}_{rows // 1000}k: {total:.1f} s "
                f"({total / TARGET_SECONDS:.2f}x vs the {TARGET_SECONDS:.0f} s target; "
                f"preview {preview:.1f} s + {label} {total - preview:.1f} s of {rows:,} "
                f"systems on SQLite, median of {len(runs)} processes: "
                + ", ".join(f"{run[key]['total']:.1f}" for run in runs)
                + ")"
            )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        _import_worker(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else ROWS)
