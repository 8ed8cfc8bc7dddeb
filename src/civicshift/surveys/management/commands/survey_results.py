"""``survey_results ORG_SLUG SURVEY_ID [--json]`` (``civicshift survey results``): a survey's
results as the results page shows them, under the same k rule, in words or as JSON."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from civicshift.orgs.models import Organization
from civicshift.surveys import selectors
from civicshift.surveys.explain import explain
from civicshift.surveys.exports import group_label
from civicshift.surveys.models import Survey


class Command(BaseCommand):
    help = "A readiness survey's results (departments only where at least k people answered)."

    def add_arguments(self, parser):
        parser.add_argument("org_slug", metavar="ORG_SLUG")
        parser.add_argument("survey", metavar="SURVEY_ID", type=int)
        parser.add_argument("--json", action="store_true", help="print the results as JSON")

    def handle(self, *args, org_slug: str, survey: int, **options):
        organization = Organization.objects.filter(slug=org_slug).first()
        if organization is None:
            raise CommandError(
                _("There is no organization with the short name “%(slug)s”.") % {"slug": org_slug}
            )
        found = Survey.objects.for_org(organization).filter(pk=survey).first()
        if found is None:
            raise CommandError(_("There is no survey %(id)s here.") % {"id": survey})
        data = selectors.survey_results(found)
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {"survey": found.pk, "title": found.title, **data}, indent=2, ensure_ascii=False
                )
            )
            return
        self.stdout.write(self.text(found, data))

    def text(self, survey, data) -> str:
        lines = [f"{survey.title}: " + _("%(n)d answers (k = %(k)d)") % data]
        if not data["enough"]:
            lines.append(_("Too few answers to show results (fewer than k)."))
            return "\n".join(lines)
        words = explain(data, survey)
        for sub in data["subscales"]:
            interval = sub["interval"] or {}
            alpha = (sub["alpha"] or {}).get("value")
            lines.append(
                f"{sub['label']}: "
                + _("mean %(mean)s, 95%% CI %(low)s-%(high)s, alpha %(alpha)s")
                % {
                    "mean": interval.get("mean"),
                    "low": interval.get("low"),
                    "high": interval.get("high"),
                    "alpha": alpha,
                }
            )
            said = words["subscales"][sub["key"]]
            lines.append("  " + said["mean"])
            if said["alpha"]:
                lines.append("  " + said["alpha"])
        deps = data["departments"]
        rows = [*deps["groups"], *(r for r in (deps["other"], deps["not_said"]) if r)]
        if rows:
            lines.append(_("By department (score where rwg(j) >= 0.70):"))
            for row in rows:
                cells = ", ".join(
                    f"{sub['label']} "
                    + (
                        str(row["cells"][sub["key"]]["mean"])
                        if row["cells"][sub["key"]]["mean"] is not None
                        else _("too mixed")
                    )
                    for sub in data["subscales"]
                )
                lines.append(f"  {group_label(row['name'])} ({row['n']}): {cells}")
        for sentence in words["hotspots"]:
            lines.append(_("Hotspot: ") + sentence)
        for comparison in data.get("comparison") or []:
            if comparison["anonymous"]:
                lines.append(
                    f"{comparison['label']} "
                    + _("vs previous wave: ")
                    + comparison["anonymous"]["words"]
                )
            if comparison["paired"]:
                lines.append("  " + _("Linked answers: ") + comparison["paired"]["words"])
        return "\n".join(lines)
