"""Checks an import file passes before anything is written.

``read_export_file`` recognises files that are not JSON exports at all (a workbook, a PDF, a CSV)
and says so. ``check_export`` checks the format, version and structure, names every table and
field, converts every value to its Python type and resolves every reference, so that the import
itself only has to write. Every refusal is a ``BackupError`` naming the table, row id and field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils.translation import gettext as _

import civicshift
from civicshift.orgs.models import Organization

from .errors import BackupError
from .schema import (
    CONTENT_TYPE,
    GLOBAL_PK,
    NATURAL_KEY,
    ROW,
    USER,
    VALUE,
    FieldPlan,
    TablePlan,
    organization_field_names,
    table_plans,
)
from .serialization import FORMAT, USER_FIELDS, VERSION


def where(table: str, row_id: Any = None, field_name: str | None = None) -> str:
    """“table initiatives.initiative, row id 12, field “owner”” for messages."""
    text = _("table %(table)s") % {"table": table}
    if row_id is not None:
        text += _(", row id %(id)s") % {"id": row_id}
    if field_name is not None:
        text += _(", field “%(field)s”") % {"field": field_name}
    return text


def validation_message(exc: ValidationError) -> str:
    return " ".join(str(message) for message in exc.messages)


def read_export_file(path: str | Path) -> dict[str, Any]:
    """Read a JSON export from ``path``; refuse clearly anything else."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BackupError(
            _("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror}
        ) from exc
    if raw.startswith(b"PK\x03\x04"):
        raise BackupError(
            _(
                "%(path)s is a ZIP file or an Excel workbook (.xlsx), not a JSON export. Only the "
                "JSON export can be imported; the workbook is for reading."
            )
            % {"path": path.name}
        )
    if raw.startswith(b"%PDF"):
        raise BackupError(_("%(path)s is a PDF document, not a JSON export.") % {"path": path.name})
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BackupError(
            _("%(path)s is not a text file, so it is not a JSON export.") % {"path": path.name}
        ) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BackupError(
            _(
                "%(path)s is not valid JSON (line %(line)s, column %(column)s: %(reason)s). Is it "
                "a CSV file or a damaged download? Import the .json file CivicShift exported."
            )
            % {"path": path.name, "line": exc.lineno, "column": exc.colno, "reason": exc.msg}
        ) from exc
    return data


