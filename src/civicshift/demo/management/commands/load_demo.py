"""``python -m django load_demo``: load the demo municipality once and print its logins."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from civicshift.demo.loader import load_demo
from civicshift.demo.schema import DemoDataError


class Command(BaseCommand):
    help = (
        "Load the demo municipality (City of Maple Falls and its neighbour Cedar County) with "
        "demo users for every role. Running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data",
            default=None,
            help=_("Another demo data file (YAML) to load instead of the built-in one."),
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help=_(
                "Load even with production settings. The demo passwords are public: use this "
                "only for a demonstration server that holds no real data."
            ),
        )
        parser.add_argument(
            "--host",
            default="127.0.0.1",
            help=_("Host shown in the printed address (default 127.0.0.1)."),
        )
        parser.add_argument(
            "--port",
            type=int,
            default=8000,
            help=_("Port shown in the printed address (default 8000)."),
        )

    def handle(self, *args, **options) -> None:
        if settings.PRODUCTION and not options["allow_production"]:
            raise CommandError(
                _(
                    "Refusing to load the demo with production settings: its passwords are "
                    "public. Use --allow-production for a demonstration server with no real data."
                )
            )
        try:
            result = load_demo(data_path=options["data"])
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        name = result.organization.name
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(_("Loaded demo municipality %(name)s") % {"name": name})
            )
        else:
            self.stdout.write(_("Demo municipality already loaded") + f" ({name})")
        self.stdout.write("")
        self.stdout.write(
            _("Demo sign-ins (demo passwords: never use them on a real installation):")
        )
        headers = (_("Role"), _("E-mail"), _("Password"))
        rows = [headers, *result.logins]
        widths = [max(len(str(row[i])) for row in rows) for i in range(3)]
        for i, row in enumerate(rows):
            cells = (str(c).ljust(w) for c, w in zip(row, widths, strict=True))
            self.stdout.write(("  " + "  ".join(cells)).rstrip())
            if i == 0:
                self.stdout.write("  " + "  ".join("-" * w for w in widths))
        self.stdout.write("")
        self.stdout.write(
            _("Open http://%(host)s:%(port)s/ and sign in with one of them.")
            % {"host": options["host"], "port": options["port"]}
        )
