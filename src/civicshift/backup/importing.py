"""Writing a checked export into an organization: users, rows, links, then one audit event.

Everything runs in one transaction; any problem raises ``BackupError`` and nothing is kept.

* Users are matched by e-mail address (case-insensitive; by user name when an entry has no
  address). Someone not found gets a new account that is inactive and has no usable password:
  a site administrator switches it on and sets a first password.
* Each row is validated with the model's own rules (what ``full_clean`` checks: field rules,
  ``clean()``, uniqueness and constraints; references are not looked up again, since the
  checks already resolved them), then inserted as it was exported, timestamps included
  (Django's "raw" save, as ``loaddata`` does).
* Foreign keys and many-to-many links are remapped from the file's ids to the new ids. Links
  that point forward (a cycle of foreign keys) are filled in once every row exists.
* Generic references (``backup_generic_reference``, e.g. the audit trail's record of which row
  changed) are remapped too. One that points at a row no longer in the organization (it was
  deleted before the export) becomes ``deleted:<old id>``, so it cannot be mistaken for a
  different row that gets that id here, and the history of the deleted row stays together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicshift.orgs.models import Organization

from .errors import BackupError
from .schema import ROW, USER, VALUE, FieldPlan, TablePlan, table_label
from .validation import CheckedExport, validation_message, where

DELETED_PREFIX = "deleted:"


@dataclass
class ImportSummary:
    """What an import did."""

    organization: Organization
    rows: dict[str, int] = field(default_factory=dict)
    #: Accounts created (inactive) for people not found on this installation.
    created_users: list[str] = field(default_factory=list)
    #: Accounts found here that were given their role because an administrator confirmed them.
    confirmed_users: list[str] = field(default_factory=list)
    #: Accounts found here whose role was left out (not confirmed).
    left_out_users: list[str] = field(default_factory=list)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def _error_text(exc: ValidationError) -> str:
    if not hasattr(exc, "error_dict"):
        return validation_message(exc)
    text = "; ".join(
        f"“{name}”: {' '.join(str(m) for m in errors)}"
        if name != "__all__"
        else " ".join(str(m) for m in errors)
        for name, errors in exc.message_dict.items()
    )
    codes = {error.code for errors in exc.error_dict.values() for error in errors}
    if "unique" in codes:
        text += " " + _(
            "This value must be unique on the whole server, and a record on this server "
            "already holds it."
        )
    return text


def _field_errors(obj: models.Model, exclude: set[str], references: set[str]) -> dict:
    """What ``full_clean`` checks without a query: field rules and ``clean()``. ``references``
    (foreign keys the import resolved itself) are only checked for being present."""
    errors: dict[str, list] = {}
    for name in sorted(references):
        field = obj._meta.get_field(name)
        if getattr(obj, field.attname) is None and not field.null:
            errors[name] = [ValidationError(field.error_messages["null"], code="null")]
    for step in (lambda: obj.clean_fields(exclude=exclude | references), obj.clean):
        try:
            step()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    return errors


def _validate(obj: models.Model, exclude: set[str], references: set[str]) -> None:
    """The field rules, then uniqueness and constraints (which query the database): everything
    ``full_clean(exclude=...)`` checks, except that references are not looked up again."""
    errors = _field_errors(obj, exclude, references)
    skip = exclude | set(errors) - {NON_FIELD_ERRORS}
    for step in (
        lambda: obj.validate_unique(exclude=skip),
        lambda: obj.validate_constraints(exclude=skip),
    ):
        try:
            step()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _free_username(user_model, wanted: list[str]) -> str:
    field_name = user_model.USERNAME_FIELD
    max_length = user_model._meta.get_field(field_name).max_length or 150
    manager = user_model._default_manager
    candidates = [w[:max_length] for w in wanted if w]
    for candidate in candidates:
        if not manager.filter(**{field_name: candidate}).exists():
            return candidate
    base = candidates[0][: max_length - 6]
    counter = 2
    while manager.filter(**{field_name: f"{base}-{counter}"}).exists():
        counter += 1
    return f"{base}-{counter}"


@dataclass(frozen=True)
class ExistingAccount:
    """An account that already exists on this installation and that the file gives a role."""

    file_id: int
    user_id: Any
    email: str
    roles: tuple[str, ...]

    @property
    def key(self) -> str:
        """What an administrator types to confirm it: the e-mail address (lower case)."""
        return self.email.lower()


def find_users(users: list[dict[str, Any]]) -> dict[int, Any]:
    """Old user id → the account found here (by e-mail, ignoring case; by user name when the
    entry has no address). Nothing is written."""
    user_model = get_user_model()
    email_field = user_model.get_email_field_name()
    username_field = user_model.USERNAME_FIELD
    manager = user_model._default_manager
    found: dict[int, Any] = {}
    for entry in users:
        email = (entry.get("email") or "").strip()
        username = (entry.get("username") or "").strip()
        if email:
            match = manager.filter(**{f"{email_field}__iexact": email}).order_by("pk").first()
        else:
            match = manager.filter(**{username_field: username}).order_by("pk").first()
        if match is not None:
            found[entry["id"]] = match
    return found


def access_plans(checked: CheckedExport) -> list[tuple[TablePlan, str, str | None]]:
    """The tables whose rows give an account a role: (plan, user field, role field)."""
    result = []
    for plan in checked.plans:
        grants = getattr(plan.model, "backup_grants_access", None)
        if grants:
            user_field, role_field = grants
            result.append((plan, user_field, role_field))
    return result


def existing_accounts_given_roles(
    checked: CheckedExport, found: dict[int, Any]
) -> list[ExistingAccount]:
    """Accounts that exist here and that the file's rows would give a role, in file order."""
    roles: dict[int, list[str]] = {}
    for plan, user_field, role_field in access_plans(checked):
        for _old_id, values in checked.rows[plan.label]:
            file_id = values.get(user_field)
            if file_id in found:
                roles.setdefault(file_id, []).append(str(values.get(role_field, "")))
    accounts = []
    for entry in checked.users:
        if entry["id"] in roles:
            user = found[entry["id"]]
            email = getattr(user, user.get_email_field_name(), "") or user.get_username()
            accounts.append(ExistingAccount(entry["id"], user.pk, email, tuple(roles[entry["id"]])))
    return accounts


