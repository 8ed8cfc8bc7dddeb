"""``inventory_eol_refresh FILE_OR_URL``: replace the endoflife.date catalogue with a newer copy.

The copy (a file, or an https address) has the shape of the shipped catalogue; it is checked
before it replaces the data folder's copy (``CIVICSHIFT_ENDOFLIFE_FILE``), atomically. The
shipped package is never written. See ``civicshift.formats.endoflife``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from civicshift.formats.endoflife import RefreshError, refresh


class Command(BaseCommand):
    help = (
        "Replace the endoflife.date catalogue of support dates with a newer copy (a file or an "
        "https:// address), after checking it; prints what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "source",
            metavar="FILE_OR_URL",
            help="a newer products.json, in the shape of the shipped one, or its https:// address",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check and compare, but write nothing"
        )

    def handle(self, *args, source: str, dry_run: bool = False, **options):
        try:
            report = refresh(source, settings.CIVICSHIFT_ENDOFLIFE_FILE, dry_run=dry_run)
        except RefreshError as error:
            raise CommandError(str(error)) from None
        for line in report.lines():
            self.stdout.write(line)
