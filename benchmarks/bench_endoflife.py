"""Matching an inventory to the endoflife.date catalogue (issue 8, item 2).

10,000 distinct rows (seeded) as towns type them: a product spelled one of several ways, a
version, sometimes a host name or an edition ("FS03 Windows Server 2012 R2 Datacenter").

- ``eol_index_build``: loading the shipped catalogue and building the match index, once per
  process.
- ``eol_match_10k``: ``core.endoflife.match`` on the 10,000 rows with its per-input cache
  emptied first (every row is new); the ratio is against a naive matcher timed in the same run:
  ``difflib.SequenceMatcher`` of the text against every product title (what one writes without
  an index), on the first 500 rows and scaled to 10,000. The line also says how many rows found
  the product and cycle the generator meant.
"""

from __future__ import annotations

import difflib
import random
import time

from civicshift.core import endoflife

ROWS = 10_000
NAIVE_ROWS = 500

#: (spellings, [(version typed, cycle meant)], product id meant)
KINDS = [
    (
        ["Windows Server", "Win Srv", "Microsoft Windows Server", "MS Windows Server"],
        [("2012 R2", "2012-r2"), ("2016", "2016"), ("2019", "2019"), ("2022", "2022")],
        "windows-server",
    ),
    (
        ["IBM i", "AS/400 IBM i", "iSeries", "AS400"],
        [("7.1", "7.1"), ("V7R3", "7.3"), ("7.4", "7.4"), ("V7R2M0", "7.2")],
        "ibm-i",
    ),
    (
        ["SQL Server", "Microsoft SQL Server", "MS SQL Server"],
        [("2019", "15.0"), ("2017", "14.0"), ("2016 SP3", "13.0-sp3"), ("2014", "12.0-sp3")],
        "mssqlserver",
    ),
    (["PostgreSQL", "Postgres"], [("9.6", "9.6"), ("12.4", "12"), ("15", "15")], "postgresql"),
    (["RHEL", "Red Hat Enterprise Linux"], [("7", "7"), ("8.6", "8"), ("9", "9")], "rhel"),
    (["Exchange", "Exchange Server"], [("2013", "2013"), ("2016 CU23", "2016")], "msexchange"),
    (["vSphere", "VMware ESXi"], [("6.7", "6.7"), ("7.0 U3", "7.0")], "vmware-esxi"),
    (["Oracle Database", "Oracle"], [("19c", "19"), ("11g Release 2", "11.2")], "oracle-database"),
]
EDITIONS = ["", "", "Standard", "Datacenter", "Enterprise"]


def build_rows(seed: int = 2026):
    rng = random.Random(seed)
    rows = []
    for i in range(ROWS):
        spellings, versions, product_id = KINDS[i % len(KINDS)]
        typed, cycle = rng.choice(versions)
        host = f"SRV{i:05d} " if rng.random() < 0.5 else ""
        text = f"{host}{rng.choice(spellings)} {typed} {rng.choice(EDITIONS)}".strip()
        rows.append((text, product_id, cycle))
    return rows


def naive(text: str, titles: list[tuple[str, str]]) -> str:
    lowered = text.lower()
    return max(titles, key=lambda t: difflib.SequenceMatcher(None, lowered, t[1]).ratio())[0]


def main() -> None:
    start = time.perf_counter()
    endoflife._load.cache_clear()
    cat = endoflife.catalogue()
    assert cat.index is not None  # built here, timed
    build = time.perf_counter() - start

    rows = build_rows()
    endoflife._match.cache_clear()
    start, cpu = time.perf_counter(), time.process_time()
    found = [endoflife.match(text, cat=cat) for text, _p, _c in rows]
    ours, ours_cpu = time.perf_counter() - start, time.process_time() - cpu
    right = sum(
        bool(f) and (f[0].product_id, f[0].cycle) == (p, c)
        for f, (_t, p, c) in zip(found, rows, strict=True)
    )

    titles = [(p.id, p.title.lower()) for p in cat.products.values()]
    start = time.perf_counter()
    naive_right = sum(naive(text, titles) == p for text, p, _c in rows[:NAIVE_ROWS])
    theirs = (time.perf_counter() - start) * ROWS / NAIVE_ROWS

    print(
        f"bench eol_index_build: {build * 1000:.0f} ms (464 products, "
        f"{cat.release_count:,} release cycles, once per process)"
    )
    print(
        f"bench eol_match_10k: {ours:.2f} s ({ours_cpu:.2f} s of CPU; "
        f"{theirs / ours:.0f}x vs a difflib scan of every "
        f"title at {theirs:.0f} s for 10,000, from {NAIVE_ROWS} rows; {right:,} of {ROWS:,} rows "
        f"found the product and cycle meant; the naive scan found the product for "
        f"{naive_right} of {NAIVE_ROWS})"
    )


if __name__ == "__main__":
    main()
