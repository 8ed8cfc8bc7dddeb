"""Hostile backup files are refused by the import (file, command line), naming the file and the
problem, with nothing written (issue #6, item 4). The reader is ``formats.safety.load_json``,
whose memory bound is measured in ``formats/tests/test_safety.py``."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from civicshift.backup.services import (
    BackupError,
    export_organization_data,
    import_organization_path,
    read_export_file,
)
from civicshift.formats.tests import hostile

from .conftest import database_counts, everyone

pytestmark = pytest.mark.django_db


def refused(path, *expected: str, **options) -> str:
    before = database_counts()
    with pytest.raises(BackupError) as caught:
        import_organization_path(path, into_slug="restored", **options)
    message = str(caught.value)
    assert path.name in message
    for text in expected:
        assert text in message, f"{text!r} not in {message!r}"
    assert database_counts() == before
    return message


def test_deeply_nested_json(tmp_path, rich_org):
    path = tmp_path / "deep.json"
    path.write_text(hostile.DEEP_JSON)
    refused(path, "100000 levels", "at most 64")


def test_deep_nesting_inside_a_row(tmp_path, rich_org):
    data = export_organization_data(rich_org)
    data["tables"]["audit.auditevent"][-1]["changes"] = "NESTED"
    text = json.dumps(data).replace('"NESTED"', "[" * 5000 + "]" * 5000)
    path = tmp_path / "backup.json"
    path.write_text(text)
    refused(path, "levels deep")


def test_duplicate_key_in_a_row(tmp_path, rich_org):
    data = export_organization_data(rich_org)
    text = json.dumps(data).replace('"name": ', '"name": "Shadow", "name": ', 1)
    path = tmp_path / "backup.json"
    path.write_text(text)
    refused(path, "“name” appears twice")


@pytest.mark.parametrize(
    ("number", "problem"),
    [("9" * 10_000, "10000 characters"), ("1e999", "too large"), ("NaN", "NaN")],
)
def test_numbers_that_overflow(tmp_path, rich_org, number, problem):
    data = export_organization_data(rich_org)
    text = json.dumps(data).replace('"population": 12400', f'"population": {number}', 1)
    assert number in text
    path = tmp_path / "backup.json"
    path.write_text(text)
    refused(path, problem)


def test_file_over_the_size_limit_is_not_read(tmp_path, rich_org):
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(export_organization_data(rich_org)))
    with override_settings(BACKUP_MAX_IMPORT_BYTES=1024):
        refused(path, "larger than", "limit")


def test_open_file_over_the_size_limit_is_read_no_further(tmp_path, rich_org):
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(export_organization_data(rich_org)))
    with path.open("rb") as handle:
        with pytest.raises(BackupError, match="larger than"):
            read_export_file(handle, max_bytes=1000)
        assert handle.tell() == 1001


def test_zip_bomb_named_json_is_refused_without_unpacking(tmp_path, rich_org):
    path = hostile.write_zip_bomb(tmp_path / "backup.json")
    refused(path, "Excel workbook")


def test_command_line_refuses_a_hostile_file(tmp_path, rich_org):
    path = tmp_path / "deep.json"
    path.write_text(hostile.DEEP_JSON)
    before = database_counts()
    with pytest.raises(CommandError, match=r"Nothing was imported\. .*deep\.json.*levels"):
        call_command("import_org", str(path), into="restored")
    assert database_counts() == before


def test_a_clean_file_still_imports(tmp_path, rich_org):
    data = export_organization_data(rich_org)
    path = tmp_path / "backup.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(data).encode())  # with a byte-order mark
    summary = import_organization_path(path, into_slug="restored", confirm_existing=everyone(data))
    assert summary.total_rows == sum(len(rows) for rows in data["tables"].values())
