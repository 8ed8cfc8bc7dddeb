"""``import_org FILE --into SLUG``: import a JSON export into a new, empty organization."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from civicshift.backup.errors import BackupError, ExistingAccountsError
from civicshift.backup.services import import_organization_path


class Command(BaseCommand):
    help = (
        "Import a CivicShift JSON export into a new organization (or one with no data yet). "
        "Nothing is written if the file has any problem. People who already have an account "
        "on this server get the role the file gives them only when listed in "
        "--confirm-existing."
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
        parser.add_argument(
            "--confirm-existing",
            default="",
            metavar="EMAIL,...",
            help=(
                "e-mail addresses of accounts that already exist on this server and may get "
                "the role the file gives them (the import lists them when it needs them)"
            ),
        )
        parser.add_argument(
            "--leave-out-existing",
            action="store_true",
            help="import without the roles of existing accounts not listed in --confirm-existing",
        )

    def handle(
        self,
        *args,
        file: str,
        into: str,
        name: str | None = None,
        confirm_existing: str = "",
        leave_out_existing: bool = False,
        **options,
    ):
        confirmed = [e.strip() for e in confirm_existing.split(",") if e.strip()]
        try:
            summary = import_organization_path(
                file,
                into_slug=into,
                name=name,
                confirm_existing=confirmed,
                leave_out_unconfirmed=leave_out_existing,
            )
        except ExistingAccountsError as exc:
            emails = ",".join(a.email for a in exc.accounts)
            raise CommandError(
                _("Nothing was imported. %(problem)s") % {"problem": exc}
                + " "
                + _(
                    "To give them these roles, run the import again with "
                    "--confirm-existing %(emails)s ; to import without their roles, add "
                    "--leave-out-existing."
                )
                % {"emails": emails}
            ) from exc
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
        if summary.confirmed_users:
            message += " " + _("Existing accounts given their roles, as confirmed: %(people)s.") % {
                "people": ", ".join(summary.confirmed_users)
            }
        if summary.left_out_users:
            message += " " + _(
                "Existing accounts left out, with no role in the new organization: %(people)s."
            ) % {"people": ", ".join(summary.left_out_users)}
        self.stdout.write(message)
