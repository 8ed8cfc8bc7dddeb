"""Every file or target the import refuses: a message naming the problem, and nothing written."""

from __future__ import annotations

import copy
import json

import pytest
from django.core.exceptions import PermissionDenied

from civicshift.backup.services import (
    BackupError,
    export_organization_data,
    import_organization_file,
    write_export_xlsx,
)
from civicshift.orgs.models import Organization
from civicshift.testing.factories import make_org, make_user

from .conftest import database_counts, import_confirmed

pytestmark = pytest.mark.django_db


@pytest.fixture
def export(rich_org):
    return export_organization_data(rich_org)


def refused(call, *expected: str) -> str:
    """Run ``call``; it must raise BackupError naming every ``expected`` text, writing nothing."""
    before = database_counts()
    with pytest.raises(BackupError) as caught:
        call()
    message = str(caught.value)
    for text in expected:
        assert text in message, f"{text!r} not in {message!r}"
    assert database_counts() == before
    return message


def row_of(data: dict, table: str, **match) -> dict:
    return next(r for r in data["tables"][table] if all(r[k] == v for k, v in match.items()))


# Files that are not JSON exports -------------------------------------------------------------


def test_malformed_json_file(tmp_path, rich_org):
    path = tmp_path / "backup.json"
    path.write_text('{"format": "civicshift-export", "version": 1, "tables": {')
    refused(
        lambda: import_organization_file(path, into_slug="restored"),
        "backup.json",
        "not valid JSON",
        "line 1",
    )


def test_csv_file(tmp_path, rich_org):
    path = tmp_path / "initiatives.csv"
    path.write_text("title,status\nOnline permits,idea\n")
    refused(
        lambda: import_organization_file(path, into_slug="restored"),
        "initiatives.csv",
        "not valid JSON",
        "CSV",
    )


def test_workbook_passed_as_json(tmp_path, rich_org):
    path = tmp_path / "maple-falls.json"
    write_export_xlsx(rich_org, path)
    refused(lambda: import_organization_file(path, into_slug="restored"), "Excel workbook")


def test_binary_file(tmp_path, rich_org):
    path = tmp_path / "photo.json"
    path.write_bytes(b"\xff\xd8\xff\xe0 not text")
    refused(lambda: import_organization_file(path, into_slug="restored"), "not a text file")


def test_missing_file(tmp_path, rich_org):
    refused(
        lambda: import_organization_file(tmp_path / "nope.json", into_slug="restored"), "nope.json"
    )


def test_json_that_is_not_an_object(export):
    refused(lambda: import_confirmed([1, 2], into_slug="restored"), "list")


# Wrong format, version or structure ----------------------------------------------------------


def test_another_format(export):
    data = {**export, "format": "netbox-export"}
    refused(lambda: import_confirmed(data, into_slug="restored"), "netbox-export")


def test_no_format_at_all(export):
    data = {k: v for k, v in export.items() if k != "format"}
    refused(lambda: import_confirmed(data, into_slug="restored"), "“format”")


def test_unknown_version(export):
    data = {**export, "version": 2}
    refused(lambda: import_confirmed(data, into_slug="restored"), "version 2")


def test_missing_section(export):
    data = {k: v for k, v in export.items() if k != "tables"}
    refused(lambda: import_confirmed(data, into_slug="restored"), "“tables”")


def test_unknown_table(export):
    data = copy.deepcopy(export)
    data["tables"]["telepathy.mindreading"] = [{"id": 1}]
    refused(lambda: import_confirmed(data, into_slug="restored"), "telepathy.mindreading")


def test_unknown_field(export):
    data = copy.deepcopy(export)
    row = row_of(data, "orgs.department", name="City Clerk")
    row["budget_code"] = "100-22"
    refused(
        lambda: import_confirmed(data, into_slug="restored"),
        "orgs.department",
        f"row id {row['id']}",
        "budget_code",
    )


def test_unknown_organization_field(export):
    data = copy.deepcopy(export)
    data["organization"]["mayor"] = "J. Smith"
    refused(lambda: import_confirmed(data, into_slug="restored"), "mayor")


def test_repeated_row_id(export):
    data = copy.deepcopy(export)
    data["tables"]["orgs.department"].append(dict(data["tables"]["orgs.department"][0]))
    refused(
        lambda: import_confirmed(data, into_slug="restored"),
        "orgs.department",
        "repeated id",
    )


# Bad values in a row -------------------------------------------------------------------------


def test_value_of_the_wrong_type(export):
    data = copy.deepcopy(export)
    row = row_of(data, "initiatives.initiative", title="Online building permits")
    row["cost_low"] = "about forty thousand"
    refused(
        lambda: import_confirmed(data, into_slug="restored"),
        "initiatives.initiative",
        f"row id {row['id']}",
        "cost_low",
    )


