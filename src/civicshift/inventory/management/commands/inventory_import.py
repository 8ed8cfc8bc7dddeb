"""``inventory_import ORG_SLUG FILE [--mapping MAPPING.json] [--dry-run] [--json]``: import a
spreadsheet of systems in the foreground (the web runs the same import as a background job).

Exit status 0 when every row was imported, 1 when some rows were rejected (their problems
are printed), 2 when the file or the mapping could not be used at all (nothing written)."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from civicshift.formats import safety
from civicshift.formats.inventory import reader
from civicshift.inventory.importing import import_rows
from civicshift.orgs.models import Organization


class Command(BaseCommand):
    help = "Import systems from a spreadsheet (.xlsx or .csv) into an organization's inventory."

    def add_arguments(self, parser):
        parser.add_argument("org_slug", metavar="ORG_SLUG", help="the organization's short name")
        parser.add_argument("file", metavar="FILE", help="the spreadsheet: .xlsx or .csv")
        parser.add_argument(
            "--mapping",
            metavar="MAPPING.json",
            help='which field each column fills: {"Header": "field_key" or null}; '
            "without it the suggested mapping is used",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count, but write nothing"
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, org_slug: str, file: str, **options):
        organization = Organization.objects.filter(slug=org_slug).first()
        if organization is None:
            raise CommandError(
                _("There is no organization with the short name “%(slug)s”.") % {"slug": org_slug}
            )
        try:
            mapping = None
            if options["mapping"]:
                mapping = safety.read_json(options["mapping"])
                if not isinstance(mapping, dict) or not all(
                    isinstance(v, str | type(None)) for v in mapping.values()
                ):
                    raise CommandError(
                        _('%(file)s: the mapping must be an object {"Header": "field_key"}.')
                        % {"file": options["mapping"]}
                    )
            table = reader.read_table(file)
            parsed = reader.parse_rows(table, mapping)
        except (safety.UnsafeFileError, reader.MappingError) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        result = import_rows(
            actor=None,
            organization=organization,
            parsed=parsed,
            headers=table.headers,
            dry_run=options["dry_run"],
        )
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            self._summary(result, file)
        if result.rows_rejected:
            sys.exit(1)

    def _summary(self, result, file: str) -> None:
        for note in result.notes:
            self.stdout.write(note)
        for problem in result.problems:
            self.stdout.write(f"{file}: {problem}")
        message = _(
            "%(file)s: %(total)s rows, %(new)s systems added, %(updated)s updated, "
            "%(rejected)s rejected."
        )
        if result.dry_run:
            message += " " + _("Dry run: nothing was written.")
        self.stdout.write(
            message
            % {
                "file": file,
                "total": result.rows_total,
                "new": result.rows_imported,
                "updated": result.rows_updated,
                "rejected": result.rows_rejected,
            }
        )
