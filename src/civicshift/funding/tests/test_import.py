"""``funding_import``: streaming upsert by opportunity id in one transaction, counts,
re-import changes, withdrawn notices, hostile files (nothing written), tenancy of shared and
own programs, the starter catalog, the command line and the background job.

Reference record: Grants.gov opportunity 131073 (G12AS20003), the real extract record of
``formats/funding/tests/fixtures`` (CloseDate 11292011, i.e. 2011-11-29, in Grants.gov's
MMDDYYYY form); generated extracts come from ``formats/funding/tests/generate.py``."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from civicshift.audit.models import Action, AuditEvent
from civicshift.cli import main as cli_main
from civicshift.core.funding.catalog import load_catalog
from civicshift.formats.funding.model import FundingFileError
from civicshift.formats.funding.tests.generate import write_extract
from civicshift.formats.funding.tests.test_hostile import GOOD, _zip_of_zeros
from civicshift.formats.tests.hostile import xml_entity_bomb
from civicshift.funding.models import (
    ChangeKind,
    FundingChange,
    FundingImport,
    FundingNotice,
    FundingProgram,
)
from civicshift.funding.services_import import (
    FundingRecordsRefused,
    catalog_load,
    funding_import,
)
from civicshift.orgs.roles import Role
from civicshift.testing.factories import make_member, make_org

from .conftest import REAL

pytestmark = pytest.mark.django_db


def shared_ids():
    return set(FundingNotice.objects.shared().values_list("opportunity_id", flat=True))


def test_generated_extract_imports_every_distinct_opportunity_once(tmp_path):
    # 40 synopses then 10 forecasts, one of which (n = 0) shares its id with a synopsis
    # (generate.write_extract): 49 distinct opportunities.
    path = write_extract(tmp_path / "GrantsDBExtract20261202v2.xml", 50, forecast_share=0.2)
    result = funding_import(actor=None, source=path)
    assert result.format == "grants.gov-xml" and result.full_extract
    assert result.imported == 49 == FundingNotice.objects.shared().count()
    assert FundingChange.objects.filter(kind=ChangeKind.CREATED).count() == 49
    again = funding_import(actor=None, source=path)
    assert (again.imported, again.updated, again.unchanged, again.archived) == (0, 0, 49, 0)
    assert FundingNotice.objects.shared().count() == 49


def test_zipped_extract_is_read_too(tmp_path):
    path = write_extract(tmp_path / "GrantsDBExtract20261202v2.zip", 20, zipped=True)
    # 18 synopses and 2 forecasts, the first sharing its id with a synopsis: 19 distinct.
    assert funding_import(actor=None, source=path).imported == 19


def test_real_record_fields_are_stored():
    funding_import(actor=None, source=REAL)
    program = FundingNotice.objects.shared().get()
    assert program.opportunity_id == "131073"
    assert program.opportunity_number == "G12AS20003"
    assert program.close_date == date(2011, 11, 29)
    assert program.source == "grants.gov-xml"
    assert program.status(date(2026, 12, 2)) in {"closed", "archived"}


def test_reimport_records_what_changed_and_withdraws_missing_notices():
    funding_import(actor=None, source=REAL.read_bytes(), name="day1.xml")
    funding_import(actor=None, source=GOOD, name="day1-other.xml", full_extract=False)
    assert shared_ids() == {"131073", "1"}
    moved = REAL.read_bytes().replace(b"<CloseDate>11292011<", b"<CloseDate>12292011<")
    result = funding_import(actor=None, source=moved, name="day2.xml")
    assert (result.imported, result.updated, result.archived) == (0, 1, 1)
    change = FundingChange.objects.get(kind=ChangeKind.UPDATED)
    assert change.changes == {"close_date": ["2011-11-29", "2011-12-29"]}
    assert change.funding_import.file == "day2.xml"
    gone = FundingNotice.objects.shared().get(opportunity_id="1")
    assert gone.withdrawn_at is not None and gone.status(date(2026, 1, 1)) == "archived"
    assert FundingChange.objects.filter(notice=gone, kind=ChangeKind.WITHDRAWN).count() == 1
    back = funding_import(actor=None, source=GOOD, name="day3.xml", full_extract=False)
    assert back.restored == 1
    gone.refresh_from_db()
    assert gone.withdrawn_at is None


def test_partial_file_withdraws_nothing():
    funding_import(actor=None, source=REAL)
    result = funding_import(actor=None, source=GOOD, full_extract=False)
    assert result.archived == 0 and shared_ids() == {"131073", "1"}


@pytest.mark.parametrize(
    "hostile",
    [
        pytest.param(lambda: GOOD[:-20], id="truncated"),
        pytest.param(lambda: xml_entity_bomb(), id="entity-bomb"),
        pytest.param(lambda: _zip_of_zeros(50), id="zip-bomb"),
        pytest.param(lambda: b"", id="empty"),
    ],
)
def test_hostile_file_leaves_the_catalog_unchanged(hostile):
    funding_import(actor=None, source=REAL)
    before = list(FundingNotice.objects.values_list("pk", "opportunity_id", "close_date"))
    with pytest.raises(FundingFileError):
        funding_import(actor=None, source=hostile(), name="hostile.xml")
    assert list(FundingNotice.objects.values_list("pk", "opportunity_id", "close_date")) == before
    assert FundingImport.objects.count() == 1


def test_file_cut_after_many_records_is_rolled_back_whole(tmp_path):
    # More records than one batch are written before the reader meets the cut: the
    # transaction must take them all back.
    path = write_extract(tmp_path / "big.xml", 1200, forecast_share=0)
    cut = path.read_bytes()[:-200]
    seen = []
    funding_import(actor=None, source=path, progress=seen.append)
    assert seen == [500, 1000, 1200]  # after each batch of 500 (services_import.BATCH)
    FundingNotice.objects.all().delete()
    with pytest.raises(FundingFileError):
        funding_import(actor=None, source=cut, name="cut.xml")
    assert FundingNotice.objects.count() == 0 and FundingChange.objects.count() == 0


CSV = (
    "program_id,title,eligible_applicants,award_ceiling,local_match_percent,close_date,status\n"
    'state-cyber,State cybersecurity subgrants,02; 01,"$250,000",30%,2027-01-30,at_risk\n'
    "state-cyber,Twice,02,,,,\n"
    ",No id,02,,,,\n"
    "bad-date,Water loans,02;77,,,2027-13-40,\n"
)


def test_csv_with_problems_imports_nothing_unless_the_valid_records_are_kept():
    org = make_org("maple")
    funding_import(actor=None, source=REAL, organization=org)
    before = list(FundingNotice.objects.for_org(org).values_list("pk", "opportunity_id"))
    with pytest.raises(FundingRecordsRefused) as refused:
        funding_import(actor=None, source=CSV.encode(), name="state.csv", organization=org)
    problems = refused.value.problems
    # The CSV above: row 3 repeats state-cyber, row 4 has no id, row 5's date is 2027-13-40.
    assert len(problems) == 3
    assert any("row 3" in p and "program_id" in p for p in problems)
    assert any("row 4" in p for p in problems)
    assert any("row 5" in p and "2027-13-40" in p for p in problems)
    assert not any("unknown applicant" in p for p in problems)  # a note, never a refusal
    assert refused.value.valid == 2
    assert "3 problems, so nothing was imported" in str(refused.value)
    assert "import the 2 valid records" in str(refused.value)
    assert list(FundingNotice.objects.for_org(org).values_list("pk", "opportunity_id")) == before
    assert FundingImport.objects.filter(organization=org).count() == 1  # the first import only


def test_a_file_with_only_notes_imports_without_being_asked():
    org = make_org("maple")
    rows = "program_id,title,eligible_applicants\nstate-cyber,State cyber subgrants,02; 77\n"
    result = funding_import(actor=None, source=rows.encode(), name="notes.csv", organization=org)
    assert result.imported == 1 and result.blocking == 0
    assert any("unknown applicant type “77” kept" in p for p in result.problems)


def test_csv_keeps_unknown_codes_and_lists_problems():
    org = make_org("maple")
    result = funding_import(
        actor=None, source=CSV.encode(), name="state.csv", organization=org, keep_valid=True
    )
    assert result.imported == 2 and result.skipped == 2 and result.blocking == 3
    assert len(result.problems) >= 3  # the duplicate, the row without id, the bad date
    cyber = FundingNotice.objects.for_org(org).get(opportunity_id="state-cyber")
    assert cyber.award_ceiling == Decimal("250000")
    assert cyber.local_match_share == Decimal("0.3")
    assert cyber.status_override == "at_risk"
    assert cyber.status(date(2026, 12, 2)) == "at_risk"
    water = FundingNotice.objects.for_org(org).get(opportunity_id="bad-date")
    assert water.unknown_applicant_codes == ["77"] and water.close_date is None


def test_org_import_is_the_orgs_alone_and_is_audited():
    maple, oak = make_org("maple"), make_org("oak")
    editor = make_member(maple, Role.EDITOR)
    funding_import(actor=None, source=REAL)  # shared
    funding_import(
        actor=editor, source=CSV.encode(), name="state.csv", organization=maple, keep_valid=True
    )
    funding_import(actor=None, source=REAL, organization=oak)  # same id, other scope
    assert FundingNotice.objects.filter(opportunity_id="131073").count() == 2
    maple_sees = set(
        FundingNotice.objects.visible_to(maple).values_list("opportunity_id", "organization")
    )
    assert maple_sees == {("131073", None), ("state-cyber", maple.pk), ("bad-date", maple.pk)}
    oak_sees = FundingNotice.objects.visible_to(oak)
    assert not oak_sees.filter(organization=maple).exists()
    assert oak_sees.filter(opportunity_id="131073").count() == 2  # shared and its own
    event = AuditEvent.objects.for_org(maple).get(action=Action.IMPORT)
    assert event.actor == editor and event.changes["imported"] == [None, 2]
    assert not AuditEvent.objects.for_org(oak).filter(actor=editor).exists()
    assert FundingChange.objects.filter(organization=maple).count() == 2
    created = FundingChange.objects.filter(organization=maple, kind=ChangeKind.CREATED)
    assert [c.changes for c in created] == [{}, {}] and all(c.created_at for c in created)


def test_starter_catalog_loads_and_reloads_unchanged():
    catalog = load_catalog()
    result = catalog_load()
    assert result.imported == len(catalog.programs) == FundingProgram.objects.shared().count()
    assert not FundingNotice.objects.exists()  # programs, not notices
    for entry in catalog.programs:
        key = entry.aln_numbers[0] if entry.aln_numbers else entry.program.key
        program = FundingProgram.objects.shared().get(key=key)
        assert program.source == "catalog" and program.link == entry.link
        assert program.facts_last_checked == entry.facts_last_checked
        assert program.not_verified == list(entry.not_verified)
        if entry.program.status in {"lapsed", "at_risk"}:
            assert program.status_override == entry.program.status
            assert program.status_note == entry.status_note
        # A pass-through program (SLCGP) keeps "through the state" for matching.
        assert program.via_state == entry.via_state
        assert program.to_engine().via_state == entry.via_state
    assert FundingProgram.objects.shared().get(key="97.137").via_state  # SLCGP
    again = catalog_load()
    assert (again.imported, again.updated, again.unchanged) == (0, 0, len(catalog.programs))


def test_grants_gov_notice_joins_the_catalogs_program_by_its_listing_number():
    """A notice whose first Assistance Listing number is a catalog program's is one of its
    rounds: the program's flag (SLCGP is at risk) and "through the state" reach the notice."""
    catalog_load()
    slcgp = FundingProgram.objects.shared().get(key="97.137")
    rows = (
        "program_id,title,aln_numbers,eligible_applicants,close_date,description\n"
        "slcgp-fy26,SLCGP FY2026,97.137,00,2027-01-30,Cybersecurity plans\n"
        "new-aln,Smart cities pilot,20.938,02,2027-02-01,Traffic signals\n"
    )
    funding_import(actor=None, source=rows.encode(), name="round.csv", full_extract=False)
    notice = FundingNotice.objects.shared().get(opportunity_id="slcgp-fy26")
    assert notice.program == slcgp
    assert notice.flag() == "at_risk" and notice.to_engine().via_state
    assert notice.status(date(2026, 12, 1)) == "at_risk"
    made = FundingNotice.objects.shared().get(opportunity_id="new-aln").program
    assert (made.key, made.source, made.title) == ("20.938", "csv", "Smart cities pilot")
    assert FundingProgram.objects.shared().count() == len(load_catalog().programs) + 1


