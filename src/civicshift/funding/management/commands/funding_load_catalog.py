"""``funding_load_catalog [--json]``: load (or refresh) the starter catalog of programs
shipped with CivicShift (core/data/funding_programs.yaml) into the shared catalog."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from civicshift.funding.services_import import catalog_load

from .funding_import import print_result


class Command(BaseCommand):
    help = "Load the starter catalog of funding programs into the shared catalog."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, **options):
        print_result(self, catalog_load(actor=None), options["json"])
