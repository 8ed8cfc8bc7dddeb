"""Funding (issue 10, Speed): reading an 80,000-opportunity extract, and matching.

The extract is generated from the real schema (``formats/funding/tests/generate.py``: every
element of both record types in the schema's order, 10 % forecasts, a tenth of which share an
OpportunityID with a synopsis) and zipped as Grants.gov ships it.

- ``funding_parse_80k``: ``read_grants_xml`` over the zip, every record turned into a
  ``FundingNotice`` and then a ``core.funding.FundingProgram`` (what the importer hands on), in
  a fresh process; the ratio is against a plain ``xml.etree.ElementTree.iterparse`` pass over
  the same zip entry with element clearing (no field conversion), timed in the same run. The
  issue's target is the whole import under 60 s; the database part comes with the Django app.
- ``funding_parse_80k_peak_rss``: the peak resident memory (``ru_maxrss``) of that process,
  interpreter included, against the same figure of the baseline process. Target < 300 MB.
- ``funding_import_80k``: the whole import into the database (``funding_import`` of the zip, in
  one transaction, on SQLite in a scratch folder, in a fresh process after ``migrate``), then a
  re-import of the same file (every notice seen again, nothing changed), then
  ``funding_reimport_changed_80k``: a re-import of an extract generated with another seed (the
  same opportunity ids, every notice's fields changed: one change record each); the ratio is
  against the parse-only pass above (the part no database can avoid), and the 60 s target.
  Its peak RSS (all three imports in one process) is printed against the 300 MB target.
  ``BENCH_FUNDING_DATABASE_URL=postgres://…/name`` runs the imports on PostgreSQL instead
  (the database is dropped and created first; use a scratch name).
- ``funding_match_80k``: one initiative matched against 80,000 programs after the index is built
  once (median of 7); the ratio is against the 1 s bound, and the index build is printed too.
- ``funding_match_80k_vs_bruteforce``: the same BM25 scores computed per document in plain
  Python over token counts (the obvious implementation), timed in the same run.

Run alone: ``python -m benchmarks.bench_funding [COUNT] [--import-only]`` (``--import-only``:
skip the matching figures).
"""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COUNT = 80_000

_PARSE = r"""
import json, resource, sys, time
from civicshift.formats.funding.grantsgov_xml import read_grants_xml
from civicshift.formats.funding.model import ReadReport
from civicshift.formats.funding.convert import to_program
start = time.perf_counter()
report = ReadReport("extract")
programs = 0
for notice in read_grants_xml(sys.argv[1], report=report):
    to_program(notice)
    programs += 1
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "records": programs, "problems": len(report.problems),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_BASELINE = r"""
import json, resource, sys, time, zipfile
import xml.etree.ElementTree as ET
start = time.perf_counter()
records = 0
with zipfile.ZipFile(sys.argv[1]) as archive, archive.open(archive.namelist()[0]) as member:
    for event, element in ET.iterparse(member, events=("end",)):
        if element.tag.endswith(("SynopsisDetail_1_0", "ForecastDetail_1_0")):
            records += 1
            element.clear()
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "records": records,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


_IMPORT = r"""
import json, os, resource, sys, time
folder = sys.argv[2]
os.environ["CIVICSHIFT_DATA_DIR"] = folder
os.environ["DATABASE_URL"] = sys.argv[4] or f"sqlite:///{folder}/bench.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "civicshift.settings"
os.environ["CIVICSHIFT_DEBUG"] = "0"
import django
django.setup()
from django.core.management import call_command
from civicshift.funding.services_import import funding_import
call_command("migrate", verbosity=0)
figures = {}
for key, source in (("import", sys.argv[1]), ("reimport", sys.argv[1]),
                    ("reimport_changed", sys.argv[3])):
    start = time.perf_counter()
    result = funding_import(actor=None, source=source)
    figures[key] = {"seconds": time.perf_counter() - start, **result.counts()}
figures["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(figures))
"""


def _run(code: str, path: Path, *extra: str) -> dict:
    out = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code, str(path), *extra],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _fresh_postgres(url: str) -> None:
    """Drop and create the database named in ``url`` (a scratch database for the bench)."""
    import psycopg

    base, _slash, name = url.rpartition("/")
    with psycopg.connect(base + "/postgres", autocommit=True, connect_timeout=3) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _brute_force(docs: list[dict[str, int]], lengths: list[int], query: list[str]) -> list[float]:
    n = len(docs)
    avgdl = sum(lengths) / n
    df: dict[str, int] = {}
    for counts in docs:
        for term in counts:
            df[term] = df.get(term, 0) + 1
    terms = list(dict.fromkeys(query))
    scores = []
    for counts, length in zip(docs, lengths, strict=True):
        score = 0.0
        for term in terms:
            tf = counts.get(term, 0)
            if tf:
                idf = math.log1p((n - df[term] + 0.5) / (df[term] + 0.5))
                score += idf * tf * 2.5 / (tf + 1.5 * (0.25 + 0.75 * length / avgdl))
        scores.append(score)
    return scores


