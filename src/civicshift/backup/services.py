"""Export an organization's entire data to JSON or xlsx, and import a JSON export.

Public entry points (the command line, the management commands and the web pages call these):

* ``export_organization_data(organization) -> dict`` — the JSON-ready export (format version 1);
* ``write_export_json(organization, path_or_file)`` and ``write_export_xlsx(...)``;
* ``export_for_download(*, actor, organization, file_format)`` — the file for a web download,
  with its EXPORT audit event; ``record_export`` records one for the command line;
* ``import_organization_data(data, *, into_slug, name=None, actor=None) -> Organization`` and
  ``import_organization_file(path, *, into_slug, name=None, actor=None) -> Organization``;
  ``import_organization`` does the same and returns an ``ImportSummary``.

The mechanism is generic: every model that inherits ``OrgOwnedModel`` is exported and imported
without code here (see ``schema.py``). An import is refused, with nothing written, when the
file is not a CivicShift JSON export, has another version, names a table or field this
installation lacks, holds a value the model's rules reject, or targets an organization that
already has data.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
from collections.abc import Callable, Collection
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicshift.audit.models import Action, AuditEvent
from civicshift.audit.services import record_event
from civicshift.formats import safety
from civicshift.formats.xlsx_tables import SheetTable, write_tables
from civicshift.orgs.models import Organization
from civicshift.orgs.permissions import is_site_admin, require_role
from civicshift.orgs.roles import Role

from .errors import BackupError, ExistingAccountsError
from .importing import (
    ExistingAccount,
    ImportSummary,
    RowWriter,
    assign_organization_fields,
    describe_counts,
    existing_accounts_given_roles,
    find_users,
    leave_out_access,
    map_users,
    organization_rows,
)
from .models import PendingImport
from .schema import organization_field_names, table_plans
from .serialization import (
    USER_FIELDS,
    collect_export,
    export_organization_data,
    to_json_text,
)
from .validation import check_export, read_export_file, validation_message

__all__ = [
    "BackupError",
    "ExistingAccount",
    "ExistingAccountsError",
    "ExportFile",
    "ImportPreview",
    "ImportSummary",
    "export_for_download",
    "export_organization_data",
    "import_organization",
    "import_organization_data",
    "import_organization_file",
    "import_organization_path",
    "preview_import",
    "read_export_file",
    "record_export",
    "write_export_json",
    "write_export_xlsx",
]

JSON = "json"
XLSX = "xlsx"
CONTENT_TYPES = {
    JSON: "application/json",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# Export ----------------------------------------------------------------------------------------


def _write_text(text: str, path_or_file: str | Path | IO) -> None:
    if isinstance(path_or_file, str | Path):
        Path(path_or_file).write_text(text, encoding="utf-8")
        return
    try:
        path_or_file.write(text)
    except TypeError:
        path_or_file.write(text.encode("utf-8"))


def write_export_json(organization: Organization, path_or_file: str | Path | IO) -> dict[str, Any]:
    """Write the JSON export to a path or an open (text or binary) file; return the data."""
    data = export_organization_data(organization)
    _write_text(to_json_text(data), path_or_file)
    return data


def _cell(value: Any) -> Any:
    """Times in the workbook are in this installation's time zone (Excel has no zones)."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def write_export_xlsx(organization: Organization, path_or_file: str | Path | IO[bytes]) -> None:
    """Write the xlsx export: an “organization” sheet, a “users” sheet and one sheet per table
    (a header row of field names, then one row per record; links as comma-separated ids)."""
    native = collect_export(organization)
    org_fields = organization_field_names()
    sheets = [
        SheetTable(
            "organization",
            ["slug", *org_fields],
            [[organization.slug, *(_cell(native.organization[name]) for name in org_fields)]],
        ),
        SheetTable(
            "users", list(USER_FIELDS), [[u[name] for name in USER_FIELDS] for u in native.users]
        ),
    ]
    for plan in table_plans():
        headers = ["id", *plan.field_names]
        rows = native.tables.get(plan.label, [])
        sheets.append(
            SheetTable(plan.label, headers, [[_cell(row[h]) for h in headers] for row in rows])
        )
    write_tables(sheets, path_or_file)


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    filename: str
    content_type: str