@dataclass
class CheckedExport:
    """A file that passed every check, with values converted and references resolved.

    ``rows[label]`` is a list of ``(old_id, values)``. In ``values``: plain fields hold Python
    values; ``row`` and ``user`` references hold old ids (remapped while writing); content
    types, natural keys and shared ids hold the primary key found on this installation.
    """

    plans: list[TablePlan]
    organization: dict[str, Any]
    users: list[dict[str, Any]]
    rows: dict[str, list[tuple[Any, dict[str, Any]]]] = field(default_factory=dict)
    source_slug: str = ""
    exported_at: str = ""

    @property
    def row_count(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


def _type_name(value: Any) -> str:
    return {dict: "object", list: "list", str: "text", bool: "true/false"}.get(
        type(value), type(value).__name__
    )


def _check_header(data: Any) -> None:
    if not isinstance(data, dict):
        raise BackupError(
            _("This is not a CivicShift export: the file holds a JSON %(kind)s, not an object.")
            % {"kind": _type_name(data)}
        )
    if "format" not in data:
        raise BackupError(_("This is not a CivicShift export: it has no “format” field."))
    if data["format"] != FORMAT:
        raise BackupError(
            _("This is not a CivicShift export: its format is “%(format)s”, not “%(expected)s”.")
            % {"format": data["format"], "expected": FORMAT}
        )
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise BackupError(_("The export has no valid “version” number."))
    if version != VERSION:
        raise BackupError(
            _(
                "This export has format version %(version)s; this CivicShift (%(app)s) reads "
                "version %(supported)s only. Use the CivicShift release that made the file, or "
                "a newer one."
            )
            % {"version": version, "app": civicshift.__version__, "supported": VERSION}
        )
    for key, kind in (("organization", dict), ("users", list), ("tables", dict)):
        if not isinstance(data.get(key), kind):
            raise BackupError(
                _("The export's “%(key)s” section is missing or is not a JSON %(kind)s.")
                % {"key": key, "kind": _type_name(kind())}
            )


def _check_organization(values: dict[str, Any]) -> dict[str, Any]:
    allowed = organization_field_names()
    result = {}
    for name, value in values.items():
        if name not in allowed:
            raise BackupError(
                _("The organization section has an unknown field “%(field)s”.") % {"field": name}
            )
        try:
            result[name] = Organization._meta.get_field(name).to_python(value)
        except ValidationError as exc:
            raise BackupError(
                _("The organization section, field “%(field)s”: %(problem)s")
                % {"field": name, "problem": validation_message(exc)}
            ) from exc
    return result


def _check_users(users: list[Any]) -> list[dict[str, Any]]:
    seen: set[int] = set()
    for index, user in enumerate(users, start=1):
        if not isinstance(user, dict):
            raise BackupError(_("User entry %(n)s is not a JSON object.") % {"n": index})
        user_id = user.get("id")
        if isinstance(user_id, bool) or not isinstance(user_id, int) or user_id in seen:
            raise BackupError(_("User entry %(n)s has a missing or repeated id.") % {"n": index})
        seen.add(user_id)
        for key, value in user.items():
            if key not in USER_FIELDS:
                raise BackupError(
                    _("User %(id)s has an unknown field “%(field)s”.")
                    % {"id": user_id, "field": key}
                )
            if key != "id" and not isinstance(value, str):
                raise BackupError(
                    _("User %(id)s: “%(field)s” must be text.") % {"id": user_id, "field": key}
                )
        if not (user.get("email") or user.get("username")):
            raise BackupError(
                _("User %(id)s has neither an e-mail address nor a user name.") % {"id": user_id}
            )
    return users


class _Checker:
    def __init__(self, data: dict[str, Any]):
        self.data = data
        self.plans = table_plans()
        self.by_label = {plan.label: plan for plan in self.plans}
        self.user_ids = {user["id"] for user in data["users"]}
        self.ids: dict[str, set[Any]] = {}

    def run(self) -> CheckedExport:
        tables = self.data["tables"]
        for label, rows in tables.items():
            if label not in self.by_label:
                raise BackupError(
                    _(
                        "The export has a table “%(table)s” that this installation does not "
                        "have (made by another CivicShift version, or a module not installed "
                        "here)."
                    )
                    % {"table": label}
                )
            if not isinstance(rows, list):
                raise BackupError(_("%(where)s is not a list of rows.") % {"where": where(label)})
            self.ids[label] = self._row_ids(label, rows)
        checked = CheckedExport(
            plans=self.plans,
            organization=_check_organization(self.data["organization"]),
            users=self.data["users"],
            source_slug=str(self.data.get("source_slug", "")),
            exported_at=str(self.data.get("exported_at", "")),
        )
        for plan in self.plans:
            checked.rows[plan.label] = [
                (row["id"], self._row(plan, row)) for row in tables.get(plan.label, [])
            ]
        return checked

    def _row_ids(self, label: str, rows: list[Any]) -> set[Any]:
        ids: set[Any] = set()
        for index, row in enumerate(rows, start=1):
            if not isinstance(row, dict):
                raise BackupError(
                    _("%(where)s: entry %(n)s is not a JSON object.")
                    % {"where": where(label), "n": index}
                )
            row_id = row.get("id")
            if isinstance(row_id, bool) or not isinstance(row_id, int | str) or row_id in ids:
                raise BackupError(
                    _("%(where)s: entry %(n)s (counting from 1) has a missing or repeated id.")
                    % {"where": where(label), "n": index}
                )
            ids.add(row_id)
        return ids

    def _row(self, plan: TablePlan, row: dict[str, Any]) -> dict[str, Any]:
        values = {}
        for name, value in row.items():
            if name == "id":
                continue
            field_plan = plan.field(name)
            if field_plan is None:
                raise BackupError(
                    _("%(where)s: unknown field.") % {"where": where(plan.label, row["id"], name)}
                )
            try:
                values[name] = self._value(field_plan, value)
            except (ValidationError, BackupError, ObjectDoesNotExist, TypeError, ValueError) as e:
                problem = validation_message(e) if isinstance(e, ValidationError) else str(e)
                raise BackupError(f"{where(plan.label, row['id'], name)}: {problem}") from e
        return values

    def _value(self, plan: FieldPlan, value: Any) -> Any:
        if plan.many:
            if not isinstance(value, list):
                raise BackupError(
                    _("expected a list of ids, found %(kind)s.") % {"kind": _type_name(value)}
                )
            resolved = [self._reference(plan, item) for item in value]
            if None in resolved or len(set(map(repr, resolved))) != len(resolved):
                raise BackupError(_("the list has an empty or repeated entry."))
            return resolved
        if plan.kind == VALUE:
            return plan.field.to_python(value)
        return None if value is None else self._reference(plan, value)

    def _reference(self, plan: FieldPlan, value: Any) -> Any:
        if plan.kind == ROW:
            if value not in self.ids.get(plan.target, set()):
                raise BackupError(
                    _("points at row %(id)s of table %(table)s, which is not in the file.")
                    % {"id": value, "table": plan.target}
                )
            return value
        if plan.kind == USER:
            if value not in self.user_ids:
                raise BackupError(
                    _("points at user %(id)s, who is not in the “users” section.") % {"id": value}
                )
            return value
        if plan.kind == CONTENT_TYPE:
            app_label, _dot, model = str(value).partition(".")
            try:
                return ContentType.objects.get_by_natural_key(app_label, model).pk
            except ContentType.DoesNotExist as exc:
                raise BackupError(
                    _(
                        "names the kind of record “%(value)s”, which this installation does not "
                        "have."
                    )
                    % {"value": value}
                ) from exc
        related = plan.related_model
        if plan.kind == NATURAL_KEY:
            key = value if isinstance(value, list) else [value]
            return related._default_manager.get_by_natural_key(*key).pk
        assert plan.kind == GLOBAL_PK
        pk = related._meta.pk.to_python(value)
        if not related._base_manager.filter(pk=pk).exists():
            raise BackupError(
                _("points at %(model)s %(id)s, which does not exist on this installation.")
                % {"model": related._meta.verbose_name, "id": value}
            )
        return pk


def check_export(data: Any) -> CheckedExport:
    """Check a parsed export completely; raise ``BackupError`` on the first problem."""
    _check_header(data)
    _check_users(data["users"])
    return _Checker(data).run()
