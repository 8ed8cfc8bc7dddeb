"""The ``export_org`` and ``import_org`` management commands (used by ``civicshift``)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from civicshift.audit.models import Action, AuditEvent
from civicshift.orgs.models import Organization

from .conftest import database_counts

pytestmark = pytest.mark.django_db


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def test_export_json_then_import(tmp_path, rich_org):
    path = tmp_path / "maple.json"
    output = run("export_org", "maple-falls", str(path))
    assert output.startswith("Exported City of Maple Falls (") and str(path) in output
    assert json.loads(path.read_text())["source_slug"] == "maple-falls"
    assert AuditEvent.objects.for_org(rich_org).filter(action=Action.EXPORT).exists()

    emails = ",".join(u["email"] for u in json.loads(path.read_text())["users"])
    output = run("import_org", str(path), into="maple-copy", confirm_existing=emails)
    assert output.startswith("Imported ") and "/o/maple-copy/" in output
    assert Organization.objects.get(slug="maple-copy").name == "City of Maple Falls"


def test_export_xlsx(tmp_path, rich_org):
    path = tmp_path / "maple.xlsx"
    run("export_org", "maple-falls", str(path))
    assert "orgs.membership" in load_workbook(path).sheetnames


def test_export_refuses_other_extensions_and_unknown_organizations(tmp_path, rich_org):
    with pytest.raises(CommandError, match=r"\.json.*\.xlsx"):
        run("export_org", "maple-falls", str(tmp_path / "maple.csv"))
    with pytest.raises(CommandError, match="no organization"):
        run("export_org", "atlantis", str(tmp_path / "atlantis.json"))


def test_import_failure_is_a_clear_command_error(tmp_path, rich_org):
    path = tmp_path / "maple.json"
    run("export_org", "maple-falls", str(path))
    before = database_counts()
    with pytest.raises(CommandError, match="Nothing was imported.*already has data"):
        run("import_org", str(path), into="maple-falls")
    assert database_counts() == before


def test_import_reports_accounts_created_switched_off(tmp_path, rich_org):
    path = tmp_path / "maple.json"
    run("export_org", "maple-falls", str(path))
    data = json.loads(path.read_text())
    data["users"][0]["email"] = "someone.new@elsewhere.example"
    path.write_text(json.dumps(data))
    emails = ",".join(u["email"] for u in data["users"])
    output = run("import_org", str(path), into="maple-copy", name="Copy", confirm_existing=emails)
    assert "someone.new@elsewhere.example" in output
