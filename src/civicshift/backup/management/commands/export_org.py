"""``export_org SLUG FILE``: write an organization's entire data to FILE (.json or .xlsx)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from civicshift.backup.errors import BackupError
from civicshift.backup.services import (
    JSON,
    XLSX,
    record_export,
    write_export_json,
    write_export_xlsx,
)
from civicshift.orgs.models import Organization


class Command(BaseCommand):
    help = "Export an organization's entire data to a .json file (a full backup) or .xlsx."

    def add_arguments(self, parser):
        parser.add_argument("slug", metavar="SLUG", help="the organization's short name")
        parser.add_argument("file", metavar="FILE", help="where to write: a .json or .xlsx file")

    def handle(self, *args, slug: str, file: str, **options):
        path = Path(file)
        file_format = path.suffix.lower().lstrip(".")
        if file_format not in (JSON, XLSX):
            raise CommandError(
                _(
                    "%(file)s: the file name must end in .json (full backup, can be imported) or "
                    ".xlsx (workbook for reading)."
                )
                % {"file": file}
            )
        organization = Organization.objects.filter(slug=slug).first()
        if organization is None:
            raise CommandError(
                _("There is no organization with the short name “%(slug)s”.") % {"slug": slug}
            )
        try:
            if file_format == JSON:
                data = write_export_json(organization, path)
                rows = sum(len(table) for table in data["tables"].values())
            else:
                write_export_xlsx(organization, path)
                rows = None
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        record_export(actor=None, organization=organization, file_format=file_format)
        if rows is None:
            message = _("Exported %(name)s to %(path)s.")
        else:
            message = _("Exported %(name)s (%(rows)s rows) to %(path)s.")
        self.stdout.write(message % {"name": organization.name, "rows": rows, "path": path})
