"""Writing the funding demo through the module's services: the starter catalog, the city's
own notices (through the csv importer, as a grants coordinator would), its SAM.gov profile,
and each initiative's application with its checklist and reporting dates."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from django.utils import timezone

from .. import services_pipeline
from ..models import FundingNotice, ItemKind
from ..services_import import catalog_load, funding_import

COLUMNS = [
    "program_id",
    "title",
    "agency",
    "aln_numbers",
    "instrument",
    "eligible_applicants",
    "purposes",
    "award_floor",
    "award_ceiling",
    "local_match_percent",
    "post_date",
    "close_date",
    "description",
]


def _csv(notices: list[dict], today) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for notice in notices:
        row = {k: v for k, v in notice.items() if k in COLUMNS}
        for days, column in (("post_days", "post_date"), ("close_days", "close_date")):
            if notice.get(days) is not None:
                row[column] = (today + timedelta(days=notice[days])).isoformat()
        writer.writerow(row)
    return out.getvalue().encode()


def load_funding(data: dict, *, organization, author, departments, users) -> None:
    today = timezone.localdate()
    catalog_load(actor=author)  # the shared starter catalog (unchanged when already loaded)
    funding_import(
        actor=author,
        source=_csv(data["notices"], today),
        name="maple-falls-programs.csv",
        organization=organization,
    )
    from .saved import load_saved

    load_saved(
        data.get("saved_searches", []),
        data.get("later", []),
        organization=organization,
        users=users,
        import_later=lambda rows: funding_import(
            actor=author,
            source=_csv(rows, today),
            name="maple-falls-programs-update.csv",
            organization=organization,
        ),
    )
    profile = data["profile"]
    services_pipeline.profile_save(
        actor=author,
        organization=organization,
        uei=profile["uei"],
        sam_expires=today + timedelta(days=profile["expires_in_days"]),
        grants_contact=profile.get("grants_contact", ""),
    )


def load_applications(entry: dict, *, initiative, author) -> None:
    organization = initiative.organization
    notice = FundingNotice.objects.for_org(organization).get(opportunity_id=entry["notice"])
    application = services_pipeline.application_create(
        actor=author, initiative=initiative, notice=notice, **entry["fields"]
    )
    for item in application.items.filter(code__in=entry["done"]):
        services_pipeline.item_update(actor=author, item=item, done=True)
    today = timezone.localdate()
    for label, days in entry["reports"]:
        services_pipeline.item_create(
            actor=author,
            application=application,
            kind=ItemKind.REPORT,
            label=label,
            due_date=today + timedelta(days=days),
        )