def main(count: int = COUNT, *, import_only: bool = False) -> None:
    from datetime import date
    from decimal import Decimal

    from civicshift.core.funding import InitiativeNeed, MatchIndex
    from civicshift.core.funding.bm25 import tokenize
    from civicshift.formats.funding.convert import to_program
    from civicshift.formats.funding.grantsgov_xml import read_grants_xml
    from civicshift.formats.funding.tests.generate import write_extract

    with tempfile.TemporaryDirectory() as folder:
        path = write_extract(Path(folder) / "GrantsDBExtract20261202v2.zip", count, zipped=True)
        ours = _run(_PARSE, path)
        base = _run(_BASELINE, path)
        print(
            f"bench funding_parse_{count // 1000}k: {ours['seconds']:.2f} s "
            f"({ours['seconds'] / base['seconds']:.2f}x vs ElementTree.iterparse "
            f"{base['seconds']:.2f} s; {ours['records']} notices, target 60 s)"
        )
        print(
            f"bench funding_parse_{count // 1000}k_peak_rss: {ours['rss_mb']:.0f} MB "
            f"({ours['rss_mb'] / base['rss_mb']:.2f}x vs ElementTree.iterparse "
            f"{base['rss_mb']:.0f} MB; target 300 MB)"
        )
        changed = write_extract(
            Path(folder) / "GrantsDBExtract20261203v2.zip", count, seed=8, zipped=True
        )
        url = os.environ.get("BENCH_FUNDING_DATABASE_URL", "")
        if url:
            _fresh_postgres(url)
        db = _run(_IMPORT, path, folder, str(changed), url)
        for key in ("import", "reimport", "reimport_changed"):
            run = db[key]
            print(
                f"bench funding_{key}_{count // 1000}k: {run['seconds']:.1f} s "
                f"({run['seconds'] / ours['seconds']:.2f}x the parse-only pass, "
                f"{run['seconds'] / 60:.2f}x the 60 s target; imported {run['imported']}, "
                f"updated {run['updated']}, unchanged {run['unchanged']}, "
                f"{'PostgreSQL' if url else 'SQLite'})"
            )
        print(
            f"bench funding_import_{count // 1000}k_peak_rss: {db['rss_mb']:.0f} MB "
            f"({db['rss_mb'] / 300:.2f}x the 300 MB target)"
        )
        if import_only:
            return
        programs = [to_program(n) for n in read_grants_xml(path)]

    start = time.perf_counter()
    index = MatchIndex(programs)
    build = time.perf_counter() - start
    need = InitiativeNeed(
        description="Replace the police records management system and add body cameras; "
        "harden the network against ransomware",
        tags=("public safety", "cybersecurity"),
        goals="safer community, resilient infrastructure",
        applicant_type="02",
        funding_gap=Decimal(400_000),
        preparation_days=45,
        local_match_capacity=Decimal(50_000),
    )
    today = date(2024, 6, 1)
    times = []
    for _ in range(7):
        start = time.perf_counter()
        matches = index.match(need, today=today, limit=25)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(
        f"bench funding_match_{count // 1000}k: {median * 1000:.1f} ms "
        f"({median / 1.0:.3f}x vs the 1 s bound; index built once in {build:.1f} s; "
        f"{len(matches)} matches)"
    )
    _digest(index, today, count)
    docs, lengths = [], []
    for program in programs:
        tokens = tokenize(
            " ".join(
                (program.title, program.title, program.description, " ".join(program.purposes))
            )
        )
        counts: dict[str, int] = {}
        for token in tokens:
            counts[token] = counts.get(token, 0) + 1
        docs.append(counts)
        lengths.append(len(tokens))
    start = time.perf_counter()
    _brute_force(docs, lengths, tokenize(need.text))
    brute = time.perf_counter() - start
    scores = index.text.scores(tokenize(need.text))
    start = time.perf_counter()
    index.text.scores(tokenize(need.text))
    indexed = time.perf_counter() - start
    print(
        f"bench funding_bm25_{count // 1000}k_scores: {indexed * 1000:.1f} ms "
        f"({indexed / brute:.4f}x vs per-document Python BM25 {brute * 1000:.0f} ms; "
        f"{int((scores > 0).sum())} documents scored)"
    )


def _digest(index, today, count: int) -> None:
    """A saved search's digest after a re-import that changed one program in ten: the search
    restricted to the changed keys (``select(only=…)``), the changes of those it keeps folded
    (``digest.news_of``), then the ranked, explained list of at most 100."""
    from datetime import UTC, datetime

    from civicshift.core.funding.digest import EntryChange, news_of
    from civicshift.core.funding.search import search, select

    changed = [p.key for p in index.programs[::10]]
    at = datetime(2024, 6, 1, tzinfo=UTC)
    changes = [
        EntryChange(k, "updated", at, {"close_date": ["2024-07-01", "2024-08-01"]}) for k in changed
    ]
    arguments = {"today": today, "applicant_type": "02"}
    times = []
    for _ in range(5):
        start = time.perf_counter()
        only = frozenset(changed)
        found, _raw, _query = select(index, "ransomware backups", **arguments, only=only)
        kept = {index.programs[row].key for row in found.nonzero()[0]}
        news = news_of(c for c in changes if c.key in kept)
        rows = search(index, "ransomware backups", **arguments, only=frozenset(news))
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(
        f"bench funding_digest_{count // 1000}k: {median * 1000:.1f} ms "
        f"({median / 1.0:.3f}x vs the 1 s bound; {len(changed)} changed, {len(news)} with news "
        f"the search keeps, {len(rows)} listed)"
    )


if __name__ == "__main__":
    numbers = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(numbers[0]) if numbers else COUNT, import_only="--import-only" in sys.argv[1:])
