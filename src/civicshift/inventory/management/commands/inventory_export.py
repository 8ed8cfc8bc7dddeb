"""``inventory_export ORG_SLUG FILE``: write the organization's systems to FILE, .csv or .xlsx
by its extension, in the columns ``inventory_import`` reads back."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from civicshift.formats.inventory import writer
from civicshift.inventory.exporting import export_rows
from civicshift.orgs.models import Organization


class Command(BaseCommand):
    help = "Export an organization's systems inventory to a .csv or .xlsx file."

    def add_arguments(self, parser):
        parser.add_argument("org_slug", metavar="ORG_SLUG", help="the organization's short name")
        parser.add_argument("file", metavar="FILE", help="where to write: a .csv or .xlsx file")

    def handle(self, *args, org_slug: str, file: str, **options):
        path = Path(file)
        suffix = path.suffix.lower()
        if suffix not in (".csv", ".xlsx"):
            raise CommandError(
                _("%(file)s: the file name must end in .csv or .xlsx.") % {"file": file}
            )
        organization = Organization.objects.filter(slug=org_slug).first()
        if organization is None:
            raise CommandError(
                _("There is no organization with the short name “%(slug)s”.") % {"slug": org_slug}
            )
        rows = export_rows(organization)
        try:
            (writer.write_csv if suffix == ".csv" else writer.write_xlsx)(rows, path)
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror or exc}") from exc
        self.stdout.write(
            _("Exported %(n)s systems of %(name)s to %(path)s.")
            % {"n": len(rows), "name": organization.name, "path": path}
        )
