"""``funding_flag KEY --status lapsed|at_risk|none --note TEXT [--org ORG_SLUG] [--json]``:
flag a program (by its key: the Assistance Listing number such as 97.137, or the catalog's
key) as lapsed or at risk, or clear the flag. Without ``--org`` the shared program (installation
staff); with it, the organization's own. Every notice of the program and every initiative
counting on it then shows the warning; catalog loads keep a flag set here."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from civicshift.funding.models import FundingProgram
from civicshift.funding.services_import import program_flag
from civicshift.orgs.models import Organization


class Command(BaseCommand):
    help = "Flag a funding program as lapsed or at risk, or clear its flag."

    def add_arguments(self, parser):
        parser.add_argument("key", help="the program's key, e.g. 97.137")
        parser.add_argument("--status", required=True, choices=["lapsed", "at_risk", "none"])
        parser.add_argument("--note", default="", help="why, in a sentence (needed to flag)")
        parser.add_argument("--org", help="an organization's own program (its slug)")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, **options):
        organization = None
        if options["org"]:
            organization = Organization.objects.filter(slug=options["org"]).first()
            if organization is None:
                raise CommandError(_("There is no organization “%s”.") % options["org"])
        program = FundingProgram.objects.in_scope(organization).filter(key=options["key"]).first()
        if program is None:
            raise CommandError(_("There is no program “%s” here.") % options["key"])
        status = "" if options["status"] == "none" else options["status"]
        actor = None
        if organization is not None:
            # An organization's own program is changed in its name: by its first administrator.
            from civicshift.orgs.models import Membership

            admin = Membership.objects.for_org(organization).filter(role="admin").first()
            actor = admin.user if admin else None
        try:
            program = program_flag(
                actor=actor, program=program, status=status, note=options["note"]
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        result = {
            "key": program.key,
            "status": program.status_override,
            "note": program.status_note,
        }
        if options["json"]:
            self.stdout.write(json.dumps(result))
        else:
            self.stdout.write(f"{program.title}: {program.get_status_override_display()}")
