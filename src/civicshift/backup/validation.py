"""Checks an import file passes before anything is written.

``read_export_file`` recognises files that are not JSON exports at all (a workbook, a PDF, a CSV)
and says so. ``check_export`` checks the format, version and structure, names every table and
field, converts every value to its Python type and resolves every reference, so that the import
itself only has to write. Every refusal is a ``BackupError`` naming the table, row id and field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils.translation import gettext as _

import civicshift
from civicshift.formats import safety
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


#: The largest export file an import reads (settings ``BACKUP_MAX_IMPORT_BYTES`` changes it).
#: 10,000 initiatives with their history take about 15 MB.
MAX_IMPORT_BYTES = 512 * 1024 * 1024
#: Rows and their JSON fields (audit changes) nest a few levels; nothing legitimate nears this.
MAX_IMPORT_DEPTH = 64


def max_import_bytes() -> int:
    return int(getattr(settings, "BACKUP_MAX_IMPORT_BYTES", MAX_IMPORT_BYTES))


def read_export_file(
    source: str | Path | IO[bytes], *, name: str | None = None, max_bytes: int | None = None
) -> dict[str, Any]:
    """Read a JSON export from a path, an open binary file or an upload; refuse anything else.

    The file is read once, in chunks, up to the size limit; it is parsed with
    ``formats.safety.load_json`` (nesting depth, duplicate keys and number sizes bounded).
    """
    name = safety.source_name(source, name)
    limit = max_import_bytes() if max_bytes is None else max_bytes
    try:
        raw = safety.read_bounded(source, max_bytes=limit, name=name)
    except safety.UnsafeFileError as exc:
        raise BackupError(_("Cannot read %(problem)s") % {"problem": exc}) from None
    except OSError as exc:
        raise BackupError(
            _("Cannot read %(path)s: %(reason)s") % {"path": name, "reason": exc.strerror or exc}
        ) from None
    if raw.startswith(b"PK\x03\x04"):
        raise BackupError(
            _(
                "%(path)s is a ZIP file or an Excel workbook (.xlsx), not a JSON export. Only the "
                "JSON export can be imported; the workbook is for reading."
            )
            % {"path": name}
        )
    if raw.startswith(b"%PDF"):
        raise BackupError(_("%(path)s is a PDF document, not a JSON export.") % {"path": name})
    try:
        return safety.load_json(raw, name=name, max_depth=MAX_IMPORT_DEPTH)
    except safety.NotTextError:
        raise BackupError(
            _("%(path)s is not a text file, so it is not a JSON export.") % {"path": name}
        ) from None
    except safety.UnsafeFileError as exc:
        message = str(exc)
        if message.startswith(f"{name}: not valid JSON"):
            message += " " + _(
                "Is it a CSV file or a damaged download? Import the .json file CivicShift exported."
            )
        raise BackupError(message) from None


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

    def run(self, *, consume: bool = False) -> CheckedExport:
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
        self._check_reference_rules(tables)
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
            if consume and plan.label in tables:
                tables[plan.label] = []  # the parsed rows are not needed twice
        return checked

    def _check_reference_rules(self, tables: dict[str, list[dict[str, Any]]]) -> None:
        """A reference a model declares in ``reference_rules`` must stay inside its parent:
        ``{"recommended_option": ("case", "id")}`` means the option's ``case`` is this row."""
        by_id: dict[str, dict[Any, dict[str, Any]]] = {}
        for plan in self.plans:
            rules = getattr(plan.model, "reference_rules", None)
            if not rules or plan.label not in tables:
                continue
            for name, (target_field, own_field) in rules.items():
                field_plan = plan.field(name)
                if field_plan is None or field_plan.kind != ROW:
                    continue
                target = field_plan.target
                if target not in by_id:
                    by_id[target] = {row.get("id"): row for row in tables.get(target, [])}
                for row in tables[plan.label]:
                    ref = row.get(name)
                    pointed = by_id[target].get(ref) if ref is not None else None
                    if pointed is None:
                        continue  # absent or missing: the reference check names it
                    own = row.get(own_field)
                    if pointed.get(target_field) != own:
                        raise BackupError(
                            _(
                                "%(where)s: points at row %(ref)s of table %(target)s, which "
                                "belongs to another %(parent)s (its “%(field)s” is %(theirs)s, "
                                "not %(own)s)."
                            )
                            % {
                                "where": where(plan.label, row.get("id"), name),
                                "ref": ref,
                                "target": target,
                                "parent": _parent_name(field_plan, target_field),
                                "field": target_field,
                                "theirs": pointed.get(target_field),
                                "own": own,
                            }
                        )

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


def _parent_name(field_plan: FieldPlan, target_field: str) -> str:
    target = field_plan.related_model._meta.get_field(target_field)
    related = getattr(target, "related_model", None)
    return str(related._meta.verbose_name) if related is not None else target_field


def check_export(data: Any, *, consume: bool = False) -> CheckedExport:
    """Check a parsed export completely; raise ``BackupError`` on the first problem.

    ``consume`` empties each table of ``data`` once its rows are converted (for a file read
    just for this import, so the rows are not held twice).
    """
    _check_header(data)
    _check_users(data["users"])
    return _Checker(data).run(consume=consume)