def record_export(*, actor, organization: Organization, file_format: str) -> AuditEvent:
    """The audit event of an export: who took a copy of the organization's data, and when."""
    return record_event(
        actor=actor,
        organization=organization,
        action=Action.EXPORT,
        obj=organization,
        reason=_("Exported all data as %(format)s.") % {"format": file_format.upper()},
    )


def export_for_download(*, actor, organization: Organization, file_format: str) -> ExportFile:
    """Build the export file for a download by an administrator and record the export."""
    require_role(actor, organization, Role.ADMIN)
    if file_format not in CONTENT_TYPES:
        raise BackupError(_("Unknown export format “%(format)s”.") % {"format": file_format})
    if file_format == JSON:
        content = to_json_text(export_organization_data(organization)).encode("utf-8")
    else:
        buffer = io.BytesIO()
        write_export_xlsx(organization, buffer)
        content = buffer.getvalue()
    record_export(actor=actor, organization=organization, file_format=file_format)
    filename = f"{organization.slug}-{timezone.localdate().isoformat()}.{file_format}"
    return ExportFile(content, filename, CONTENT_TYPES[file_format])


# Import ----------------------------------------------------------------------------------------


def _check_target(into_slug: Any, plans) -> Organization | None:
    """The empty organization to import into, or None to create one; refuse anything else."""
    try:
        Organization._meta.get_field("slug").clean(into_slug, None)
    except ValidationError as exc:
        raise BackupError(
            _("“%(slug)s” cannot be used as an organization's short name: %(problem)s")
            % {"slug": into_slug, "problem": validation_message(exc)}
        ) from exc
    existing = Organization.objects.filter(slug=into_slug).first()
    if existing is not None:
        counts = organization_rows(existing, plans)
        if counts:
            raise BackupError(
                _(
                    "The organization “%(slug)s” already exists and already has data "
                    "(%(counts)s). Import into a new short name; the import creates it."
                )
                % {"slug": into_slug, "counts": describe_counts(counts)}
            )
    return existing


@dataclass(frozen=True)
class ImportPreview:
    """What an import would do, shown to the administrator before anything is written."""

    source_slug: str
    exported_at: str
    organization_name: str
    #: verbose table name → row count, tables with rows only
    counts: dict[str, int]
    existing_accounts: list[ExistingAccount]
    new_accounts: list[str]

    @property
    def total_rows(self) -> int:
        return sum(self.counts.values())


def preview_import(data: Any) -> ImportPreview:
    """Check a parsed export completely and say what importing it would do; write nothing.

    ``existing_accounts`` are the accounts found here by e-mail that the file gives a role:
    an administrator must confirm each before it gets one (``confirm_existing``).
    """
    checked = check_export(data)
    found = find_users(checked.users)
    counts = {}
    for plan in checked.plans:
        count = len(checked.rows[plan.label])
        if count:
            meta = plan.model._meta
            counts[str(meta.verbose_name if count == 1 else meta.verbose_name_plural)] = count
    return ImportPreview(
        source_slug=checked.source_slug,
        exported_at=checked.exported_at,
        organization_name=str(checked.organization.get("name", "")),
        counts=counts,
        existing_accounts=existing_accounts_given_roles(checked, found),
        new_accounts=[
            u.get("email") or u.get("username") or "" for u in checked.users if u["id"] not in found
        ],
    )