def run(*args):
    out = io.StringIO()
    try:
        call_command("funding_import", *args, stdout=out)
    except SystemExit as exc:
        return exc.code, out.getvalue()
    return 0, out.getvalue()


def test_command_imports_into_an_org_with_json(tmp_path):
    org = make_org("maple")
    code, out = run(str(REAL), "--org", "maple", "--json")
    assert code == 0 and json.loads(out)["imported"] == 1
    assert FundingNotice.objects.for_org(org).count() == 1
    path = tmp_path / "state.csv"
    path.write_text(CSV, encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        run(str(path), "--org", "maple")
    assert refused.value.returncode == 2
    assert "--keep-valid to import the 2 valid records" in str(refused.value)
    assert FundingNotice.objects.for_org(org).count() == 1
    code, out = run(str(path), "--org", "maple", "--keep-valid")
    assert code == 1 and "2 new" in out


def test_command_refuses_a_bad_file_and_an_unknown_org(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(GOOD[:-20])
    with pytest.raises(CommandError) as caught:
        call_command("funding_import", str(bad))
    assert caught.value.returncode == 2 and "Nothing was imported" in str(caught.value)
    with pytest.raises(CommandError):
        call_command("funding_import", str(REAL), "--org", "nowhere")


def test_cli_runs_the_funding_commands(capsys):
    assert cli_main(["funding", "load-catalog", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["imported"] == len(load_catalog().programs)
    assert cli_main(["funding"]) != 0


def test_upload_job_imports_into_the_org():
    from civicshift.funding import jobs
    from civicshift.jobs.models import JobStatus
    from civicshift.jobs.services import job_start

    org = make_org("maple")
    editor = make_member(org, Role.EDITOR)
    job = job_start(
        actor=editor,
        organization=org,
        kind=jobs.IMPORT,
        inputs={},
        label="Import of state.csv",
        input_content=CSV.encode(),
        input_filename="state.csv",
    )
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED  # three records have problems: nothing imported
    assert "3 problems, so nothing was imported" in job.error and "row 5" in job.error
    assert FundingNotice.objects.for_org(org).count() == 0
    job = job_start(
        actor=editor,
        organization=org,
        kind=jobs.IMPORT,
        inputs={"keep_valid": True},
        label="Import of state.csv",
        input_content=CSV.encode(),
        input_filename="state.csv",
    )
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.result["data"]["imported"] == 2
    assert FundingNotice.objects.for_org(org).count() == 2


def test_upload_job_fails_cleanly_on_a_hostile_file():
    from civicshift.funding import jobs
    from civicshift.jobs.models import JobStatus
    from civicshift.jobs.services import job_start

    org = make_org("maple")
    editor = make_member(org, Role.EDITOR)
    job = job_start(
        actor=editor,
        organization=org,
        kind=jobs.IMPORT,
        inputs={},
        label="Import of bomb.xml",
        input_content=xml_entity_bomb(),
        input_filename="bomb.xml",
    )
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert FundingNotice.objects.count() == 0


def test_viewer_cannot_start_the_upload_job():
    from django.core.exceptions import PermissionDenied

    from civicshift.funding import jobs
    from civicshift.jobs.services import job_start

    org = make_org("maple")
    viewer = make_member(org, Role.VIEWER)
    with pytest.raises(PermissionDenied):
        job_start(
            actor=viewer,
            organization=org,
            kind=jobs.IMPORT,
            inputs={},
            label="x",
            input_content=CSV.encode(),
            input_filename="state.csv",
        )


def test_a_program_flagged_by_hand_warns_everywhere_and_outlives_catalog_loads():
    """Installation staff flag the starter catalog's BEAD (11.035) lapsed: its notices say
    lapsed, and the next catalog load (which lists BEAD without a flag) keeps the flag."""
    catalog_load()
    rows = (
        "program_id,title,aln_numbers,eligible_applicants,close_date,description\n"
        "bead-26,BEAD subgrants,11.035,02,2099-01-30,Broadband deployment\n"
    )
    funding_import(actor=None, source=rows.encode(), name="bead.csv", full_extract=False)
    out = io.StringIO()
    call_command(
        "funding_flag", "11.035", "--status", "lapsed", "--note", "Rescinded", "--json", stdout=out
    )
    assert json.loads(out.getvalue()) == {"key": "11.035", "status": "lapsed", "note": "Rescinded"}
    notice = FundingNotice.objects.get(opportunity_id="bead-26")
    assert notice.flag() == "lapsed" and notice.status(date(2026, 12, 1)) == "lapsed"
    catalog_load()
    assert FundingProgram.objects.shared().get(key="11.035").status_override == "lapsed"
    with pytest.raises(CommandError, match="say why"):
        call_command("funding_flag", "11.035", "--status", "at_risk")
    call_command("funding_flag", "11.035", "--status", "none", stdout=io.StringIO())
    assert FundingNotice.objects.get(opportunity_id="bead-26").flag() == ""
    with pytest.raises(CommandError, match="no program"):
        call_command("funding_flag", "99.999", "--status", "lapsed", "--note", "x")