def leave_out_access(checked: CheckedExport, file_user_ids: set[int]) -> int:
    """Drop the rows that would give these accounts a role; how many were dropped."""
    dropped = 0
    for plan, user_field, _role in access_plans(checked):
        rows = checked.rows[plan.label]
        kept = [(old_id, v) for old_id, v in rows if v.get(user_field) not in file_user_ids]
        dropped += len(rows) - len(kept)
        checked.rows[plan.label] = kept
    return dropped


def map_users(
    users: list[dict[str, Any]], summary: ImportSummary, found: dict[int, Any] | None = None
) -> dict[int, Any]:
    """Old user id → user id on this installation, creating inactive accounts as needed."""
    user_model = get_user_model()
    email_field = user_model.get_email_field_name()
    username_field = user_model.USERNAME_FIELD
    found = find_users(users) if found is None else found
    mapping: dict[int, Any] = {}
    for entry in users:
        email = (entry.get("email") or "").strip()
        username = (entry.get("username") or "").strip()
        match = found.get(entry["id"])
        if match is None:
            match = user_model(**{username_field: _free_username(user_model, [username, email])})
            setattr(match, email_field, email)
            for name in ("first_name", "last_name"):
                if hasattr(match, name):
                    setattr(match, name, entry.get(name) or "")
            match.is_active = False
            match.set_unusable_password()
            try:
                match.full_clean()
            except ValidationError as exc:
                raise BackupError(
                    _("User %(id)s (%(email)s) cannot be created: %(problem)s")
                    % {"id": entry["id"], "email": email or username, "problem": _error_text(exc)}
                ) from exc
            match.save()
            summary.created_users.append(email or username)
        mapping[entry["id"]] = match.pk
    return mapping


@dataclass
class _Pending:
    """A row built and checked, waiting in a batch for its insert."""

    old_id: Any
    obj: models.Model
    later: list[tuple[str, Any]]
    exclude: set[str]
    references: set[str]


