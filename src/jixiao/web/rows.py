"""One row by one column, for the lookups every page view makes.

The ORM composes the SQL of a query anew each time it runs, which for a lookup by
key costs several times what SQLite takes to answer it. These few lookups (the
logged-in user, their profile and organisation, the evaluation asked for) run on
every request, so their SQL is composed once per database by the ORM itself and
reused; the row is turned into a model instance with the ORM's own converters
(dates, times), exactly as a query would.
"""

from __future__ import annotations

import threading

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connections


class RowBy:
    """Lookups of `model` by one integer column (a key)."""

    def __init__(self, model, column: str):
        self.model = model
        self.column = column
        self._compiled: dict[str, tuple] = {}
        self._lock = threading.Lock()

    def _compile(self, using: str) -> tuple:
        qs = self.model._base_manager.using(using).filter(**{self.column: 0}).order_by()
        compiler = qs.query.get_compiler(using)
        sql, params = compiler.as_sql()
        if len(params) != 1:
            raise ValueError(f"{self.model.__name__}.{self.column}: expected one parameter, got {params!r}")
        converters = compiler.get_converters([col for col, _, _ in compiler.select])
        names = [f.attname for f in self.model._meta.concrete_fields]
        if len(compiler.select) != len(names):
            raise ValueError(f"{self.model.__name__}: columns do not match the fields")
        field = self.model._meta.pk if self.column == "pk" else self.model._meta.get_field(self.column)
        target = getattr(field, "target_field", field)
        low, high = connections[using].ops.integer_field_range(target.get_internal_type())
        return sql, converters, names, low, high

    def get(self, value, using: str = "default"):
        """The instance whose column equals `value`, or None."""
        compiled = self._compiled.get(using)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.setdefault(using, self._compile(using))
        sql, converters, names, low, high = compiled
        if (low is not None and value < low) or (high is not None and value > high):
            return None  # no such row, as the ORM answers for a key out of the column's range
        connection = connections[using]  # this thread's
        with connection.cursor() as cursor:
            cursor.execute(sql, [value])
            row = cursor.fetchone()
        if row is None:
            return None
        if converters:  # as SQLCompiler.apply_converters, with this thread's connection
            row = list(row)
            for pos, (convs, expression) in converters.items():
                for convert in convs:
                    row[pos] = convert(row[pos], expression, connection)
        return self.model.from_db(using, names, row)


class Backend(ModelBackend):
    """Django's own user backend, with the per-request user lookup of RowBy."""

    _users = None

    def get_user(self, user_id):
        from django.contrib.auth import get_user_model

        if Backend._users is None:
            Backend._users = RowBy(get_user_model(), "pk")
        try:
            pk = get_user_model()._meta.pk.to_python(user_id)
        except ValidationError:  # a malformed id in a session: not logged in
            return None
        user = Backend._users.get(pk)
        return user if user is not None and self.user_can_authenticate(user) else None
