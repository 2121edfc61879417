"""Querysets compiled once per process and run many times: the case page's fixed queries.

Building and compiling a queryset (filters, subqueries, ``select_related`` joins) costs the Python process
more than the database spends answering it: on the case page that was over a third of the request's CPU
time. A :class:`PreparedQuery` builds its queryset once per database, with stand-in values for the
parameters that change per request, keeps the SQL, where each stand-in lands among its parameters, and
what Django needs to turn rows into model instances (the selected columns, the related objects of
``select_related``, the annotations, the fields' converters). A run executes that SQL with the request's
values (adapted by the same model fields the ORM would use) and builds the instances as the ORM does, so
they behave as if ``queryset`` had been evaluated (related objects cached, annotations set).

Only the text of the query is kept, never a row: nothing of one request or user reaches another.
The SQL is the ORM's own, so a change of the models or of the queryset changes it with them.
"""

from __future__ import annotations

import threading
import uuid

from django.db import connections
from django.db.models.query import get_related_populators


class PreparedQuery:
    """``build(**values)`` returns the queryset; ``params`` names each per-request value with the model
    field that adapts it for the database (as the ORM's lookup on that field would) and a stand-in value
    used only to compile. A stand-in must not occur as a constant elsewhere in the query."""

    def __init__(self, build, **params):
        self._build = build
        self._params = params  # name -> (field, stand-in)
        self._compiled = {}
        self._lock = threading.Lock()

    def _compile(self, using: str) -> dict:
        compiler, compiled = self._compile_sql(using)
        select, klass_info = compiler.select, compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        return {
            **compiled, "model": klass_info["model"], "start": start, "end": end,
            "init_list": [f[0].target.attname for f in select[start:end]],
            "klass_info": klass_info, "select": select,
            "annotations": dict(compiler.annotation_col_map or {}),
        }

    def _compile_sql(self, using: str):
        """The query's compiler, and its SQL, slots and converters (what every run needs)."""
        connection = connections[using]
        queryset = self._build(**{name: stand_in for name, (_field, stand_in) in self._params.items()})
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        adapted = {name: field.get_db_prep_value(stand_in, connection, prepared=False)
                   for name, (field, stand_in) in self._params.items()}
        slots = []
        for value in params:
            name = next((n for n, a in adapted.items() if type(a) is type(value) and a == value), None)
            slots.append((name, value))
        missing = set(self._params) - {name for name, _value in slots}
        if missing:
            raise ValueError(f"prepared query: the stand-ins of {sorted(missing)} are not among its parameters")
        self._check_every_value_is_a_slot(using, sql, slots)
        select = compiler.select
        return compiler, {
            "sql": sql, "slots": slots,
            "converters": list(compiler.get_converters([s[0] for s in select[0:compiler.col_count]]).items()),
        }

    def _check_every_value_is_a_slot(self, using: str, sql: str, slots: list) -> None:
        """Compile again with other stand-ins: every parameter that changes with them must be a slot. A value
        that reaches the query in another form than its field's (a date compared with a moment, a value
        inside an expression) would otherwise stay frozen at its stand-in for the life of the process."""
        others = {name: _another(stand_in) for name, (_field, stand_in) in self._params.items()}
        queryset = self._build(**others)
        other_sql, other_params = queryset.query.get_compiler(using=using).as_sql()
        if other_sql != sql or len(other_params) != len(slots):
            raise ValueError("prepared query: its text depends on the values; it cannot be prepared")
        connection = connections[using]
        adapted = {name: field.get_db_prep_value(others[name], connection, prepared=False)
                   for name, (field, _stand_in) in self._params.items()}
        for (name, constant), value in zip(slots, other_params, strict=True):
            if (value != constant) if name is None else (value != adapted[name]):
                raise ValueError("prepared query: a per-request value is not among its parameters as given")

    def _prepared(self, using: str) -> dict:
        found = self._compiled.get(using)
        if found is None:
            with self._lock:
                found = self._compiled.get(using)
                if found is None:
                    found = self._compiled[using] = self._compile(using)
        return found

    def run(self, using: str = "default", **values) -> list:
        """The queryset's model instances for ``values`` (all the names given at construction)."""
        prepared = self._prepared(using)
        rows = self._rows(prepared, using, values)
        model, start, end, init_list = prepared["model"], prepared["start"], prepared["end"], prepared["init_list"]
        populators = get_related_populators(prepared["klass_info"], prepared["select"], using)
        annotations = prepared["annotations"].items()
        result = []
        for row in rows:
            obj = model.from_db(using, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for attr_name, position in annotations:
                setattr(obj, attr_name, row[position])
            result.append(obj)
        return result

    def _rows(self, prepared: dict, using: str, values: dict) -> list:
        """The query's rows for ``values``, each value adapted by its field, converted as the ORM converts."""
        connection = connections[using]
        args = []
        for name, constant in prepared["slots"]:
            if name is None:
                args.append(constant)
            else:
                field, _stand_in = self._params[name]
                args.append(field.get_db_prep_value(values[name], connection, prepared=False))
        with connection.cursor() as cursor:
            cursor.execute(prepared["sql"], args)
            rows = cursor.fetchall()
        if prepared["converters"]:
            rows = self._convert(rows, prepared["converters"], connection)
        return rows

    @staticmethod
    def _convert(rows, converters, connection) -> list:
        converted = []
        for row in map(list, rows):
            for position, (functions, expression) in converters:
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
            converted.append(row)
        return converted



class PreparedRows(PreparedQuery):
    """A ``values_list(*fields)`` queryset compiled once per process: ``run`` returns its rows (as tuples or
    lists, each value converted as the ORM converts it), for a page that shows columns, not instances (the
    API's case contents). Plain fields and lookups through relations only: annotations and ``extra`` would
    change the order of the columns, and are refused."""

    def _compile(self, using: str) -> dict:
        from django.db.models.query import ValuesListIterable

        queryset = self._build(**{name: stand_in for name, (_field, stand_in) in self._params.items()})
        if (queryset._iterable_class is not ValuesListIterable or queryset.query.annotation_select
                or queryset.query.extra_select):
            raise ValueError("prepared rows: a values_list() of fields, without annotations or extra, is needed")
        return self._compile_sql(using)[1]

    def run(self, using: str = "default", **values) -> list:
        """The rows for ``values`` (all the names given at construction), in the query's order."""
        return self._rows(self._prepared(using), using, values)


class PreparedCount:
    """``build(**values).count()`` compiled once per process, for the counts a page shows on every request
    (the start pages' "open" figures). The count is a window over the matching rows, read from the first of
    them (no row: 0): one statement, as ``count()``, run through :class:`PreparedQuery`."""

    def __init__(self, build, **params):
        from django.db.models import Count, Window

        def counting(**values):
            return (build(**values).order_by().only("pk")
                    .annotate(prepared_count=Window(Count("pk")))[:1])

        self._query = PreparedQuery(counting, **params)

    def run(self, using: str = "default", **values) -> int:
        rows = self._query.run(using, **values)
        return rows[0].prepared_count if rows else 0


def _another(stand_in):
    """A second stand-in of the same type (``_check_every_value_is_a_slot``)."""
    from datetime import date, datetime, timedelta
    from uuid import UUID

    if isinstance(stand_in, bool):
        raise TypeError("prepared query: a boolean cannot be a parameter")
    if isinstance(stand_in, int):
        return stand_in - 1
    if isinstance(stand_in, UUID):
        return UUID(int=stand_in.int + 1)
    if isinstance(stand_in, datetime | date):
        return stand_in + timedelta(days=1)
    if isinstance(stand_in, str):
        return stand_in + "-"
    raise TypeError(f"prepared query: no second stand-in for {type(stand_in).__name__}")


_BY_PK: dict = {}


def get_by_pk(model, pk, using: str = "default"):
    """``model._default_manager.filter(pk=pk).first()`` as a prepared query: the instance, or ``None``.

    For the lookups every authenticated request makes (its user, its second-factor device): the same SQL
    and instance as the ORM's, without compiling the query again on every request. ``pk`` is adapted by the
    primary key field, as the ORM's lookup would (a value it cannot take raises as the ORM does)."""
    query = _BY_PK.get(model)
    if query is None:
        stand_in = _PK_STAND_INS.get(model._meta.pk.get_internal_type(), -917_363)
        query = _BY_PK.setdefault(model, PreparedQuery(
            lambda pk: model._default_manager.filter(pk=pk).order_by("pk"), pk=(model._meta.pk, stand_in)))
    rows = query.run(using, pk=pk)
    return rows[0] if rows else None


_PK_STAND_INS = {"UUIDField": uuid.UUID(int=917_363)}