class RowWriter:
    """Inserts the checked rows of every table into ``organization``, remapping ids.

    Rows are written in batches (one multi-row INSERT … RETURNING id per batch, Django's raw
    insert that keeps the exported timestamps). Each row is first checked in Python with the
    model's field rules and ``clean()``; uniqueness and constraints are the database's: when it
    refuses a batch, the batch is rolled back to its savepoint and written again row by row
    with Django's own uniqueness and constraint checks, so the message names the row and the
    rule. The audit trail's rows are written the same way, flagged as imported.
    """

    batch_size = 500

    def __init__(
        self,
        organization: Organization,
        checked: CheckedExport,
        users: dict[int, Any],
        *,
        on_progress=None,
    ):
        self.organization = organization
        self.checked = checked
        self.users = users
        self.exported = {plan.label for plan in checked.plans}
        self.new_ids: dict[str, dict[Any, Any]] = {plan.label: {} for plan in checked.plans}
        self.new_ids_text: dict[str, dict[str, Any]] = {plan.label: {} for plan in checked.plans}
        self.done: set[str] = set()
        #: (plan, new pk, old id, field name, callable giving the value once all rows exist)
        self.later: list[tuple[TablePlan, Any, Any, str, Any]] = []
        self.on_progress = on_progress
        self.written = 0

    def run(self) -> dict[str, int]:
        total = max(self.checked.row_count, 1)
        for plan in self.checked.plans:
            bulk = self._can_bulk(plan)
            batch: list[_Pending] = []
            for old_id, values in self.checked.rows[plan.label]:
                batch.append(self._build(plan, old_id, values))
                if len(batch) >= self.batch_size:
                    self._flush(plan, batch, bulk)
                    batch = []
            if batch:
                self._flush(plan, batch, bulk)
            self.done.add(plan.label)
            if self.on_progress is not None:
                self.on_progress(self.written / total)
        self._fill_later()
        self._link_many_to_many()
        return {label: len(ids) for label, ids in self.new_ids.items() if ids}

    # single rows --------------------------------------------------------------------------

    def _build(self, plan: TablePlan, old_id: Any, values: dict[str, Any]) -> _Pending:
        obj = plan.model()
        for name in plan.organization_fields:
            setattr(obj, plan.model._meta.get_field(name).attname, self.organization.pk)
        exclude: set[str] = set()
        pending: list[tuple[str, Any]] = []
        for f in plan.fields:
            if f.many:
                continue
            if f.name not in values:
                if getattr(f.field, "auto_now", False) or getattr(f.field, "auto_now_add", False):
                    setattr(obj, f.field.attname, timezone.now())
                continue
            value = values[f.name]
            if f.kind == ROW and value is not None and value not in self.new_ids[f.target]:
                if not f.field.null:
                    raise BackupError(
                        _(
                            "%(where)s: the tables point at each other in a cycle this field "
                            "cannot wait for."
                        )
                        % {"where": where(plan.label, old_id, f.name)}
                    )
                exclude.add(f.name)
                pending.append((f.name, self._row_resolver(f, value)))
                value = None
            else:
                value = self._resolve(f, value)
            setattr(obj, f.field.attname, value)
        if plan.generic_reference:
            ct_name, id_name = plan.generic_reference
            remapped = self._generic(plan, values.get(ct_name), values.get(id_name, ""))
            if callable(remapped):
                pending.append((id_name, remapped))
            else:
                setattr(obj, id_name, remapped)
        flag = getattr(plan.model, "backup_imported_flag", None)
        if flag:
            setattr(obj, flag, True)
        if hasattr(obj, "backup_fill_excluded"):
            obj.backup_fill_excluded()
        references = set(plan.organization_fields) | {
            f.name for f in plan.fields if not f.many and f.kind != VALUE
        }
        references -= exclude
        errors = _field_errors(obj, exclude, references)
        if errors:
            problem = _error_text(ValidationError(errors))
            raise BackupError(f"{where(plan.label, old_id)}: {problem}")
        return _Pending(old_id, obj, pending, exclude, references)

    @staticmethod
    def _can_bulk(plan: TablePlan) -> bool:
        meta = plan.model._meta
        if meta.parents or not connection.features.can_return_rows_from_bulk_insert:
            return False
        # Rules only Django checks (not the database) need the row-by-row path.
        return not any(
            getattr(f, name, None)
            for f in meta.concrete_fields
            for name in ("unique_for_date", "unique_for_month", "unique_for_year")
        )

    def _flush(self, plan: TablePlan, batch: list[_Pending], bulk: bool) -> None:
        if bulk:
            meta = plan.model._meta
            fields = [
                f
                for f in meta.concrete_fields
                if not getattr(f, "generated", False) and not isinstance(f, models.AutoField)
            ]
            returning = meta.db_returning_fields
            objs = [item.obj for item in batch]
            try:
                with transaction.atomic(using=connection.alias):
                    rows = plan.model._base_manager._insert(
                        objs, fields=fields, returning_fields=returning, raw=True
                    )
            except DatabaseError:
                self._one_by_one(plan, batch)
            else:
                # A key the database makes (auto-increment) comes back with the rows; a key the
                # model makes itself (a random UUID, as anonymous survey answers have) is
                # already on the object and nothing comes back.
                for obj, values in zip(objs, rows if returning else [()] * len(objs), strict=True):
                    for field, value in zip(returning, values, strict=True):
                        setattr(obj, field.attname, value)
                    obj._state.adding = False
                    obj._state.db = connection.alias
        else:
            self._one_by_one(plan, batch)
        for item in batch:
            self._written(plan, item)

    def _one_by_one(self, plan: TablePlan, batch: list[_Pending]) -> None:
        """Write each row with Django's uniqueness and constraint checks, naming the first
        row refused (the path taken when the database refused a batch)."""
        for item in batch:
            obj = item.obj
            try:
                _validate(obj, item.exclude, item.references)
            except ValidationError as exc:
                raise BackupError(f"{where(plan.label, item.old_id)}: {_error_text(exc)}") from exc
            try:
                with transaction.atomic(using=connection.alias):
                    if plan.model._meta.parents:
                        obj.save()
                    else:
                        obj.save_base(raw=True)
            except DatabaseError as exc:
                raise BackupError(
                    _("%(where)s: the database refused the row: %(reason)s")
                    % {"where": where(plan.label, item.old_id), "reason": exc}
                ) from exc

    def _written(self, plan: TablePlan, item: _Pending) -> None:
        pk = item.obj.pk
        self.new_ids[plan.label][item.old_id] = pk
        self.new_ids_text[plan.label][str(item.old_id)] = pk
        for name, resolver in item.later:
            self.later.append((plan, pk, item.old_id, name, resolver))
        self.written += 1

    def _resolve(self, f: FieldPlan, value: Any) -> Any:
        if value is None or f.kind == VALUE:
            return value
        if f.kind == ROW:
            return self.new_ids[f.target][value]
        if f.kind == USER:
            return self.users[value]
        return value  # content types, natural keys, shared ids: resolved while checking

    def _row_resolver(self, f: FieldPlan, value: Any):
        return lambda: self.new_ids[f.target][value]

    def _generic(self, plan: TablePlan, content_type_id: Any, object_id: Any) -> Any:
        """The remapped object id, or a callable giving it once every row exists."""
        object_id = "" if object_id is None else str(object_id)
        if content_type_id is None or object_id == "" or object_id.startswith(DELETED_PREFIX):
            return object_id
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            return object_id
        if model is Organization:
            return str(self.organization.pk)
        _ct, id_name = plan.generic_reference
        max_length = plan.model._meta.get_field(id_name).max_length or 64
        gone = (DELETED_PREFIX + object_id)[:max_length]
        if model is get_user_model():
            mapped = self.users.get(int(object_id)) if object_id.isdigit() else None
            return gone if mapped is None else str(mapped)
        label = table_label(model)
        if label not in self.exported:
            return object_id
        mapped = self.new_ids_text[label].get(object_id)
        if mapped is not None:
            return str(mapped)
        if label not in self.done:  # a row of a table not written yet: fill in at the end
            return lambda: self._generic(plan, content_type_id, object_id)
        return gone

    # after every row exists -----------------------------------------------------------------

    def _fill_later(self) -> None:
        for plan, pk, old_id, name, resolver in self.later:
            value = resolver()
            while callable(value):
                value = value()
            attname = plan.model._meta.get_field(name).attname
            try:
                plan.model._base_manager.filter(pk=pk).update(**{attname: value})
            except DatabaseError as exc:
                raise BackupError(
                    _("%(where)s: the database refused the value: %(reason)s")
                    % {"where": where(plan.label, old_id, name), "reason": exc}
                ) from exc

    def _link_many_to_many(self) -> None:
        for plan in self.checked.plans:
            for f in plan.many_to_many:
                through = f.field.remote_field.through
                source = through._meta.get_field(f.field.m2m_field_name()).attname
                target = through._meta.get_field(f.field.m2m_reverse_field_name()).attname
                links = [
                    through(
                        **{source: self.new_ids[plan.label][old_id], target: self._resolve(f, ref)}
                    )
                    for old_id, values in self.checked.rows[plan.label]
                    for ref in values.get(f.name, [])
                ]
                try:
                    through._base_manager.bulk_create(links, batch_size=1000)
                except DatabaseError as exc:
                    raise BackupError(
                        _("%(where)s: the database refused the links: %(reason)s")
                        % {"where": where(plan.label, None, f.name), "reason": exc}
                    ) from exc


