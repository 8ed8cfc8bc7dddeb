"""Migrations 0003-0005 split programs out of the old single table: the starter catalog's rows
become programs (keyed by their first Assistance Listing number) with their facts and flag,
and every other notice is linked to the program of its first listing number."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("funding", "0002_program_via_state")]
AFTER = [("funding", "0005_remove_notice_via_state")]


def test_catalog_rows_become_programs_and_notices_are_linked():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Old = old.get_model("funding", "FundingProgram")
    now = timezone.now()
    Old.objects.create(
        opportunity_id="slcgp",
        title="State and Local Cybersecurity Grant Program",
        aln_numbers=["97.137"],
        purposes=["cybersecurity"],
        eligible_applicants=["00"],
        via_state=True,
        status_override="at_risk",
        status_note="Appropriation ends",
        source="catalog",
        last_checked=now,
    )
    Old.objects.create(
        opportunity_id="131073",
        title="FY26 SLCGP notice",
        aln_numbers=["97.137"],
        source="grants.gov-xml",
        last_checked=now,
    )
    Old.objects.create(
        opportunity_id="9",
        title="Bridge inspection drones",
        aln_numbers=["20.205"],
        aln_titles=["Highway Planning and Construction"],
        source="grants.gov-xml",
        last_checked=now,
    )
    Old.objects.create(opportunity_id="10", title="No listing", source="csv", last_checked=now)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Program = new.get_model("funding", "FundingProgram")
    Notice = new.get_model("funding", "FundingNotice")
    try:
        slcgp = Program.objects.get(key="97.137")
        assert (slcgp.source, slcgp.via_state, slcgp.status_override) == (
            "catalog",
            True,
            "at_risk",
        )
        assert slcgp.status_note == "Appropriation ends" and slcgp.purposes == ["cybersecurity"]
        assert sorted(Notice.objects.values_list("opportunity_id", flat=True)) == [
            "10",
            "131073",
            "9",
        ]
        assert Notice.objects.get(opportunity_id="131073").program_id == slcgp.pk
        highway = Notice.objects.get(opportunity_id="9").program
        assert (highway.key, highway.title) == ("20.205", "Highway Planning and Construction")
        assert Notice.objects.get(opportunity_id="10").program_id is None
    finally:
        Notice.objects.all().delete()
        Program.objects.all().delete()
        MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
