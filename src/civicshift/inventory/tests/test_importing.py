"""The spreadsheet import: one transaction, re-import updates, rejected rows write nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from civicshift.audit.models import AuditEvent
from civicshift.formats.inventory import reader
from civicshift.formats.inventory.tests import fixtures
from civicshift.inventory.importing import import_rows
from civicshift.inventory.models import Component, System
from civicshift.orgs.models import Department
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org("millbrook")


@pytest.fixture
def editor(org):
    return make_member(org, Role.EDITOR, email="it@millbrook.example")


def _import(path, org, actor, mapping=None, **kwargs):
    table = reader.read_table(path)
    parsed = reader.parse_rows(table, mapping)
    return import_rows(
        actor=actor, organization=org, parsed=parsed, headers=table.headers, **kwargs
    )


def test_town_workbook_imports_its_valid_rows_and_reports_the_rest(tmp_path, org, editor):
    path = fixtures.town_workbook(tmp_path / "Millbrook.xlsx")
    result = _import(path, org, editor)
    assert (result.rows_total, result.rows_imported, result.rows_updated, result.rows_rejected) == (
        8, 5, 0, 3,
    )  # fmt: skip
    assert {(p["row"], p["column"]) for p in result.as_dict()["problems"]} == {
        (11, "Category"), (11, "Annual Maint"), (12, "System Name"), (13, "EOS date"),
        (13, "Contract Expires"),
    }  # fmt: skip
    systems = {s.name: s for s in System.objects.for_org(org)}
    assert set(systems) == {
        "Financial System", "CAD/RMS", "Body cameras", "Permit Tracker", "New ERP (planned)",
    }  # fmt: skip
    assert "Phone system" not in systems and "ArcGIS" not in systems  # rejected: nothing written
    cad = systems["CAD/RMS"]
    assert cad.cost_maintenance == Decimal("12500.00") and cad.cost_licence == Decimal("12500.00")
    assert cad.support_extended_end == dt.date(2026, 10, 13)
    assert [d.name for d in cad.departments.all()] == ["Police"]
    assert Component.objects.for_org(org).get(name="Windows Server 2012 R2").kind == "os"
    assert cad in Component.objects.get(name="Windows Server 2012 R2").systems.all()
    finance = systems["Financial System"]
    assert finance.owner_name == "jsmith@millbrook.example"  # not a member: kept as a name
    assert set(Department.objects.for_org(org).values_list("name", flat=True)) == {
        "Finance", "Police", "Building", "Planning", "HR",
    }  # fmt: skip
    # Written through the services: each system has its audit record.
    assert (
        AuditEvent.objects.filter(organization=org, action="create")
        .filter(object_repr__in=list(systems))
        .count()
        == 5
    )


def test_reimport_updates_by_id_and_never_duplicates(tmp_path, org, editor):
    path = fixtures.town_workbook(tmp_path / "Millbrook.xlsx")
    _import(path, org, editor)
    cad = System.objects.for_org(org).get(external_id="PS-01")
    version = cad.version
    cad_cost = cad.cost_maintenance
    again = _import(path, org, editor)
    assert (again.rows_imported, again.rows_updated, again.rows_rejected) == (0, 5, 3)
    assert System.objects.for_org(org).count() == 5
    cad.refresh_from_db()
    assert cad.cost_maintenance == cad_cost and cad.version == version


def test_reimport_matches_by_name_and_vendor_in_any_case(org, editor):
    first = b"System name,Vendor,Annual maint\nUtility Billing,Harris,$30000\n"
    second = b"System name,Vendor,Annual maint,Users\n  UTILITY billing ,HARRIS,$31000,40\n"
    for data in (first, second):
        table = reader.read_table(data, name="ub.csv")
        result = import_rows(actor=editor, organization=org, parsed=reader.parse_rows(table))
    assert (result.rows_imported, result.rows_updated) == (0, 1)
    (system,) = System.objects.for_org(org)
    assert system.name == "Utility Billing"  # the name is not rewritten in capitals
    assert system.cost_maintenance == Decimal("31000.00") and system.users_count == 40


def test_a_blank_cell_does_not_clear_a_known_value(org, editor):
    for data in (
        b"System name,Vendor,EOS date\nEmail,Microsoft,2026-10-13\n",
        b"System name,Vendor,EOS date\nEmail,Microsoft,\n",
    ):
        import_rows(
            actor=editor,
            organization=org,
            parsed=reader.parse_rows(reader.read_table(data, name="e.csv")),
        )
    assert System.objects.for_org(org).get().support_extended_end == dt.date(2026, 10, 13)


def test_an_owner_who_is_a_member_is_linked(org, editor):
    data = b"System name,Owner\nGIS,IT@millbrook.example\n"
    import_rows(
        actor=editor, organization=org, parsed=reader.parse_rows(reader.read_table(data, name="o"))
    )
    assert System.objects.for_org(org).get().owner == editor


def test_a_row_the_services_refuse_is_rolled_back_alone(org, editor):
    # The support dates are out of order: the model refuses the row; the other row is written,
    # and the department the refused row would have created is not.
    data = (
        b"System name,End of mainstream support,End of support,Department\n"
        b"Old,2030-01-01,2020-01-01,Ghost department\n"
        b"New,2020-01-01,2030-01-01,Finance\n"
    )
    table = reader.read_table(data, name="dates.csv")
    result = import_rows(
        actor=editor, organization=org, parsed=reader.parse_rows(table), headers=table.headers
    )
    assert (result.rows_imported, result.rows_rejected) == (1, 1)
    (problem,) = result.problems
    assert problem.row == 2
    assert list(System.objects.for_org(org).values_list("name", flat=True)) == ["New"]
    assert list(Department.objects.for_org(org).values_list("name", flat=True)) == ["Finance"]


def test_dry_run_counts_everything_and_writes_nothing(tmp_path, org, editor):
    path = fixtures.town_workbook(tmp_path / "Millbrook.xlsx")
    before = AuditEvent.objects.count()
    result = _import(path, org, editor, dry_run=True)
    assert (result.rows_imported, result.rows_rejected) == (5, 3)
    assert not System.objects.for_org(org).exists()
    assert not Department.objects.for_org(org).exists()
    assert AuditEvent.objects.count() == before


def test_a_viewer_cannot_import(org):
    viewer = make_member(org, Role.VIEWER)
    parsed = reader.parse_rows(reader.read_table(b"System name\nEmail\n", name="v.csv"))
    with pytest.raises(PermissionDenied):
        import_rows(actor=viewer, organization=org, parsed=parsed)
    assert not System.objects.for_org(org).exists()


def test_as400_and_access_exports_import(tmp_path, org, editor):
    result = _import(
        fixtures.as400_csv(tmp_path / "Q.csv"), org, editor, mapping=fixtures.AS400_MAPPING
    )
    assert (result.rows_imported, result.rows_rejected) == (5, 0)
    assert result.ignored_columns == ["CRTUSR", "RRN"]
    result = _import(fixtures.access_csv(tmp_path / "A.csv"), org, editor)
    assert (result.rows_imported, result.rows_rejected) == (3, 0)
    assert System.objects.for_org(org).get(name="PAYROLL").support_extended_end == dt.date(
        2024, 4, 30
    )


def test_each_new_system_has_the_audit_record_system_create_would_write(org, editor):
    from civicshift.inventory import services

    data = b"System name,Vendor,Annual maint,Department\nGIS,Esri,$2500,Planning\n"
    import_rows(
        actor=editor, organization=org, parsed=reader.parse_rows(reader.read_table(data, name="g"))
    )
    bulk = AuditEvent.objects.get(object_repr="GIS", action="create")
    planning = Department.objects.for_org(org).get(name="Planning")
    direct = services.system_create(
        actor=editor,
        organization=org,
        name="GIS 2",
        vendor="Esri",
        cost_maintenance=Decimal("2500.00"),
        departments=[planning],
    )
    one = AuditEvent.objects.get(object_pk=str(direct.pk), action="create")
    assert bulk.actor == editor and bulk.content_type == one.content_type
    assert {k: v for k, v in bulk.changes.items() if k != "name"} == {
        k: v for k, v in one.changes.items() if k != "name"
    }
    assert bulk.changes["departments"] == [None, ["Planning"]]


def test_progress_is_reported_from_start_to_end(org, editor):
    data = b"System name\n" + b"".join(b"System %d\n" % n for n in range(250))
    calls = []
    import_rows(
        actor=editor,
        organization=org,
        parsed=reader.parse_rows(reader.read_table(data, name="p.csv")),
        progress=lambda fraction, sentence: calls.append((fraction, sentence)),
    )
    assert calls[0] == (0.0, "Adding 250 new systems.")
    assert calls[-1] == (1.0, "Imported 250 rows.")