def _confirmation(
    checked, found, confirm_existing: Collection[str] | None, leave_out_unconfirmed: bool
) -> tuple[list[ExistingAccount], list[ExistingAccount]]:
    """(confirmed, left out) accounts; refuse when some are neither."""
    confirmed_keys = {key.strip().lower() for key in (confirm_existing or ()) if key.strip()}
    accounts = existing_accounts_given_roles(checked, found)
    confirmed = [a for a in accounts if a.key in confirmed_keys]
    unconfirmed = [a for a in accounts if a.key not in confirmed_keys]
    if unconfirmed and not leave_out_unconfirmed:
        raise ExistingAccountsError(
            _(
                "These accounts already exist on this server and the file gives them a role: "
                "%(accounts)s. An administrator must confirm each one (they will get that role "
                "in the imported organization) or leave them out."
            )
            % {"accounts": "; ".join(f"{a.email} ({', '.join(a.roles)})" for a in unconfirmed)},
            unconfirmed,
        )
    return confirmed, unconfirmed


def _analyze(plans) -> None:
    """Fresh planner statistics for the tables an import filled (PostgreSQL), so the first
    queries on a restored organization are planned from its real size."""
    if connection.vendor != "postgresql":
        return
    tables = {plan.model._meta.db_table for plan in plans}
    for plan in plans:
        for f in plan.many_to_many:
            tables.add(f.field.remote_field.through._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(t) for t in sorted(tables))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {quoted}")


def import_organization(
    data: Any,
    *,
    into_slug: str,
    name: str | None = None,
    actor=None,
    confirm_existing: Collection[str] | None = None,
    leave_out_unconfirmed: bool = False,
    on_progress: Callable[[float], None] | None = None,
    _consume: bool = False,
) -> ImportSummary:
    """Import a parsed JSON export into the organization ``into_slug`` and say what was done.

    The organization is created, or, if it exists, must have no data yet. ``name`` replaces
    the exported organization name. ``actor`` (None for the command line) must be a site
    administrator. An account that already exists here (found by e-mail) gets the role the
    file gives it only if its address is in ``confirm_existing``; other such accounts make the
    import refuse (``ExistingAccountsError`` lists them) unless ``leave_out_unconfirmed``, which
    imports without their memberships. Imported audit events are flagged ``imported``.
    ``on_progress(fraction)`` is called as tables are written. Raises ``BackupError`` naming
    the problem; then nothing is written.
    """
    if actor is not None and not is_site_admin(actor):
        raise PermissionDenied(_("Only a site administrator can import an organization."))
    checked = check_export(data, consume=_consume)
    _check_target(into_slug, checked.plans)
    found = find_users(checked.users)
    confirmed, left_out = _confirmation(checked, found, confirm_existing, leave_out_unconfirmed)
    leave_out_access(checked, {a.file_id for a in left_out})
    with transaction.atomic():
        organization = Organization.objects.select_for_update().filter(slug=into_slug).first()
        if organization is not None:
            _check_target(into_slug, checked.plans)  # again, now that the row is locked
        else:
            organization = Organization(slug=into_slug)
        assign_organization_fields(organization, checked.organization, name)
        try:
            with transaction.atomic():
                organization.save()
        except IntegrityError as exc:
            raise BackupError(
                _("An organization with the short name “%(slug)s” already exists.")
                % {"slug": into_slug}
            ) from exc
        summary = ImportSummary(organization)
        summary.confirmed_users = [a.email for a in confirmed]
        summary.left_out_users = [a.email for a in left_out]
        users = map_users(checked.users, summary, found)
        summary.rows = RowWriter(organization, checked, users, on_progress=on_progress).run()
        reason = _(
            "Imported %(rows)s rows in %(tables)s tables from the export of “%(source)s” "
            "made %(date)s; %(users)s user accounts created inactive."
        ) % {
            "rows": summary.total_rows,
            "tables": len(summary.rows),
            "source": checked.source_slug or "?",
            "date": checked.exported_at or "?",
            "users": len(summary.created_users),
        }
        if confirmed:
            reason += " " + _("Existing accounts given their roles, as confirmed: %(list)s.") % {
                "list": ", ".join(summary.confirmed_users)
            }
        if left_out:
            reason += " " + _("Existing accounts left out (no role given): %(list)s.") % {
                "list": ", ".join(summary.left_out_users)
            }
        record_event(
            actor=actor,
            organization=organization,
            action=Action.IMPORT,
            obj=organization,
            reason=reason,
        )
    _analyze(checked.plans)
    return summary


