"""Querysets compiled to SQL once, then run again with other values.

Django compiles a queryset to SQL each time it is evaluated. For the short queries of a page
that runs at every keystroke (the business case's live preview: the membership, the option,
its lines) compiling costs about 1 ms each on the CI machine, 10 to 20 times what SQLite then
takes to run them (``benchmarks/bench_live_preview.py``). ``PreparedQuery`` compiles a
queryset once per database alias, built with placeholder values in place of its parameters,
and afterwards runs that SQL with the real values, turning the rows into model instances as
Django's own ``ModelIterable`` does: the same converters, ``Model.from_db`` and
``select_related`` populators. The result is the list the queryset would have given.

Only plain model querysets are accepted (``filter``, ``select_related``, ``order_by``,
slicing): no annotations, ``values()``, ``extra`` or ``prefetch_related``, whose rows Django
builds otherwise; :meth:`PreparedQuery._compile` refuses them. A placeholder must reach the
SQL parameters unchanged (integers and strings compared with ``=`` do) and appear there; the
compilation checks both, so a query whose placeholder Django rewrites fails loudly, at its
first use, instead of running with a wrong value.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import QuerySet
from django.db.models.query import get_related_populators

#: Placeholders: integers near the top of a 32-bit integer column's range (PostgreSQL's
#: lookups turn a value out of the column's range into "no rows" instead of a parameter, so the
#: placeholder must fit the smallest key column, Django's 32-bit ``AutoField`` of the users),
#: and strings no URL or form can carry.
_INT_BASE = 2_147_400_000


def _placeholder(kind: type, index: int) -> Any:
    if kind is int:
        return _INT_BASE + index
    if kind is str:
        return f"\x00prepared-{index}\x00"
    raise TypeError(f"A prepared query parameter is an int or a str, not {kind.__name__}.")


@dataclass(frozen=True)
class _Compiled:
    sql: str
    #: Per SQL parameter: the name of the value to put there, or None for a constant.
    slots: tuple[str | None, ...]
    constants: tuple[Any, ...]
    model: type
    init_list: tuple[str, ...]
    start: int
    end: int
    #: (column index, converter functions, expression) for the columns that need converting.
    converters: tuple[tuple[int, tuple[Callable, ...], Any], ...]
    klass_info: dict
    select: list


class PreparedQuery:
    """``build(**placeholders) -> QuerySet``, compiled once per alias and run with ``values``.

    ``params`` names each value and its type, e.g. ``PreparedQuery(build, user_id=int,
    slug=str)``; calling the query with those names returns the list of model instances."""

    def __init__(self, build: Callable[..., QuerySet], **params: type):
        self._build = build
        self._params = params
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def __call__(self, **values: Any) -> list:
        if values.keys() != self._params.keys():
            raise TypeError(f"Expected the values {sorted(self._params)}, got {sorted(values)}.")
        queryset = None
        model = getattr(self, "_model", None)
        if model is None:
            queryset = self._placeholder_queryset()
            model = self._model = queryset.model
        alias = router.db_for_read(model)
        compiled = self._compiled.get(alias)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(alias) or self._compile(alias, queryset)
                self._compiled[alias] = compiled
        params = [
            values[slot] if slot is not None else constant
            for slot, constant in zip(compiled.slots, compiled.constants, strict=True)
        ]
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        return self._materialize(compiled, rows, alias, connection)

    def _placeholder_queryset(self) -> QuerySet:
        marks = {
            name: _placeholder(kind, index)
            for index, (name, kind) in enumerate(self._params.items())
        }
        return self._build(**marks)

    def _compile(self, alias: str, queryset: QuerySet | None) -> _Compiled:
        if queryset is None:
            queryset = self._placeholder_queryset()
        query = queryset.query
        if (
            queryset._prefetch_related_lookups
            or queryset._iterable_class.__name__ != "ModelIterable"
            or query.annotation_select
            or query.extra_select
        ):
            raise ValueError("Only plain model querysets can be prepared.")
        compiler = query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            raise ValueError(
                "A placeholder is out of its column's range, so the query cannot be prepared."
            ) from None
        marks = {
            _placeholder(kind, index): name
            for index, (name, kind) in enumerate(self._params.items())
        }
        slots = tuple(marks.get(p) if isinstance(p, int | str) else None for p in params)
        missing = set(self._params) - {slot for slot in slots if slot}
        if missing:
            raise ValueError(f"The placeholders {sorted(missing)} did not reach the SQL.")
        if any(str(mark) in sql for mark in marks):
            raise ValueError("A placeholder was written into the SQL text itself.")
        select, klass_info = compiler.select, compiler.klass_info
        fields = [column[0] for column in select[0 : compiler.col_count]]
        converters = tuple(
            (index, tuple(functions), expression)
            for index, (functions, expression) in compiler.get_converters(fields).items()
        )
        select_fields = klass_info["select_fields"]
        start, end = select_fields[0], select_fields[-1] + 1
        return _Compiled(
            sql=sql,
            slots=slots,
            constants=tuple(None if slot else p for slot, p in zip(slots, params, strict=True)),
            model=klass_info["model"],
            init_list=tuple(column[0].target.attname for column in select[start:end]),
            start=start,
            end=end,
            converters=converters,
            klass_info=klass_info,
            select=select,
        )

    @staticmethod
    def _materialize(compiled: _Compiled, rows, alias: str, connection) -> list:
        if compiled.converters:
            converted = []
            for row in rows:
                row = list(row)
                for index, functions, expression in compiled.converters:
                    value = row[index]
                    for converter in functions:
                        value = converter(value, expression, connection)
                    row[index] = value
                converted.append(row)
            rows = converted
        populators = get_related_populators(compiled.klass_info, compiled.select, alias)
        objects = []
        from_db, init_list = compiled.model.from_db, list(compiled.init_list)
        start, end = compiled.start, compiled.end
        for row in rows:
            obj = from_db(alias, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            objects.append(obj)
        return objects
