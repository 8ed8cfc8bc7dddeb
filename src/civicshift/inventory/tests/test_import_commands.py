"""``inventory_import`` and ``inventory_export``: foreground, JSON output, dry run, exit codes."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from civicshift.formats.inventory import reader
from civicshift.formats.inventory.tests import fixtures
from civicshift.inventory.models import System
from civicshift.testing.factories import make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org("millbrook")


def run(*args):
    """(exit code, standard output) of ``inventory_import``."""
    from io import StringIO

    out = StringIO()
    try:
        call_command("inventory_import", *args, stdout=out)
    except SystemExit as exc:
        return exc.code, out.getvalue()
    return 0, out.getvalue()


def test_json_output_has_the_counts_and_every_problem_by_row_and_column(org, tmp_path):
    path = fixtures.town_workbook(tmp_path / "Millbrook.xlsx")
    code, out = run("millbrook", str(path), "--json")
    data = json.loads(out)
    assert code == 1  # some rows were rejected
    counts = ("rows_total", "rows_imported", "rows_updated", "rows_rejected")
    assert [data[k] for k in counts] == [8, 5, 0, 3]
    assert {"row": 11, "column": "Category", "cell": "C11"}.items() <= data["problems"][0].items()
    assert all({"row", "column", "message"} <= set(p) for p in data["problems"])
    assert System.objects.for_org(org).count() == 5
    code, out = run("millbrook", str(path), "--json")
    assert json.loads(out)["rows_updated"] == 5 and System.objects.for_org(org).count() == 5


def test_dry_run_with_a_mapping_file_writes_nothing(org, tmp_path):
    path = fixtures.as400_csv(tmp_path / "QSYS.csv")
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps(fixtures.AS400_MAPPING))
    code, out = run("millbrook", str(path), "--mapping", str(mapping), "--dry-run")
    assert code == 0
    assert "5 rows, 5 systems added, 0 updated, 0 rejected. Dry run: nothing was written." in out
    assert "Columns ignored (not mapped to a field): “CRTUSR”, “RRN”." in out
    assert not System.objects.exists()


def test_a_hostile_file_or_a_bad_mapping_is_refused_with_exit_code_2(org, tmp_path):
    locked = fixtures.encrypted_workbook(tmp_path / "locked.xlsx")
    with pytest.raises(CommandError, match="locked.xlsx: the workbook is protected") as caught:
        call_command("inventory_import", "millbrook", str(locked))
    assert caught.value.returncode == 2
    mapping = tmp_path / "m.json"
    mapping.write_text('{"SYSNAM": "colour"}')
    with pytest.raises(CommandError, match="“colour”"):
        call_command(
            "inventory_import", "millbrook", str(fixtures.as400_csv(tmp_path / "q.csv")),
            "--mapping", str(mapping),
        )  # fmt: skip
    with pytest.raises(CommandError, match="no organization with the short name “nowhere”"):
        call_command("inventory_import", "nowhere", str(locked))
    assert not System.objects.exists()


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_by_extension_imports_back_unchanged(org, tmp_path, suffix):
    run("millbrook", str(fixtures.excel_utf8_csv(tmp_path / "s.csv")))
    target = tmp_path / f"out.{suffix}"
    call_command("inventory_export", "millbrook", str(target))
    parsed = reader.parse_rows(reader.read_table(target))
    assert not parsed.problems and len(parsed.rows) == 4
    code, out = run("millbrook", str(target), "--json")
    data = json.loads(out)
    assert (data["rows_imported"], data["rows_updated"], code) == (0, 4, 0)
    with pytest.raises(CommandError, match="must end in .csv or .xlsx"):
        call_command("inventory_export", "millbrook", str(tmp_path / "out.pdf"))


def test_the_civicshift_command_line_runs_them(org, tmp_path, capsys, monkeypatch):
    """``civicshift inventory import|export`` (the issue's command line) reach these commands;
    an unknown verb is refused with the verbs listed."""
    from django.db import connections

    from civicshift.cli import main

    # Django's command runner closes every connection when a command ends (right for the
    # command line); here that would close the test's own transaction on PostgreSQL.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    path = fixtures.town_workbook(tmp_path / "Millbrook.xlsx")
    with pytest.raises(SystemExit) as exit_:
        main(["inventory", "import", "millbrook", str(path), "--json", "--dry-run"])
    assert exit_.value.code == 1  # rows refused, as above; nothing written in a dry run
    assert json.loads(capsys.readouterr().out)["rows_total"] == 8
    assert not System.objects.for_org(org).exists()
    out = tmp_path / "inventory.csv"
    assert main(["inventory", "export", "millbrook", str(out)]) == 0
    assert out.exists()
    assert main(["inventory", "frobnicate"]) == 2
    assert "import, export, eol-refresh" in capsys.readouterr().err
