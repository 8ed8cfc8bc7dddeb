"""``orgs.bulk``: the rows written are the rows Django's own ``bulk_create``, ``Model(**values)``
and ``bulk_update``/``save()`` write for the same values.

The reference is Django itself, run beside it in the same test on the same database (the suite
runs on SQLite and PostgreSQL): every column is read back through the ORM and compared, so a
value one path converts differently (a decimal, a date, a JSON list, a null) fails the test."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection

from civicshift.audit.models import AuditEvent
from civicshift.inventory.models import System
from civicshift.orgs import bulk
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db

BOOKKEEPING = {"id", "name", "created_at", "updated_at"}


def _columns(obj) -> dict:
    return {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if f.attname not in BOOKKEEPING
    }


def _systems(org, owner, prefix: str) -> list[System]:
    """Systems with every kind of value: set, default, null, blank, decimals with fewer
    places than the column, dates, a JSON list, a foreign key."""
    return [
        System(organization=org, name=f"{prefix} plain", category="gis"),
        System(
            organization=org,
            name=f"{prefix} full",
            category="finance_erp",
            vendor="Tyler",
            cost_licence=Decimal("12500"),
            cost_maintenance=Decimal("0.5"),
            staff_fte=Decimal("1.25"),
            support_mainstream_end=date(2026, 10, 13),
            contract_end=date(2030, 1, 31),
            regulated_data=["pii", "payment_card"],
            owner=owner,
            owner_name="",
            notes="Line one\nline two, with “quotes” and 'apostrophes'; DROP TABLE x;",
            last_reviewed_at=datetime(2025, 3, 4, 5, 6, 7, 891011, tzinfo=UTC),
        ),
        System(organization=org, name=f"{prefix} nulls", category="other", rto_hours=None),
    ]


def test_insert_objects_writes_what_bulk_create_writes():
    org = make_org()
    owner = make_member(org, Role.EDITOR)
    theirs = System.objects.bulk_create(_systems(org, owner, "Django"))
    ours = _systems(org, owner, "Bulk")
    bulk.insert_objects(ours)
    assert all(s.pk is not None and not s._state.adding for s in ours)
    assert len({s.pk for s in ours} | {s.pk for s in theirs}) == 6
    for mine, reference in zip(ours, theirs, strict=True):
        read_mine = System.objects.get(pk=mine.pk)
        read_reference = System.objects.get(pk=reference.pk)
        assert _columns(read_mine) == _columns(read_reference)
        assert read_mine.name == mine.name
    # One time of writing for the call: every row has it, created and updated alike.
    stamps = {(s.created_at, s.updated_at) for s in System.objects.filter(name__startswith="B")}
    assert len(stamps) == 1 and len(set(stamps.pop())) == 1
    assert {(s.created_at, s.updated_at) for s in ours} == {
        (s.created_at, s.updated_at) for s in System.objects.filter(name__startswith="B")
    }


@pytest.mark.parametrize("quoted_text", [False, True])
def test_insert_values_fills_defaults_and_times_as_a_new_instance_would(quoted_text):
    org = make_org()
    user = make_member(org, Role.EDITOR)
    names = ("organization_id", "actor_id", "action", "object_pk", "changes")
    rows = [
        (org.pk, user.pk, "create", "7", {"name": [None, 'Ledger "GL", \\ {x}']}),
        (org.pk, None, "update", "8", {}),
    ]
    pks = bulk.insert_values(AuditEvent, names, rows, quoted_text=quoted_text)
    reference = AuditEvent(
        organization=org, actor=user, action="create", object_pk="7", changes=rows[0][4]
    )
    reference.save()
    first, second = (AuditEvent.objects.get(pk=pk) for pk in pks)
    assert _columns(first) == _columns(AuditEvent.objects.get(pk=reference.pk))
    assert (second.actor_id, second.action, second.changes, second.imported) == (
        None,
        "update",
        {},
        False,
    )
    assert first.created_at <= second.created_at <= reference.created_at


def test_insert_values_refuses_a_name_that_is_not_a_field():
    with pytest.raises(ValueError, match="Not fields of AuditEvent: owner"):
        bulk.insert_values(AuditEvent, ("owner",), [("x",)])


def test_rows_are_split_into_statements_and_come_back_in_order(monkeypatch):
    org = make_org()
    # Three rows a statement, through VALUES (SQLite) or UNNEST (PostgreSQL).
    monkeypatch.setattr(bulk, "MAX_PARAMS", 3 * len(System._meta.concrete_fields))
    monkeypatch.setattr(bulk, "UNNEST_ROWS", 3)
    systems = [System(organization=org, name=f"S{i:02d}", category="gis") for i in range(10)]
    bulk.insert_objects(systems)
    assert [System.objects.get(pk=s.pk).name for s in systems] == [s.name for s in systems]
    through = System.departments.through
    monkeypatch.setattr(bulk, "MAX_PARAMS", 4)
    monkeypatch.setattr(bulk, "UNNEST_ROWS", 2)
    from civicshift.orgs.services import department_create

    owner = make_member(org, Role.EDITOR)
    departments = [department_create(actor=owner, organization=org, name=f"D{i}") for i in (1, 2)]
    pks = bulk.insert_values(
        through,
        ("system_id", "department_id"),
        [(s.pk, departments[i % 2].pk) for i, s in enumerate(systems)],
    )
    assert len(pks) == 10
    assert [through.objects.get(pk=pk).system_id for pk in pks] == [s.pk for s in systems]


def test_update_objects_writes_the_fields_named_and_the_time_as_save_does():
    org = make_org()
    owner = make_member(org, Role.EDITOR)
    ours = System.objects.bulk_create(_systems(org, owner, "Bulk"))
    theirs = System.objects.bulk_create(_systems(org, owner, "Django"))
    before = {s.pk: System.objects.get(pk=s.pk) for s in ours}
    for system in (*ours, *theirs):
        system.cost_hosting = Decimal("99.9")
        system.regulated_data = []
        system.contract_end = None
        system.notes = "changed"
        system.vendor = "not written"  # not named: stays as saved
    written = ["contract_end", "cost_hosting", "notes", "regulated_data"]
    updated = bulk.update_objects(ours, written)
    System.objects.bulk_update(theirs, written)
    assert updated == 3
    for mine, reference in zip(ours, theirs, strict=True):
        read_mine = System.objects.get(pk=mine.pk)
        assert _columns(read_mine) == _columns(System.objects.get(pk=reference.pk))
        assert read_mine.vendor == before[mine.pk].vendor
        assert read_mine.updated_at > before[mine.pk].updated_at
        assert read_mine.created_at == before[mine.pk].created_at


def test_update_rows_writes_what_queryset_update_writes():
    """Rows that each set their own fields (as a re-import changes a close date here, a title
    there) end as ``filter(pk=…).update(**values)`` leaves them; nothing else is written, not
    even ``updated_at`` (``update()`` sets no ``auto_now`` field)."""
    org = make_org()
    owner = make_member(org, Role.EDITOR)
    ours = System.objects.bulk_create(_systems(org, owner, "Bulk"))
    theirs = System.objects.bulk_create(_systems(org, owner, "Django"))
    changes = [
        {"contract_end": date(2031, 5, 6), "regulated_data": ["pii", "payment_card"]},
        {"cost_hosting": Decimal("99.9"), "notes": "changed, with “quotes”"},
        {"contract_end": None, "regulated_data": ["pii", "payment_card"]},
    ]
    before = {s.pk: System.objects.get(pk=s.pk) for s in ours}
    updated = bulk.update_rows(
        System,
        ((values, [*values.values(), s.pk]) for s, values in zip(ours, changes, strict=True)),
    )
    for system, values in zip(theirs, changes, strict=True):
        System.objects.filter(pk=system.pk).update(**values)
    assert updated == 3
    for mine, reference, values in zip(ours, theirs, changes, strict=True):
        read_mine = System.objects.get(pk=mine.pk)
        assert _columns(read_mine) == _columns(System.objects.get(pk=reference.pk))
        assert read_mine.updated_at == before[mine.pk].updated_at
        for name, value in values.items():
            assert getattr(read_mine, name) == value
    same = bulk.update_values(System, ("vendor",), [("Esri", s.pk) for s in ours])
    assert same == 3
    assert {s.vendor for s in System.objects.filter(pk__in=[s.pk for s in ours])} == {"Esri"}
    with pytest.raises(ValueError, match="other than its key, not id"):
        bulk.update_values(System, ("id",), [(1, 1)])


@pytest.mark.parametrize("model", [System, AuditEvent])
def test_each_field_converts_values_as_get_db_prep_save_does(model):
    """The pass-through shortcut gives exactly what the field gives, for values of every
    type the importer hands over."""
    values = [
        None,
        "",
        "text",
        "12",
        0,
        7,
        True,
        False,
        Decimal("1.5"),
        date(2024, 2, 29),
        datetime(2024, 2, 29, 12, 0, tzinfo=UTC),
        ["pii"],
        ["pii", "payment_card"],
        [],
        {"a": [1, None]},
    ]
    fields, *_rest = bulk._insert_plan(model, connection.alias)
    compared = 0
    for field in fields:
        convert = bulk._converter(field, connection)
        # Twice each: the second time a date, datetime or decimal is the remembered one.
        for value in values + values + [Decimal("1.50"), Decimal("1.500")]:
            try:
                expected = field.get_db_prep_save(value, connection)
            except Exception as error:  # noqa: BLE001 - the same refusal is expected
                with pytest.raises(type(error)):
                    convert(value)
                continue
            got = convert(value)
            assert type(got) is type(expected), (field.name, value)
            assert str(got) == str(expected), (field.name, value)
            compared += 1
    assert compared > len(fields) * 2


def test_postgresql_writes_through_unnest_as_django_does():
    """Django's own bulk insert on PostgreSQL uses UNNEST for these models; so does this one
    (the other tests then compare its rows), and SQLite uses VALUES."""
    plan = bulk._insert_plan(System, connection.alias)
    if connection.vendor == "postgresql":
        assert plan[-1] is not None and "jsonb" in plan[-1] and "numeric" in plan[-1]
    else:
        assert plan[-1] is None
