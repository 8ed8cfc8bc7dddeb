"""``funding_import FILE [--org ORG_SLUG] [--full | --partial] [--keep-valid] [--json]``:
import a funding file (Grants.gov XML extract or its zip, Simpler.Grants.gov JSON, csv of typed
programs) into the shared catalog, or with ``--org`` into that organization's own programs.

Exit status 0 when every record was read cleanly (notes such as an unknown code kept may be
listed), 1 when some records had problems and ``--keep-valid`` imported the others (listed),
2 when nothing was written: the file could not be read at all, or some records had problems
and ``--keep-valid`` was not given (all of them listed)."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from civicshift.formats.funding.model import FundingFileError
from civicshift.funding.services_import import FundingRecordsRefused, funding_import
from civicshift.orgs.models import Organization


def print_result(command: BaseCommand, result, as_json: bool) -> None:
    if as_json:
        command.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    for problem in result.problems:
        command.stdout.write(problem)
    command.stdout.write(
        _(
            "%(file)s: %(imported)s new, %(updated)s changed, %(unchanged)s unchanged, "
            "%(archived)s no longer listed (archived), %(skipped)s skipped, "
            "%(problems)s problems."
        )
        % {"file": result.file, **result.counts()}
    )


class Command(BaseCommand):
    help = "Import a funding file into the shared catalog or an organization's programs."

    def add_arguments(self, parser):
        parser.add_argument(
            "file", metavar="FILE", help="the funding file (.zip, .xml, .json, .csv)"
        )
        parser.add_argument(
            "--org", metavar="ORG_SLUG", help="the organization's short name (default: shared)"
        )
        full = parser.add_mutually_exclusive_group()
        full.add_argument(
            "--full",
            dest="full",
            action="store_const",
            const=True,
            help="the file lists every current notice: archive those it no longer lists "
            "(the default for the Grants.gov extract)",
        )
        full.add_argument(
            "--partial",
            dest="full",
            action="store_const",
            const=False,
            help="the file lists some notices only: archive nothing",
        )
        parser.add_argument(
            "--keep-valid",
            action="store_true",
            help="when some records have problems, import the others (default: import nothing "
            "and list the problems)",
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, file: str, **options):
        organization = None
        if options["org"]:
            organization = Organization.objects.filter(slug=options["org"]).first()
            if organization is None:
                raise CommandError(
                    _("There is no organization with the short name “%(slug)s”.")
                    % {"slug": options["org"]}
                )
        try:
            result = funding_import(
                actor=None,
                source=file,
                organization=organization,
                full_extract=options["full"],
                keep_valid=options["keep_valid"],
            )
        except FundingRecordsRefused as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(
                _(
                    "%(file)s: %(n)s problems, so nothing was imported. Correct the file, or "
                    "run again with --keep-valid to import the %(valid)s valid records."
                )
                % {"file": exc.file, "n": len(exc.problems), "valid": exc.valid},
                returncode=2,
            ) from exc
        except FundingFileError as exc:
            raise CommandError(str(exc) + " " + _("Nothing was imported."), returncode=2) from exc
        print_result(self, result, options["json"])
        if result.blocking:
            sys.exit(1)
