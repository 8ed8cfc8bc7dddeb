"""Inserting and updating thousands of rows with the values Django would write, without
compiling each value through Django's SQL compiler.

Profiling the inventory import (10,000 systems of 60 columns and their 10,000 audit records,
``benchmarks/bench_inventory_import.py``) showed ``bulk_create`` spending nine tenths of its
time in ``SQLInsertCompiler.as_sql``: for each of the 600,000 values, ``pre_save``,
``field_as_sql``, ``get_db_prep_save`` and the placeholder bookkeeping, and on SQLite in
statements of 15 rows (Django caps a statement at 999 parameters, the limit of SQLite before
3.32). ``insert_objects`` and ``insert_values`` write the same values — each field's own
``pre_save`` (``auto_now``, ``auto_now_add``) and ``get_db_prep_save`` for this connection —
in multi-row ``INSERT … RETURNING`` statements of up to :data:`MAX_PARAMS` parameters (or the
connection's own lower limit). ``update_objects`` writes the given fields of each object (and
its ``auto_now`` fields, as ``save()`` does) with one prepared ``UPDATE … WHERE pk = %s`` run
for every object (``executemany``), where ``bulk_update`` builds a ``CASE`` per field and row.

Three shortcuts, none changing a value written:

* a value of a type the field passes through unchanged (a ``str`` for a ``CharField``, an
  ``int`` for an ``IntegerField`` on SQLite) is used as it is. Which types a field passes
  through is found per call by asking the field itself (``get_db_prep_save(sample) is
  sample``), so a backend or field class that converts (psycopg's typed integers, a custom
  field) keeps its conversion;
* within a call, a date, datetime, decimal or short list of texts (the codes of a JSON field)
  met again is converted once (a decimal keyed by its text, a datetime with its zone, a list
  by its items);
* the time of writing (``auto_now``, ``auto_now_add``) is taken once per call, by the first
  object's ``pre_save``, and given to the others: the rows written together carry the same
  time (``bulk_create`` takes it per row and field, microseconds apart), and ``created_at``
  equals ``updated_at`` on a new row, as one would expect.

``update_values`` sets given values of rows by primary key, as ``filter(pk=…).update(…)``
does, with one prepared statement for all of them.

``orgs/tests/test_bulk.py`` compares the rows written with ``bulk_create``'s, ``save()``'s
and ``bulk_update``'s on SQLite and PostgreSQL.

These write rows and nothing else: no signals, no validation, no audit. They are for services
that have validated every row and write its audit record themselves (``audit.services.
record_events``); everything else goes through ``save()`` and the audited helpers.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.utils import timezone

#: Most parameters in one statement: under SQLite's default limit since 3.32 (32,766) and
#: PostgreSQL's (65,535).
MAX_PARAMS = 30_000

#: Values a field of these types may pass through unchanged, if it says so (see the docstring).
_SAMPLES: tuple[Any, ...] = ("text", 7, True)


def _alias(model: type[models.Model], *, write: bool = True) -> str:
    return router.db_for_write(model) if write else router.db_for_read(model)


def _max_params(connection) -> int:
    limit = MAX_PARAMS
    raw = getattr(connection, "connection", None)
    getlimit = getattr(raw, "getlimit", None)  # sqlite3.Connection, Python 3.11+
    if getlimit is not None:
        import sqlite3

        limit = min(limit, getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    elif connection.vendor == "sqlite":
        limit = min(limit, connection.features.max_query_params or limit)
    return limit


def _converter(field: models.Field, connection) -> Callable[[Any], Any]:
    """value -> what ``field.get_db_prep_save(value, connection)`` gives (a new one per call:
    it remembers the values it converted)."""
    prep = field.get_db_prep_save
    passthrough = set()
    for sample in _SAMPLES:
        try:
            if prep(sample, connection) is sample:
                passthrough.add(type(sample))
        except (TypeError, ValueError, AttributeError, ValidationError):
            continue
    try:
        none_stays = prep(None, connection) is None
    except (TypeError, ValueError, AttributeError, ValidationError):
        none_stays = False
    if none_stays:
        passthrough.add(type(None))
    # Immutable values met again (dates, decimals, one timestamp for a whole statement) are
    # converted once. A decimal is keyed by its text (1.0 and 1.00 are equal but written
    # apart), a datetime with its zone.
    seen: dict[tuple, Any] = {}

    def convert(value):
        kind = type(value)
        if kind in passthrough:
            return value
        if kind is list:
            # A short list of texts (codes in a JSON field) converts as its items say.
            if len(value) > _LIST_AT_MOST or any(type(item) is not str for item in value):
                return prep(value, connection)
            key = (kind, tuple(value))
        elif kind not in _REMEMBERED:
            return prep(value, connection)
        elif kind is Decimal:
            key = (kind, str(value))
        elif kind is datetime:
            key = (kind, value, value.tzinfo)
        else:
            key = (kind, value)
        if key not in seen:
            if len(seen) > _REMEMBER_AT_MOST:
                seen.clear()
            seen[key] = prep(value, connection)
        return seen[key]

    return convert


_REMEMBERED = frozenset({date, datetime, Decimal})
#: The longest list of texts whose converted value is remembered.
_LIST_AT_MOST = 16
_REMEMBER_AT_MOST = 10_000


def _is_stamp(field: models.Field, *, add: bool) -> bool:
    """An ``auto_now`` (or, on insert, ``auto_now_add``) date or time."""
    return isinstance(field, models.DateField) and bool(
        field.auto_now or (add and field.auto_now_add)
    )


def _pre_save_kind(field: models.Field, *, add: bool) -> str:
    """ "stamp" for the time of writing, "call" for another ``pre_save`` that does more than
    read the attribute (files…), "" for a plain attribute."""
    if _is_stamp(field, add=add):
        return "stamp"
    if isinstance(field, models.DateField):
        return ""
    return "call" if type(field).pre_save is not models.Field.pre_save else ""


def _values_of(objs, fields, connection, *, add: bool):
    """Each object's database values for ``fields``, as the insert and update compilers
    compute them: ``pre_save`` then ``get_db_prep_save``. The time of writing is taken once
    per call (``pre_save`` of the first object) and given to the others, so the rows of one
    statement share it and it is converted once."""
    plan = [
        (
            _converter(f, connection),
            _pre_save_kind(f, add=add),
            f.pre_save,
            f.attname,
            isinstance(f, models.DateTimeField),
        )
        for f in fields
    ]
    stamps: dict[bool, Any] = {}  # {a time (not a date): the time of writing}
    for obj in objs:
        row = []
        for convert, kind, pre_save, attname, timed in plan:
            if not kind:
                value = getattr(obj, attname)
            elif kind == "call":
                value = pre_save(obj, add)
            elif timed in stamps:
                value = stamps[timed]
                setattr(obj, attname, value)
            else:
                value = stamps[timed] = pre_save(obj, add)
            row.append(convert(value))
        yield row


@functools.cache
def _insert_plan(model: type[models.Model], alias: str):
    connection = connections[alias]
    meta = model._meta
    fields = [
        f
        for f in meta.concrete_fields
        if not getattr(f, "generated", False) and not isinstance(f, models.AutoField)
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    returning = list(meta.db_returning_fields)
    returning_sql, _params = connection.ops.return_insert_columns(returning)
    return (
        fields,
        # Quoted names of the model's own table and columns; the values are parameters.
        f"INSERT INTO {quote(meta.db_table)} ({columns}) ",  # noqa: S608
        returning,
        returning_sql,
        _unnest_types(fields, connection),
    )


def _unnest_types(fields: list[models.Field], connection) -> list[str] | None:
    """On PostgreSQL, each column's array type for ``INSERT … SELECT * FROM UNNEST(…)``, under
    the conditions Django's own bulk insert uses it (``postgresql.compiler.SQLInsertCompiler``:
    standard types, no per-value placeholder); None elsewhere."""
    if connection.vendor != "postgresql":
        return None
    for field in fields:
        target = field.target_field if field.is_relation else field
        kind = target.get_internal_type()
        if hasattr(field, "get_placeholder") or kind not in connection.data_types:
            return None
    # Without the length or precision (varchar[], numeric[]): no value is cut on the way.
    return [field.db_type(connection).split("(")[0] for field in fields]


#: Rows in one ``UNNEST`` insert (its parameters are one array a column).
UNNEST_ROWS = 2_000


def _write_batches(
    connection,
    head: str,
    tail: str,
    width: int,
    rows: Iterable[list[Any]],
    unnest: list[str] | None = None,
):
    """Run ``head VALUES (…), (…) tail`` (or, with the columns' array types on PostgreSQL,
    ``head SELECT * FROM UNNEST(…) tail``, as Django does: a statement of thousands of
    placeholders costs psycopg's query parsing, in Python, most of the time) for batches of
    rows; yield the rows each returns."""
    connection.ensure_connection()
    if unnest is not None:
        per_batch = UNNEST_ROWS
        arrays = ", ".join(f"(%s)::{db_type}[]" for db_type in unnest)
        # Quoted names and the columns' own types; the values are parameters.
        statement = f"{head}SELECT * FROM UNNEST({arrays})"  # noqa: S608
        statement += " " + tail if tail else ""
    else:
        per_batch = max(1, _max_params(connection) // max(width, 1))
        one = "(" + ", ".join(["%s"] * width) + ")"
    batch: list[list[Any]] = []

    def flush():
        if unnest is not None:
            sql, params = statement, [list(column) for column in zip(*batch, strict=True)]
        else:
            sql = head + "VALUES " + ", ".join([one] * len(batch)) + (" " + tail if tail else "")
            params = [value for row in batch for value in row]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if tail else []

    for row in rows:
        batch.append(row)
        if len(batch) == per_batch:
            yield from flush()
            batch = []
    if batch:
        yield from flush()


def insert_objects(objs: Sequence[models.Model]) -> None:
    """Insert unsaved instances of one model (no multi-table inheritance) as ``bulk_create``
    does, setting their primary keys (and other returned fields) and marking them saved."""
    if not objs:
        return
    model = type(objs[0])
    if model._meta.parents:
        raise ValueError("insert_objects does not write models with parents.")
    alias = _alias(model)
    connection = connections[alias]
    fields, head, returning, returning_sql, unnest = _insert_plan(model, alias)
    rows = _values_of(objs, fields, connection, add=True)
    returned = list(_write_batches(connection, head, returning_sql, len(fields), rows, unnest))
    if len(returned) != len(objs):  # pragma: no cover - a backend without RETURNING
        raise RuntimeError("The database did not return the inserted rows.")
    for obj, values in zip(objs, returned, strict=True):
        for field, value in zip(returning, values, strict=True):
            for converter in field.get_db_converters(connection):
                value = converter(value, field, connection)
            setattr(obj, field.attname, value)
        obj._state.adding = False
        obj._state.db = alias


def insert_values(
    model: type[models.Model],
    names: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    quoted_text: bool = False,
) -> list[Any]:
    """Insert one row per sequence of values for the fields ``names`` (attribute names:
    ``organization_id`` for a foreign key), as ``Model(**values)`` then ``bulk_create`` would:
    fields not named get their default, ``auto_now``/``auto_now_add`` fields the time of
    writing. Returns the new primary keys, in order. For rows that need no instance (audit
    records).

    ``quoted_text``: the rows carry long text full of quotes (JSON such as audit changes).
    On PostgreSQL they then go in ``VALUES`` statements rather than ``UNNEST``: psycopg writes
    an array as text and escapes every quote of every element with a regular expression in
    Python (10,000 audit records, profiled: 4.0 s through ``UNNEST``, 1.8 s through
    ``VALUES``)."""
    alias = _alias(model)
    connection = connections[alias]
    fields, head, returning, returning_sql, unnest = _insert_plan(model, alias)
    if quoted_text:
        unnest = None
    position = {name: i for i, name in enumerate(names)}
    unknown = set(names) - {f.attname for f in fields}
    if unknown:
        raise ValueError(f"Not fields of {model.__name__}: {', '.join(sorted(unknown))}.")
    now = timezone.now()  # one time of writing for the call, as ``insert_objects``
    plan: list[tuple[int | None, Callable, Any]] = []
    for field in fields:
        convert = _converter(field, connection)
        index = position.get(field.attname)
        if index is not None:
            plan.append((index, convert, None))
        elif _is_stamp(field, add=True):
            stamp = now if isinstance(field, models.DateTimeField) else now.date()
            plan.append((None, convert, lambda stamp=stamp: stamp))
        else:
            plan.append((None, convert, field.get_default))

    def values():
        for row in rows:
            yield [
                convert(row[index] if index is not None else make())
                for index, convert, make in plan
            ]

    pk = model._meta.pk
    at = returning.index(pk) if pk in returning else 0
    written = _write_batches(connection, head, returning_sql, len(fields), values(), unnest)
    return [r[at] for r in written]


def update_objects(objs: Sequence[models.Model], names: Sequence[str]) -> int:
    """Write the fields ``names`` of saved instances of one model (and its ``auto_now``
    fields, as ``save()`` does), one UPDATE by primary key per object, prepared once. Returns
    the number of rows updated."""
    if not objs:
        return 0
    model = type(objs[0])
    alias = _alias(model)
    connection = connections[alias]
    meta = model._meta
    fields = [meta.get_field(name) for name in names]
    fields += [f for f in meta.concrete_fields if _is_stamp(f, add=False) and f not in fields]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608 - quoted names, values as parameters
        quote(meta.db_table),
        ", ".join(f"{quote(f.column)} = %s" for f in fields),
        quote(meta.pk.column),
    )
    convert_pk = _converter(meta.pk, connection)
    params = [
        [*values, convert_pk(obj.pk)]
        for obj, values in zip(objs, _values_of(objs, fields, connection, add=False), strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
        return cursor.rowcount


def update_values(
    model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Set the fields ``names`` of one row per sequence of values, whose last item is the row's
    primary key, as ``model.objects.filter(pk=pk).update(**values)`` would: each value through
    its field's ``get_db_prep_save`` for this connection, nothing else written (``update()``
    sets no ``auto_now`` field: pass it among ``names``). One prepared ``UPDATE … WHERE pk =
    %s`` for all the rows (``executemany``), where one ``update()`` a row compiles each.
    Returns the number of rows updated."""
    return update_rows(model, ((names, row) for row in rows))


def update_rows(
    model: type[models.Model], rows: Iterable[tuple[Sequence[str], Sequence[Any]]]
) -> int:
    """``update_values`` for rows that each set their own fields: ``(names, values + [pk])``
    per row. Rows setting the same fields share one prepared statement; a field's values are
    converted by one converter for the whole call. Returns the number of rows updated."""
    alias = _alias(model)
    connection = connections[alias]
    meta = model._meta
    quote = connection.ops.quote_name
    converters: dict[str, tuple[models.Field, Callable[[Any], Any]]] = {}
    groups: dict[tuple[str, ...], list[list[Any]]] = {}
    for names, row in rows:
        names = tuple(names)
        plan = []
        for name in names:
            if name not in converters:
                field = meta.get_field(name)
                if not field.concrete or field.primary_key:
                    raise ValueError(
                        f"update_values sets concrete fields of {model.__name__} other than "
                        f"its key, not {name}."
                    )
                converters[name] = (field, _converter(field, connection))
            plan.append(converters[name][1])
        if "pk" not in converters:
            converters["pk"] = (meta.pk, _converter(meta.pk, connection))
        plan.append(converters["pk"][1])
        groups.setdefault(names, []).append(
            [convert(v) for convert, v in zip(plan, row, strict=True)]
        )
    updated = 0
    for names, params in groups.items():
        sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608 - quoted names, values as parameters
            quote(meta.db_table),
            ", ".join(f"{quote(converters[name][0].column)} = %s" for name in names),
            quote(meta.pk.column),
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
            updated += cursor.rowcount
    return updated