def import_organization_data(
    data: dict[str, Any], *, into_slug: str, name: str | None = None, actor=None, **options
) -> Organization:
    """Import a parsed JSON export; return the organization. See ``import_organization``."""
    return import_organization(
        data, into_slug=into_slug, name=name, actor=actor, **options
    ).organization


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector off for the duration of an import.

    An import holds hundreds of thousands of small containers (the parsed file, the checked
    rows, the model instances); each full collection walks all of them, so with the collector
    on, the import's time per row grew with the file (measured: 7.2 s and then 10.4 s for the
    same 26,000 rows, against 5.3 s without). Nothing an import makes is a reference cycle
    that must be freed before it ends; the collector is switched back on (if it was on) even
    when the import fails.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_organization_path(
    source: str | Path | IO[bytes], *, into_slug: str, file_name: str | None = None, **options
) -> ImportSummary:
    """Read a JSON export file (a path, an open file or an upload; size-limited, parsed
    safely) and import it; the parsed rows are released as they are checked."""
    with _collector_paused():
        data = read_export_file(source, name=file_name)
        return import_organization(data, into_slug=into_slug, _consume=True, **options)


def import_organization_file(
    path: str | Path, *, into_slug: str, name: str | None = None, actor=None, **options
) -> Organization:
    """Import a JSON export file; refuse clearly a file that is not one."""
    return import_organization_path(
        path, into_slug=into_slug, name=name, actor=actor, **options
    ).organization


# Import from the web: upload, preview, confirm --------------------------------------------------


def pending_import_create(
    *, actor, upload, into_slug: str, name: str = ""
) -> tuple[PendingImport, ImportPreview]:
    """Check an uploaded export completely (size-limited, parsed safely) and keep it until a
    site administrator confirms the import; nothing else is written."""
    if not is_site_admin(actor):
        raise PermissionDenied(_("Only a site administrator can import an organization."))
    file_name = safety.source_name(upload)
    content = _read_upload(upload, file_name)
    data = read_export_file(content, name=file_name)
    preview = preview_import(data)
    _check_target(into_slug, table_plans())
    PendingImport.remove_stale()
    pending = PendingImport.objects.create(
        uploaded_by=actor, file_name=file_name, content=content, into_slug=into_slug, name=name
    )
    return pending, preview


def _read_upload(upload, file_name: str) -> bytes:
    from .validation import max_import_bytes

    try:
        return safety.read_bounded(upload, max_bytes=max_import_bytes(), name=file_name)
    except safety.UnsafeFileError as exc:
        raise BackupError(_("Cannot read %(problem)s") % {"problem": exc}) from None


def pending_import_for(actor, pending_id) -> PendingImport | None:
    """The upload ``pending_id`` of this administrator (None if gone or someone else's)."""
    if not is_site_admin(actor):
        raise PermissionDenied(_("Only a site administrator can import an organization."))
    return PendingImport.objects.filter(pk=pending_id, uploaded_by=actor).first()


def pending_import_preview(pending: PendingImport) -> ImportPreview:
    return preview_import(read_export_file(bytes(pending.content), name=pending.file_name))


def pending_import_confirm(
    *,
    actor,
    pending: PendingImport,
    confirm_existing: Collection[str],
    on_progress: Callable[[float], None] | None = None,
) -> ImportSummary:
    """Import a kept upload. Existing accounts in ``confirm_existing`` get their roles; the
    others listed in the preview are left out (the administrator saw them unticked).
    ``on_progress`` may raise (a cancelled job): the one transaction then rolls back."""
    summary = import_organization_path(
        io.BytesIO(bytes(pending.content)),
        file_name=pending.file_name,
        into_slug=pending.into_slug,
        name=pending.name or None,
        actor=actor,
        confirm_existing=confirm_existing,
        leave_out_unconfirmed=True,
        on_progress=on_progress,
    )
    pending.delete()
    return summary


def pending_import_cancel(*, pending: PendingImport) -> None:
    pending.delete()
