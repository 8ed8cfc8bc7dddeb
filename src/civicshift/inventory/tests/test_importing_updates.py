"""Re-importing a file: the matched systems are updated in bulk (``systems_update_many``) with
the checks, version claims and audit records ``services.system_update`` gives one system."""

from __future__ import annotations

from decimal import Decimal

import pytest

from civicshift.audit.models import AuditEvent
from civicshift.formats.inventory import reader
from civicshift.inventory import services
from civicshift.inventory.importing import import_rows
from civicshift.inventory.models import System
from civicshift.inventory.services_import import systems_update_many
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


def _csv(org, actor, text: str):
    table = reader.read_table(text.encode(), name="systems.csv")
    return import_rows(
        actor=actor, organization=org, parsed=reader.parse_rows(table), headers=table.headers
    )


def test_an_updated_system_gets_the_audit_record_system_update_would_write(org, editor):
    _csv(org, editor, "System name,Vendor,Annual maint,Department\nGIS,Esri,$2500,Planning\n")
    imported = System.objects.for_org(org).get(name="GIS")
    twin = services.system_create(
        actor=editor,
        organization=org,
        name="GIS twin",
        vendor="Esri",
        cost_maintenance=Decimal("2500"),
        departments=[Department.objects.for_org(org).get(name="Planning")],
    )
    result = _csv(
        org, editor, "System name,Vendor,Annual maint,Department\nGIS,Esri,$3100,Finance\n"
    )
    assert (result.rows_imported, result.rows_updated, result.rows_rejected) == (0, 1, 0)
    finance = Department.objects.for_org(org).get(name="Finance")
    planning = Department.objects.for_org(org).get(name="Planning")
    services.system_update(
        actor=editor,
        system=twin,
        cost_maintenance=Decimal("3100"),
        departments=[planning, finance],
    )
    bulk = AuditEvent.objects.get(object_pk=str(imported.pk), action="update")
    one = AuditEvent.objects.get(object_pk=str(twin.pk), action="update")
    assert bulk.actor == editor and bulk.content_type == one.content_type
    assert bulk.changes == one.changes
    # A re-import adds departments and keeps those the system had.
    assert bulk.changes["departments"] == [["Planning"], ["Finance", "Planning"]]
    assert bulk.changes["cost_maintenance"] == ["2500.00", "3100.00"]
    imported.refresh_from_db()
    assert imported.version == 2 and imported.cost_maintenance == Decimal("3100.00")
    assert sorted(d.name for d in imported.departments.all()) == ["Finance", "Planning"]


def test_a_rename_onto_another_systems_name_is_refused_alone(org, editor):
    _csv(org, editor, "ID,System name,Vendor\nA-1,Permits,Tyler\nA-2,Billing,Tyler\n")
    # Rows apply in order, as one system_update after another: row 2 renames A-1 to the name
    # and vendor A-2 still has, so it is refused naming the row; row 3 (A-2 renamed) is written.
    result = _csv(
        org,
        editor,
        "ID,System name,Vendor,Users\nA-1,billing,Tyler,5\nA-2,Billing System,Tyler,9\n",
    )
    assert (result.rows_updated, result.rows_rejected) == (1, 1)
    (problem,) = result.problems
    assert problem.row == 2 and problem.column == "System name"
    assert "already a system with this name" in problem.message
    names = dict(System.objects.for_org(org).values_list("external_id", "name"))
    assert names == {"A-1": "Permits", "A-2": "Billing System"}
    assert System.objects.for_org(org).get(external_id="A-2").users_count == 9
    assert System.objects.for_org(org).get(external_id="A-1").users_count is None


def test_an_id_another_system_has_is_refused(org, editor):
    _csv(org, editor, "ID,System name,Vendor\nA-1,Permits,Tyler\n,Billing,Tyler\n")
    result = _csv(org, editor, "ID,System name,Vendor\nA-1,Permits,Tyler\nA-1,Billing,Tyler\n")
    # The file itself repeats the id: the reader rejects row 3 before anything is written.
    assert result.rows_rejected == 1
    billing = System.objects.for_org(org).get(name="Billing")
    permits = System.objects.for_org(org).get(name="Permits")
    updated, refused = systems_update_many(
        actor=editor, organization=org, rows=[(billing, {"external_id": "A-1"})]
    )
    assert updated == [None]
    assert refused[0].message_dict == {"external_id": ["Another system already has this id."]}
    billing.refresh_from_db()
    assert billing.external_id == "" and permits.external_id == "A-1"


def test_a_system_saved_by_someone_else_since_it_was_read_is_refused(org, editor):
    _csv(org, editor, "System name,Vendor,Users\nPermits,Tyler,5\nBilling,Harris,7\n")
    permits, billing = (System.objects.for_org(org).get(name=n) for n in ("Permits", "Billing"))
    # Someone saves Permits after the import read it (the copy below is at version 1).
    services.system_update(
        actor=editor, system=System.objects.for_org(org).get(pk=permits.pk), users_count=6
    )
    updated, refused = systems_update_many(
        actor=editor,
        organization=org,
        rows=[(permits, {"users_count": 50}), (billing, {"users_count": 70})],
    )
    assert updated[0] is None and updated[1] == billing
    assert "changed by someone else" in refused[0].message_dict["name"][0]
    permits.refresh_from_db()
    billing.refresh_from_db()
    assert (permits.users_count, permits.version) == (6, 2)
    assert (billing.users_count, billing.version) == (70, 2)
    assert not AuditEvent.objects.filter(
        object_pk=str(permits.pk), action="update", changes__users_count=[6, 50]
    ).exists()


def test_a_row_the_model_refuses_is_left_out_and_creates_no_department(org, editor):
    _csv(org, editor, "System name,Vendor\nOld,Acme\nNew,Acme\n")
    result = _csv(
        org,
        editor,
        "System name,Vendor,End of mainstream support,End of support,Department\n"
        "Old,Acme,2030-01-01,2020-01-01,Ghost department\n"
        "New,Acme,2020-01-01,2030-01-01,Finance\n",
    )
    assert (result.rows_updated, result.rows_rejected) == (1, 1)
    assert result.problems[0].row == 2
    assert list(Department.objects.for_org(org).values_list("name", flat=True)) == ["Finance"]
    old = System.objects.for_org(org).get(name="Old")
    assert old.support_mainstream_end is None and old.version == 1