def organization_rows(organization: Organization, plans: list[TablePlan]) -> dict[str, int]:
    """How many rows of each table the organization has (tables with none left out).

    History about the organization record itself (its creation, its settings) is not data to
    overwrite, so an organization just made with ``createorg`` still counts as empty.
    """
    from django.contrib.contenttypes.models import ContentType

    own = ContentType.objects.get_for_model(Organization)
    counts = {}
    for plan in plans:
        rows = plan.model._base_manager.filter(organization=organization)
        own_history = getattr(plan.model, "backup_own_history", None)
        if plan.generic_reference and own_history is not None:
            ct_name, id_name = plan.generic_reference
            rows = rows.exclude(**{ct_name: own, id_name: str(organization.pk), **own_history})
        count = rows.count()
        if count:
            meta = plan.model._meta
            counts[str(meta.verbose_name if count == 1 else meta.verbose_name_plural)] = count
    return counts


def describe_counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{count} {name}" for name, count in counts.items())


def assign_organization_fields(
    organization: Organization, values: dict[str, Any], name: str | None
) -> None:
    for field_name, value in values.items():
        setattr(organization, field_name, value)
    if name:
        organization.name = name
    try:
        organization.full_clean(exclude=["slug"] if organization.pk else None)
    except ValidationError as exc:
        raise BackupError(
            _("The organization cannot be saved: %(problem)s") % {"problem": _error_text(exc)}
        ) from exc
