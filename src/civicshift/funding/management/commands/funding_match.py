"""``funding_match ORG_SLUG INITIATIVE_ID [--gap DOLLARS] [--applicant CODE] [--json]``: the
funding programs that fit an initiative, ranked, with the reasons (as the Funding tab)."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from civicshift.core.jsonvalues import to_jsonable
from civicshift.funding.matching import match_refs, matches_for, need_for
from civicshift.initiatives.models import Initiative
from civicshift.orgs.models import Organization


class Command(BaseCommand):
    help = "Rank the funding programs that fit an initiative, with the reasons."

    def add_arguments(self, parser):
        parser.add_argument("org_slug", metavar="ORG_SLUG")
        parser.add_argument("initiative", metavar="INITIATIVE_ID", type=int)
        parser.add_argument("--gap", metavar="DOLLARS", help="the initiative's funding gap")
        parser.add_argument(
            "--applicant", metavar="CODE", default="02", help="Grants.gov applicant code (02)"
        )
        parser.add_argument("--limit", type=int, default=25)
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, org_slug: str, initiative: int, **options):
        organization = Organization.objects.filter(slug=org_slug).first()
        if organization is None:
            raise CommandError(
                _("There is no organization with the short name “%(slug)s”.") % {"slug": org_slug}
            )
        found = Initiative.objects.for_org(organization).filter(pk=initiative).first()
        if found is None:
            raise CommandError(_("There is no initiative %(id)s here.") % {"id": initiative})
        gap = None
        if options["gap"]:
            try:
                gap = Decimal(options["gap"].replace(",", "").replace("$", ""))
            except InvalidOperation:
                raise CommandError(_("--gap must be a number of dollars.")) from None
        need = need_for(found, funding_gap=gap, applicant_type=options["applicant"])
        results = matches_for(
            organization, need, today=timezone.localdate(), limit=options["limit"]
        )
        if options["json"]:
            rows = [
                {
                    **match_refs(r),
                    "score": round(r.match.score, 1),
                    "eligible": r.match.eligible,
                    "status": r.match.status,
                    "due": to_jsonable(r.match.due),
                    "matched_terms": list(r.match.matched_terms),
                    "reasons": [
                        {"kind": x.kind, "passed": x.passed, "text": x.text}
                        for x in r.match.reasons
                    ],
                }
                for r in results
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for n, r in enumerate(results, start=1):
            self.stdout.write(f"{n}. {r.title} ({r.match.score:.0f}/100)")
            for reason in r.match.reasons:
                self.stdout.write(f"   - {reason.text}")
        if not results:
            self.stdout.write(_("No open program fits this initiative."))
