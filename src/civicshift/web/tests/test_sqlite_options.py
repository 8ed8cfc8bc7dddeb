"""The SQLite file database runs in WAL mode, with a busy timeout and IMMEDIATE transactions.

The test suite's own SQLite database lives in memory (WAL does not apply there) and may be
PostgreSQL, so the settings are read the way an installation reads them: ``civicshift manage``
in a subprocess with ``DATABASE_URL`` naming a scratch file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = """
import json, sqlite3
from django.db import connection, transaction
from civicshift.orgs.models import Organization

with connection.cursor() as cursor:
    pragmas = {
        name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("journal_mode", "busy_timeout", "synchronous")
    }
# A transaction that has only read already holds the write lock (BEGIN IMMEDIATE): another
# writer that will not wait is refused at once instead of both failing half-way later.
other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0, isolation_level=None)
with transaction.atomic():
    Organization.objects.count()
    try:
        other.execute("BEGIN IMMEDIATE")
        blocked = False
        other.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        blocked = str(exc)
# Once it has committed, the other connection writes.
other.execute("BEGIN IMMEDIATE"); other.execute("ROLLBACK")
print(json.dumps({"pragmas": pragmas, "blocked": blocked, "mode": connection.transaction_mode}))
"""


def test_a_file_database_reports_wal_busy_timeout_and_immediate_transactions(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CIVICSHIFT_"))}
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path}/civicshift.sqlite3",
            "CIVICSHIFT_DATA_DIR": str(tmp_path / "data"),
        }
    )
    for args in (["manage", "migrate", "-v0"], ["manage", "shell", "-c", PROBE]):
        result = subprocess.run(
            [sys.executable, "-m", "civicshift", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["pragmas"] == {"journal_mode": "wal", "busy_timeout": 20000, "synchronous": 1}
    assert probe["mode"] == "IMMEDIATE"
    assert probe["blocked"] == "database is locked"
    # The mode is kept in the file itself: header bytes 18 and 19 (the file format's write and
    # read versions) are 2 for WAL, 1 for the old rollback journal (sqlite.org/fileformat.html).
    header = (tmp_path / "civicshift.sqlite3").read_bytes()[:100]
    assert header[:16] == b"SQLite format 3\x00"
    assert (header[18], header[19]) == (2, 2)