def test_value_breaking_a_field_rule(export):
    data = copy.deepcopy(export)
    row = row_of(data, "orgs.department", name="Public Works")
    row["name"] = "P" * 151
    refused(
        lambda: import_confirmed(data, into_slug="restored"),
        "orgs.department",
        f"row id {row['id']}",
        "name",
        "150",
    )


def test_value_breaking_a_model_rule(export):
    data = copy.deepcopy(export)
    row = row_of(data, "initiatives.initiative", title="Online building permits")
    row["cost_low"] = "90000.00"  # above cost_high
    refused(
        lambda: import_confirmed(data, into_slug="restored"),
        "initiatives.initiative",
        f"row id {row['id']}",
        "cost_high",
    )


def test_two_rows_breaking_a_uniqueness_rule(export):
    data = copy.deepcopy(export)
    clash = row_of(data, "orgs.department", name="City Clerk")
    clash["name"] = "Public Works"
    refused(
        lambda: import_confirmed(data, into_slug="restored"),
        "orgs.department",
        f"row id {clash['id']}",
    )


def test_bad_value_in_the_last_table_undoes_the_earlier_ones(export):
    data = copy.deepcopy(export)
    event = data["tables"]["audit.auditevent"][-1]
    event["action"] = "teleported"
    refused(
        lambda: import_confirmed(data, into_slug="restored"),
        "audit.auditevent",
        f"row id {event['id']}",
        "action",
    )
    assert not Organization.objects.filter(slug="restored").exists()


def test_reference_to_a_row_not_in_the_file(export):
    data = copy.deepcopy(export)
    change = data["tables"]["initiatives.statuschange"][0]
    change["initiative"] = 999_999
    refused(
        lambda: import_confirmed(data, into_slug="restored"),
        "initiatives.statuschange",
        f"row id {change['id']}",
        "initiative",
        "999999",
    )


def test_reference_to_a_user_not_in_the_file(export):
    data = copy.deepcopy(export)
    data["users"] = [u for u in data["users"] if u["email"] != "viewer@maplefalls.example"]
    refused(lambda: import_confirmed(data, into_slug="restored"), "orgs.membership", "user")


def test_unknown_kind_of_record(export):
    data = copy.deepcopy(export)
    event = data["tables"]["audit.auditevent"][0]
    event["content_type"] = "telepathy.thought"
    refused(
        lambda: import_confirmed(data, into_slug="restored"),
        "audit.auditevent",
        "telepathy.thought",
    )


# The target organization ---------------------------------------------------------------------


def test_target_organization_with_data(export, rich_org):
    message = refused(
        lambda: import_confirmed(export, into_slug="maple-falls"),
        "maple-falls",
        "already has data",
    )
    assert "memberships" in message


def test_organization_just_created_with_createorg_counts_as_empty(export):
    """Its own creation event is history about the organization, not data to overwrite."""
    from civicshift.orgs.services import organization_create

    made = organization_create(actor=None, slug="fresh-start", name="Fresh start")
    org = import_confirmed(export, into_slug="fresh-start")
    assert org.pk == made.pk and org.name == "City of Maple Falls"


def test_organization_with_history_about_other_records_is_not_empty(export):
    from civicshift.orgs.services import department_create, department_delete, organization_create

    org = organization_create(actor=None, slug="used", name="Used")
    department_delete(
        actor=None, department=department_create(actor=None, organization=org, name="Gone")
    )
    refused(
        lambda: import_confirmed(export, into_slug="used"),
        "used",
        "already has data",
        "2 audit events)",
    )


def test_empty_existing_organization_receives_the_import(export):
    empty = make_org("empty-town", name="Placeholder")
    org = import_confirmed(export, into_slug="empty-town")
    assert org.pk == empty.pk
    assert org.name == "City of Maple Falls"
    assert org.population == 12400


@pytest.mark.parametrize("slug", ["Maple Falls", "-maple", "maple_falls", "", "x" * 51])
def test_bad_slug(export, slug):
    refused(lambda: import_confirmed(export, into_slug=slug), "short name")


def test_only_site_administrators_import(export):
    before = database_counts()
    with pytest.raises(PermissionDenied):
        import_confirmed(export, into_slug="restored", actor=make_user())
    after = database_counts()
    after["auth.user"] -= 1  # the user made for this test
    assert after == before


def test_refused_file_can_be_fixed_and_imported(export):
    broken = copy.deepcopy(export)
    broken["tables"]["orgs.department"][0]["name"] = ""
    with pytest.raises(BackupError):
        import_confirmed(broken, into_slug="restored")
    org = import_confirmed(json.loads(json.dumps(export)), into_slug="restored")
    assert org.slug == "restored"


def test_required_reference_left_empty(export):
    data = copy.deepcopy(export)
    change = data["tables"]["initiatives.statuschange"][0]
    change["initiative"] = None
    refused(
        lambda: import_confirmed(data, into_slug="restored"),
        "initiatives.statuschange",
        f"row id {change['id']}",
        "initiative",
    )
