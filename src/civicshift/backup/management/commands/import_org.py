"""``import_org FILE --into SLUG``: import a JSON export into a new, empty organization."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from civicshift.backup.errors import BackupError
from civicshift.backup.services import import_organization, read_export_file


class Command(BaseCommand):
    help = (
        "Import a CivicShift JSON export into a new organization (or one with no data yet). "
        "Nothing is written if the file has any problem."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="the .json file CivicShift exported")
        parser.add_argument(
            "--into",
            required=True,
            metavar="SLUG",
            help="short name of the new organization, e.g. maple-falls",
        )
        parser.add_argument(
            "--name",
            default=None,
            help="a new name for the organization (default: the exported one)",
        )

    def handle(self, *args, file: str, into: str, name: str | None = None, **options):
        try:
            summary = import_organization(read_export_file(file), into_slug=into, name=name)
        except BackupError as exc:
            raise CommandError(_("Nothing was imported. %(problem)s") % {"problem": exc}) from exc
        organization = summary.organization
        message = _("Imported %(rows)s rows in %(tables)s tables into %(name)s (/o/%(slug)s/).") % {
            "rows": summary.total_rows,
            "tables": len(summary.rows),
            "name": organization.name,
            "slug": organization.slug,
        }
        if summary.created_users:
            message += " " + _(
                "%(count)s people had no account on this server; theirs were created switched "
                "off, without a password: %(people)s."
            ) % {"count": len(summary.created_users), "people": ", ".join(summary.created_users)}
        self.stdout.write(message)
