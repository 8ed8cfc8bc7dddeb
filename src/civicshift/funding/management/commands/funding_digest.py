"""``funding_digest ORG_SLUG SEARCH_ID [--since DATE] [--json]``: what a saved search finds
that is new or changed since a date (every open program it finds, without ``--since``), with
the programs the organization cannot apply to left out and counted, as the digest page shows
it. The command line has no reader, so it records no visit."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from civicshift.core.jsonvalues import to_jsonable
from civicshift.funding.matching import match_refs
from civicshift.funding.models import SavedSearch
from civicshift.funding.selectors_saved import digest_for
from civicshift.funding.views_saved import parse_since
from civicshift.orgs.models import Organization


class Command(BaseCommand):
    help = "What a saved funding search finds that is new or changed since a date."

    def add_arguments(self, parser):
        parser.add_argument("org_slug", metavar="ORG_SLUG")
        parser.add_argument("search", metavar="SEARCH_ID", type=int)
        parser.add_argument(
            "--since", metavar="DATE", help="count news from this date (2026-03-31) or moment"
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, org_slug: str, search: int, **options):
        organization = Organization.objects.filter(slug=org_slug).first()
        if organization is None:
            raise CommandError(
                _("There is no organization with the short name “%(slug)s”.") % {"slug": org_slug}
            )
        saved = SavedSearch.objects.for_org(organization).filter(pk=search).first()
        if saved is None:
            raise CommandError(_("There is no saved search %(id)s here.") % {"id": search})
        since = None
        if options["since"]:
            since = parse_since(options["since"])
            if since is None:
                raise CommandError(_("--since must be a date such as 2026-03-31."))
        digest = digest_for(saved, since=since, today=timezone.localdate())
        if options["json"]:
            body = {
                "saved_search": saved.pk,
                "name": saved.name,
                "since": to_jsonable(since),
                "counts": vars(digest.counts),
                "more": digest.more,
                "entries": [
                    {
                        **match_refs(row.result),
                        "due": to_jsonable(row.result.match.due),
                        "news": None
                        if row.news is None
                        else {
                            "is_new": row.news.is_new,
                            "now_open": row.news.now_open,
                            "due_moves": [
                                {
                                    "field": m.field,
                                    "before": to_jsonable(m.before),
                                    "after": to_jsonable(m.after),
                                }
                                for m in row.news.due_moves
                            ],
                            "restored": row.news.restored,
                            "other_fields": list(row.news.other_fields),
                        },
                    }
                    for row in digest.rows
                ],
            }
            self.stdout.write(json.dumps(body, ensure_ascii=False, indent=2))
            return
        counts = digest.counts
        if since is None:
            self.stdout.write(
                _("%(name)s: %(n)d open programs you can apply to (%(out)d left out, ineligible).")
                % {"name": saved.name, "n": counts.listed, "out": counts.left_out_ineligible}
            )
        else:
            self.stdout.write(
                _(
                    "%(name)s since %(since)s: %(n)d with news (%(new)d new, %(open)d now open, "
                    "%(moved)d due date moved, %(other)d other changes; %(out)d left out, "
                    "ineligible)."
                )
                % {
                    "name": saved.name,
                    "since": since.date().isoformat(),
                    "n": counts.listed,
                    "new": counts.new,
                    "open": counts.now_open,
                    "moved": counts.due_moved,
                    "other": counts.other,
                    "out": counts.left_out_ineligible,
                }
            )
        for n, row in enumerate(digest.rows, start=1):
            line = f"{n}. {row.result.title}"
            if row.result.match.due:
                line += f" (due {row.result.match.due.isoformat()})"
            self.stdout.write(line)
            news = row.news
            if news is None:
                continue
            if news.is_new:
                self.stdout.write("   - " + _("new"))
            if news.now_open:
                self.stdout.write("   - " + _("now open (was a forecast)"))
            for move in news.due_moves:
                self.stdout.write(
                    "   - "
                    + _("due date moved: %(before)s → %(after)s")
                    % {"before": move.before or "—", "after": move.after or "—"}
                )
            if news.other_fields:
                self.stdout.write("   - " + _("also changed: ") + ", ".join(news.other_fields))
